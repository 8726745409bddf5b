#include "model/conversation_commands.h"

#include <map>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "base/time_format.h"
#include "model/conversation_machine.h"
#include "support/table_file.h"

namespace balie::model {
namespace {

using State = ConversationState;

constexpr std::array kStates{State::kBot,      State::kWaiting,  State::kFollowUp,
                             State::kCallback, State::kAssigned, State::kResolved};

const base::TimePoint kNow = *base::ParseTime("2026-12-08T10:00:00Z");
const AgentRef kAnna{"s-anna", "Anna"};
const AgentRef kBob{"s-bob", "Bob"};

CallbackBooking Slot(int hour) {
  return {kNow + std::chrono::hours(hour),
          kNow + std::chrono::hours(hour) + std::chrono::minutes(15), "0612345678", ""};
}

Destination To(bool open, bool staffed) {
  return {{"algemeen", "Klantenservice"}, open, staffed, std::nullopt};
}

AskForPerson Ask(Destination to) {
  return {"c-1", Author::kCustomer, false, std::move(to), "customer_request", {"asked"}};
}

Choose Choice(ChoiceOption option, bool open = true, bool staffed = true) {
  Choose choose{"c-1",   option,       false,        "algemeen",  open,
                staffed, std::nullopt, std::nullopt, std::nullopt};
  if (option == ChoiceOption::kCallback) {
    choose.booked = Slot(2);
  }
  if (option == ChoiceOption::kOtherQueue) {
    choose.alternative = Destination{{"sparen", "Sparen"}, true, true, std::nullopt};
  }
  return choose;
}

BotAnswer Bot(ReplyDecision decision) {
  BotAnswer answer{BotReplyEvent{}, "Zo blokkeert u uw pas.", std::nullopt,
                   "Uw vraag ligt al klaar."};
  answer.reply.decision = decision;
  if (decision == ReplyDecision::kHandoff) {
    answer.handoff = Ask(To(true, true));
    answer.handoff->by = Author::kBot;
  }
  return answer;
}

RecordCallback Called(CallbackResult result, bool retry) {
  return {"o-1", kAnna, result, 1, retry ? std::optional(Slot(3)) : std::nullopt, "", ""};
}

// Every command the table names, with the facts it is decided on.
const std::map<std::string, Command>& Catalogue() {
  static const std::map<std::string, Command> commands = {
      {"message", SendMessage{"m-1", "Ik ben mijn pas kwijt", ""}},
      {"ask_person/open", Ask(To(true, true))},
      {"ask_person/nobody_on_duty", Ask(To(true, false))},
      {"ask_person/closed", Ask(To(false, false))},
      {"ask_advisor",
       AskForPerson{
           "c-1",
           Author::kCustomer,
           true,
           Destination{{"algemeen", "Klantenservice"}, true, true, AgentRef{"s-advisor", "Ada"}},
           "advisor_request",
           {"asked for the advisor"}}},
      {"bot/answer", Bot(ReplyDecision::kAnswer)},
      {"bot/handoff", Bot(ReplyDecision::kHandoff)},
      {"bot/decline", Bot(ReplyDecision::kDecline)},
      {"choose/wait", Choice(ChoiceOption::kWait)},
      {"choose/wait_closed", Choice(ChoiceOption::kWait, false, false)},
      {"choose/wait_nobody_on_duty", Choice(ChoiceOption::kWait, true, false)},
      {"choose/leave_message", Choice(ChoiceOption::kLeaveMessage)},
      {"choose/advisor_message", Choice(ChoiceOption::kAdvisorMessage)},
      {"choose/callback", Choice(ChoiceOption::kCallback)},
      {"choose/other_queue", Choice(ChoiceOption::kOtherQueue, true, false)},
      {"late_callback", LateCallback{"late:1", "Het is later geworden."}},
      {"notice/long_wait",
       Notify{"offer:1", false, NoticeEvent{"long_wait", {}, std::nullopt}, "U wacht lang."}},
      {"notice/nobody_on_duty",
       Notify{"", true, NoticeEvent{"nobody_on_duty", {}, std::nullopt}, "Er is niemand."}},
      {"assign", Assign{"", Author::kSystem, kBob}},
      {"join", Join{kAnna, false, "Anna helpt u nu verder."}},
      {"reply", AgentReply{"a-1", "Goedemorgen", Join{kAnna, false, "Anna helpt u nu verder."}}},
      {"note", AddNote{"n-1", kAnna, "intern"}},
      {"transfer/open", Transfer{"t-1", kAnna, To(true, true), "U wordt doorverbonden.", ""}},
      {"transfer/closed",
       Transfer{"t-1", kAnna, To(false, false), "U wordt doorverbonden.", "zie notitie"}},
      {"resolve", Resolve{"r-1", kAnna}},
      {"book_callback", BookCallback{"b-1", kAnna, "algemeen", Slot(2)}},
      {"callback/reached", Called(CallbackResult::kReached, false)},
      {"callback/retry", Called(CallbackResult::kNoAnswer, true)},
      {"callback/not_reached", Called(CallbackResult::kWrongNumber, false)},
      {"decide/taken", RecordDecision{"d-1",
                                      DecisionEvent{"waive_fee", "euro", 2500, "klant sinds 1990",
                                                    "", kAnna, false, std::nullopt},
                                      "Besloten: kosten kwijtgescholden, € 25,00."}},
      {"decide/needs_approval",
       RecordDecision{
           "d-1",
           DecisionEvent{"waive_fee", "euro", 9000, "klant sinds 1990", "", kAnna, true, kNow},
           "Ik heb een collega gevraagd dit goed te keuren."}},
      {"approval/approved",
       AnswerApproval{"p-1", ApprovalEvent{3, ApprovalVerdict::kApproved, "akkoord", kBob}, true,
                      "Goedgekeurd."}},
      {"approval/expired", AnswerApproval{"", ApprovalEvent{3, ApprovalVerdict::kExpired, "", {}},
                                          true, "Er is niet op tijd besloten."}},
      {"approval/no_longer_waiting",
       AnswerApproval{"p-1", ApprovalEvent{3, ApprovalVerdict::kRefused, "nee", kBob}, false,
                      "Niet goedgekeurd."}},
      {"contest", RecordContest{"x-1", ContestEvent{4, ContestStage::kUpheld, "geen feiten", kBob},
                                "Uw bezwaar is gegrond."}},
  };
  return commands;
}

// A conversation in `state`, as it stands there: the customer has a personal advisor; a callback
// is booked in state callback; Anna has it in state assigned (a callback's call to make).
Conversation In(State state) {
  Conversation conversation;
  conversation.id = "c_table";
  conversation.advisor = "s-advisor";
  conversation.state = state;
  conversation.last_seq = 5;
  if (state != State::kBot) {
    conversation.queue = "algemeen";
  }
  if (state == State::kCallback) {
    conversation.callback = Slot(1);
  }
  if (state == State::kAssigned || state == State::kResolved) {
    conversation.agent = kAnna.id;
  }
  return conversation;
}

// What `command` makes in `state`: its events' steps, or "refused".
std::string Outcome(State state, const Command& command) {
  auto events = Decide(In(state), command, {kNow, 10000});
  if (!events.ok()) {
    return "refused";
  }
  if (events->empty()) {
    return "nothing";
  }
  std::string steps;
  for (const Event& event : *events) {
    steps += (steps.empty() ? "" : " ") + std::string(StepName(StepOf(event).value()));
  }
  return steps;
}

// The declarative table and Decide agree, row by row, and every state × command is in it.
TEST(ConversationCommands, TheTableFileIsWhatDecideDoes) {
  const auto rows = testing::ReadTableFile("src/model/conversation_commands.txt");
  ASSERT_TRUE(rows.has_value()) << "cannot read src/model/conversation_commands.txt";
  std::set<std::pair<State, std::string>> seen;
  for (const testing::TableRow& row : *rows) {
    ASSERT_GE(row.fields.size(), 4u) << "line " << row.line << ": state command -> outcome";
    ASSERT_EQ(row.fields[2], "->") << "line " << row.line << ": state command -> outcome";
    const std::string& command_name = row.fields[1];
    std::string expected;
    for (size_t i = 3; i < row.fields.size(); ++i) {
      expected += (expected.empty() ? "" : " ") + row.fields[i];
    }
    const auto state = ParseState(row.fields[0]);
    ASSERT_TRUE(state.has_value()) << "line " << row.line << ": unknown state " << row.fields[0];
    const auto command = Catalogue().find(command_name);
    ASSERT_NE(command, Catalogue().end()) << "line " << row.line << ": unknown command";
    ASSERT_TRUE(seen.insert({*state, command_name}).second) << "line " << row.line << ": twice";
    EXPECT_EQ(Outcome(*state, command->second), expected)
        << "line " << row.line << ": " << row.text;
  }
  EXPECT_EQ(seen.size(), kStates.size() * Catalogue().size())
      << "every state and command must be in the file once";
  if (HasFailure()) {
    // The table as Decide makes it: read every row that differs before taking it.
    std::ostringstream table;
    for (State state : kStates) {
      for (const auto& [name, command] : Catalogue()) {
        table << StateName(state) << " " << name << " -> " << Outcome(state, command) << "\n";
      }
    }
    ADD_FAILURE() << "Decide makes this table:\n" << table.str();
  }
}

// Every command is decided into events the state machine takes, or refused: never an event list
// Commit would refuse; a refusal says why.
TEST(ConversationCommands, DecideNeverMakesWhatApplyRefuses) {
  for (State state : kStates) {
    for (const auto& [name, command] : Catalogue()) {
      SCOPED_TRACE(std::string(StateName(state)) + " " + name);
      Conversation conversation = In(state);
      auto events = Decide(conversation, command, {kNow, 10000});
      if (!events.ok()) {
        EXPECT_EQ(events.status().code(), base::StatusCode::kFailedPrecondition);
        EXPECT_FALSE(events.status().message().empty());
        continue;
      }
      std::int64_t seq = conversation.last_seq;
      for (const Event& event : *events) {
        EXPECT_EQ(event.seq, ++seq);
        EXPECT_EQ(event.at, kNow);
        ASSERT_TRUE(Apply(conversation, event).ok());
      }
    }
  }
}

// No dead end, over the commands: the customer can always write, and is answered by the bot or
// has a person coming; whoever waits for a person can be assigned one, who can reply; every
// conversation can be resolved, and a resolved one reopens with a new question.
TEST(ConversationCommands, NoStateIsADeadEnd) {
  const auto& commands = Catalogue();
  auto after = [&](Conversation conversation,
                   const std::string& name) -> std::optional<Conversation> {
    auto events = Decide(conversation, commands.at(name), {kNow, 10000});
    if (!events.ok()) {
      return std::nullopt;
    }
    for (const Event& event : *events) {
      if (!Apply(conversation, event).ok()) {
        return std::nullopt;
      }
    }
    return conversation;
  };
  for (State state : kStates) {
    SCOPED_TRACE(StateName(state));
    const auto written = after(In(state), "message");
    ASSERT_TRUE(written.has_value()) << "the customer cannot write";
    EXPECT_TRUE(after(*written, "bot/answer").has_value() || WithPerson(written->state))
        << "a customer message gets neither the bot nor a person";
    if (WithPerson(state) && state != State::kAssigned) {
      auto assigned = after(In(state), "assign");
      ASSERT_TRUE(assigned.has_value()) << "no person can take it";
      assigned->agent = kAnna.id;
      EXPECT_TRUE(after(*assigned, "reply").has_value()) << "the person cannot reply";
    }
    if (state != State::kResolved) {
      EXPECT_TRUE(after(In(state), "resolve").has_value()) << "it can never be closed";
    }
    EXPECT_TRUE(after(In(state), "note").has_value()) << "staff cannot note in it";
  }
}

TEST(ConversationCommands, AFullConversationTakesNoMoreFromTheCustomer) {
  Conversation full = In(State::kBot);
  full.last_seq = 10;
  const auto refused = Decide(full, Catalogue().at("message"), {kNow, 10});
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("this conversation is full"), std::string::npos);
  // What answers a customer still fits: the bot's reply, staff's actions.
  EXPECT_TRUE(Decide(full, Catalogue().at("bot/answer"), {kNow, 10}).ok());
  EXPECT_TRUE(Decide(full, Catalogue().at("note"), {kNow, 10}).ok());
}

}  // namespace
}  // namespace balie::model
