#ifndef BALIE_TESTS_SUPPORT_SERVICE_TESTING_H_
#define BALIE_TESTS_SUPPORT_SERVICE_TESTING_H_

// Test-only helpers of the service tests (compiled into service_test, not into the library): the
// demo knowledge base's engine, queues with known hours, and a listener that records.

#include <gtest/gtest.h>

#include <cstdlib>
#include <mutex>

#include "answer/engine.h"
#include "base/time_format.h"
#include "knowledge/knowledge_loader.h"
#include "model/conversation_machine.h"
#include "service/agent_roster.h"
#include "service/conversation_hub.h"
#include "service/queue_board.h"
#include "storage/conversation_store.h"

namespace balie::service::testing {

// Tuesday 24 November 2026, 10:00 in Amsterdam.
inline const base::TimePoint kTuesdayMorning = *base::ParseTime("2026-11-24T09:00:00Z");
// Sunday 29 November 2026, 03:00 in Amsterdam: closed until Monday 08:00.
inline const base::TimePoint kSundayNight = *base::ParseTime("2026-11-29T02:00:00Z");

inline std::unique_ptr<answer::Engine> BuildDemoEngine(model::Register dutch_register) {
  const char* source = std::getenv("BALIE_SOURCE_DIR");
  const std::filesystem::path dir =
      std::filesystem::path(source != nullptr ? source : ".") / "demo" / "voorbeeldbank";
  auto report = knowledge::LoadKnowledgeBase(dir);
  EXPECT_TRUE(report.ok()) << dir;
  answer::EngineConfig config;
  config.dutch_register = dutch_register;
  auto built = answer::Engine::Build(std::move(report.knowledge), config);
  EXPECT_TRUE(built.ok()) << built.status().ToString();
  return std::move(built).value();
}

// The demo knowledge base's engine, built once per register (Balie's default "u" unless a test
// asks for the demo's own "je").
inline const answer::Engine& DemoEngine(model::Register dutch_register = model::Register::kFormal) {
  if (dutch_register == model::Register::kInformal) {
    static const std::unique_ptr<answer::Engine> informal =
        BuildDemoEngine(model::Register::kInformal);
    return *informal;
  }
  static const std::unique_ptr<answer::Engine> formal = BuildDemoEngine(model::Register::kFormal);
  return *formal;
}

inline QueueConfig Queue(std::string id, std::vector<std::string> topics, int callbacks_per_slot) {
  routing::OfficeHoursConfig hours;
  for (const char* day : {"monday", "tuesday", "wednesday", "thursday", "friday"}) {
    hours.weekly[day] = {"08:00-20:00"};
  }
  hours.weekly["saturday"] = {"09:00-17:00"};
  hours.holidays["2026-12-25"] = {};
  auto office_hours = routing::OfficeHours::Create(hours);
  EXPECT_TRUE(office_hours.ok()) << office_hours.status().ToString();
  auto slots = routing::CallbackSlots::Create(std::move(office_hours).value(), {});
  EXPECT_TRUE(slots.ok());
  return QueueConfig{
      std::move(id),     "Klantenservice " + topics.front(), "Customer service " + topics.front(),
      std::move(topics), std::move(slots).value(),           callbacks_per_slot};
}

// A conversation store whose appends fail while `fail_appends` is set (a full disk, say), and
// otherwise pass every call on to `store`.
class FailingStore : public storage::ConversationStore {
 public:
  explicit FailingStore(storage::ConversationStore& store) : store_(store) {}
  bool fail_appends = false;

  base::Status Create(const model::Conversation& conversation,
                      std::span<const model::Event> events) override {
    return store_.Create(conversation, events);
  }
  base::Result<model::Conversation> Get(std::string_view id) override { return store_.Get(id); }
  base::Status Append(const model::Conversation& updated,
                      std::span<const model::Event> events) override {
    return fail_appends ? base::Unavailable("the disk is full (a test)")
                        : store_.Append(updated, events);
  }
  void AppendThen(model::Conversation updated, std::vector<model::Event> events,
                  AppendDone done) override {
    if (fail_appends) {
      return done(base::Unavailable("the disk is full (a test)"));
    }
    store_.AppendThen(std::move(updated), std::move(events), std::move(done));
  }
  bool ReadsNeverWait() const override { return store_.ReadsNeverWait(); }
  base::Status AppendAssignment(const model::Conversation& updated,
                                std::span<const model::Event> events, int capacity) override {
    return fail_appends ? base::Unavailable("the disk is full (a test)")
                        : store_.AppendAssignment(updated, events, capacity);
  }
  base::Status AppendBooking(const model::Conversation& updated,
                             std::span<const model::Event> events, int room) override {
    return fail_appends ? base::Unavailable("the disk is full (a test)")
                        : store_.AppendBooking(updated, events, room);
  }
  base::Result<std::vector<model::Event>> Events(std::string_view id, std::int64_t after_seq,
                                                 size_t limit) override {
    return store_.Events(id, after_seq, limit);
  }
  base::Result<std::optional<model::Event>> EventByClientId(std::string_view id,
                                                            std::string_view client_id) override {
    return store_.EventByClientId(id, client_id);
  }
  base::Result<std::vector<model::Conversation>> InStates(
      std::span<const model::ConversationState> states) override {
    return store_.InStates(states);
  }
  base::Result<std::vector<model::Conversation>> AwaitingReply() override {
    return store_.AwaitingReply();
  }
  base::Status AddQueueObservation(const QueueObservation& observation) override {
    return store_.AddQueueObservation(observation);
  }
  base::Result<std::vector<QueueObservation>> RecentQueueObservations(size_t limit) override {
    return store_.RecentQueueObservations(limit);
  }
  base::Result<std::vector<TakenCount>> TakenSince(base::TimePoint since,
                                                   std::chrono::milliseconds target) override {
    return store_.TakenSince(since, target);
  }
  base::Result<std::vector<model::Conversation>> OfCustomer(std::string_view customer_ref,
                                                            size_t limit) override {
    return store_.OfCustomer(customer_ref, limit);
  }
  base::Result<std::vector<DecisionRecord>> Decisions(base::TimePoint since, bool waiting_only,
                                                      size_t limit) override {
    return store_.Decisions(since, waiting_only, limit);
  }

 private:
  storage::ConversationStore& store_;
};

// Puts a member of staff serving `queues` on duty in `roster` (their console connected), as if they
// had logged in; returns them.
inline model::StaffMember PutOnDuty(AgentRoster& roster, std::string id,
                                    std::vector<std::string> queues) {
  model::StaffMember member;
  member.id = std::move(id);
  member.name = member.id;
  member.display_name = "Medewerker " + member.id;
  member.queues = std::move(queues);
  EXPECT_TRUE(roster.SetAccount(member).ok());
  roster.ConsoleConnected(member.id);
  return member;
}

// The stored summary of a conversation is its whole history applied through the state machine.
inline void ExpectTheHistoryReplaysToTheSummary(storage::ConversationStore& store,
                                                const model::Conversation& stored) {
  auto events = store.Events(stored.id, 0, 100000);
  ASSERT_TRUE(events.ok()) << events.status().ToString();
  auto replayed = model::Replay(stored, *events);
  ASSERT_TRUE(replayed.ok()) << stored.id << ": " << replayed.status().ToString();
  EXPECT_EQ(model::StateName(replayed->state), model::StateName(stored.state)) << stored.id;
  EXPECT_EQ(replayed->queue, stored.queue) << stored.id;
  EXPECT_EQ(replayed->agent, stored.agent) << stored.id;
  EXPECT_EQ(replayed->requested_agent, stored.requested_agent) << stored.id;
  EXPECT_EQ(replayed->callback, stored.callback) << stored.id;
  EXPECT_EQ(replayed->priority, stored.priority) << stored.id;
  EXPECT_EQ(replayed->last_seq, stored.last_seq) << stored.id;
  EXPECT_EQ(replayed->awaiting_reply, stored.awaiting_reply) << stored.id;
  if (stored.state == model::ConversationState::kWaiting) {
    EXPECT_EQ(replayed->queued_at, stored.queued_at) << stored.id;
  }
  if (stored.state == model::ConversationState::kAssigned) {
    EXPECT_EQ(replayed->assigned_at, stored.assigned_at) << stored.id;
  }
}

// Records what the hub delivers for one conversation.
class Recorder final : public ConversationListener {
 public:
  void OnEvent(const model::Event& event) override {
    std::lock_guard lock(mutex_);
    events.push_back(event);
  }
  void OnStatus(const ConversationStatus& status) override {
    std::lock_guard lock(mutex_);
    statuses.push_back(status);
  }
  void OnTyping(model::Author) override {}
  void OnStoredElsewhere(std::int64_t last_seq) override {
    std::lock_guard lock(mutex_);
    stored_elsewhere.push_back(last_seq);
  }

  std::mutex mutex_;
  std::vector<model::Event> events;
  std::vector<std::int64_t> stored_elsewhere;
  std::vector<ConversationStatus> statuses;
};

}  // namespace balie::service::testing

#endif  // BALIE_TESTS_SUPPORT_SERVICE_TESTING_H_
