#include "service/agent_desk.h"

#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <random>
#include <thread>

#include "auth/customer_reference.h"
#include "base/temp_dir.h"
#include "service/audit_trail.h"
#include "service/conversation_service.h"
#include "service/staff_accounts.h"
#include "service/texts.h"
#include "storage/sqlite_store.h"
#include "support/service_testing.h"

namespace balie::service {
namespace {

using model::ConversationState;
using model::EventKind;
using namespace std::chrono_literals;

class AgentDeskTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = storage::SqliteStore::Open(dir_.path() / "balie.db").value();
    std::vector<QueueConfig> queues;
    queues.push_back(testing::Queue("algemeen", {"algemeen"}, 1));
    queues.push_back(testing::Queue("hypotheken", {"hypotheek"}, 1));
    // Callbacks fit where someone is scheduled, as `balie serve` counts them.
    board_ = std::make_unique<QueueBoard>(
        std::move(queues), "algemeen",
        [this](const QueueConfig& queue, const routing::Interval& slot) {
          return roster_.ScheduledFor(queue.id, slot) * queue.callbacks_per_agent;
        });
    core_ = std::make_unique<ConversationCore>(*store_, testing::DemoEngine(), clock_, *board_,
                                               roster_, hub_, staff_hub_);
    service_ = std::make_unique<ConversationService>(
        *core_, ServiceOptions{.customer_reference_secret = "geheim"});
    desk_ = std::make_unique<AgentDesk>(*core_, *store_);
    accounts_ = std::make_unique<StaffAccounts>(*store_, clock_, &roster_, board_.get());
  }

  model::StaffMember Agent(const std::string& name, std::vector<std::string> queues,
                           int capacity = 3, bool connected = true,
                           model::Role role = model::Role::kAgent) {
    StaffChange change;
    change.name = name;
    change.display_name = "Medewerker " + name;
    change.password = "paarse olifanten dansen traag";
    change.queues = std::move(queues);
    change.capacity = capacity;
    change.role = role;
    auto member = accounts_->Add(change);
    EXPECT_TRUE(member.ok()) << member.status().ToString();
    if (connected) {
      roster_.ConsoleConnected(member->id);
    }
    return *member;
  }

  // A conversation handed over to the general queue.
  std::string Waiting(const std::string& text = "Ik wil een medewerker spreken") {
    auto started = service_->Start(model::Language::kDutch);
    const std::string id = started->conversation.id;
    auto outcome = service_->PostMessage(id, {"m" + std::to_string(++counter_), text, ""});
    EXPECT_TRUE(outcome.ok()) << outcome.status().ToString();
    return id;
  }

  model::Conversation Get(const std::string& id) { return store_->Get(id).value(); }

  // The customer books a callback in the first slot offered.
  routing::Interval BookFirstSlot(const std::string& id) {
    auto slots = service_->CallbackSlots(id).value();
    EXPECT_FALSE(slots.empty());
    if (slots.empty()) return {};
    EXPECT_TRUE(
        service_
            ->Choose(id, {"c1", ChoiceOption::kCallback, slots[0].start, "0612345678", "", false})
            .ok());
    return slots[0];
  }

  std::vector<model::Event> CustomerSees(const std::string& id) {
    return service_->History(id, 0, 500).value();
  }

  base::TempDir dir_ = std::move(base::TempDir::Create("balie-desk-test-").value());
  base::ManualClock clock_{testing::kTuesdayMorning};
  std::unique_ptr<storage::SqliteStore> store_;
  std::unique_ptr<QueueBoard> board_;
  AgentRoster roster_{clock_};
  ConversationHub hub_;
  StaffHub staff_hub_;
  std::unique_ptr<ConversationCore> core_;
  std::unique_ptr<ConversationService> service_;
  std::unique_ptr<AgentDesk> desk_;
  std::unique_ptr<StaffAccounts> accounts_;
  int counter_ = 0;
};

TEST_F(AgentDeskTest, AssignsToTheLongestIdleAvailableAgentWithTheSkill) {
  const auto offline = Agent("offline", {"algemeen"}, 3, /*connected=*/false);
  const auto mortgages = Agent("hypo", {"hypotheken"});
  clock_.Advance(1min);
  const auto first = Agent("eerste", {"algemeen"});
  clock_.Advance(1min);
  const auto second = Agent("tweede", {"algemeen"});
  const std::string id = Waiting();
  const auto made = desk_->dispatcher().Dispatch();
  ASSERT_EQ(made.size(), 1u);
  EXPECT_EQ(made[0].second, first.id);  // idle the longest of those who can
  const model::Conversation conversation = Get(id);
  EXPECT_EQ(conversation.state, ConversationState::kAssigned);
  EXPECT_EQ(conversation.agent, first.id);
  // The customer is told where the conversation is, not yet that someone helps: that comes
  // when the agent opens it or writes, once (issue 10, item 5).
  const auto events = CustomerSees(id);
  EXPECT_EQ(events.back().kind(), EventKind::kAssigned);
  EXPECT_EQ(events.back().text, "");
  EXPECT_EQ(service_->Status(id)->state, ConversationState::kAssigned);
  EXPECT_EQ(service_->Status(id)->agent_name, "Medewerker eerste");
  EXPECT_EQ(service_->Status(id)->message.find("helpt u"), std::string::npos);
  // The customer writes meanwhile (events without an agent after the assignment).
  ASSERT_TRUE(service_->PostMessage(id, {"m-wait", "Hallo?", ""}).ok());
  ASSERT_TRUE(desk_->Opened(first, id).ok());
  ASSERT_TRUE(service_->PostMessage(id, {"m-open", "Fijn!", ""}).ok());
  ASSERT_TRUE(desk_->Opened(first, id).ok());
  ASSERT_TRUE(desk_->Reply(first, id, "a1", "Goedemorgen").ok());
  int joined = 0;
  for (const model::Event& event : CustomerSees(id)) {
    if (event.kind() == EventKind::kAgentJoined) {
      ++joined;
      EXPECT_EQ(event.text, "Medewerker eerste helpt u nu verder.");
    }
  }
  EXPECT_EQ(joined, 1);
  EXPECT_EQ(roster_.Agent(first.id)->chats, 1);
  (void)offline;
  (void)mortgages;
  (void)second;
}

TEST_F(AgentDeskTest, NobodyIsGivenMoreThanTheirCapacity) {
  const auto agent = Agent("jan", {"algemeen"}, /*capacity=*/2);
  std::vector<std::string> ids;
  for (int i = 0; i < 4; ++i) ids.push_back(Waiting());
  EXPECT_EQ(desk_->dispatcher().Dispatch().size(), 2u);
  EXPECT_EQ(roster_.Agent(agent.id)->chats, 2);
  EXPECT_EQ(roster_.Agent(agent.id)->presence.state, routing::PresenceState::kBusy);
  EXPECT_TRUE(desk_->dispatcher().Dispatch().empty());
  // The two left wait, in order.
  EXPECT_EQ(service_->Status(ids[2])->position, 1);
  EXPECT_EQ(service_->Status(ids[3])->position, 2);
  // Resolving one lets the next in.
  ASSERT_TRUE(desk_->Resolve(agent, ids[0], "r1").ok());
  EXPECT_EQ(desk_->dispatcher().Dispatch().size(), 1u);
  EXPECT_EQ(Get(ids[2]).agent, agent.id);
}

TEST_F(AgentDeskTest, AwayAndDisconnectedAgentsGetNothing) {
  const auto agent = Agent("jan", {"algemeen"});
  Agent("piet", {"algemeen"}, /*capacity=*/0);  // on duty, so the customer waits; takes nothing
  roster_.Choose(agent.id, routing::ChosenState::kAway);
  const std::string id = Waiting();
  EXPECT_EQ(Get(id).state, ConversationState::kWaiting);
  EXPECT_TRUE(desk_->dispatcher().Dispatch().empty());
  roster_.Choose(agent.id, routing::ChosenState::kAvailable);
  roster_.ConsoleDisconnected(agent.id);
  clock_.Advance(2min);  // past the grace time for a reload
  EXPECT_TRUE(desk_->dispatcher().Dispatch().empty());
  roster_.ConsoleConnected(agent.id);
  EXPECT_EQ(desk_->dispatcher().Dispatch().size(), 1u);
}

TEST_F(AgentDeskTest, RepliesNotesTransfersAndResolves) {
  const auto jan = Agent("jan", {"algemeen"});
  const auto anna = Agent("anna", {"hypotheken"}, 3, false);
  const std::string id = Waiting();
  desk_->dispatcher().Dispatch();

  auto reply = desk_->Reply(jan, id, "a1", "Goedemorgen, ik help u graag.");
  ASSERT_TRUE(reply.ok()) << reply.status().ToString();
  EXPECT_EQ(reply->kind(), EventKind::kAgentMessage);
  ASSERT_TRUE(desk_->Note(jan, id, "n1", "Klant lijkt gehaast").ok());
  // The customer sees the reply, not the note.
  const auto seen = CustomerSees(id);
  EXPECT_EQ(seen.back().kind(), EventKind::kAgentMessage);
  EXPECT_EQ(std::get<model::AgentMessageEvent>(seen.back().data).agent.name, "Medewerker jan");
  for (const auto& event : seen) EXPECT_NE(event.kind(), EventKind::kNote);
  // An agent of another queue may not reply to it (nor see it).
  EXPECT_EQ(desk_->Reply(anna, id, "x", "hallo").status().code(),
            base::StatusCode::kPermissionDenied);

  auto transferred = desk_->Transfer(jan, id, "t1", "hypotheken", "", "vraag over aflossen");
  ASSERT_TRUE(transferred.ok()) << transferred.status().ToString();
  EXPECT_EQ(transferred->conversation.state, ConversationState::kWaiting);
  EXPECT_EQ(transferred->conversation.queue, "hypotheken");
  EXPECT_EQ(roster_.Agent(jan.id)->chats, 0);
  EXPECT_NE(CustomerSees(id).back().text.find("doorverbonden"), std::string::npos);
  roster_.ConsoleConnected(anna.id);
  ASSERT_EQ(desk_->dispatcher().Dispatch().size(), 1u);
  EXPECT_EQ(Get(id).agent, anna.id);
  auto resolved = desk_->Resolve(anna, id, "r1");
  ASSERT_TRUE(resolved.ok());
  EXPECT_EQ(resolved->conversation.state, ConversationState::kResolved);
  EXPECT_EQ(roster_.Agent(anna.id)->chats, 0);
  // Resending an action is harmless.
  EXPECT_TRUE(desk_->Resolve(anna, id, "r1").ok());
}

TEST_F(AgentDeskTest, AnAgentTakesALeftQuestionByReplying) {
  const auto jan = Agent("jan", {"algemeen"});
  clock_.Set(testing::kSundayNight);
  const std::string id = Waiting();
  EXPECT_EQ(Get(id).state, ConversationState::kFollowUp);
  clock_.Set(testing::kTuesdayMorning);
  auto inbox = desk_->InboxOf(jan);
  ASSERT_TRUE(inbox.ok());
  ASSERT_EQ(inbox->waiting.size(), 1u);
  EXPECT_FALSE(inbox->waiting[0].reason.empty());
  EXPECT_EQ(inbox->waiting[0].last_message, "Ik wil een medewerker spreken");
  ASSERT_TRUE(desk_->Reply(jan, id, "a1", "U vroeg naar een medewerker: hier ben ik.").ok());
  EXPECT_EQ(Get(id).agent, jan.id);
  EXPECT_EQ(desk_->InboxOf(jan)->mine.size(), 1u);
}

TEST_F(AgentDeskTest, OpeningShowsContextAndKnowledgeSuggestions) {
  const auto jan = Agent("jan", {"algemeen"});
  auto started =
      service_->Start(model::Language::kDutch,
                      auth::SignCustomerReference({"K-1", ""}, clock_.Now() + 1h, "geheim"));
  ASSERT_TRUE(started.ok()) << started.status().ToString();
  const std::string earlier = started->conversation.id;
  auto second =
      service_->Start(model::Language::kDutch,
                      auth::SignCustomerReference({"K-1", ""}, clock_.Now() + 1h, "geheim"));
  const std::string id = second->conversation.id;
  ASSERT_TRUE(service_->PostMessage(id, {"m1", "Ik ben mijn pinpas kwijt", ""}).ok());
  ASSERT_TRUE(service_->RequestPerson(id, "p1", false).ok());
  desk_->dispatcher().Dispatch();
  auto view = desk_->Open(jan, id);
  ASSERT_TRUE(view.ok()) << view.status().ToString();
  EXPECT_EQ(view->item.reason, "the customer asked for a person");
  EXPECT_EQ(view->item.reason_code, "customer_request");
  ASSERT_EQ(view->earlier.size(), 1u);
  EXPECT_EQ(view->earlier[0].conversation.id, earlier);
  ASSERT_FALSE(view->suggestions.empty());
  EXPECT_EQ(view->suggestions[0].id, "pas-blokkeren");
  // The customer's thanks after the agent's help is no new question: the suggestions stay with
  // the question (issue 10, item 8: they followed the last message).
  ASSERT_TRUE(desk_->Reply(jan, id, "a1", "Ik heb uw pas geblokkeerd.").ok());
  ASSERT_TRUE(service_->PostMessage(id, {"m2", "Dank u, het is gelukt!", ""}).ok());
  view = desk_->Open(jan, id);
  ASSERT_TRUE(view.ok()) << view.status().ToString();
  ASSERT_FALSE(view->suggestions.empty());
  EXPECT_EQ(view->suggestions[0].id, "pas-blokkeren");
  EXPECT_FALSE(view->suggestions[0].passage.empty());
  EXPECT_NE(view->suggestions[0].url.find("https://"), std::string::npos);
  // The bot's answer is in the transcript, with its link.
  bool bot_answer = false;
  for (const auto& event : view->events) {
    const auto* reply = event.As<model::BotReplyEvent>();
    bot_answer |= reply != nullptr && reply->decision == model::ReplyDecision::kAnswer;
  }
  EXPECT_TRUE(bot_answer);
}

TEST_F(AgentDeskTest, ADueCallbackGoesFirstAndANoAnswerIsRetried) {
  const auto jan = Agent("jan", {"algemeen"}, /*capacity=*/1);
  const std::string waiting = Waiting();  // arrives first, but the callback goes first
  const std::string id = Waiting();
  const routing::Interval slot = BookFirstSlot(id);
  roster_.Choose(jan.id, routing::ChosenState::kAway);
  clock_.Set(slot.start + 1min);
  roster_.Choose(jan.id, routing::ChosenState::kAvailable);
  auto made = desk_->dispatcher().Dispatch();
  ASSERT_EQ(made.size(), 1u);
  EXPECT_EQ(made[0].first, id);
  ASSERT_EQ(desk_->InboxOf(jan)->mine.size(), 1u);
  // The agent is given the call to make: the slot and the number.
  const model::Conversation call = desk_->InboxOf(jan)->mine[0].conversation;
  ASSERT_TRUE(call.callback.has_value());
  EXPECT_EQ(call.callback->start, slot.start);
  EXPECT_FALSE(call.callback->phone.empty());

  auto outcome = desk_->CallbackOutcome(jan, id, "o1", "no_answer", "");
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  EXPECT_EQ(outcome->conversation.state, ConversationState::kCallback);
  ASSERT_TRUE(outcome->conversation.callback.has_value());
  EXPECT_GT(outcome->conversation.callback->start, slot.start);
  const auto told = CustomerSees(id).back();
  EXPECT_EQ(told.kind(), EventKind::kCallbackOutcome);
  EXPECT_NE(told.text.find("geen gehoor"), std::string::npos);
  EXPECT_NE(told.text.find("opnieuw"), std::string::npos);
  testing::ExpectTheHistoryReplaysToTheSummary(*store_, Get(id));
  (void)waiting;
}

TEST_F(AgentDeskTest, ALateCallbackIsToldOnceAfterARestartToo) {
  const auto jan = Agent("jan", {"algemeen"});
  roster_.Choose(jan.id, routing::ChosenState::kAway);  // nobody takes the callback
  const std::string id = Waiting();
  const routing::Interval slot = BookFirstSlot(id);
  auto late_notices = [&] {
    const auto events = CustomerSees(id);
    return std::count_if(events.begin(), events.end(), [](const model::Event& event) {
      const auto* outcome = event.As<model::CallbackOutcomeEvent>();
      return outcome != nullptr && outcome->outcome == model::CallbackResult::kLate;
    });
  };
  clock_.Set(slot.end - 1min);
  desk_->dispatcher().Dispatch();
  EXPECT_EQ(late_notices(), 0);
  clock_.Set(slot.end + 1min);
  desk_->dispatcher().Dispatch();
  desk_->dispatcher().Dispatch();
  EXPECT_EQ(late_notices(), 1);
  EXPECT_EQ(Get(id).state, ConversationState::kCallback);  // still to be called
  desk_.reset();
  desk_ = std::make_unique<AgentDesk>(*core_, *store_);
  desk_->dispatcher().Dispatch();
  EXPECT_EQ(late_notices(), 1);
}

// Supervisors see the callbacks booked, and those whose slot passed without a call: slots filled
// by a script that never answers, or a team that falls behind, show there.
TEST_F(AgentDeskTest, TheOverviewCountsCallbacksBookedAndNotMadeInTheirSlot) {
  const auto jan = Agent("jan", {"algemeen"});
  roster_.Choose(jan.id, routing::ChosenState::kAway);  // nobody takes the callbacks
  const routing::Interval slot = BookFirstSlot(Waiting());
  (void)BookFirstSlot(Waiting());
  auto callbacks = [&] {
    for (const QueueOverview& queue : desk_->GetOverview().queues) {
      if (queue.id == "algemeen") return std::pair{queue.callbacks_booked, queue.callbacks_overdue};
    }
    return std::pair{-1, -1};
  };
  EXPECT_EQ(callbacks(), std::pair(2, 0));
  clock_.Set(slot.end + 1min);
  EXPECT_EQ(callbacks().second, 1);
}

TEST_F(AgentDeskTest, APersonalAdvisorGetsTheirOwnCustomers) {
  const auto colleague = Agent("collega", {"algemeen"});
  const auto advisor = Agent("jdevries", {"algemeen"}, 3, /*connected=*/false);
  auto started = service_->Start(
      model::Language::kDutch,
      auth::SignCustomerReference({"K-7", "jdevries"}, clock_.Now() + 1h, "geheim"));
  ASSERT_TRUE(started.ok()) << started.status().ToString();
  const std::string id = started->conversation.id;
  auto status = service_->Advisor(id);
  ASSERT_TRUE(status.ok()) << status.status().ToString();
  EXPECT_EQ(status->name, "Medewerker jdevries");
  EXPECT_EQ(status->state, AdvisorStatus::State::kAway);  // working hours, but not there
  EXPECT_EQ(std::count(status->options.begin(), status->options.end(), "advisor"), 0);
  roster_.ConsoleConnected(advisor.id);
  EXPECT_EQ(service_->Advisor(id)->state, AdvisorStatus::State::kAvailable);
  ASSERT_TRUE(service_->RequestPerson(id, "p1", /*to_advisor=*/true).ok());
  const auto made = desk_->dispatcher().Dispatch();
  ASSERT_EQ(made.size(), 1u);
  EXPECT_EQ(made[0].second, advisor.id);  // not the colleague, who was idle longer
  (void)colleague;
  // Without a valid reference there is no advisor.
  EXPECT_EQ(service_->Start(model::Language::kDutch, "bogus.reference").status().code(),
            base::StatusCode::kInvalidArgument);
}

TEST_F(AgentDeskTest, AfterEnoughChatsTheWaitIsEstimated) {
  const auto jan = Agent("jan", {"algemeen"}, /*capacity=*/1);
  for (int i = 0; i < 25; ++i) {
    const std::string id = Waiting();
    desk_->dispatcher().Dispatch();
    clock_.Advance(4min);
    ASSERT_TRUE(desk_->Resolve(jan, id, "r" + std::to_string(i)).ok());
  }
  const std::string busy = Waiting();
  desk_->dispatcher().Dispatch();
  const std::string next = Waiting();
  const auto status = service_->Status(next).value();
  ASSERT_TRUE(status.estimated_wait.has_value()) << status.message;
  EXPECT_NEAR(static_cast<double>(status.estimated_wait->count()), 240.0, 60.0);
  EXPECT_NE(status.message.find("ongeveer 4 minuten"), std::string::npos) << status.message;
  const auto availability = desk_->GetAvailability(model::Language::kDutch);
  EXPECT_EQ(availability[0].agents_on_duty, 1);
  EXPECT_TRUE(availability[0].estimated_wait.has_value());
  const auto overview = desk_->GetOverview();
  EXPECT_EQ(overview.queues[0].waiting, 1);
  EXPECT_EQ(overview.queues[0].answered_today, 26);
  (void)busy;

  // After a restart the queue still knows how long chats take.
  desk_.reset();
  service_.reset();
  core_.reset();
  std::vector<QueueConfig> queues;
  queues.push_back(testing::Queue("algemeen", {"algemeen"}, 1));
  queues.push_back(testing::Queue("hypotheken", {"hypotheek"}, 1));
  board_ = std::make_unique<QueueBoard>(std::move(queues), "algemeen");
  core_ = std::make_unique<ConversationCore>(*store_, testing::DemoEngine(), clock_, *board_,
                                             roster_, hub_, staff_hub_);
  service_ = std::make_unique<ConversationService>(*core_);
  ASSERT_TRUE(service_->Recover().ok());
  EXPECT_TRUE(service_->Status(next)->estimated_wait.has_value());
  // And the supervisor's service level today.
  desk_.reset();  // (before the next: a desk takes the core's dispatch hook away when it goes)
  desk_ = std::make_unique<AgentDesk>(*core_, *store_);
  const auto restored = desk_->GetOverview();
  EXPECT_EQ(restored.queues[0].answered_today, 26);
  EXPECT_EQ(restored.queues[0].within_target_today, overview.queues[0].within_target_today);
  // Tomorrow it starts again.
  clock_.Advance(24h);
  desk_.reset();
  desk_ = std::make_unique<AgentDesk>(*core_, *store_);
  EXPECT_EQ(desk_->GetOverview().queues[0].answered_today, 0);
}

TEST_F(AgentDeskTest, SupervisorsReassignWithinCapacity) {
  const auto jan = Agent("jan", {"algemeen"}, 1);
  const auto anna = Agent("anna", {"algemeen"}, 1, false);
  const auto boss = Agent("baas", {}, 1, false, model::Role::kSupervisor);
  const std::string id = Waiting();
  desk_->dispatcher().Dispatch();
  // The supervisor sees the conversations assigned to others, to reassign them; agents do not.
  ASSERT_EQ(desk_->InboxOf(boss)->others.size(), 1u);
  EXPECT_EQ(desk_->InboxOf(boss)->others[0].conversation.id, id);
  EXPECT_TRUE(desk_->InboxOf(anna)->others.empty());
  EXPECT_EQ(desk_->Reassign(jan, id, "x1", anna.id).status().code(),
            base::StatusCode::kPermissionDenied);
  ASSERT_TRUE(desk_->Reassign(boss, id, "x2", anna.id).ok());
  EXPECT_EQ(Get(id).agent, anna.id);
  EXPECT_EQ(roster_.Agent(jan.id)->chats, 0);
  const std::string other = Waiting();
  desk_->dispatcher().Dispatch();  // goes to jan
  EXPECT_EQ(desk_->Reassign(boss, other, "x3", anna.id).status().code(),
            base::StatusCode::kFailedPrecondition);  // anna is at capacity
}

// Who may do what with a conversation, over roles × queues × actions: an agent sees the
// conversations of their own queues and those assigned to them; any other needs a supervisor
// (403). Seeing one is not yet acting on it: a colleague's conversation answers 409.
TEST_F(AgentDeskTest, AgentsSeeTheirOwnQueuesAndTheirOwnConversationsOnly) {
  const auto counter = Agent("balie", {"algemeen"}, 20);
  const auto mortgages = Agent("hypo", {"hypotheken"}, 20);
  const auto boss = Agent("baas", {}, 20, true, model::Role::kSupervisor);
  const auto admin = Agent("beheer", {}, 20, true, model::Role::kAdmin);
  using Code = base::StatusCode;
  const std::vector<std::string> actions = {"see",      "open",    "note", "slots",   "reply",
                                            "transfer", "resolve", "book", "outcome", "flag"};
  struct Row {
    const model::StaffMember& who;
    std::string setup;     // "waiting" in algemeen, or "assigned" to hypo (while in algemeen)
    std::string expected;  // per action: y (allowed), F (403 forbidden), C (409 conflict)
  };
  const std::vector<Row> table = {
      {counter, "waiting", "yyyyyCCyCy"},    // their queue: sees it, takes it by replying
      {mortgages, "waiting", "FFFFFFFFFF"},  // another queue: nothing
      // A callback's outcome needs a callback being made (the state machine): 409 for anyone.
      {boss, "waiting", "yyyyyyyyCy"},
      {admin, "waiting", "yyyyyyyyCy"},
      {counter, "assigned", "yyyyCCCCCy"},    // their queue, a colleague's: sees, does not act
      {mortgages, "assigned", "yyyyyyyyyy"},  // not their queue, but assigned to them
      {boss, "assigned", "yyyyyyyyyy"},
  };
  size_t slot = 0;
  for (const Row& row : table) {
    for (size_t a = 0; a < actions.size(); ++a) {
      const std::string id = Waiting();
      ASSERT_EQ(Get(id).queue, "algemeen");
      if (row.setup == "assigned") {
        ASSERT_TRUE(desk_->Reassign(boss, id, "give", mortgages.id).ok());
      }
      const std::string& action = actions[a];
      const auto slots = desk_->CallbackSlots(boss, id).value();
      ASSERT_GT(slots.size(), slot);
      base::Status status;
      if (action == "see") status = desk_->MaySee(row.who, id);
      if (action == "open") status = desk_->Open(row.who, id).status();
      if (action == "note") status = desk_->Note(row.who, id, "n1", "intern").status();
      if (action == "slots") status = desk_->CallbackSlots(row.who, id).status();
      if (action == "reply") status = desk_->Reply(row.who, id, "a1", "Goedemorgen").status();
      if (action == "transfer") {
        status = desk_->Transfer(row.who, id, "t1", "hypotheken", "", "zie notitie").status();
      }
      if (action == "resolve") status = desk_->Resolve(row.who, id, "r1").status();
      if (action == "book") {
        status = desk_->BookCallback(row.who, id, "b1", slots[slot++].start, "0612345678").status();
      }
      if (action == "outcome") {
        status = desk_->CallbackOutcome(row.who, id, "o1", "no_answer", "").status();
      }
      if (action == "flag") {  // missing knowledge, pointing at the conversation
        status = desk_->Flag(row.who, model::FlagKind::kMissing, "", id, "ontbreekt").status();
      }
      const char expected = row.expected[a];
      const Code code = expected == 'y'   ? Code::kOk
                        : expected == 'F' ? Code::kPermissionDenied
                                          : Code::kFailedPrecondition;
      EXPECT_EQ(status.code(), code)
          << row.who.name << " / " << row.setup << " / " << action << ": " << status.ToString();
      testing::ExpectTheHistoryReplaysToTheSummary(*store_, Get(id));
      if (Get(id).state == ConversationState::kAssigned) {
        ASSERT_TRUE(desk_->Resolve(boss, id, "done").ok());  // within everyone's capacity
      }
    }
  }
}

// Resending a colleague's client id does not hand their stored event to someone who may not see
// the conversation (the resend answer came before any check).
TEST_F(AgentDeskTest, AResendDoesNotRevealAColleaguesEvent) {
  const auto counter = Agent("balie", {"algemeen"});
  const auto mortgages = Agent("hypo", {"hypotheken"});
  const std::string id = Waiting();
  ASSERT_TRUE(desk_->Reply(counter, id, "a1", "Goedemorgen").ok());
  ASSERT_TRUE(desk_->Note(counter, id, "n1", "klant belt vaker over dit").ok());
  EXPECT_EQ(desk_->Reply(mortgages, id, "a1", "x").status().code(),
            base::StatusCode::kPermissionDenied);
  EXPECT_EQ(desk_->Note(mortgages, id, "n1", "x").status().code(),
            base::StatusCode::kPermissionDenied);
  EXPECT_EQ(desk_->Resolve(mortgages, id, "n1").status().code(),
            base::StatusCode::kPermissionDenied);
}

// What an agent opens shows only the customer's earlier conversations they may see.
TEST_F(AgentDeskTest, EarlierConversationsOfOtherQueuesStayHidden) {
  const auto counter = Agent("balie", {"algemeen"});
  const auto boss = Agent("baas", {}, 3, true, model::Role::kSupervisor);
  const std::string reference =
      auth::SignCustomerReference({"K-9", ""}, clock_.Now() + 1h, "geheim");
  const std::string earlier = service_->Start(model::Language::kDutch, reference)->conversation.id;
  ASSERT_TRUE(service_->PostMessage(earlier, {"m1", "Ik wil een medewerker spreken", ""}).ok());
  ASSERT_TRUE(desk_->Transfer(boss, earlier, "t1", "hypotheken", "", "").ok());
  const std::string id = service_->Start(model::Language::kDutch, reference)->conversation.id;
  ASSERT_TRUE(service_->PostMessage(id, {"m1", "Ik wil een medewerker spreken", ""}).ok());
  EXPECT_TRUE(desk_->Open(counter, id)->earlier.empty());
  EXPECT_EQ(desk_->Open(boss, id)->earlier.size(), 1u);
}

// Under concurrent dispatching, taking and resolving, no conversation is assigned twice at once
// and no agent ever holds more than their capacity.
// Issue 14: open is not someone there. With the queue open and nobody on duty, asking for a person
// keeps the question for a reply and says so; waiting is not offered (and refused), a queue where
// someone is is; availability and the overview tell the same.
TEST_F(AgentDeskTest, OpenWithNobodyOnDutyIsNoWaitForNobody) {
  const auto anna = Agent("anna", {"hypotheken"});
  const std::string id = Waiting();
  const model::Conversation kept = Get(id);
  EXPECT_EQ(kept.state, ConversationState::kFollowUp);
  const auto events = CustomerSees(id);
  const auto handoff = std::find_if(events.begin(), events.end(),
                                    [](const auto& e) { return e.kind() == EventKind::kHandoff; });
  ASSERT_NE(handoff, events.end());
  EXPECT_TRUE(std::get<model::HandoffEvent>(handoff->data).open);
  EXPECT_FALSE(std::get<model::HandoffEvent>(handoff->data).staffed);
  ASSERT_EQ(events.back().kind(), EventKind::kChoice);
  EXPECT_EQ(std::get<model::ChoiceEvent>(events.back().data),
            model::KeptForReply("nobody_on_duty"));

  const ConversationStatus status = service_->Status(id).value();
  EXPECT_TRUE(status.open);
  EXPECT_FALSE(status.staffed);
  EXPECT_EQ(status.time_zone, "Europe/Amsterdam");
  EXPECT_FALSE(status.staffed_from.has_value());  // agents without a schedule: any moment
  EXPECT_EQ(status.alternative_id, "hypotheken");
  EXPECT_EQ(status.options, (std::vector{ChoiceOption::kLeaveMessage, ChoiceOption::kOtherQueue}));
  EXPECT_NE(status.message.find("Er is op dit moment niemand van Klantenservice algemeen aan het "
                                "werk. Uw vraag is bewaard"),
            std::string::npos)
      << status.message;
  EXPECT_NE(status.message.find("nu chatten met Klantenservice hypotheek, waar wel iemand is"),
            std::string::npos)
      << status.message;
  EXPECT_EQ(service_->Choose(id, {"w", ChoiceOption::kWait, {}, "", ""}).status().code(),
            base::StatusCode::kFailedPrecondition);

  const auto availability = desk_->GetAvailability(model::Language::kDutch);
  ASSERT_EQ(availability.size(), 2u);
  EXPECT_TRUE(availability[0].open);
  EXPECT_FALSE(availability[0].staffed);
  EXPECT_EQ(availability[0].agents_on_duty, 0);
  EXPECT_TRUE(availability[1].staffed);
  EXPECT_TRUE(
      desk_->dispatcher().Dispatch().empty());  // the watcher notes since when nobody is there
  const Overview overview = desk_->GetOverview();
  EXPECT_TRUE(overview.queues[0].nobody_on_duty);
  EXPECT_EQ(overview.queues[0].nobody_on_duty_since, clock_.Now());
  EXPECT_FALSE(overview.queues[1].nobody_on_duty);

  // The customer goes where someone is, and is taken there.
  auto moved = service_->Choose(id, {"o", ChoiceOption::kOtherQueue, {}, "", ""});
  ASSERT_TRUE(moved.ok()) << moved.status().ToString();
  EXPECT_EQ(moved->status.state, ConversationState::kWaiting);
  EXPECT_EQ(moved->status.queue_id, "hypotheken");
  ASSERT_EQ(desk_->dispatcher().Dispatch().size(), 1u);
  EXPECT_EQ(Get(id).agent, anna.id);
  testing::ExpectTheHistoryReplaysToTheSummary(*store_, Get(id));
}

TEST_F(AgentDeskTest, WhenSomeoneIsDueByTheScheduleTheCustomerIsToldWhen) {
  StaffChange change;
  change.name = "vroeg";
  change.display_name = "Vroege dienst";
  change.password = "paarse olifanten dansen traag";
  change.queues = std::vector<std::string>{"algemeen"};
  change.schedule = std::map<std::string, std::vector<std::string>>{{"tuesday", {"13:00-17:00"}}};
  ASSERT_TRUE(accounts_->Add(change).ok());
  const std::string id = Waiting();
  const ConversationStatus status = service_->Status(id).value();
  ASSERT_TRUE(status.staffed_from.has_value());
  EXPECT_EQ(base::FormatTime(*status.staffed_from), "2026-11-24T12:00:00Z");
  EXPECT_NE(status.message.find("zodra er weer iemand is, volgens het rooster vandaag om 13:00"),
            std::string::npos)
      << status.message;
}

// The last agent leaves while customers wait: after the grace time they are told, at once, and
// their question is kept for a reply with the same options; told once. When someone is back,
// those whose question is kept get a fresh status that offers waiting again.
TEST_F(AgentDeskTest, TheLastAgentLeavingTellsThoseWaiting) {
  const auto jan = Agent("jan", {"algemeen"}, /*capacity=*/0);  // on duty, takes nothing
  const std::string first = Waiting();
  const std::string second = service_->Start(model::Language::kEnglish)->conversation.id;
  ASSERT_TRUE(service_->RequestPerson(second, "p1", false).ok());
  ASSERT_EQ(Get(first).state, ConversationState::kWaiting);
  auto recorder = std::make_shared<testing::Recorder>();
  hub_.Subscribe(first, recorder);

  roster_.ConsoleDisconnected(jan.id);
  clock_.Advance(2min);  // offline now
  desk_->dispatcher().Dispatch();
  EXPECT_EQ(Get(first).state, ConversationState::kWaiting);  // within the grace time
  clock_.Advance(61s);
  desk_->dispatcher().Dispatch();
  for (const std::string& id : {first, second}) {
    EXPECT_EQ(Get(id).state, ConversationState::kFollowUp) << id;
    const auto events = CustomerSees(id);
    ASSERT_EQ(events.back().kind(), EventKind::kNotice);
    const auto& notice = std::get<model::NoticeEvent>(events.back().data);
    EXPECT_EQ(notice.reason, "nobody_on_duty");
    // jan works whenever the queue is open (no schedule): a callback can be booked.
    EXPECT_EQ(notice.options, (std::vector{ChoiceOption::kLeaveMessage, ChoiceOption::kCallback}));
    testing::ExpectTheHistoryReplaysToTheSummary(*store_, Get(id));
  }
  EXPECT_NE(CustomerSees(first).back().text.find("Er is op dit moment niemand van Klantenservice "
                                                 "algemeen aan het werk. We hebben uw vraag "
                                                 "daarom bewaard"),
            std::string::npos)
      << CustomerSees(first).back().text;
  EXPECT_NE(CustomerSees(second).back().text.find("Nobody from Customer service algemeen is at "
                                                  "work right now. So we have saved your question"),
            std::string::npos)
      << CustomerSees(second).back().text;
  const auto told = CustomerSees(first).size();
  clock_.Advance(5min);
  desk_->dispatcher().Dispatch();
  EXPECT_EQ(CustomerSees(first).size(), told);

  recorder->statuses.clear();
  roster_.ConsoleConnected(jan.id);
  desk_->dispatcher().Dispatch();
  ASSERT_FALSE(recorder->statuses.empty());
  EXPECT_TRUE(recorder->statuses.back().staffed);
  EXPECT_EQ(recorder->statuses.back().options.front(), ChoiceOption::kWait);
}

TEST_F(AgentDeskTest, ALongWaitIsOfferedTheAlternativesOnce) {
  const auto jan = Agent("jan", {"algemeen"}, /*capacity=*/0);  // on duty, takes nothing
  const std::string id = Waiting();
  clock_.Advance(9min);
  roster_.Acted(jan.id);  // not idle: on duty
  desk_->dispatcher().Dispatch();
  EXPECT_NE(CustomerSees(id).back().kind(), EventKind::kNotice);
  clock_.Advance(2min);
  desk_->dispatcher().Dispatch();
  const auto events = CustomerSees(id);
  ASSERT_EQ(events.back().kind(), EventKind::kNotice);
  const auto& notice = std::get<model::NoticeEvent>(events.back().data);
  EXPECT_EQ(notice.reason, "long_wait");
  EXPECT_EQ(notice.options, (std::vector{ChoiceOption::kWait, ChoiceOption::kLeaveMessage,
                                         ChoiceOption::kCallback}));
  EXPECT_NE(events.back().text.find("U wacht al ongeveer 11 minuten, langer dan we hadden "
                                    "verwacht. Sorry! U bent nummer 1 in de wachtrij."),
            std::string::npos)
      << events.back().text;
  EXPECT_EQ(Get(id).state, ConversationState::kWaiting);  // still in the line
  clock_.Advance(5min);
  roster_.Acted(jan.id);
  desk_->dispatcher().Dispatch();
  EXPECT_EQ(CustomerSees(id).size(), events.size());  // not nagging
}

// The no-dead-end property with people coming and going: over random sequences of customers'
// actions, agents logging in, out and away, and time passing (the dispatcher ticking), nobody is
// left without a reply or a person due, nobody is offered a wait while nobody is on duty, and no
// one waits in an open queue with nobody on duty past the grace time.
TEST_F(AgentDeskTest, NobodyWaitsForNobody) {
  const std::vector<std::string> messages = {
      "Ik ben mijn pas kwijt", "Ik wil een medewerker spreken", "Wat is de spaarrente?",
      "I want to speak to an agent", "Kan ik extra aflossen op mijn hypotheek?"};
  const std::vector<model::StaffMember> agents = {Agent("jan", {"algemeen"}, 1),
                                                  Agent("anna", {"hypotheken"}, 1),
                                                  // On duty without room: customers wait.
                                                  Agent("piet", {"algemeen", "hypotheken"}, 0)};
  std::mt19937 random(20261205);
  std::vector<std::string> ids;
  for (int i = 0; i < 6; ++i)
    ids.push_back(service_->Start(model::Language::kDutch)->conversation.id);
  for (int step = 0; step < 400; ++step) {
    const std::string& id = ids[random() % ids.size()];
    const std::string client = "s" + std::to_string(step);
    const model::StaffMember& agent = agents[random() % agents.size()];
    switch (random() % 9) {
      case 0:
      case 1:
        (void)service_->PostMessage(id, {client, messages[random() % messages.size()], ""});
        break;
      case 2:
        (void)service_->RequestPerson(id, client, false);
        break;
      case 3: {
        const auto option = static_cast<ChoiceOption>(std::array{0, 1, 4}[random() % 3]);
        (void)service_->Choose(id, {client, option, {}, "", ""});
        break;
      }
      case 4:
        roster_.ConsoleDisconnected(agent.id);
        break;
      case 5:
        roster_.ConsoleConnected(agent.id);
        roster_.Choose(agent.id, random() % 3 == 0 ? routing::ChosenState::kAway
                                                   : routing::ChosenState::kAvailable);
        break;
      case 6:
        if (Get(id).state == ConversationState::kAssigned) {
          const auto who = std::find_if(agents.begin(), agents.end(),
                                        [&](const auto& a) { return a.id == Get(id).agent; });
          (void)desk_->Resolve(*who, id, client);
        }
        break;
      case 7:
        clock_.Advance(std::chrono::seconds(random() % 120));
        break;
      case 8:
        clock_.Advance(std::chrono::minutes(random() % 300));
        break;
    }
    // The dispatcher's tick, as every second.
    desk_->dispatcher().Dispatch();
    const Overview overview = desk_->GetOverview();
    for (const std::string& each : ids) {
      const model::Conversation c = Get(each);
      testing::ExpectTheHistoryReplaysToTheSummary(*store_, c);
      const ConversationStatus status = service_->Status(each).value();
      const bool person_due =
          c.state == ConversationState::kWaiting || c.state == ConversationState::kFollowUp ||
          c.state == ConversationState::kCallback || c.state == ConversationState::kAssigned;
      const auto history = CustomerSees(each);
      const auto last_customer = std::find_if(history.rbegin(), history.rend(), [](const auto& e) {
        return e.kind() == EventKind::kCustomerMessage;
      });
      // A reply, or a person who ended it (an agent may resolve without answering).
      const bool replied =
          last_customer == history.rend() ||
          std::any_of(history.rbegin(), last_customer, [](const auto& e) {
            return e.kind() == EventKind::kBotReply || e.kind() == EventKind::kResolved;
          });
      ASSERT_TRUE(replied || person_due) << "dead end in " << each << " at step " << step;
      if (person_due && c.state != ConversationState::kAssigned) {
        ASSERT_FALSE(status.options.empty()) << each << " at step " << step;
      }
      const bool offers_wait = std::find(status.options.begin(), status.options.end(),
                                         ChoiceOption::kWait) != status.options.end();
      ASSERT_FALSE(offers_wait && !status.staffed) << each << " at step " << step;
      if (c.state == ConversationState::kWaiting && status.open && !status.staffed) {
        const auto queue = std::find_if(overview.queues.begin(), overview.queues.end(),
                                        [&](const auto& q) { return q.id == c.queue; });
        ASSERT_TRUE(queue->nobody_on_duty_since.has_value());
        ASSERT_LT(clock_.Now() - *queue->nobody_on_duty_since, 60s)
            << each << " waits for nobody at step " << step;
      }
    }
  }
  // The sequences did go through both situations: asking while nobody was on duty, and the last
  // agent leaving while customers waited.
  int kept_at_hand_off = 0;
  int told_while_waiting = 0;
  for (const std::string& each : ids) {
    for (const model::Event& event : CustomerSees(each)) {
      const auto* handoff = event.As<model::HandoffEvent>();
      kept_at_hand_off += handoff != nullptr && handoff->open && !handoff->staffed;
      const auto* notice = event.As<model::NoticeEvent>();
      told_while_waiting += notice != nullptr && notice->reason == "nobody_on_duty";
    }
  }
  EXPECT_GT(kept_at_hand_off, 0);
  EXPECT_GT(told_while_waiting, 0);
}

TEST_F(AgentDeskTest, AssignmentIsAtomicUnderConcurrency) {
  std::vector<model::StaffMember> agents;
  for (int i = 0; i < 4; ++i) agents.push_back(Agent("a" + std::to_string(i), {"algemeen"}, 2));
  std::vector<std::string> ids;
  for (int i = 0; i < 40; ++i) ids.push_back(Waiting());
  std::atomic<bool> stop{false};
  std::atomic<int> over_capacity{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 3; ++t) {
    threads.emplace_back([&] {
      while (!stop) desk_->dispatcher().Dispatch();
    });
  }
  for (size_t a = 0; a < agents.size(); ++a) {
    threads.emplace_back([&, a] {
      std::mt19937 random(static_cast<unsigned>(a));
      for (int round = 0; round < 60; ++round) {
        // Try to take a random conversation by replying, or resolve one of one's own.
        const std::string& id = ids[random() % ids.size()];
        (void)desk_->Reply(agents[a], id, "t" + std::to_string(a) + "-" + std::to_string(round),
                           "Ik neem het over.");
        const auto view = roster_.Agent(agents[a].id);
        if (view->chats > view->capacity) ++over_capacity;
        if (random() % 2 == 0) {
          auto mine = desk_->InboxOf(agents[a]);
          if (mine.ok() && !mine->mine.empty()) {
            (void)desk_->Resolve(agents[a], mine->mine.front().conversation.id,
                                 "r" + std::to_string(a) + "-" + std::to_string(round));
          }
        }
      }
    });
  }
  for (size_t i = 3; i < threads.size(); ++i) threads[i].join();
  stop = true;
  for (size_t i = 0; i < 3; ++i) threads[i].join();
  EXPECT_EQ(over_capacity.load(), 0);
  std::map<std::string, int> held;
  for (const std::string& id : ids) {
    const auto conversation = Get(id);
    if (conversation.state == ConversationState::kAssigned) ++held[conversation.agent];
    // Between two assignments there is always an end (resolve, transfer): never two at once.
    bool holding = false;
    const auto events = store_->Events(id, 0, 1000).value();
    for (const auto& event : events) {
      if (event.kind() == EventKind::kAssigned) {
        EXPECT_FALSE(holding) << "assigned twice: " << id;
        holding = true;
      }
      if (event.kind() == EventKind::kResolved) holding = false;
    }
  }
  for (const auto& agent : agents) {
    EXPECT_LE(held[agent.id], 2);
    EXPECT_EQ(roster_.Agent(agent.id)->chats, held[agent.id]) << agent.name;
  }
}

// ---- decisions within a mandate, and four-eyes above it (issue 12) ----

class DecisionTest : public AgentDeskTest {
 protected:
  void SetUp() override {
    AgentDeskTest::SetUp();
    DeskOptions options;
    options.mandates.decisions = {
        {"waive_fee", "Kosten kwijtschelden", "Waive a fee", model::DecisionUnit::kEuroCents,
         "Tarievenlijst 2026"},
        {"rule_exception", "Uitzondering op het acceptatiebeleid",
         "Exception to the acceptance policy", model::DecisionUnit::kException, ""},
        {"refuse_request", "Verzoek afwijzen", "Refuse the request",
         model::DecisionUnit::kException, "Acceptatiebeleid", /*four_eyes=*/true,
         /*adverse=*/true}};
    options.mandates.by_role[model::Role::kAgent] = {{"waive_fee", 2500}};
    options.mandates.by_role[model::Role::kSupervisor] = {
        {"waive_fee", 10000}, {"rule_exception", 1}, {"refuse_request", 1}};
    options.mandates.by_staff["senior"] = {{"waive_fee", 10000}};
    options.approval_expiry = 24h;
    options.flags.kinds = {
        {"possible_misuse", "Mogelijk misbruik: te controleren", "Possible misuse: to check"}};
    desk_ = std::make_unique<AgentDesk>(*core_, *store_, options);
    anna_ = Agent("anna", {"algemeen"});
    id_ = Waiting();
    EXPECT_TRUE(desk_->Reply(anna_, id_, "a1", "Goedemorgen").ok());
  }

  // The customer's latest event's text.
  std::string LastTold() { return CustomerSees(id_).back().text; }

  // A flag about the customer, resting on their message 2, for 30 days.
  model::CustomerFlag FlagToRaise() const {
    model::CustomerFlag flag;
    flag.kind = "possible_misuse";
    flag.facts = {{2, "", "Vraagt naar de pincode van een ander"}};
    flag.reason = "Graag nagaan";
    flag.expires_at = clock_.Now() + std::chrono::days(30);
    return flag;
  }

  model::StaffMember anna_;
  std::string id_;
};

TEST_F(DecisionTest, WithinTheMandateItTakesEffectAndTheCustomerIsTold) {
  auto event = desk_->RecordDecision(anna_, id_, "d1", {"waive_fee", 2000, "al 30 jaar klant", ""});
  ASSERT_TRUE(event.ok()) << event.status().ToString();
  const auto* decision = event->As<model::DecisionEvent>();
  ASSERT_NE(decision, nullptr);
  EXPECT_FALSE(decision->needs_approval);
  EXPECT_EQ(decision->rule, "Tarievenlijst 2026") << "the decision's own rule by default";
  EXPECT_EQ(LastTold(),
            "Medewerker anna heeft dit voor u geregeld: Kosten kwijtschelden, €\u00a020,00.");
  EXPECT_TRUE(desk_->Approvals(anna_)->empty());
  // Done twice (a resend): once.
  auto again = desk_->RecordDecision(anna_, id_, "d1", {"waive_fee", 2000, "al 30 jaar klant", ""});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->seq, event->seq);
}

TEST_F(DecisionTest, AboveTheMandateAColleagueWhoseMandateCoversItApproves) {
  const auto bob = Agent("bob", {"algemeen"});
  const auto senior = Agent("senior", {"hypotheken"});  // another queue, a personal mandate
  const auto boss = Agent("baas", {"algemeen"}, 3, true, model::Role::kSupervisor);
  auto event = desk_->RecordDecision(anna_, id_, "d1", {"waive_fee", 9000, "schade door ons", ""});
  ASSERT_TRUE(event.ok()) << event.status().ToString();
  const std::int64_t request = event->seq;
  EXPECT_TRUE(event->As<model::DecisionEvent>()->needs_approval);
  EXPECT_EQ(LastTold(),
            "Medewerker anna heeft een collega gevraagd dit goed te keuren: Kosten "
            "kwijtschelden, €\u00a090,00. U hoort het uiterlijk morgen om 10:00.");

  // Who sees the request, and who may answer it.
  auto own = desk_->Approvals(anna_);
  ASSERT_EQ(own->size(), 1u);
  EXPECT_FALSE(own->front().may_answer) << "nobody approves their own";
  EXPECT_TRUE(desk_->Approvals(bob)->empty()) << "a smaller mandate: not theirs to answer";
  ASSERT_EQ(desk_->Approvals(senior)->size(), 1u);
  EXPECT_TRUE(desk_->Approvals(senior)->front().may_answer);
  EXPECT_TRUE(desk_->MaySee(senior, id_).ok()) << "an approver sees the whole conversation";

  for (const auto& [who, code] : {std::pair{anna_, base::StatusCode::kPermissionDenied},
                                  std::pair{bob, base::StatusCode::kPermissionDenied}}) {
    EXPECT_EQ(desk_->AnswerApproval(who, id_, request, "p1", "approved", "ok").status().code(),
              code)
        << who.name;
  }
  EXPECT_EQ(desk_->AnswerApproval(boss, id_, request, "p0", "maybe", "ok").status().code(),
            base::StatusCode::kInvalidArgument);
  EXPECT_EQ(desk_->AnswerApproval(boss, id_, request - 1, "p0", "approved", "ok").status().code(),
            base::StatusCode::kNotFound);

  auto approved = desk_->AnswerApproval(senior, id_, request, "p1", "approved", "terecht");
  ASSERT_TRUE(approved.ok()) << approved.status().ToString();
  EXPECT_EQ(approved->As<model::ApprovalEvent>()->by->id, senior.id);
  EXPECT_EQ(LastTold(), "Goedgekeurd: Kosten kwijtschelden, €\u00a090,00.");
  EXPECT_TRUE(desk_->Approvals(senior)->empty());
  EXPECT_EQ(desk_->AnswerApproval(boss, id_, request, "p2", "refused", "nee").status().code(),
            base::StatusCode::kFailedPrecondition)
      << "answered once";
}

TEST_F(DecisionTest, ARefusalTellsTheReasonAndAQuestionKeepsTheRequestWaiting) {
  const auto boss = Agent("baas", {"algemeen"}, 3, true, model::Role::kSupervisor);
  const std::int64_t request =
      desk_->RecordDecision(anna_, id_, "d1", {"waive_fee", 5000, "klant is boos", ""})->seq;
  auto asked = desk_->AnswerApproval(boss, id_, request, "q1", "ask", "Is dit al eerder gebeurd?");
  ASSERT_TRUE(asked.ok()) << asked.status().ToString();
  EXPECT_EQ(asked->kind(), EventKind::kNote) << "a question for the requester, not the customer";
  EXPECT_EQ(desk_->Approvals(anna_)->size(), 1u);
  auto refused = desk_->AnswerApproval(boss, id_, request, "p1", "refused",
                                       "De kosten zijn terecht in rekening gebracht.");
  ASSERT_TRUE(refused.ok()) << refused.status().ToString();
  EXPECT_EQ(LastTold(),
            "Dit is niet goedgekeurd: Kosten kwijtschelden, €\u00a050,00. De reden: De kosten zijn "
            "terecht in rekening gebracht.");
}

TEST_F(DecisionTest, ARequestNobodyAnswersExpiresAndTheCustomerIsToldSo) {
  const auto boss = Agent("baas", {"algemeen"}, 3, true, model::Role::kSupervisor);
  const std::int64_t request =
      desk_->RecordDecision(anna_, id_, "d1", {"rule_exception", 1, "bijzondere situatie", ""})
          ->seq;
  clock_.Advance(23h);
  desk_->dispatcher().Dispatch();
  EXPECT_EQ(desk_->Approvals(boss)->size(), 1u) << "not yet";
  clock_.Advance(2h);
  desk_->dispatcher().Dispatch();
  EXPECT_TRUE(desk_->Approvals(boss)->empty());
  EXPECT_EQ(LastTold(),
            "Er is niet op tijd besloten over: Uitzondering op het acceptatiebeleid. Het verzoek "
            "is vervallen; u kunt het in dit gesprek opnieuw vragen.");
  EXPECT_EQ(desk_->AnswerApproval(boss, id_, request, "p1", "approved", "ok").status().code(),
            base::StatusCode::kFailedPrecondition);
  desk_->dispatcher().Dispatch();  // and only once
  EXPECT_EQ(CustomerSees(id_).back().seq, Get(id_).last_seq);
  auto report = desk_->Decisions(testing::kTuesdayMorning);
  ASSERT_TRUE(report.ok());
  ASSERT_EQ(report->rows.size(), 1u);
  EXPECT_EQ(report->rows[0].expired, 1);
}

TEST_F(DecisionTest, WrongRequestsAreRefusedWithTheReason) {
  struct Case {
    DecisionRequest request;
    base::StatusCode code;
    std::string says;
  };
  const std::vector<Case> cases = {
      {{"free_money", 100, "waarom niet", ""},
       base::StatusCode::kInvalidArgument,
       "no decision 'free_money'"},
      {{"waive_fee", 0, "waarom niet", ""},
       base::StatusCode::kInvalidArgument,
       "the amount must be more than 0"},
      {{"rule_exception", 2, "waarom niet", ""},
       base::StatusCode::kInvalidArgument,
       "an exception's amount is 1"},
      {{"waive_fee", 100, "   ", ""}, base::StatusCode::kInvalidArgument, "the reason"},
  };
  for (const Case& c : cases) {
    auto refused = desk_->RecordDecision(anna_, id_, "x1", c.request);
    ASSERT_FALSE(refused.ok()) << c.says;
    EXPECT_EQ(refused.status().code(), c.code) << refused.status().ToString();
    EXPECT_NE(refused.status().message().find(c.says), std::string::npos)
        << refused.status().message();
  }
  // A conversation still with the bot: nobody decides in it yet.
  auto started = service_->Start(model::Language::kDutch);
  auto in_bot = desk_->RecordDecision(anna_, started->conversation.id, "x2",
                                      {"waive_fee", 100, "waarom niet", ""});
  EXPECT_FALSE(in_bot.ok());
  // A colleague's conversation: not theirs to decide in.
  const auto bob = Agent("bob", {"algemeen"});
  EXPECT_EQ(desk_->RecordDecision(bob, id_, "x3", {"waive_fee", 100, "waarom", ""}).status().code(),
            base::StatusCode::kFailedPrecondition);
}

TEST_F(DecisionTest, SupervisorsSeeExceptionsPerRuleAndTeamAndHowLongApprovalsTake) {
  const auto boss = Agent("baas", {"algemeen"}, 3, true, model::Role::kSupervisor);
  ASSERT_TRUE(desk_->RecordDecision(anna_, id_, "d1", {"waive_fee", 1000, "a", ""}).ok());
  ASSERT_TRUE(
      desk_->RecordDecision(anna_, id_, "d2", {"waive_fee", 1500, "b", "eigen regel"}).ok());
  const std::int64_t request =
      desk_->RecordDecision(anna_, id_, "d3", {"waive_fee", 9000, "c", ""})->seq;
  ASSERT_TRUE(desk_->RecordDecision(anna_, id_, "d4", {"waive_fee", 8000, "d", ""}).ok());
  clock_.Advance(30min);
  ASSERT_TRUE(desk_->AnswerApproval(boss, id_, request, "p1", "approved", "ok").ok());
  auto report = desk_->Decisions(testing::kTuesdayMorning);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_EQ(report->rows.size(), 2u);
  const DecisionReportRow& tariffs = report->rows[0];  // most first
  EXPECT_EQ(tariffs.rule, "Tarievenlijst 2026");
  EXPECT_EQ(tariffs.queue, "algemeen");
  EXPECT_EQ(tariffs.taken, 1);
  EXPECT_EQ(tariffs.requested, 2);
  EXPECT_EQ(tariffs.approved, 1);
  EXPECT_EQ(tariffs.waiting, 1);
  EXPECT_EQ(tariffs.median_answer, std::chrono::seconds(30min));
  EXPECT_EQ(report->rows[1].rule, "eigen regel");
  ASSERT_EQ(report->waiting.size(), 1u);
}

// An adverse step: not on an agent's own initiative (no request either), and a supervisor's
// needs a second supervisor (four eyes).
TEST_F(DecisionTest, AnAdverseStepNeedsOnesOwnMandateAndFourEyes) {
  const auto boss = Agent("baas", {"algemeen"}, 3, true, model::Role::kSupervisor);
  const auto boss2 = Agent("baas2", {"algemeen"}, 3, true, model::Role::kSupervisor);
  EXPECT_EQ(desk_->RecordDecision(anna_, id_, "r1", {"refuse_request", 1, "past niet", ""})
                .status()
                .code(),
            base::StatusCode::kPermissionDenied);
  EXPECT_TRUE(desk_->Approvals(boss)->empty()) << "no request was made";
  auto asked = desk_->RecordDecision(boss, id_, "r2", {"refuse_request", 1, "past niet", ""});
  ASSERT_TRUE(asked.ok()) << asked.status().ToString();
  EXPECT_TRUE(asked->As<model::DecisionEvent>()->needs_approval) << "four eyes";
  EXPECT_EQ(desk_->AnswerApproval(boss, id_, asked->seq, "p1", "approved", "ok").status().code(),
            base::StatusCode::kPermissionDenied);
  EXPECT_TRUE(desk_->AnswerApproval(boss2, id_, asked->seq, "p2", "approved", "terecht").ok());
}

// ---- flags about customers: signals with their facts, not verdicts (issue 12) ----

TEST_F(DecisionTest, AFlagCarriesItsFactsAndAColleagueConfirmsOrDismissesIt) {
  const auto bob = Agent("bob", {"algemeen"});
  const auto outsider = Agent("hypo", {"hypotheken"});
  model::CustomerFlag flag;
  flag.kind = "possible_misuse";
  flag.facts = {{2, "", "Vraagt om de pincode van een ander te wijzigen"}};
  flag.reason = "Past niet bij de rekeninghouder";
  flag.severity = model::FlagSeverity::kMedium;
  flag.expires_at = clock_.Now() + std::chrono::days(30);
  auto raised = desk_->RaiseFlag(anna_, id_, flag);
  ASSERT_TRUE(raised.ok()) << raised.status().ToString();
  EXPECT_EQ(raised->raised_by, anna_.id);
  EXPECT_EQ(raised->status, model::FlagStatus::kUnconfirmed);

  model::CustomerFlag bare = flag;
  bare.facts.clear();
  EXPECT_EQ(desk_->RaiseFlag(anna_, id_, bare).status().code(), base::StatusCode::kInvalidArgument)
      << "a flag without facts is refused";
  model::CustomerFlag labelled = flag;
  labelled.reason = "fraudeur";
  EXPECT_EQ(desk_->RaiseFlag(anna_, id_, labelled).status().code(),
            base::StatusCode::kInvalidArgument);
  EXPECT_EQ(desk_->RaiseFlag(outsider, id_, flag).status().code(),
            base::StatusCode::kPermissionDenied);
  EXPECT_EQ(desk_->FlagsOf(outsider, id_).status().code(), base::StatusCode::kPermissionDenied);

  auto listed = desk_->FlagsOf(bob, id_);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->front().facts, flag.facts);

  EXPECT_EQ(
      desk_->ChangeFlag(anna_, raised->id, model::FlagStatus::kConfirmed, "klopt").status().code(),
      base::StatusCode::kPermissionDenied)
      << "nobody confirms their own flag";
  auto confirmed = desk_->ChangeFlag(bob, raised->id, model::FlagStatus::kConfirmed,
                                     "Nagebeld met de rekeninghouder");
  ASSERT_TRUE(confirmed.ok()) << confirmed.status().ToString();
  ASSERT_EQ(confirmed->changes.size(), 1u);
  EXPECT_EQ(confirmed->changes[0].by, bob.id);
  auto dismissed =
      desk_->ChangeFlag(anna_, raised->id, model::FlagStatus::kDismissed, "Toch in orde");
  ASSERT_TRUE(dismissed.ok());
  EXPECT_EQ(desk_->ChangeFlag(bob, raised->id, model::FlagStatus::kConfirmed, "x").status().code(),
            base::StatusCode::kFailedPrecondition);
  EXPECT_EQ(desk_->ChangeFlag(bob, 9999, model::FlagStatus::kDismissed, "x").status().code(),
            base::StatusCode::kNotFound);
}

// The customer contests a flag: whoever receives it records it and the customer is told; the
// review is by a colleague not involved in the flag (not who raised it, not who confirmed it),
// with a reason the customer reads; upheld withdraws the flag. Each step is an audit entry.
TEST_F(DecisionTest, AContestIsReviewedByAColleagueNotInvolvedAndTheCustomerIsTold) {
  AuditTrail audit(*store_, clock_);
  desk_->SetAuditTrail(&audit);
  const auto bob = Agent("bob", {"algemeen"});
  const auto eva = Agent("eva", {"algemeen"});
  const auto outsider = Agent("hypo", {"hypotheken"});
  auto raised = desk_->RaiseFlag(anna_, id_, FlagToRaise());
  ASSERT_TRUE(raised.ok()) << raised.status().ToString();
  ASSERT_TRUE(desk_->ChangeFlag(bob, raised->id, model::FlagStatus::kConfirmed, "klopt").ok());
  EXPECT_EQ(desk_->ContestFlag(anna_, raised->id, "x1", " ").status().code(),
            base::StatusCode::kInvalidArgument);
  EXPECT_EQ(
      desk_->ContestFlag(outsider, raised->id, "x1", "Het was mijn eigen pas").status().code(),
      base::StatusCode::kPermissionDenied);

  // Anna, who raised it, receives the customer's objection on the phone and records it.
  auto contested = desk_->ContestFlag(anna_, raised->id, "x1", "Het was mijn eigen pas");
  ASSERT_TRUE(contested.ok()) << contested.status().ToString();
  ASSERT_EQ(contested->contests.size(), 1u);
  EXPECT_EQ(contested->contests[0].recorded_by, anna_.id);
  EXPECT_NE(LastTold().find("niet bij betrokken"), std::string::npos) << LastTold();
  EXPECT_EQ(desk_->ContestFlag(anna_, raised->id, "x1", "Het was mijn eigen pas")->contests.size(),
            1u)
      << "a resend changes nothing";
  EXPECT_EQ(desk_->ContestFlag(anna_, raised->id, "x2", "nog eens").status().code(),
            base::StatusCode::kFailedPrecondition)
      << "one contest waits at a time";

  EXPECT_TRUE(desk_->ContestsToReview(anna_)->empty()) << "she raised it";
  EXPECT_TRUE(desk_->ContestsToReview(bob)->empty()) << "he confirmed it";
  EXPECT_TRUE(desk_->ContestsToReview(outsider)->empty()) << "not his queue";
  ASSERT_EQ(desk_->ContestsToReview(eva)->size(), 1u);
  for (const model::StaffMember* involved :
       {static_cast<const model::StaffMember*>(&anna_), &bob}) {
    EXPECT_EQ(
        desk_->ReviewContest(*involved, raised->id, "v1", model::ContestStage::kUpheld, "terecht")
            .status()
            .code(),
        base::StatusCode::kPermissionDenied)
        << involved->name;
  }
  auto reviewed = desk_->ReviewContest(eva, raised->id, "v1", model::ContestStage::kUpheld,
                                       "De pas staat op naam van de klant zelf");
  ASSERT_TRUE(reviewed.ok()) << reviewed.status().ToString();
  EXPECT_EQ(reviewed->status, model::FlagStatus::kDismissed);
  EXPECT_EQ(reviewed->contests[0].reviewed_by, eva.id);
  EXPECT_NE(LastTold().find("De reden: De pas staat op naam van de klant zelf."), std::string::npos)
      << LastTold();
  EXPECT_TRUE(desk_->ContestsToReview(eva)->empty());
  EXPECT_EQ(desk_->ReviewContest(eva, raised->id, "v2", model::ContestStage::kRejected, "toch")
                .status()
                .code(),
            base::StatusCode::kFailedPrecondition)
      << "nothing waits any more";

  auto entries = store_->AuditEntries(0, 100);
  ASSERT_TRUE(entries.ok());
  std::vector<std::string> contests;
  for (const auto& entry : *entries) {
    if (entry.action == "contest") contests.push_back(entry.actor + " " + entry.details);
  }
  ASSERT_EQ(contests.size(), 2u);
  EXPECT_NE(contests[0].find(anna_.id + " "), std::string::npos);
  EXPECT_NE(contests[0].find("received"), std::string::npos);
  EXPECT_NE(contests[1].find(eva.id + " "), std::string::npos);
  EXPECT_NE(contests[1].find("upheld"), std::string::npos);
}

// Two colleagues review the same contest at once, while a third dismisses the flag (which upholds
// a contest still waiting): one of them decides the contest, and the customer is told one
// outcome.
TEST_F(DecisionTest, TwoReviewsAtOnceDecideOnce) {
  const auto eva = Agent("eva", {"algemeen"});
  const auto tom = Agent("tom", {"algemeen"});
  const auto kim = Agent("kim", {"algemeen"});
  auto raised = desk_->RaiseFlag(anna_, id_, FlagToRaise());
  ASSERT_TRUE(raised.ok());
  ASSERT_TRUE(desk_->ContestFlag(anna_, raised->id, "x1", "Het was mijn eigen pas").ok());
  std::array<base::StatusCode, 3> codes{};
  {
    std::jthread first([&] {
      codes[0] = desk_->ReviewContest(eva, raised->id, "v1", model::ContestStage::kUpheld, "ja")
                     .status()
                     .code();
    });
    std::jthread second([&] {
      codes[1] = desk_->ReviewContest(tom, raised->id, "v2", model::ContestStage::kRejected, "nee")
                     .status()
                     .code();
    });
    std::jthread third([&] {
      codes[2] = desk_->ChangeFlag(kim, raised->id, model::FlagStatus::kDismissed, "toch niet")
                     .status()
                     .code();
    });
  }
  const int reviewed =
      static_cast<int>(std::count(codes.begin(), codes.begin() + 2, base::StatusCode::kOk));
  EXPECT_LE(reviewed, 1) << "at most one review decides (the dismissal may come first)";
  for (const base::StatusCode code : codes) {
    EXPECT_TRUE(code == base::StatusCode::kOk || code == base::StatusCode::kFailedPrecondition)
        << static_cast<int>(code);
  }
  auto stored = desk_->FlagsOf(eva, id_);
  ASSERT_TRUE(stored.ok());
  ASSERT_EQ(stored->front().contests.size(), 1u);
  EXPECT_NE(stored->front().contests[0].stage, model::ContestStage::kReceived);
  int told = 0;
  for (const model::Event& event : CustomerSees(id_)) {
    if (event.kind() == model::EventKind::kContest &&
        event.As<model::ContestEvent>()->stage != model::ContestStage::kReceived) {
      ++told;
    }
  }
  EXPECT_EQ(told, 1) << "the customer is told one outcome";
}

// Dismissing a flag whose contest waits gives the customer right: the contest is upheld with the
// dismissal's reason and the customer is told, even when whoever dismisses it raised it.
TEST_F(DecisionTest, DismissingAContestedFlagUpholdsTheContest) {
  auto raised = desk_->RaiseFlag(anna_, id_, FlagToRaise());
  ASSERT_TRUE(raised.ok());
  ASSERT_TRUE(desk_->ContestFlag(anna_, raised->id, "x1", "Het was mijn eigen pas").ok());
  auto dismissed = desk_->ChangeFlag(anna_, raised->id, model::FlagStatus::kDismissed,
                                     "Ik had het mis: het is de eigen pas");
  ASSERT_TRUE(dismissed.ok()) << dismissed.status().ToString();
  EXPECT_EQ(dismissed->status, model::FlagStatus::kDismissed);
  EXPECT_EQ(dismissed->contests[0].stage, model::ContestStage::kUpheld);
  EXPECT_EQ(dismissed->contests[0].reviewed_by, anna_.id);
  EXPECT_NE(LastTold().find("u krijgt gelijk"), std::string::npos) << LastTold();
  EXPECT_TRUE(desk_->ContestsToReview(Agent("eva", {"algemeen"}))->empty());
}

// What the customer reads of their contest, in their language, the reviewer's reason ended as a
// sentence.
TEST(ContestTexts, TheCustomerReadsEachStageInTheirLanguage) {
  using enum model::ContestStage;
  const model::Voice nl{model::Language::kDutch, model::Register::kFormal};
  const model::Voice en{model::Language::kEnglish, model::Register::kFormal};
  const model::Voice nl_je{model::Language::kDutch, model::Register::kInformal};
  EXPECT_EQ(ContestMessage(kReceived, "Mogelijk misbruik", "", nl),
            "Wij hebben uw bezwaar tegen wat wij over u hebben vastgelegd (Mogelijk misbruik) "
            "ontvangen. Een collega die er niet bij betrokken was, beoordeelt het. U leest de "
            "uitkomst en de reden in dit gesprek.");
  EXPECT_EQ(ContestMessage(kUpheld, "Possible misuse", "The card is yours ", en),
            "A colleague who was not involved has reviewed your objection: you are right. We have "
            "withdrawn what we recorded about you (Possible misuse). The reason: The card is "
            "yours.");
  EXPECT_EQ(ContestMessage(kRejected, "Possible misuse", "The facts hold!", en),
            "A colleague who was not involved has reviewed your objection: what we recorded about "
            "you (Possible misuse) stands. The reason: The facts hold! If you disagree, you can "
            "file a complaint.");
  EXPECT_NE(ContestMessage(kRejected, "Mogelijk misbruik", "De feiten kloppen", nl)
                .find("blijft staan. De reden: De feiten kloppen. Bent u het hier niet mee eens"),
            std::string::npos);
  EXPECT_EQ(ContestMessage(kUpheld, "Mogelijk misbruik", "Klopt", nl_je),
            "Een collega die er niet bij betrokken was, heeft je bezwaar beoordeeld: je krijgt "
            "gelijk. Wij hebben wat wij over jou hebben vastgelegd (Mogelijk misbruik) "
            "ingetrokken. De reden: Klopt.");
}

// Every decision, answer (a lapse too) and flag change is an entry of the audit trail, which still
// verifies after them.
TEST_F(DecisionTest, DecisionsAnswersAndFlagsAreAuditEntries) {
  AuditTrail audit(*store_, clock_);
  desk_->SetAuditTrail(&audit);
  const auto boss = Agent("baas", {"algemeen"}, 3, true, model::Role::kSupervisor);
  ASSERT_TRUE(desk_->RecordDecision(anna_, id_, "d1", {"waive_fee", 1000, "storing", ""}).ok());
  const std::int64_t approved =
      desk_->RecordDecision(anna_, id_, "d2", {"waive_fee", 9000, "schade", ""})->seq;
  ASSERT_TRUE(desk_->AnswerApproval(boss, id_, approved, "p1", "approved", "ok").ok());
  ASSERT_TRUE(desk_->RecordDecision(anna_, id_, "d3", {"waive_fee", 8000, "schade", ""}).ok());
  auto raised = desk_->RaiseFlag(anna_, id_, FlagToRaise());
  ASSERT_TRUE(raised.ok());
  ASSERT_TRUE(
      desk_->ChangeFlag(boss, raised->id, model::FlagStatus::kDismissed, "klopt niet").ok());
  clock_.Advance(25h);
  desk_->dispatcher().Dispatch();  // the third decision's request lapses

  auto entries = store_->AuditEntries(0, 100);
  ASSERT_TRUE(entries.ok());
  std::vector<std::string> seen;
  for (const auto& entry : *entries) {
    if (entry.conversation_id == id_) seen.push_back(entry.actor + " " + entry.action);
  }
  EXPECT_EQ(seen,
            (std::vector<std::string>{anna_.id + " decision", anna_.id + " decision",
                                      boss.id + " approval", anna_.id + " decision",
                                      anna_.id + " flag", boss.id + " flag", "system approval"}));
  EXPECT_EQ(entries->back().details.find("expired") != std::string::npos, true);
  auto verified = audit.Verify();
  ASSERT_TRUE(verified.ok());
  EXPECT_TRUE(verified->intact());
}

}  // namespace
}  // namespace balie::service
