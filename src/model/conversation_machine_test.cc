#include "model/conversation_machine.h"

#include <deque>
#include <map>
#include <set>

#include <gtest/gtest.h>

#include "base/time_format.h"
#include "support/table_file.h"

namespace balie::model {
namespace {

using State = ConversationState;

constexpr std::array kStates{State::kBot,      State::kWaiting,  State::kFollowUp,
                             State::kCallback, State::kAssigned, State::kResolved};

std::vector<Step> AllSteps() {
  std::vector<Step> steps;
  steps.reserve(kStepCount);
  for (int i = 0; i < kStepCount; ++i) {
    steps.push_back(static_cast<Step>(i));
  }
  return steps;
}

// The declarative table and the code's table are the same, pair by pair.
TEST(ConversationMachine, TheTransitionTableFileIsTheCodesTable) {
  const auto rows = testing::ReadTableFile("src/model/conversation_transitions.txt");
  ASSERT_TRUE(rows.has_value()) << "cannot read src/model/conversation_transitions.txt";
  std::set<std::pair<State, Step>> seen;
  for (const testing::TableRow& row : *rows) {
    ASSERT_EQ(row.fields.size(), 3u) << "line " << row.line << ": state, step, next";
    const std::string& next_name = row.fields[2];
    const auto state = ParseState(row.fields[0]);
    const auto step = ParseStep(row.fields[1]);
    ASSERT_TRUE(state.has_value()) << "line " << row.line << ": unknown state " << row.fields[0];
    ASSERT_TRUE(step.has_value()) << "line " << row.line << ": unknown step " << row.fields[1];
    ASSERT_TRUE(seen.insert({*state, *step}).second) << "line " << row.line << ": a second time";
    const auto next = Next(*state, *step);
    if (next_name == "-") {
      EXPECT_FALSE(next.has_value()) << "line " << row.line << ": the code allows " << row.text;
    } else {
      ASSERT_TRUE(ParseState(next_name).has_value()) << "line " << row.line;
      EXPECT_EQ(next, ParseState(next_name)) << "line " << row.line << ": " << row.text;
    }
  }
  EXPECT_EQ(seen.size(), kStates.size() * static_cast<size_t>(kStepCount))
      << "every state and step must be in the file once";
}

TEST(ConversationMachine, StepNamesRoundTrip) {
  for (Step step : AllSteps()) {
    EXPECT_EQ(ParseStep(StepName(step)), step);
  }
  EXPECT_FALSE(ParseStep("handoff").has_value());
}

// The states reachable from `from` by the table's steps.
std::set<State> Reachable(State from) {
  std::set<State> seen{from};
  std::deque<State> todo{from};
  while (!todo.empty()) {
    const State state = todo.front();
    todo.pop_front();
    for (Step step : AllSteps()) {
      if (auto next = Next(state, step); next && seen.insert(*next).second) {
        todo.push_back(*next);
      }
    }
  }
  return seen;
}

bool WithPerson(State state) {
  return state == State::kWaiting || state == State::kFollowUp || state == State::kCallback ||
         state == State::kAssigned;
}

// Never a dead end, over the whole table: the customer can always write; what they write gets
// the bot's reply or a person is on it; whoever waits for a person can be taken by one, who can
// answer; every conversation can be closed and reopened; every state is reachable.
TEST(ConversationMachine, NoStateIsADeadEnd) {
  EXPECT_EQ(Reachable(State::kBot).size(), kStates.size());
  for (State state : kStates) {
    SCOPED_TRACE(StateName(state));
    const auto after_message = Next(state, Step::kCustomerMessage);
    ASSERT_TRUE(after_message.has_value()) << "the customer cannot write";
    EXPECT_TRUE(Next(*after_message, Step::kBotReply).has_value() || WithPerson(*after_message))
        << "a customer message gets neither the bot nor a person";
    if (WithPerson(state)) {
      const auto taken = Next(state, Step::kAssigned);
      ASSERT_EQ(taken, State::kAssigned) << "no person can take it";
      EXPECT_TRUE(Next(*taken, Step::kAgentMessage).has_value());
    }
    EXPECT_TRUE(Reachable(state).count(State::kResolved)) << "it can never be closed";
    EXPECT_TRUE(Reachable(state).count(State::kBot)) << "it can never reach the bot again";
    EXPECT_TRUE(Next(state, Step::kNote).has_value()) << "staff cannot note in it";
  }
}

class ApplyTest : public ::testing::Test {
 protected:
  Event Make(EventData data) {
    Event event;
    event.seq = conversation_.last_seq + 1;
    event.at = now_;
    event.data = std::move(data);
    return event;
  }
  base::Status Do(EventData data) { return Apply(conversation_, Make(std::move(data))); }
  static HandoffEvent Queue(bool open) {
    HandoffEvent handoff;
    handoff.queue = {"hypotheken", "Hypotheken"};
    handoff.open = open;
    return handoff;
  }
  static ChoiceEvent Choose(ChoiceOption option) {
    ChoiceEvent choice;
    choice.option = option;
    return choice;
  }
  static AssignedEvent To(std::string agent) { return {{std::move(agent), ""}, false, ""}; }
  static CallbackBooking Slot(std::string_view start, std::string_view end, std::string phone) {
    return {*base::ParseTime(start), *base::ParseTime(end), std::move(phone), ""};
  }

  Conversation conversation_;
  base::TimePoint now_ = *base::ParseTime("2026-12-04T10:00:00Z");
};

TEST_F(ApplyTest, AHandOffToAnOpenQueueWaitsFromNow) {
  ASSERT_TRUE(Do(StartedEvent{}).ok());
  ASSERT_TRUE(Do(CustomerMessageEvent{}).ok());
  EXPECT_TRUE(conversation_.awaiting_reply);
  ASSERT_TRUE(Do(BotReplyEvent{}).ok());
  EXPECT_FALSE(conversation_.awaiting_reply);
  ASSERT_TRUE(Do(Queue(true)).ok());
  EXPECT_EQ(conversation_.state, State::kWaiting);
  EXPECT_EQ(conversation_.queue, "hypotheken");
  EXPECT_EQ(conversation_.queued_at, now_);
  EXPECT_EQ(conversation_.last_seq, 4);
}

TEST_F(ApplyTest, AHandOffToAClosedQueueKeepsTheQuestion) {
  ASSERT_TRUE(Do(StartedEvent{}).ok());
  HandoffEvent handoff = Queue(false);
  handoff.agent = AgentRef{"s-anna", "Anna"};
  ASSERT_TRUE(Do(handoff).ok());
  EXPECT_EQ(conversation_.state, State::kFollowUp);
  EXPECT_EQ(conversation_.requested_agent, "s-anna");
}

TEST_F(ApplyTest, AHandOffWithNobodyOnDutyKeepsTheQuestion) {
  ASSERT_TRUE(Do(StartedEvent{}).ok());
  HandoffEvent handoff = Queue(true);
  handoff.staffed = false;
  ASSERT_TRUE(Do(handoff).ok());
  EXPECT_EQ(conversation_.state, State::kFollowUp);
}

TEST_F(ApplyTest, AssignmentThenCallbackRetryThenNotReached) {
  ASSERT_TRUE(Do(StartedEvent{}).ok());
  ASSERT_TRUE(Do(Queue(true)).ok());
  ChoiceEvent callback = Choose(ChoiceOption::kCallback);
  callback.callback = Slot("2026-12-04T13:00:00Z", "2026-12-04T13:15:00Z", "0612345678");
  callback.callback->name = "Jan";
  ASSERT_TRUE(Do(callback).ok());
  EXPECT_EQ(conversation_.state, State::kCallback);
  ASSERT_TRUE(conversation_.callback.has_value());
  EXPECT_EQ(conversation_.callback->phone, "0612345678");
  EXPECT_EQ(conversation_.callback->name, "Jan");
  ASSERT_TRUE(Do(To("s-bob")).ok());
  EXPECT_EQ(conversation_.agent, "s-bob");
  EXPECT_EQ(conversation_.assigned_at, now_);
  ASSERT_TRUE(conversation_.callback.has_value()) << "the call to make stays with the agent";
  EXPECT_EQ(conversation_.callback->phone, "0612345678");
  CallbackOutcomeEvent retry;
  retry.outcome = CallbackResult::kNoAnswer;
  retry.retry = Slot("2026-12-04T14:00:00Z", "2026-12-04T14:15:00Z", "0612345678");
  ASSERT_TRUE(Do(retry).ok());
  EXPECT_EQ(conversation_.state, State::kCallback);
  EXPECT_TRUE(conversation_.agent.empty());
  ASSERT_TRUE(conversation_.callback.has_value());
  EXPECT_EQ(conversation_.callback->phone, "0612345678");
  ASSERT_TRUE(Do(To("s-bob")).ok());
  CallbackOutcomeEvent wrong_number;
  wrong_number.outcome = CallbackResult::kWrongNumber;
  ASSERT_TRUE(Do(wrong_number).ok());
  EXPECT_EQ(conversation_.state, State::kFollowUp);
  EXPECT_FALSE(conversation_.callback.has_value());
}

TEST_F(ApplyTest, ARefusedStepChangesNothing) {
  ASSERT_TRUE(Do(StartedEvent{}).ok());
  const Conversation before = conversation_;
  const base::Status status = Do(To("s-bob"));
  EXPECT_EQ(status.code(), base::StatusCode::kFailedPrecondition);
  EXPECT_NE(status.message().find("state bot cannot take assigned"), std::string::npos)
      << status.message();
  EXPECT_EQ(conversation_.state, before.state);
  EXPECT_EQ(conversation_.last_seq, before.last_seq);
  EXPECT_TRUE(conversation_.agent.empty());
}

TEST_F(ApplyTest, EventsOutOfOrderOrWithoutTheirFieldsAreRefused) {
  Event late = Make(StartedEvent{});
  late.seq = 2;
  EXPECT_EQ(Apply(conversation_, late).code(), base::StatusCode::kInvalidArgument);
  ASSERT_TRUE(Do(StartedEvent{}).ok());
  EXPECT_EQ(Do(HandoffEvent{}).code(), base::StatusCode::kInvalidArgument);  // no queue
  ASSERT_TRUE(Do(Queue(true)).ok());
  EXPECT_EQ(Do(Choose(ChoiceOption::kOtherQueue)).code(), base::StatusCode::kInvalidArgument);
  EXPECT_EQ(Do(Choose(ChoiceOption::kCallback)).code(), base::StatusCode::kInvalidArgument);
  EXPECT_EQ(Do(AssignedEvent{}).code(), base::StatusCode::kInvalidArgument);
  EXPECT_EQ(conversation_.state, State::kWaiting);
}

TEST_F(ApplyTest, ANewQuestionReopensAResolvedConversationForTheBot) {
  ASSERT_TRUE(Do(StartedEvent{}).ok());
  ASSERT_TRUE(Do(Queue(true)).ok());
  ASSERT_TRUE(Do(To("s-bob")).ok());
  ASSERT_TRUE(Do(ResolvedEvent{}).ok());
  EXPECT_EQ(conversation_.agent, "s-bob");  // who closed it stays on record
  ASSERT_TRUE(Do(CustomerMessageEvent{}).ok());
  EXPECT_EQ(conversation_.state, State::kBot);
  EXPECT_TRUE(conversation_.agent.empty());
  EXPECT_TRUE(conversation_.awaiting_reply);
}

TEST_F(ApplyTest, AWaitingCustomerWhoChoosesToWaitKeepsTheirPlace) {
  ASSERT_TRUE(Do(StartedEvent{}).ok());
  ASSERT_TRUE(Do(Queue(true)).ok());
  const base::TimePoint joined = conversation_.queued_at;
  now_ += std::chrono::minutes(5);
  ASSERT_TRUE(Do(Choose(ChoiceOption::kWait)).ok());
  EXPECT_EQ(conversation_.queued_at, joined);
  ASSERT_TRUE(Do(Choose(ChoiceOption::kLeaveMessage)).ok());
  EXPECT_EQ(conversation_.state, State::kFollowUp);
  ASSERT_TRUE(Do(Choose(ChoiceOption::kWait)).ok());
  EXPECT_EQ(conversation_.queued_at, now_);
}

TEST_F(ApplyTest, ATransferMovesToTheFrontOfTheNewLine) {
  ASSERT_TRUE(Do(StartedEvent{}).ok());
  ASSERT_TRUE(Do(Queue(true)).ok());
  ASSERT_TRUE(Do(To("s-bob")).ok());
  TransferredEvent transfer;
  transfer.queue.id = "sparen";
  transfer.agent = AgentRef{"s-anna", ""};
  ASSERT_TRUE(Do(transfer).ok());
  EXPECT_EQ(conversation_.state, State::kWaiting);
  EXPECT_EQ(conversation_.queue, "sparen");
  EXPECT_EQ(conversation_.requested_agent, "s-anna");
  EXPECT_TRUE(conversation_.agent.empty());
  EXPECT_EQ(conversation_.priority, 1);
}

}  // namespace
}  // namespace balie::model
