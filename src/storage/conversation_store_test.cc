// The contract of ConversationStore (conversation_store.h), one suite run against every
// implementation: SQLite (a file of the test's) and PostgreSQL (a database of its own on a private
// server the program starts, support/postgres_server.h). What only one store does is tested in
// sqlite_store_test.cc and postgres_store_test.cc.

#include "storage/conversation_store.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "support/store_backends.h"
#include "support/store_testing.h"

namespace balie::storage {
namespace {

using model::Conversation;
using model::ConversationState;
using model::Event;
using model::EventKind;
using testing::NewConversation;
using testing::NewEvent;
const base::TimePoint kStart = testing::kStoreStart;

template <typename Backend>
class ConversationStoreTest : public testing::StoreTest<Backend> {
 protected:
  // Creates a conversation with its `started` event.
  Conversation Started(const std::string& id) {
    Conversation c = NewConversation(id);
    const Event started = NewEvent(1, EventKind::kStarted);
    EXPECT_TRUE(this->store_->Create(c, {&started, 1}).ok());
    return c;
  }

  // Runs `each(0)`, `each(1)`, … `each(threads - 1)` at once, each on a thread of its own.
  static void InParallel(int threads, const std::function<void(int)>& each) {
    std::vector<std::thread> running;
    running.reserve(static_cast<size_t>(threads));
    for (int t = 0; t < threads; ++t) {
      running.emplace_back(each, t);
    }
    for (auto& thread : running) {
      thread.join();
    }
  }
};

TYPED_TEST_SUITE(ConversationStoreTest, testing::StoreBackends, testing::StoreBackendNames);

TYPED_TEST(ConversationStoreTest, CreatesAndReadsBack) {
  Conversation c = this->Started("c1");
  auto read = this->store_->Get("c1");
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_EQ(read->token_hash, "hash-of-c1");
  EXPECT_EQ(read->state, ConversationState::kBot);
  EXPECT_EQ(read->created_at, kStart);
  EXPECT_EQ(read->last_seq, 1);
  EXPECT_FALSE(read->callback.has_value());
  EXPECT_EQ(this->store_->Get("nope").status().code(), base::StatusCode::kNotFound);

  const Event started = NewEvent(1, EventKind::kStarted);
  EXPECT_EQ(this->store_->Create(c, {&started, 1}).code(), base::StatusCode::kAlreadyExists);
}

TYPED_TEST(ConversationStoreTest, AppendsEventsAndTheSummaryTogether) {
  Conversation c = this->Started("c1");
  Event message = NewEvent(2, EventKind::kCustomerMessage, "m-1", "Ik ben mijn pas kwijt");
  Event reply = NewEvent(3, EventKind::kBotReply, "", "Blokkeer uw pas");
  model::BotReplyEvent answer;
  answer.sources = {{"pas-blokkeren", "Pas blokkeren", "https://example.nl/pas"}};
  reply.data = answer;
  c.state = ConversationState::kCallback;
  c.callback = model::CallbackBooking{kStart + std::chrono::hours(1),
                                      kStart + std::chrono::minutes(75), "+31 6 1234 5678", "An"};
  c.last_seq = 3;
  const std::vector<Event> events{message, reply};
  ASSERT_TRUE(this->store_->Append(c, events).ok());

  auto all = this->store_->Events("c1", 0, 100);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[1].text, "Ik ben mijn pas kwijt");
  EXPECT_EQ((*all)[1].client_id, "m-1");
  EXPECT_EQ((*all)[1].author, model::Author::kCustomer);
  EXPECT_EQ((*all)[2].data, reply.data);
  EXPECT_EQ((*all)[2].at, kStart + std::chrono::seconds(3));

  auto after = this->store_->Events("c1", 2, 100);
  ASSERT_TRUE(after.ok());
  ASSERT_EQ(after->size(), 1u);
  EXPECT_EQ(after->front().seq, 3);
  EXPECT_EQ(this->store_->Events("c1", 0, 2)->size(), 2u);

  auto read = this->store_->Get("c1");
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->state, ConversationState::kCallback);
  ASSERT_TRUE(read->callback.has_value());
  EXPECT_EQ(read->callback->phone, "+31 6 1234 5678");
  EXPECT_EQ(read->callback->end, kStart + std::chrono::minutes(75));
  EXPECT_EQ(read->last_seq, 3);
}

// Waits for the results of AppendThen calls; Wait() returns them in the order the calls were
// made, whichever was called back first.
class AppendResults {
 public:
  ConversationStore::AppendDone Expect() {
    std::lock_guard lock(mutex_);
    const size_t index = results_.size();
    results_.emplace_back();
    return [this, index](const base::Status& status) {
      std::lock_guard arrived(mutex_);
      results_[index] = status;
      ++arrived_count_;
      arrived_.notify_all();
    };
  }
  std::vector<base::Status> Wait() {
    std::unique_lock lock(mutex_);
    const bool all = arrived_.wait_for(lock, std::chrono::seconds(10),
                                       [this] { return arrived_count_ == results_.size(); });
    EXPECT_TRUE(all) << arrived_count_ << " of " << results_.size() << " called back";
    return results_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable arrived_;
  size_t arrived_count_ = 0;
  std::vector<base::Status> results_;
};

TYPED_TEST(ConversationStoreTest, AppendThenCallsBackOnceTheEventsAreStored) {
  Conversation a = this->Started("a");
  Conversation b = this->Started("b");
  AppendResults results;
  // Several at once, without waiting: they go in one or more group commits, and each is told.
  a.last_seq = 2;
  this->store_->AppendThen(a, {NewEvent(2, EventKind::kCustomerMessage, "m-1", "eerste")},
                           results.Expect());
  b.last_seq = 2;
  this->store_->AppendThen(b, {NewEvent(2, EventKind::kCustomerMessage, "m-1", "ander")},
                           results.Expect());
  a.last_seq = 3;
  this->store_->AppendThen(a, {NewEvent(3, EventKind::kBotReply, "", "antwoord")},
                           results.Expect());
  for (const base::Status& status : results.Wait()) {
    EXPECT_TRUE(status.ok()) << status.ToString();
  }
  EXPECT_EQ(this->store_->Get("a")->last_seq, 3);
  EXPECT_EQ(this->store_->Events("a", 0, 100)->size(), 3u);
  EXPECT_EQ(this->store_->Events("b", 0, 100)->back().text, "ander");

  // A refused append is told why and writes nothing; so is one refused before it is queued.
  AppendResults refused;
  a.last_seq = 4;
  this->store_->AppendThen(a, {NewEvent(4, EventKind::kCustomerMessage, "m-1", "nog eens")},
                           refused.Expect());
  a.last_seq = 9;
  this->store_->AppendThen(a, {NewEvent(5, EventKind::kCustomerMessage, "m-2", "gat")},
                           refused.Expect());
  // (The second is usually told at once, before the first is committed; the results are read
  // by call, not by arrival.)
  const auto statuses = refused.Wait();
  ASSERT_EQ(statuses.size(), 2u);
  EXPECT_EQ(statuses[0].code(), base::StatusCode::kAlreadyExists) << statuses[0].ToString();
  EXPECT_EQ(statuses[1].code(), base::StatusCode::kInvalidArgument) << statuses[1].ToString();
  EXPECT_EQ(this->store_->Events("a", 0, 100)->size(), 3u);
}

TYPED_TEST(ConversationStoreTest, AWriteWaitedForInAnAppendsCallbackIsRefusedNotADeadlock) {
  Conversation a = this->Started("a");
  Conversation b = this->Started("b");
  AppendResults results;
  auto done = results.Expect();
  base::Status inner = base::Status::Ok();
  a.last_seq = 2;
  b.last_seq = 2;
  const Event other = NewEvent(2, EventKind::kCustomerMessage, "m-1", "ander");
  this->store_->AppendThen(a, {NewEvent(2, EventKind::kCustomerMessage, "m-1", "eerste")},
                           [&](const base::Status& status) {
                             // On the writer thread: waiting here for another write would wait for
                             // itself.
                             inner = this->store_->Append(b, {&other, 1});
                             done(status);
                           });
  const auto statuses = results.Wait();
  ASSERT_EQ(statuses.size(), 1u);
  EXPECT_TRUE(statuses[0].ok()) << statuses[0].ToString();
  EXPECT_EQ(inner.code(), base::StatusCode::kInternal) << inner.ToString();
  EXPECT_EQ(this->store_->Get("b")->last_seq, 1);
}

TYPED_TEST(ConversationStoreTest, RefusesADuplicateClientIdAndWritesNothing) {
  Conversation c = this->Started("c1");
  c.last_seq = 2;
  const Event first = NewEvent(2, EventKind::kCustomerMessage, "m-1", "eerste");
  ASSERT_TRUE(this->store_->Append(c, {&first, 1}).ok());

  c.last_seq = 3;
  c.awaiting_reply = true;
  const Event again = NewEvent(3, EventKind::kCustomerMessage, "m-1", "nog eens");
  EXPECT_EQ(this->store_->Append(c, {&again, 1}).code(), base::StatusCode::kAlreadyExists);
  EXPECT_EQ(this->store_->Events("c1", 0, 100)->size(), 2u);
  EXPECT_FALSE(this->store_->Get("c1")->awaiting_reply);

  auto found = this->store_->EventByClientId("c1", "m-1");
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->seq, 2);
  EXPECT_FALSE(this->store_->EventByClientId("c1", "m-2")->has_value());
  // The same, with the conversation, in one read.
  auto for_change = this->store_->GetForChange("c1", "m-1");
  ASSERT_TRUE(for_change.ok()) << for_change.status().ToString();
  EXPECT_EQ(for_change->conversation.last_seq, 2);
  ASSERT_TRUE(for_change->resent.has_value());
  EXPECT_EQ(for_change->resent->seq, 2);
  EXPECT_EQ(for_change->resent->text, "eerste");
  EXPECT_EQ(for_change->resent->client_id, "m-1");
  for (const char* other : {"m-2", ""}) {
    for_change = this->store_->GetForChange("c1", other);
    ASSERT_TRUE(for_change.ok()) << for_change.status().ToString();
    EXPECT_EQ(for_change->conversation.id, "c1");
    EXPECT_FALSE(for_change->resent.has_value());
  }
  EXPECT_EQ(this->store_->GetForChange("nope", "m-1").status().code(), base::StatusCode::kNotFound);
  // Client ids are per conversation.
  Conversation other = this->Started("c2");
  other.last_seq = 2;
  EXPECT_TRUE(this->store_->Append(other, {&first, 1}).ok());
}

TYPED_TEST(ConversationStoreTest, RefusesEventsThatDoNotFollowTheStoredOnes) {
  Conversation c = this->Started("c1");
  c.last_seq = 3;
  const Event gap = NewEvent(3, EventKind::kCustomerMessage, "m-1");
  EXPECT_EQ(this->store_->Append(c, {&gap, 1}).code(), base::StatusCode::kAborted);
  c.last_seq = 5;
  const Event wrong_last = NewEvent(2, EventKind::kCustomerMessage);
  EXPECT_EQ(this->store_->Append(c, {&wrong_last, 1}).code(), base::StatusCode::kInvalidArgument);
  Conversation unknown = NewConversation("nope");
  unknown.last_seq = 2;
  const Event next = NewEvent(2, EventKind::kCustomerMessage);
  EXPECT_EQ(this->store_->Append(unknown, {&next, 1}).code(), base::StatusCode::kNotFound);
}

// An assignment is stored only while the agent has room: the count of their conversations in
// storage, other than the one assigned, is below their capacity.
TYPED_TEST(ConversationStoreTest, AssignsOnlyWithinTheAgentsCapacity) {
  // `c` (waiting or assigned elsewhere) assigned to `agent`, as event `last_seq + 1`.
  const auto assign = [this](Conversation& c, const std::string& agent, int capacity) {
    Conversation updated = c;
    updated.state = ConversationState::kAssigned;
    updated.agent = agent;
    updated.last_seq = c.last_seq + 1;
    const Event assigned = NewEvent(updated.last_seq, EventKind::kAssigned);
    const base::Status status = this->store_->AppendAssignment(updated, {&assigned, 1}, capacity);
    if (status.ok()) {
      c = updated;
    }
    return status;
  };
  Conversation c1 = this->Started("c1");
  Conversation c2 = this->Started("c2");
  Conversation c3 = this->Started("c3");
  ASSERT_TRUE(assign(c1, "s-anna", 2).ok());
  ASSERT_TRUE(assign(c2, "s-anna", 2).ok());
  const base::Status full = assign(c3, "s-anna", 2);
  EXPECT_EQ(full.code(), base::StatusCode::kFailedPrecondition) << full.ToString();
  EXPECT_NE(full.message().find("capacity 2"), std::string::npos) << full.message();
  EXPECT_EQ(this->store_->Events("c3", 0, 100)->size(), 1u) << "nothing written";
  EXPECT_EQ(this->store_->Get("c3")->state, ConversationState::kBot);
  // Another agent has room; the conversation itself does not count against its own assignment.
  EXPECT_TRUE(assign(c3, "s-bob", 1).ok());
  EXPECT_TRUE(assign(c2, "s-anna", 2).ok()) << "assigned again to the same agent";
  EXPECT_EQ(assign(c3, "s-anna", 2).code(), base::StatusCode::kFailedPrecondition);
  // A conversation resolved frees its place.
  c1.state = ConversationState::kResolved;
  c1.last_seq += 1;
  const Event resolved = NewEvent(c1.last_seq, EventKind::kResolved);
  ASSERT_TRUE(this->store_->Append(c1, {&resolved, 1}).ok());
  EXPECT_TRUE(assign(c3, "s-anna", 2).ok());
  EXPECT_EQ(this->store_->Get("c3")->agent, "s-anna");
  // Capacity 0 takes nothing; an append that leaves no one assigned is no assignment.
  Conversation c4 = this->Started("c4");
  EXPECT_EQ(assign(c4, "s-carla", 0).code(), base::StatusCode::kFailedPrecondition);
  Conversation waiting = c4;
  waiting.last_seq = 2;
  const Event message = NewEvent(2, EventKind::kCustomerMessage, "m-1");
  EXPECT_EQ(this->store_->AppendAssignment(waiting, {&message, 1}, 3).code(),
            base::StatusCode::kInvalidArgument);
}

// A callback is booked only while its slot has room: the callbacks booked in the slot, in the
// conversation's queue, or with its requested agent for an advisor's own slot.
TYPED_TEST(ConversationStoreTest, BooksACallbackOnlyWhileItsSlotHasRoom) {
  const base::TimePoint nine = kStart + std::chrono::hours(24);
  // `id` booked in queue `queue` (with `agent`, if any) at `start` for a quarter, as event 2.
  const auto book = [&](const std::string& id, const std::string& queue, base::TimePoint start,
                        int room, const std::string& agent = "") {
    Conversation c = this->Started(id);
    c.state = ConversationState::kCallback;
    c.queue = queue;
    c.requested_agent = agent;
    c.callback = model::CallbackBooking{start, start + std::chrono::minutes(15), "0612345678", ""};
    c.last_seq = 2;
    const Event booked = NewEvent(2, EventKind::kChoice);
    return this->store_->AppendBooking(c, {&booked, 1}, room);
  };
  EXPECT_TRUE(book("c1", "algemeen", nine, 2).ok());
  EXPECT_TRUE(book("c2", "algemeen", nine, 2).ok());
  const base::Status full = book("c3", "algemeen", nine, 2);
  EXPECT_EQ(full.code(), base::StatusCode::kFailedPrecondition) << full.ToString();
  EXPECT_EQ(this->store_->Events("c3", 0, 100)->size(), 1u) << "nothing written";
  // Another slot, another queue: room.
  EXPECT_TRUE(book("c4", "algemeen", nine + std::chrono::minutes(15), 2).ok());
  EXPECT_TRUE(book("c5", "hypotheken", nine, 2).ok());
  // An advisor's own slot counts their bookings, whatever the queue's.
  EXPECT_TRUE(book("c6", "hypotheken", nine, 1, "s-anna").ok());
  EXPECT_EQ(book("c7", "algemeen", nine, 1, "s-anna").code(),
            base::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(book("c8", "algemeen", nine, 1, "s-bob").ok());
  // What holds no booking is no booking.
  Conversation c9 = this->Started("c9");
  c9.last_seq = 2;
  const Event message = NewEvent(2, EventKind::kCustomerMessage, "m-1");
  EXPECT_EQ(this->store_->AppendBooking(c9, {&message, 1}, 3).code(),
            base::StatusCode::kInvalidArgument);
}

// Many threads assigning their conversations to one agent at once: exactly `capacity` succeed.
TYPED_TEST(ConversationStoreTest, NeverAssignsPastCapacityUnderConcurrency) {
  constexpr int kThreads = 12;
  constexpr int kCapacity = 3;
  for (int t = 0; t < kThreads; ++t) {
    this->Started("c" + std::to_string(t));
  }
  std::atomic<int> stored{0};
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([this, t, &stored] {
      if (testing::AssignSecond(*this->store_, NewConversation("c" + std::to_string(t)), "s-anna",
                                kCapacity)) {
        ++stored;
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  EXPECT_EQ(stored.load(), kCapacity);
  const ConversationState assigned[] = {ConversationState::kAssigned};
  EXPECT_EQ(this->store_->InStates(assigned)->size(), size_t{kCapacity});
}

TYPED_TEST(ConversationStoreTest, KeepsEverythingAcrossReopening) {
  Conversation c = this->Started("c1");
  c.state = ConversationState::kWaiting;
  c.queue = "algemeen";
  c.awaiting_reply = true;
  c.last_seq = 2;
  const Event message = NewEvent(2, EventKind::kCustomerMessage, "m-1", "hallo");
  ASSERT_TRUE(this->store_->Append(c, {&message, 1}).ok());
  this->Started("c2");
  this->Reopen();
  EXPECT_EQ(this->store_->Events("c1", 0, 100)->size(), 2u);
  const ConversationState waiting[] = {ConversationState::kWaiting};
  auto in_queue = this->store_->InStates(waiting);
  ASSERT_TRUE(in_queue.ok());
  ASSERT_EQ(in_queue->size(), 1u);
  EXPECT_EQ(in_queue->front().queue, "algemeen");
  auto awaiting = this->store_->AwaitingReply();
  ASSERT_TRUE(awaiting.ok());
  ASSERT_EQ(awaiting->size(), 1u);
  EXPECT_EQ(awaiting->front().id, "c1");
}

TYPED_TEST(ConversationStoreTest, GroupsConcurrentWritesIntoFewerCommits) {
  constexpr int kThreads = 16;
  constexpr int kPerThread = 40;
  for (int t = 0; t < kThreads; ++t) {
    this->Started("c" + std::to_string(t));
  }
  const auto before = this->store_->stats();
  this->InParallel(kThreads, [this](int t) {
    Conversation c = NewConversation("c" + std::to_string(t));
    for (int i = 0; i < kPerThread; ++i) {
      c.last_seq = i + 2;
      const Event message =
          NewEvent(c.last_seq, EventKind::kCustomerMessage, "m-" + std::to_string(i), "tekst");
      EXPECT_TRUE(this->store_->Append(c, {&message, 1}).ok());
    }
  });
  const auto after = this->store_->stats();
  EXPECT_EQ(after.writes - before.writes, std::uint64_t{kThreads} * kPerThread);
  EXPECT_LT(after.commits - before.commits, after.writes - before.writes);
  for (int t = 0; t < kThreads; ++t) {
    EXPECT_EQ(this->store_->Events("c" + std::to_string(t), 0, 1000)->size(),
              size_t{kPerThread + 1});
  }
}

// Resends refused while other writes are grouped with them into one commit: each refused write
// leaves nothing, and the writes beside it are stored all the same.
TYPED_TEST(ConversationStoreTest, ARefusedWriteLeavesTheOthersOfItsCommitIn) {
  constexpr int kThreads = 8;
  constexpr int kPerThread = 25;
  for (int t = 0; t < kThreads; ++t) {
    this->Started("c" + std::to_string(t));
  }
  this->InParallel(kThreads, [this](int t) {
    Conversation c = NewConversation("c" + std::to_string(t));
    for (int i = 0; i < kPerThread; ++i) {
      c.last_seq = i + 2;
      const std::string client_id = "m-" + std::to_string(i);
      const Event message = NewEvent(c.last_seq, EventKind::kCustomerMessage, client_id, "x");
      EXPECT_TRUE(this->store_->Append(c, {&message, 1}).ok());
      Conversation resent = c;
      resent.last_seq = c.last_seq + 1;
      const Event again = NewEvent(resent.last_seq, EventKind::kCustomerMessage, client_id);
      EXPECT_EQ(this->store_->Append(resent, {&again, 1}).code(), base::StatusCode::kAlreadyExists);
    }
  });
  for (int t = 0; t < kThreads; ++t) {
    const auto events = this->store_->Events("c" + std::to_string(t), 0, 1000);
    ASSERT_TRUE(events.ok());
    ASSERT_EQ(events->size(), size_t{kPerThread + 1});
    EXPECT_EQ(events->back().client_id, "m-" + std::to_string(kPerThread - 1));
    EXPECT_EQ(this->store_->Get("c" + std::to_string(t))->last_seq, kPerThread + 1);
  }
}

TYPED_TEST(ConversationStoreTest, KeepsEveryCharacterAndRefusesOneClientIdTwiceInAnAppend) {
  Conversation c = this->Started("c1");
  c.last_seq = 3;
  const std::string text = "Zeg \"ja\" \\ {\"a\": [1]}\n'quote' \u20ac7,50 \U0001F44D\t";
  const Event two[] = {NewEvent(2, EventKind::kCustomerMessage, "m-\"1\"", text),
                       NewEvent(3, EventKind::kBotReply, "", "")};
  ASSERT_TRUE(this->store_->Append(c, two).ok());
  const auto events = this->store_->Events("c1", 1, 10);
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 2u);
  EXPECT_EQ(events->front().text, text);
  EXPECT_EQ(events->front().client_id, "m-\"1\"");
  EXPECT_EQ(events->back().client_id, "");
  EXPECT_EQ(events->back().data, two[1].data);

  c.last_seq = 5;
  const Event same[] = {NewEvent(4, EventKind::kCustomerMessage, "m-2"),
                        NewEvent(5, EventKind::kCustomerMessage, "m-2")};
  EXPECT_EQ(this->store_->Append(c, same).code(), base::StatusCode::kAlreadyExists);
  EXPECT_EQ(this->store_->Get("c1")->last_seq, 3);
  EXPECT_EQ(this->store_->Events("c1", 0, 10)->size(), 3u);
}

TYPED_TEST(ConversationStoreTest, FindsACustomersConversationsNewestFirst) {
  for (int i = 0; i < 3; ++i) {
    Conversation c = NewConversation("k" + std::to_string(i));
    c.customer_ref = i < 2 ? "K-1" : "K-2";
    c.created_at = kStart + std::chrono::minutes(i);
    const Event started = NewEvent(1, EventKind::kStarted);
    ASSERT_TRUE(this->store_->Create(c, {&started, 1}).ok());
  }
  auto mine = this->store_->OfCustomer("K-1", 10);
  ASSERT_TRUE(mine.ok());
  ASSERT_EQ(mine->size(), 2u);
  EXPECT_EQ(mine->front().id, "k1");
}

// Decisions are found across conversations with the answers to them, and the waiting ones alone.
TYPED_TEST(ConversationStoreTest, FindsDecisionsWithTheirAnswers) {
  const model::AgentRef anna{"s-anna", "Anna"};
  for (const std::string id : {"d1", "d2"}) {
    Conversation c = this->Started(id);
    c.queue = id == "d1" ? "algemeen" : "hypotheken";
    Event taken = NewEvent(2, EventKind::kDecision);
    taken.data = model::DecisionEvent{"waive_fee", "euro", 2500,  "trouwe klant",
                                      "",          anna,   false, std::nullopt};
    Event asked = NewEvent(3, EventKind::kDecision);
    asked.data = model::DecisionEvent{"waive_fee", "euro", 9000, "trouwe klant",
                                      "tarieven",  anna,   true, kStart + std::chrono::hours(24)};
    std::vector<Event> events{taken, asked};
    if (id == "d2") {
      Event approved = NewEvent(4, EventKind::kApproval);
      approved.data = model::ApprovalEvent{3, model::ApprovalVerdict::kApproved, "ok",
                                           model::AgentRef{"s-bob", "Bob"}};
      events.push_back(approved);
    }
    c.last_seq = events.back().seq;
    ASSERT_TRUE(this->store_->Append(c, events).ok());
  }
  auto all = this->store_->Decisions(kStart, false, 100);
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  ASSERT_EQ(all->size(), 4u);
  // By time, then conversation: (d1, 2), (d2, 2), (d1, 3), (d2, 3).
  EXPECT_EQ((*all)[2].conversation_id, "d1");
  EXPECT_EQ((*all)[2].queue, "algemeen");
  EXPECT_EQ((*all)[2].decision.seq, 3);
  EXPECT_FALSE((*all)[2].answer.has_value());
  ASSERT_TRUE((*all)[3].answer.has_value());
  EXPECT_EQ((*all)[3].answer->template As<model::ApprovalEvent>()->verdict,
            model::ApprovalVerdict::kApproved);

  auto waiting = this->store_->Decisions(kStart, true, 100);
  ASSERT_TRUE(waiting.ok());
  ASSERT_EQ(waiting->size(), 1u) << "taken ones and answered ones do not wait";
  EXPECT_EQ(waiting->front().conversation_id, "d1");
  EXPECT_EQ(this->store_->Decisions(kStart + std::chrono::hours(1), false, 100)->size(), 0u);
  auto latest = this->store_->Decisions(kStart, false, 1);
  ASSERT_EQ(latest->size(), 1u);
  EXPECT_EQ(latest->front().conversation_id, "d2") << "at most `limit`, the latest";
}

// What the queues observed: the latest of each kind of every queue, and the waits taken since.
TYPED_TEST(ConversationStoreTest, KeepsWhatTheQueuesObserved) {
  using Observation = ConversationStore::QueueObservation;
  const auto minutes = [](int n) { return kStart + std::chrono::minutes(n); };
  const std::vector<Observation> observed = {
      {"algemeen", "taken", std::chrono::seconds(30), minutes(1)},
      {"algemeen", "taken", std::chrono::seconds(90), minutes(2)},
      {"algemeen", "taken", std::chrono::seconds(45), minutes(3)},
      {"algemeen", "handled", std::chrono::minutes(7), minutes(4)},
      {"hypotheken", "abandoned", std::chrono::seconds(200), minutes(5)},
      {"hypotheken", "taken", std::chrono::seconds(50), minutes(6)},
  };
  for (const Observation& observation : observed) {
    ASSERT_TRUE(this->store_->AddQueueObservation(observation).ok());
  }
  auto recent = this->store_->RecentQueueObservations(2);
  ASSERT_TRUE(recent.ok()) << recent.status().ToString();
  ASSERT_EQ(recent->size(), 5u) << "the oldest taken of algemeen is beyond the latest 2";
  EXPECT_EQ(recent->front().duration, std::chrono::seconds(90));
  EXPECT_EQ(recent->front().at, minutes(2));
  EXPECT_EQ(recent->back().queue, "hypotheken");
  EXPECT_EQ(recent->back().kind, "taken");

  auto taken = this->store_->TakenSince(minutes(2), std::chrono::seconds(60));
  ASSERT_TRUE(taken.ok()) << taken.status().ToString();
  ASSERT_EQ(taken->size(), 2u);
  EXPECT_EQ((*taken)[0].queue, "algemeen");
  EXPECT_EQ((*taken)[0].taken, 2);
  EXPECT_EQ((*taken)[0].within_target, 1);
  EXPECT_EQ((*taken)[1].queue, "hypotheken");
  EXPECT_EQ((*taken)[1].taken, 1);
  EXPECT_EQ((*taken)[1].within_target, 1);
}

}  // namespace
}  // namespace balie::storage
