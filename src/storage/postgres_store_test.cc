// What only the PostgreSQL store does (the contract it shares with SQLite is tested in
// conversation_store_test.cc), on the test program's private server (support/postgres_server.h).

#include "storage/postgres_store.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <pqxx/pqxx>
#include <thread>

#include "storage/postgres_statement.h"
#include "support/postgres_server.h"
#include "support/store_testing.h"

namespace balie::storage {
namespace {

using model::Conversation;
using model::Event;
using model::EventKind;
using testing::NewConversation;
using testing::NewEvent;

class PostgresStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto url = testing::NewPostgresDatabase();
    ASSERT_TRUE(url.ok()) << url.status().ToString();
    url_ = std::move(url).value();
    auto store = PostgresStore::Open(url_);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
  }

  std::string url_;
  std::unique_ptr<PostgresStore> store_;
};

TEST_F(PostgresStoreTest, EventsCannotBeChangedOrRemovedButATextMayBeErasedOnce) {
  Conversation c = NewConversation("c1");
  c.last_seq = 2;
  const std::vector<Event> events = {NewEvent(1, EventKind::kStarted),
                                     NewEvent(2, EventKind::kCustomerMessage, "m-1", "geheim")};
  ASSERT_TRUE(store_->Create(c, events).ok());
  pqxx::connection db(url_);
  pqxx::nontransaction tx(db);
  EXPECT_THROW(tx.exec("UPDATE events SET text = 'changed'"), pqxx::sql_error);
  EXPECT_THROW(tx.exec("UPDATE events SET data = '{}' WHERE seq = 2"), pqxx::sql_error)
      << "the fields change only with the erasure";
  EXPECT_THROW(tx.exec("DELETE FROM events"), pqxx::sql_error);
  EXPECT_THROW(
      tx.exec("UPDATE events SET text = '', text_erased_sha256 = 'x', at = 0 WHERE seq = 2"),
      pqxx::sql_error)
      << "erasing a text changes nothing else";
  tx.exec("UPDATE events SET text = '', text_erased_sha256 = 'abc', data = '{}' WHERE seq = 2");
  EXPECT_THROW(tx.exec("UPDATE events SET text_erased_sha256 = 'def' WHERE seq = 2"),
               pqxx::sql_error)
      << "once";
  EXPECT_THROW(tx.exec("UPDATE events SET data = '{\"x\": 1}' WHERE seq = 2"), pqxx::sql_error)
      << "once";
  auto read = store_->Events("c1", 1, 10);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  ASSERT_EQ(read->size(), 1u);
  EXPECT_EQ(read->front().text, "");
  EXPECT_EQ(read->front().erased_text_sha256, "abc");
}

TEST_F(PostgresStoreTest, TheAuditTrailAndTheEventsCannotBeChangedRemovedOrEmptied) {
  model::AuditEntry entry;
  entry.actor = "s_1";
  entry.action = "login";
  ASSERT_TRUE(
      store_->AppendAudit(entry, [](const model::AuditEntry& e) { return std::to_string(e.seq); })
          .ok());
  pqxx::connection db(url_);
  pqxx::nontransaction tx(db);
  EXPECT_THROW(tx.exec("UPDATE audit_log SET actor = 's_2'"), pqxx::sql_error);
  EXPECT_THROW(tx.exec("DELETE FROM audit_log"), pqxx::sql_error);
  EXPECT_THROW(tx.exec("TRUNCATE audit_log"), pqxx::sql_error);
  EXPECT_THROW(tx.exec("TRUNCATE events CASCADE"), pqxx::sql_error);
  EXPECT_EQ(store_->AuditEntries(0, 10)->size(), 1u);
}

TEST_F(PostgresStoreTest, RefusesADatabaseFromANewerVersion) {
  store_.reset();
  {
    pqxx::connection db(url_);
    pqxx::nontransaction tx(db);
    tx.exec("UPDATE balie_schema_version SET version = 99");
  }
  auto store = PostgresStore::Open(url_);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), base::StatusCode::kFailedPrecondition);
  EXPECT_NE(store.status().message().find("newer"), std::string::npos) << store.status().message();
}

// Several processes (here: two stores) on one database: an append waits for another's on the same
// conversation and then finds that it came second; opening migrates once.
TEST_F(PostgresStoreTest, TwoStoresOnOneDatabaseNeverAppendTheSameSeq) {
  auto other = PostgresStore::Open(url_);
  ASSERT_TRUE(other.ok()) << other.status().ToString();
  Conversation c = NewConversation("c1");
  const Event started = NewEvent(1, EventKind::kStarted);
  ASSERT_TRUE(store_->Create(c, {&started, 1}).ok());
  EXPECT_EQ((*other)->Create(c, {&started, 1}).code(), base::StatusCode::kAlreadyExists);

  constexpr int kRounds = 50;
  int ok = 0;
  int second = 0;
  for (int round = 0; round < kRounds; ++round) {
    Conversation next = c;
    next.last_seq = round + 2;
    const Event a =
        NewEvent(next.last_seq, EventKind::kCustomerMessage, "a-" + std::to_string(round));
    const Event b =
        NewEvent(next.last_seq, EventKind::kCustomerMessage, "b-" + std::to_string(round));
    base::Status from_a;
    base::Status from_b;
    std::thread racing([&] { from_b = (*other)->Append(next, {&b, 1}); });
    from_a = store_->Append(next, {&a, 1});
    racing.join();
    for (const base::Status& status : {from_a, from_b}) {
      if (status.ok()) {
        ++ok;
      } else {
        EXPECT_EQ(status.code(), base::StatusCode::kAborted) << status.ToString();
        ++second;
      }
    }
  }
  EXPECT_EQ(ok, kRounds);
  EXPECT_EQ(second, kRounds);
  EXPECT_EQ(store_->Events("c1", 0, 1000)->size(), size_t{kRounds + 1});
}

// GetForChangeNow: a conversation this process stored or read, as a read would give it, until an
// append of it fails or another process's change of it is heard.
TEST_F(PostgresStoreTest, AConversationIsRememberedUntilItMayHaveChanged) {
  auto other = PostgresStore::Open(url_);
  ASSERT_TRUE(other.ok()) << other.status().ToString();
  EXPECT_FALSE(store_->GetForChangeNow("c1", "").has_value()) << "nothing stored";
  Conversation c = NewConversation("c1");
  const Event started = NewEvent(1, EventKind::kStarted);
  ASSERT_TRUE((*other)->Create(c, {&started, 1}).ok());
  EXPECT_FALSE(store_->GetForChangeNow("c1", "").has_value()) << "stored by another process";

  auto read = store_->GetForChange("c1", "m-1");
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_FALSE(read->unchecked);
  auto remembered = store_->GetForChangeNow("c1", "m-1");
  ASSERT_TRUE(remembered.has_value());
  ASSERT_TRUE(remembered->ok());
  EXPECT_TRUE((*remembered)->unchecked);
  EXPECT_EQ((*remembered)->conversation, read->conversation);
  EXPECT_FALSE((*remembered)->resent.has_value()) << "not known without a read";

  // What this process appends, with its times to the millisecond as storage keeps them.
  Conversation next = read->conversation;
  next.last_seq = 2;
  next.assigned_at = c.created_at + std::chrono::microseconds(1500);
  const Event asked = NewEvent(2, EventKind::kCustomerMessage, "m-1");
  ASSERT_TRUE(store_->Append(next, {&asked, 1}).ok());
  remembered = store_->GetForChangeNow("c1", "");
  ASSERT_TRUE(remembered.has_value() && remembered->ok());
  EXPECT_EQ((*remembered)->conversation, store_->GetForChange("c1", "")->conversation);
  EXPECT_EQ((*remembered)->conversation.last_seq, 2);

  // A resend from the copy: refused by its client id, and forgotten.
  Conversation resend = (*remembered)->conversation;
  resend.last_seq = 3;
  const Event again = NewEvent(3, EventKind::kCustomerMessage, "m-1");
  EXPECT_EQ(store_->Append(resend, {&again, 1}).code(), base::StatusCode::kAlreadyExists);
  EXPECT_FALSE(store_->GetForChangeNow("c1", "").has_value());

  // Another process appends: the copy read before is stale, refused, and forgotten.
  ASSERT_TRUE(store_->GetForChange("c1", "").ok());
  ASSERT_TRUE(store_->GetForChangeNow("c1", "").has_value());
  Conversation elsewhere = *(*other)->Get("c1");
  elsewhere.last_seq = 3;
  const Event theirs = NewEvent(3, EventKind::kCustomerMessage, "m-2");
  ASSERT_TRUE((*other)->Append(elsewhere, {&theirs, 1}).ok());
  Conversation stale = (*store_->GetForChangeNow("c1", ""))->conversation;
  EXPECT_EQ(stale.last_seq, 2);
  stale.last_seq = 3;
  const Event mine = NewEvent(3, EventKind::kCustomerMessage, "m-3");
  EXPECT_EQ(store_->Append(stale, {&mine, 1}).code(), base::StatusCode::kAborted);
  EXPECT_FALSE(store_->GetForChangeNow("c1", "").has_value());

  // Following the other processes: their change is forgotten as it is heard (told to this one
  // since it watches the conversation: a change that leaves it with the bot is told only to the
  // processes that do).
  std::mutex mutex;
  std::condition_variable heard;
  int changes = 0;
  bool connected = false;
  auto feed = store_->FollowChanges({[&](std::span<const StoredChange>) {
                                       std::lock_guard lock(mutex);
                                       ++changes;
                                       heard.notify_all();
                                     },
                                     [&] {
                                       std::lock_guard lock(mutex);
                                       connected = true;
                                       heard.notify_all();
                                     },
                                     {},
                                     {},
                                     {}});
  {
    std::unique_lock lock(mutex);
    ASSERT_TRUE(heard.wait_for(lock, std::chrono::seconds(10), [&] { return connected; }));
  }
  ASSERT_TRUE(store_->Watch("c1").ok());
  ASSERT_TRUE(store_->GetForChange("c1", "").ok());
  ASSERT_TRUE(store_->GetForChangeNow("c1", "").has_value());
  elsewhere.last_seq = 4;
  const Event later = NewEvent(4, EventKind::kCustomerMessage, "m-4");
  ASSERT_TRUE((*other)->Append(elsewhere, {&later, 1}).ok());
  {
    std::unique_lock lock(mutex);
    ASSERT_TRUE(heard.wait_for(lock, std::chrono::seconds(10), [&] { return changes == 1; }));
  }
  EXPECT_FALSE(store_->GetForChangeNow("c1", "").has_value());
}

TEST_F(PostgresStoreTest, RemembersAtMostTheConversationsItMay) {
  PostgresOptions options;
  options.remembered_conversations = 2;
  auto limited = PostgresStore::Open(url_, options);
  ASSERT_TRUE(limited.ok()) << limited.status().ToString();
  options.remembered_conversations = 0;
  auto none = PostgresStore::Open(url_, options);
  ASSERT_TRUE(none.ok()) << none.status().ToString();
  const Event started = NewEvent(1, EventKind::kStarted);
  int remembered = 0;
  for (const char* id : {"c1", "c2", "c3"}) {
    ASSERT_TRUE((*limited)->Create(NewConversation(id), {&started, 1}).ok());
    ASSERT_TRUE((*none)->GetForChange(id, "").ok());
    EXPECT_FALSE((*none)->GetForChangeNow(id, "").has_value());
  }
  for (const char* id : {"c1", "c2", "c3"}) {
    remembered += (*limited)->GetForChangeNow(id, "").has_value() ? 1 : 0;
  }
  EXPECT_EQ(remembered, 2);
}

// Two processes whose groups hold the same conversations, in any order, never wait for
// each other: a group locks its rows in the order of their conversations (a deadlock would fail
// both processes' writes after PostgreSQL's deadlock_timeout).
TEST_F(PostgresStoreTest, GroupsOnTheSameConversationsOfTwoStoresDoNotDeadlock) {
  auto other = PostgresStore::Open(url_);
  ASSERT_TRUE(other.ok()) << other.status().ToString();
  const std::vector<std::string> ids = {"c-a", "c-b", "c-c", "c-d"};
  for (const std::string& id : ids) {
    const Event started = NewEvent(1, EventKind::kStarted);
    ASSERT_TRUE(store_->Create(NewConversation(id), {&started, 1}).ok());
  }
  constexpr int kRounds = 100;
  std::atomic<int> failed{0};
  std::vector<std::thread> threads;
  for (PostgresStore* store : {store_.get(), other->get()}) {
    for (const std::string& id : ids) {
      const std::string client = (store == store_.get() ? "one-" : "two-") + id + "-";
      threads.emplace_back([store, id, client, &failed] {
        for (int round = 0; round < kRounds; ++round) {
          // Read the last seq and append after it, again when another append came between.
          for (;;) {
            auto current = store->Get(id);
            ASSERT_TRUE(current.ok()) << current.status().ToString();
            Conversation next = *current;
            ++next.last_seq;
            const Event message = NewEvent(next.last_seq, EventKind::kCustomerMessage,
                                           client + std::to_string(round));
            const base::Status status = store->Append(next, {&message, 1});
            if (status.code() == base::StatusCode::kAborted) continue;
            if (!status.ok()) {
              ADD_FAILURE() << status.ToString();
              ++failed;
            }
            break;
          }
        }
      });
    }
  }
  for (auto& thread : threads) {
    thread.join();
  }
  EXPECT_EQ(failed.load(), 0);
  for (const std::string& id : ids) {
    EXPECT_EQ(store_->Events(id, 0, 1000)->size(), size_t{2 * kRounds + 1}) << id;
  }
}

// A process that vanished in the middle of a group commit keeps its rows locked until PostgreSQL
// notices (keepalives). Meanwhile the writes to those conversations fail after lock_timeout with
// "try again", and those to other conversations, in the same group or not, are stored: one stuck
// row never stalls the writer. (A group with a refused write is stored again with a savepoint per
// write; this is the test of that path after a statement that failed.)
TEST_F(PostgresStoreTest, ARowLockedByAVanishedProcessFailsOnlyItsOwnWritesAfterTheLockTimeout) {
  PostgresOptions options;
  options.lock_timeout = std::chrono::milliseconds(300);
  auto opened = PostgresStore::Open(url_, options);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  PostgresStore& store = **opened;
  for (const char* id : {"c-held", "c-free"}) {
    const Event started = NewEvent(1, EventKind::kStarted);
    ASSERT_TRUE(store.Create(NewConversation(id), {&started, 1}).ok());
  }
  // The vanished process: a transaction that holds c-held's row and never ends (until below).
  pqxx::connection vanished(url_);
  pqxx::work held(vanished);
  held.exec("SELECT 1 FROM conversations WHERE id = 'c-held' FOR UPDATE");

  const auto append = [&store](const std::string& id, const std::string& client) {
    return std::async(std::launch::async, [&store, id, client] {
      Conversation next = *store.Get(id);
      ++next.last_seq;
      const Event message = NewEvent(next.last_seq, EventKind::kCustomerMessage, client);
      return store.Append(next, {&message, 1});
    });
  };
  // A first write to the locked row keeps the writer waiting; the two written meanwhile are one
  // group, which is stored again with a savepoint per write once the locked row refuses it.
  auto first = append("c-held", "m-held-1");
  pqxx::connection watcher(url_);
  const auto waited_since = std::chrono::steady_clock::now();
  while (pqxx::nontransaction(watcher)
                 .exec1("SELECT count(*) FROM pg_locks WHERE NOT granted")[0]
                 .as<int>() == 0 &&
         std::chrono::steady_clock::now() - waited_since < std::chrono::seconds(10)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  auto stuck = append("c-held", "m-held-2");
  auto free = append("c-free", "m-free");
  const auto bounded = std::chrono::seconds(10);  // without a lock timeout: forever
  bool ended = true;
  for (auto* write : {&first, &stuck, &free}) {
    ended = ended && write->wait_for(bounded) == std::future_status::ready;
  }
  if (!ended) {
    held.abort();  // let the writer go before the store is closed
  }
  ASSERT_TRUE(ended) << "a write waited past 10 s";
  for (auto* write : {&first, &stuck}) {
    const base::Status status = write->get();
    EXPECT_EQ(status.code(), base::StatusCode::kUnavailable) << status.ToString();
    EXPECT_NE(status.message().find("try again"), std::string::npos) << status.ToString();
  }
  const base::Status free_status = free.get();
  EXPECT_TRUE(free_status.ok()) << free_status.ToString();
  EXPECT_EQ(store.Events("c-free", 0, 10)->size(), size_t{2});
  EXPECT_EQ(store.Events("c-held", 0, 10)->size(), size_t{1});

  // Once the lock is gone (PostgreSQL ended the vanished session), the write goes through.
  held.abort();
  EXPECT_TRUE(append("c-held", "m-held").get().ok());
  EXPECT_EQ(store.Events("c-held", 0, 10)->size(), size_t{2});
}

// Processes assigning at once (each its own store, connections and group commits) never take an
// agent past their capacity: the count and the append are one step across them.
TEST_F(PostgresStoreTest, StoresOnOneDatabaseNeverAssignAnAgentPastCapacity) {
  constexpr int kStores = 3;
  constexpr int kPerStore = 8;
  constexpr int kCapacity = 3;
  std::vector<std::unique_ptr<PostgresStore>> stores;
  for (int i = 0; i < kStores; ++i) {
    auto store = PostgresStore::Open(url_);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    stores.push_back(std::move(store).value());
  }
  for (int round = 0; round < 5; ++round) {
    const std::string agent = "s-" + std::to_string(round);
    std::atomic<int> stored{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < kStores * kPerStore; ++i) {
      Conversation c = NewConversation(agent + "-c" + std::to_string(i));
      const Event started = NewEvent(1, EventKind::kStarted);
      ASSERT_TRUE(store_->Create(c, {&started, 1}).ok());
      threads.emplace_back([&stores, &stored, c, agent, i] {
        if (testing::AssignSecond(*stores[static_cast<size_t>(i % kStores)], c, agent, kCapacity)) {
          ++stored;
        }
      });
    }
    for (auto& thread : threads) {
      thread.join();
    }
    EXPECT_EQ(stored.load(), kCapacity) << agent;
  }
  pqxx::connection db(url_);
  pqxx::nontransaction tx(db);
  const pqxx::result most = tx.exec(
      "SELECT MAX(n) FROM (SELECT COUNT(*) AS n FROM conversations "
      "WHERE state = 'assigned' GROUP BY agent) AS loads");
  EXPECT_EQ(most[0][0].as<int>(), kCapacity);
}

// However many threads read at once, a store opens at most max_readers read connections (the
// others wait for one): a burst of reads does not run into PostgreSQL's max_connections.
TEST_F(PostgresStoreTest, ReadsBeyondMaxReadersWaitForAConnection) {
  auto bounded = PostgresStore::Open(url_, {.max_readers = 2});
  ASSERT_TRUE(bounded.ok()) << bounded.status().ToString();
  const Event started = NewEvent(1, EventKind::kStarted);
  ASSERT_TRUE((*bounded)->Create(NewConversation("c1"), {&started, 1}).ok());

  std::atomic<bool> reading{true};
  std::atomic<int> failed{0};
  std::vector<std::thread> readers;
  for (int i = 0; i < 16; ++i) {
    readers.emplace_back([&] {
      for (int round = 0; round < 20; ++round) {
        failed += (*bounded)->Events("c1", 0, 10).ok() ? 0 : 1;
      }
    });
  }
  int most = 0;
  {
    pqxx::connection db(url_);
    std::thread watch([&] {
      for (auto& reader : readers) reader.join();
      reading = false;
    });
    while (reading) {
      pqxx::nontransaction tx(db);
      most = std::max(most, tx.exec1("SELECT count(*) FROM pg_stat_activity WHERE datname = "
                                     "current_database() AND pid <> pg_backend_pid()")[0]
                                .as<int>());
    }
    watch.join();
  }
  EXPECT_EQ(failed, 0);
  // The fixture's store's writer, this one's writer, and its two readers.
  EXPECT_LE(most, 4);
}

// What another process commits reaches this one's feed, once per commit, in order; its own
// commits and refused writes do not. A lost connection is reconnected and said (connected).
TEST_F(PostgresStoreTest, TheChangeFeedFollowsTheCommitsOfOtherProcesses) {
  auto other = PostgresStore::Open(url_);
  ASSERT_TRUE(other.ok()) << other.status().ToString();
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<StoredChange> seen;
  std::vector<StaffPresence> presence;
  std::vector<Typing> typing;
  std::vector<LimitTaken> taken;
  int connections = 0;
  auto feed = (*other)->FollowChanges({[&](std::span<const StoredChange> changes) {
                                         std::lock_guard lock(mutex);
                                         seen.insert(seen.end(), changes.begin(), changes.end());
                                         changed.notify_all();
                                       },
                                       [&] {
                                         std::lock_guard lock(mutex);
                                         ++connections;
                                         changed.notify_all();
                                       },
                                       [&](std::string_view, std::span<const StaffPresence> staff) {
                                         std::lock_guard lock(mutex);
                                         presence.assign(staff.begin(), staff.end());
                                         changed.notify_all();
                                       },
                                       [&](std::span<const Typing> typed) {
                                         std::lock_guard lock(mutex);
                                         typing.assign(typed.begin(), typed.end());
                                         changed.notify_all();
                                       },
                                       [&](std::string_view, std::span<const LimitTaken> told) {
                                         std::lock_guard lock(mutex);
                                         taken.insert(taken.end(), told.begin(), told.end());
                                         changed.notify_all();
                                       }});
  ASSERT_NE(feed, nullptr);
  auto wait_for = [&](auto done) {
    std::unique_lock lock(mutex);
    return changed.wait_for(lock, std::chrono::seconds(10), done);
  };
  ASSERT_TRUE(wait_for([&] { return connections == 1; }));

  Conversation c = NewConversation("c1");
  const Event started = NewEvent(1, EventKind::kStarted);
  ASSERT_TRUE(store_->Create(c, {&started, 1}).ok());
  // Watched there: told of every change, those that leave it with the bot too.
  ASSERT_EQ((*other)->Watch("c1").value(), true);
  c.last_seq = 3;
  const std::vector<Event> two = {NewEvent(2, EventKind::kCustomerMessage, "m-1"),
                                  NewEvent(3, EventKind::kBotReply)};
  ASSERT_TRUE(store_->Append(c, two).ok());
  // Refused (a client id already stored): not a change.
  c.last_seq = 4;
  const Event resent = NewEvent(4, EventKind::kCustomerMessage, "m-1");
  EXPECT_FALSE(store_->Append(c, {&resent, 1}).ok());
  // The follower's own commit is not news to it.
  const Event own = NewEvent(4, EventKind::kCustomerMessage, "m-2");
  ASSERT_TRUE((*other)->Append(c, {&own, 1}).ok());
  c.last_seq = 5;
  c.state = model::ConversationState::kWaiting;
  c.queue = "algemeen";
  const Event handoff = NewEvent(5, EventKind::kCustomerMessage, "m-3");
  ASSERT_TRUE(store_->Append(c, {&handoff, 1}).ok());

  // How a process sees its staff, and typing there, reach the others (not itself).
  const base::TimePoint chosen_at(std::chrono::milliseconds(1'700'000'000'123));
  const std::vector<StaffPresence> staff = {
      {"s_1", "available", "available", {}, std::nullopt},
      {"s_2", "away", "away", chosen_at, chosen_at + std::chrono::minutes(15)}};
  ASSERT_TRUE(store_->AnnouncePresence(staff).ok());
  const std::vector<StaffPresence> mine = {{"s_mine", "busy", "available", {}, std::nullopt}};
  ASSERT_TRUE((*other)->AnnouncePresence(mine).ok());
  ASSERT_TRUE(wait_for([&] {
    return presence.size() == 2 && presence[0].staff_id == "s_1" && presence[1].staff_id == "s_2" &&
           presence[1].state == "away" && presence[1].chosen == "away" &&
           presence[1].chosen_at == chosen_at &&
           presence[1].back_at == chosen_at + std::chrono::minutes(15);
  }));
  ASSERT_TRUE((*other)->AnnounceTyping(std::vector<Typing>{{"c_mine", "agent"}}).ok());
  ASSERT_TRUE(store_->AnnounceTyping(std::vector<Typing>{{"c1", "customer"}}).ok());
  ASSERT_TRUE(wait_for([&] {
    return typing.size() == 1 && typing[0].conversation_id == "c1" &&
           typing[0].author == "customer";
  }));
  // And what it took from its rate limits (its own again not).
  ASSERT_TRUE(store_->AnnounceTaken(std::vector<LimitTaken>{{"login_by_address", "::1", 2}}).ok());
  ASSERT_TRUE((*other)->AnnounceTaken(std::vector<LimitTaken>{{"mine", "x", 1}}).ok());
  ASSERT_TRUE(wait_for([&] { return !taken.empty(); }));

  ASSERT_TRUE(wait_for([&] { return seen.size() >= 3; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // nothing more comes
  std::lock_guard lock(mutex);
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0].conversation_id, "c1");
  EXPECT_EQ(seen[0].first_seq, 1);
  EXPECT_EQ(seen[0].last_seq, 1);
  EXPECT_FALSE(seen[0].situation);
  EXPECT_EQ(seen[1].first_seq, 2);
  EXPECT_EQ(seen[1].last_seq, 3);
  EXPECT_FALSE(seen[1].situation);
  EXPECT_EQ(seen[2].first_seq, 5);
  EXPECT_EQ(seen[2].last_seq, 5);
  EXPECT_TRUE(seen[2].situation) << "out of state bot";
  ASSERT_EQ(taken.size(), 1u);
  EXPECT_EQ(taken[0].limit, "login_by_address");
  EXPECT_EQ(taken[0].key, "::1");
  EXPECT_EQ(taken[0].count, 2);
}

TEST_F(PostgresStoreTest, TheChangeFeedReconnectsAfterItsConnectionIsLost) {
  std::mutex mutex;
  std::condition_variable changed;
  int connections = 0;
  int changes = 0;
  auto other = PostgresStore::Open(url_, {.probe_interval = std::chrono::milliseconds(100)});
  ASSERT_TRUE(other.ok()) << other.status().ToString();
  auto feed = (*other)->FollowChanges({[&](std::span<const StoredChange> seen) {
                                         std::lock_guard lock(mutex);
                                         changes += static_cast<int>(seen.size());
                                         changed.notify_all();
                                       },
                                       [&] {
                                         std::lock_guard lock(mutex);
                                         ++connections;
                                         changed.notify_all();
                                       },
                                       nullptr, nullptr, nullptr});
  auto wait_for = [&](auto done) {
    std::unique_lock lock(mutex);
    return changed.wait_for(lock, std::chrono::seconds(10), done);
  };
  ASSERT_TRUE(wait_for([&] { return connections == 1; }));
  {
    pqxx::connection db(url_);
    pqxx::nontransaction tx(db);
    const pqxx::result ended = tx.exec(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        "WHERE datname = current_database() AND query LIKE 'LISTEN%'");
    ASSERT_EQ(ended.size(), 1u);
  }
  ASSERT_TRUE(wait_for([&] { return connections == 2; }));
  Conversation c = NewConversation("c1");
  const Event started = NewEvent(1, EventKind::kStarted);
  ASSERT_TRUE(store_->Create(c, {&started, 1}).ok());
  EXPECT_TRUE(wait_for([&] { return changes == 1; }));
}

// A group of plain appends is one statement (balie_append_group, CommitAppends): it stores each
// append or refuses it alone, returns the outcomes in order, and announces what it stored as
// EncodeChanges does, split at the same limit; a change that leaves a conversation with the bot
// only to another process that watches it.
TEST_F(PostgresStoreTest, TheGroupStatementStoresAndAnnouncesEachAppendAsEncodeChangesDoes) {
  for (int i = 0; i < 8; ++i) {
    const Event started = NewEvent(1, EventKind::kStarted);
    ASSERT_TRUE(store_->Create(NewConversation("c-" + std::to_string(i)), {&started, 1}).ok());
  }
  Conversation taken = NewConversation("c-6");
  taken.last_seq = 2;
  const Event first = NewEvent(2, EventKind::kCustomerMessage, "m-taken");
  ASSERT_TRUE(store_->Append(taken, {&first, 1}).ok());

  std::vector<std::string> rows;
  std::vector<StoredChange> announced;
  for (int i = 0; i < 6; ++i) {  // stored: one or two events, c-2 out of state bot
    Conversation c = NewConversation("c-" + std::to_string(i));
    c.last_seq = i % 2 == 0 ? 2 : 3;
    std::vector<Event> events = {NewEvent(2, EventKind::kCustomerMessage, "m-" + c.id, "Hoi")};
    if (c.last_seq == 3) {
      events.push_back(NewEvent(3, EventKind::kBotReply));
    }
    if (i == 2) {
      c.state = model::ConversationState::kWaiting;
    }
    rows.push_back(*postgres::AppendRow(c, events));
    announced.push_back({c.id, 2, c.last_seq, i == 2});
  }
  taken.last_seq = 3;
  const Event resent = NewEvent(3, EventKind::kCustomerMessage, "m-taken");
  rows.push_back(*postgres::AppendRow(taken, {&resent, 1}));  // refused: a client id stored
  Conversation stale = NewConversation("c-7");
  stale.last_seq = 5;
  const Event after_a_gap = NewEvent(5, EventKind::kCustomerMessage, "m-gap");
  rows.push_back(*postgres::AppendRow(stale, {&after_a_gap, 1}));  // refused: stored up to 1
  std::string writes = "[";
  for (const std::string& row : rows) {
    writes += (writes.size() > 1 ? "," : "") + row;
  }
  writes += "]";

  struct Receiver final : pqxx::notification_receiver {
    using pqxx::notification_receiver::notification_receiver;
    void operator()(const std::string& payload, int) override { payloads.push_back(payload); }
    std::vector<std::string> payloads;
  };
  pqxx::connection listening(url_);
  Receiver receiver(listening, PostgresStore::kChangeChannel);
  listening.get_notifs();        // the LISTEN is sent now
  constexpr int kMaxBytes = 60;  // the head and four lines
  pqxx::connection writing(url_);
  // Every conversation is watched by store_, which created it, and which is not "an-origin".
  const pqxx::result outcomes = pqxx::nontransaction(writing).exec_params(
      "SELECT * FROM balie_append_group($1, $2, $3, $4, $5)", PostgresStore::kChangeChannel,
      "an-origin", ChangesHead("an-origin"), kMaxBytes, writes);
  std::vector<std::string> told;
  for (const pqxx::row& row : outcomes) {
    told.push_back(row[0].as<std::string>());
  }
  EXPECT_EQ(told, (std::vector<std::string>{"stored bot", "stored bot", "stored bot", "stored bot",
                                            "stored bot", "stored bot", "duplicate m-taken",
                                            "changed 1"}));
  const std::vector<std::string> expected = EncodeChanges("an-origin", announced, kMaxBytes);
  ASSERT_EQ(expected.size(), 2u);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (receiver.payloads.size() < expected.size() &&
         std::chrono::steady_clock::now() < deadline) {
    listening.await_notification(0, 100'000);
  }
  EXPECT_EQ(receiver.payloads, expected);
  for (int i = 0; i < 6; ++i) {
    const std::string id = "c-" + std::to_string(i);
    EXPECT_EQ(store_->Events(id, 0, 10)->size(), size_t(i % 2 == 0 ? 2 : 3)) << id;
  }
  EXPECT_EQ(store_->Get("c-2")->state, model::ConversationState::kWaiting);
  EXPECT_EQ(store_->Events("c-6", 0, 10)->size(), 2u);
  EXPECT_EQ(store_->Events("c-7", 0, 10)->size(), 1u);

  // A change that leaves a conversation with the bot is told only when another process watches
  // it. In store_'s own group: c-0's (watched by store_ alone) not; c-4's, once another store
  // watches it, yes; c-2's (in a queue) always.
  auto other = PostgresStore::Open(url_);
  ASSERT_TRUE(other.ok()) << other.status().ToString();
  EXPECT_EQ((*other)->Watch("c-4").value(), true);
  EXPECT_EQ((*other)->Watch("c-4").value(), false) << "noted before";
  EXPECT_EQ(store_->Watch("c-4").value(), false) << "noted as it was created";
  std::vector<StoredChange> told_now;
  writes = "[";
  for (const char* id : {"c-0", "c-2", "c-4"}) {
    Conversation c = *store_->Get(id);
    c.last_seq += 1;
    const Event event = NewEvent(c.last_seq, EventKind::kCustomerMessage);
    writes += (writes.size() > 1 ? "," : "") + *postgres::AppendRow(c, {&event, 1});
    if (c.id != "c-0") {
      told_now.push_back({c.id, c.last_seq, c.last_seq, c.id == "c-2"});
    }
  }
  writes += "]";
  receiver.payloads.clear();
  pqxx::nontransaction(writing).exec_params("SELECT * FROM balie_append_group($1, $2, $3, $4, $5)",
                                            PostgresStore::kChangeChannel, store_->origin(),
                                            ChangesHead(store_->origin()), kMaxBytes, writes);
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (receiver.payloads.empty() && std::chrono::steady_clock::now() < until) {
    listening.await_notification(0, 100'000);
  }
  EXPECT_EQ(receiver.payloads, EncodeChanges(store_->origin(), told_now, kMaxBytes));
  EXPECT_EQ(store_->Events("c-0", 0, 10)->size(), 3u) << "stored all the same";
}

TEST(ChangeFeedTest, ChangesAreEncodedInPayloadsUnderTheLimitAndReadBack) {
  std::vector<StoredChange> changes;
  for (int i = 0; i < 500; ++i) {
    changes.push_back({"c_" + std::to_string(i) + "abcdefghijklmnopqrst", i, i + 2, i % 3 == 0});
  }
  const auto texts = EncodeChanges("1234-abcdef01", changes);
  ASSERT_GT(texts.size(), 1u);
  std::vector<StoredChange> read;
  for (const std::string& text : texts) {
    EXPECT_LE(text.size(), 7900u);
    std::string origin;
    ASSERT_TRUE(DecodeChanges(text, origin, read));
    EXPECT_EQ(origin, "1234-abcdef01");
  }
  ASSERT_EQ(read.size(), changes.size());
  for (size_t i = 0; i < read.size(); ++i) {
    EXPECT_EQ(read[i].conversation_id, changes[i].conversation_id);
    EXPECT_EQ(read[i].first_seq, changes[i].first_seq);
    EXPECT_EQ(read[i].last_seq, changes[i].last_seq);
    EXPECT_EQ(read[i].situation, changes[i].situation);
  }
  std::string origin;
  std::vector<StoredChange> none;
  EXPECT_TRUE(EncodeChanges("x", {}).empty());
  EXPECT_FALSE(DecodeChanges("hello", origin, none));
  EXPECT_FALSE(DecodeChanges("balie1 x\nc1 1 two 0\n", origin, none));
}

TEST(ChangeFeedTest, PresenceAndTypingAreEncodedUnderTheLimitAndReadBack) {
  std::vector<StaffPresence> staff;
  for (int i = 0; i < 300; ++i) {
    staff.push_back({"s_" + std::to_string(i) + "abcdefghijklmnopqrst", i % 2 ? "away" : "busy",
                     i % 2 ? "away" : "available", base::TimePoint(std::chrono::milliseconds(i)),
                     i % 2 ? std::optional(base::TimePoint(std::chrono::hours(i))) : std::nullopt});
  }
  const auto texts = EncodePresence("1234-abcdef01", staff);
  ASSERT_GT(texts.size(), 1u);
  std::vector<StaffPresence> read;
  for (const std::string& text : texts) {
    EXPECT_LE(text.size(), 7900u);
    std::string origin;
    std::vector<Typing> not_typing;
    EXPECT_FALSE(DecodeTyping(text, origin, not_typing));
    ASSERT_TRUE(DecodePresence(text, origin, read));
    EXPECT_EQ(origin, "1234-abcdef01");
  }
  ASSERT_EQ(read.size(), staff.size());
  for (size_t i = 0; i < read.size(); ++i) {
    EXPECT_EQ(read[i].staff_id, staff[i].staff_id);
    EXPECT_EQ(read[i].state, staff[i].state);
    EXPECT_EQ(read[i].chosen, staff[i].chosen);
    EXPECT_EQ(read[i].chosen_at, staff[i].chosen_at);
    EXPECT_EQ(read[i].back_at, staff[i].back_at);
  }
  std::string origin;
  std::vector<StaffPresence> none;
  EXPECT_EQ(EncodePresence("x", {}).size(), 1u) << "nobody present is news too";
  EXPECT_FALSE(DecodePresence("balie2p x\ns_1 sleeping available 0 -\n", origin, none));
  EXPECT_FALSE(DecodePresence("balie2p x\ns_1 away busy 0 -\n", origin, none));

  const std::vector<Typing> typing = {{"c_1", "customer"}, {"c_2", "agent"}};
  std::vector<Typing> typed;
  ASSERT_TRUE(DecodeTyping(EncodeTyping("x", typing).front(), origin, typed));
  ASSERT_EQ(typed.size(), 2u);
  EXPECT_EQ(typed[1].conversation_id, "c_2");
  EXPECT_EQ(typed[1].author, "agent");
  EXPECT_FALSE(DecodeTyping("balie1t x\nc_1 bot\n", origin, typed));
}

// An unreachable server is kUnavailable, saying where, without the password.
TEST_F(PostgresStoreTest, AnUnreachableServerIsUnavailableWithoutThePassword) {
  auto store = PostgresStore::Open(
      "postgresql://balie:hunter2@/none?host=/nonexistent-balie-dir&connect_timeout=2");
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), base::StatusCode::kUnavailable);
  EXPECT_EQ(store.status().message().find("hunter2"), std::string::npos)
      << store.status().message();
  EXPECT_NE(store.status().message().find("nonexistent-balie-dir"), std::string::npos)
      << store.status().message();
}

}  // namespace
}  // namespace balie::storage
