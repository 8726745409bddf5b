#include "storage/sqlite_store.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>

#include <fstream>
#include <random>
#include <set>
#include <thread>

#include "base/temp_dir.h"
#include "base/time_format.h"
#include "storage/sqlite_connection.h"

namespace balie::storage {
namespace {

using model::Conversation;
using model::ConversationState;
using model::Event;
using model::EventKind;

const base::TimePoint kStart = *base::ParseTime("2026-11-24T09:30:00Z");

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto dir = base::TempDir::Create("balie-store-test-");
    ASSERT_TRUE(dir.ok()) << dir.status().ToString();
    dir_ = std::move(dir).value();
    Reopen();
  }

  void Reopen() {
    store_.reset();
    auto store = SqliteStore::Open(file());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
  }

  std::filesystem::path file() const { return dir_.path() / "balie.db"; }

  static Conversation NewConversation(const std::string& id) {
    Conversation c;
    c.id = id;
    c.token_hash = "hash-of-" + id;
    c.created_at = kStart;
    c.last_seq = 1;
    return c;
  }

  static Event NewEvent(std::int64_t seq, EventKind kind, std::string client_id = "",
                        std::string text = "") {
    Event event;
    event.seq = seq;
    event.data = model::DefaultData(kind);
    event.at = kStart + std::chrono::seconds(seq);
    event.author =
        kind == EventKind::kCustomerMessage ? model::Author::kCustomer : model::Author::kBot;
    event.client_id = std::move(client_id);
    event.text = std::move(text);
    return event;
  }

  // Creates a conversation with its `started` event.
  Conversation Started(const std::string& id) {
    Conversation c = NewConversation(id);
    const Event started = NewEvent(1, EventKind::kStarted);
    EXPECT_TRUE(store_->Create(c, {&started, 1}).ok());
    return c;
  }

  base::TempDir dir_ = std::move(base::TempDir::Create("unused-").value());
  std::unique_ptr<SqliteStore> store_;
};

TEST_F(SqliteStoreTest, CreatesAndReadsBack) {
  Conversation c = Started("c1");
  auto read = store_->Get("c1");
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_EQ(read->token_hash, "hash-of-c1");
  EXPECT_EQ(read->state, ConversationState::kBot);
  EXPECT_EQ(read->created_at, kStart);
  EXPECT_EQ(read->last_seq, 1);
  EXPECT_FALSE(read->callback.has_value());
  EXPECT_EQ(store_->Get("nope").status().code(), base::StatusCode::kNotFound);

  const Event started = NewEvent(1, EventKind::kStarted);
  EXPECT_EQ(store_->Create(c, {&started, 1}).code(), base::StatusCode::kAlreadyExists);
}

TEST_F(SqliteStoreTest, AppendsEventsAndTheSummaryTogether) {
  Conversation c = Started("c1");
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
  ASSERT_TRUE(store_->Append(c, events).ok());

  auto all = store_->Events("c1", 0, 100);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[1].text, "Ik ben mijn pas kwijt");
  EXPECT_EQ((*all)[1].client_id, "m-1");
  EXPECT_EQ((*all)[1].author, model::Author::kCustomer);
  EXPECT_EQ((*all)[2].data, reply.data);
  EXPECT_EQ((*all)[2].at, kStart + std::chrono::seconds(3));

  auto after = store_->Events("c1", 2, 100);
  ASSERT_TRUE(after.ok());
  ASSERT_EQ(after->size(), 1u);
  EXPECT_EQ(after->front().seq, 3);
  EXPECT_EQ(store_->Events("c1", 0, 2)->size(), 2u);

  auto read = store_->Get("c1");
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->state, ConversationState::kCallback);
  ASSERT_TRUE(read->callback.has_value());
  EXPECT_EQ(read->callback->phone, "+31 6 1234 5678");
  EXPECT_EQ(read->callback->end, kStart + std::chrono::minutes(75));
  EXPECT_EQ(read->last_seq, 3);
}

TEST_F(SqliteStoreTest, RefusesADuplicateClientIdAndWritesNothing) {
  Conversation c = Started("c1");
  c.last_seq = 2;
  const Event first = NewEvent(2, EventKind::kCustomerMessage, "m-1", "eerste");
  ASSERT_TRUE(store_->Append(c, {&first, 1}).ok());

  c.last_seq = 3;
  c.awaiting_reply = true;
  const Event again = NewEvent(3, EventKind::kCustomerMessage, "m-1", "nog eens");
  EXPECT_EQ(store_->Append(c, {&again, 1}).code(), base::StatusCode::kAlreadyExists);
  EXPECT_EQ(store_->Events("c1", 0, 100)->size(), 2u);
  EXPECT_FALSE(store_->Get("c1")->awaiting_reply);

  auto found = store_->EventByClientId("c1", "m-1");
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->seq, 2);
  EXPECT_FALSE(store_->EventByClientId("c1", "m-2")->has_value());
  // Client ids are per conversation.
  Conversation other = Started("c2");
  other.last_seq = 2;
  EXPECT_TRUE(store_->Append(other, {&first, 1}).ok());
}

TEST_F(SqliteStoreTest, RefusesEventsThatDoNotFollowTheStoredOnes) {
  Conversation c = Started("c1");
  c.last_seq = 3;
  const Event gap = NewEvent(3, EventKind::kCustomerMessage, "m-1");
  EXPECT_EQ(store_->Append(c, {&gap, 1}).code(), base::StatusCode::kFailedPrecondition);
  c.last_seq = 5;
  const Event wrong_last = NewEvent(2, EventKind::kCustomerMessage);
  EXPECT_EQ(store_->Append(c, {&wrong_last, 1}).code(), base::StatusCode::kInvalidArgument);
  Conversation unknown = NewConversation("nope");
  unknown.last_seq = 2;
  const Event next = NewEvent(2, EventKind::kCustomerMessage);
  EXPECT_EQ(store_->Append(unknown, {&next, 1}).code(), base::StatusCode::kNotFound);
}

TEST_F(SqliteStoreTest, KeepsEverythingAcrossReopening) {
  Conversation c = Started("c1");
  c.state = ConversationState::kWaiting;
  c.queue = "algemeen";
  c.awaiting_reply = true;
  c.last_seq = 2;
  const Event message = NewEvent(2, EventKind::kCustomerMessage, "m-1", "hallo");
  ASSERT_TRUE(store_->Append(c, {&message, 1}).ok());
  Started("c2");
  Reopen();
  EXPECT_EQ(store_->Events("c1", 0, 100)->size(), 2u);
  const ConversationState waiting[] = {ConversationState::kWaiting};
  auto in_queue = store_->InStates(waiting);
  ASSERT_TRUE(in_queue.ok());
  ASSERT_EQ(in_queue->size(), 1u);
  EXPECT_EQ(in_queue->front().queue, "algemeen");
  auto awaiting = store_->AwaitingReply();
  ASSERT_TRUE(awaiting.ok());
  ASSERT_EQ(awaiting->size(), 1u);
  EXPECT_EQ(awaiting->front().id, "c1");
}

TEST_F(SqliteStoreTest, EventsCannotBeChangedOrRemoved) {
  Started("c1");
  store_.reset();
  auto db = SqliteConnection::Open(file(), false, true);
  ASSERT_TRUE(db.ok());
  EXPECT_FALSE((*db)->Execute("UPDATE events SET text = 'changed'").ok());
  EXPECT_FALSE((*db)->Execute("DELETE FROM events").ok());
}

TEST_F(SqliteStoreTest, GroupsConcurrentWritesIntoFewerCommits) {
  constexpr int kThreads = 16;
  constexpr int kPerThread = 40;
  for (int t = 0; t < kThreads; ++t) {
    Started("c" + std::to_string(t));
  }
  const auto before = store_->stats();
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([this, t] {
      Conversation c = NewConversation("c" + std::to_string(t));
      for (int i = 0; i < kPerThread; ++i) {
        c.last_seq = i + 2;
        const Event message =
            NewEvent(c.last_seq, EventKind::kCustomerMessage, "m-" + std::to_string(i), "tekst");
        EXPECT_TRUE(store_->Append(c, {&message, 1}).ok());
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  const auto after = store_->stats();
  EXPECT_EQ(after.writes - before.writes, std::uint64_t{kThreads * kPerThread});
  EXPECT_LT(after.commits - before.commits, after.writes - before.writes);
  for (int t = 0; t < kThreads; ++t) {
    EXPECT_EQ(store_->Events("c" + std::to_string(t), 0, 1000)->size(), size_t{kPerThread + 1});
  }
}

TEST_F(SqliteStoreTest, RefusesAFileThatIsNotADatabase) {
  store_.reset();
  const auto bogus = dir_.path() / "bogus.db";
  std::ofstream(bogus) << "this is not a database, it is a text file with enough bytes in it "
                          "to have a header of its own";
  auto store = SqliteStore::Open(bogus);
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.status().message().find("bogus.db"), std::string::npos)
      << store.status().message();
}

TEST_F(SqliteStoreTest, RefusesADatabaseFromANewerVersion) {
  store_.reset();
  {
    auto db = SqliteConnection::Open(file(), false, true);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE((*db)->Execute("PRAGMA user_version = 99").ok());
  }
  auto store = SqliteStore::Open(file());
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), base::StatusCode::kFailedPrecondition);
  EXPECT_NE(store.status().message().find("newer"), std::string::npos);
}

}  // namespace
}  // namespace balie::storage

namespace balie::storage {
namespace {

TEST_F(SqliteStoreTest, FindsACustomersConversationsNewestFirst) {
  for (int i = 0; i < 3; ++i) {
    Conversation c = NewConversation("k" + std::to_string(i));
    c.customer_ref = i < 2 ? "K-1" : "K-2";
    c.created_at = kStart + std::chrono::minutes(i);
    const Event started = NewEvent(1, EventKind::kStarted);
    ASSERT_TRUE(store_->Create(c, {&started, 1}).ok());
  }
  auto mine = store_->OfCustomer("K-1", 10);
  ASSERT_TRUE(mine.ok());
  ASSERT_EQ(mine->size(), 2u);
  EXPECT_EQ(mine->front().id, "k1");
}

// Decisions are found across conversations with the answers to them, and the waiting ones alone.
TEST_F(SqliteStoreTest, FindsDecisionsWithTheirAnswers) {
  const model::AgentRef anna{"s-anna", "Anna"};
  for (const std::string id : {"d1", "d2"}) {
    Conversation c = Started(id);
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
    ASSERT_TRUE(store_->Append(c, events).ok());
  }
  auto all = store_->Decisions(kStart, false, 100);
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  ASSERT_EQ(all->size(), 4u);
  // By time, then conversation: (d1, 2), (d2, 2), (d1, 3), (d2, 3).
  EXPECT_EQ((*all)[2].conversation_id, "d1");
  EXPECT_EQ((*all)[2].queue, "algemeen");
  EXPECT_EQ((*all)[2].decision.seq, 3);
  EXPECT_FALSE((*all)[2].answer.has_value());
  ASSERT_TRUE((*all)[3].answer.has_value());
  EXPECT_EQ((*all)[3].answer->As<model::ApprovalEvent>()->verdict,
            model::ApprovalVerdict::kApproved);

  auto waiting = store_->Decisions(kStart, true, 100);
  ASSERT_TRUE(waiting.ok());
  ASSERT_EQ(waiting->size(), 1u) << "taken ones and answered ones do not wait";
  EXPECT_EQ(waiting->front().conversation_id, "d1");
  EXPECT_EQ(store_->Decisions(kStart + std::chrono::hours(1), false, 100)->size(), 0u);
  auto latest = store_->Decisions(kStart, false, 1);
  ASSERT_EQ(latest->size(), 1u);
  EXPECT_EQ(latest->front().conversation_id, "d2") << "at most `limit`, the latest";
}

// A database written by the first release (schema 1) opens with its conversations intact.
TEST_F(SqliteStoreTest, MigratesADatabaseOfSchemaOne) {
  store_.reset();
  const auto file = dir_.path() / "old.db";
  {
    auto db = SqliteConnection::Open(file, false, true);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE((*db)
                    ->Execute(R"sql(
CREATE TABLE conversations (id TEXT PRIMARY KEY, token_hash TEXT NOT NULL, language TEXT NOT NULL,
  state TEXT NOT NULL, queue TEXT NOT NULL DEFAULT '', priority INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL, queued_at INTEGER NOT NULL DEFAULT 0, callback_start INTEGER,
  callback_end INTEGER, callback_phone TEXT, callback_name TEXT, agent TEXT NOT NULL DEFAULT '',
  customer_ref TEXT NOT NULL DEFAULT '', awaiting_reply INTEGER NOT NULL DEFAULT 0,
  last_seq INTEGER NOT NULL);
CREATE TABLE events (conversation_id TEXT NOT NULL REFERENCES conversations (id),
  seq INTEGER NOT NULL, kind TEXT NOT NULL, at INTEGER NOT NULL, author TEXT NOT NULL,
  client_id TEXT, text TEXT NOT NULL DEFAULT '', data TEXT NOT NULL DEFAULT '{}',
  PRIMARY KEY (conversation_id, seq)) WITHOUT ROWID;
INSERT INTO conversations (id, token_hash, language, state, queue, created_at, last_seq)
  VALUES ('old', 'h', 'nl', 'waiting', 'algemeen', 0, 1);
INSERT INTO events (conversation_id, seq, kind, at, author) VALUES ('old', 1, 'started', 0, 'system');
INSERT INTO conversations (id, token_hash, language, state, queue, created_at, last_seq)
  VALUES ('left', 'h', 'nl', 'follow_up', 'algemeen', 1000, 4);
INSERT INTO events (conversation_id, seq, kind, at, author) VALUES
  ('left', 1, 'started', 1000, 'system'), ('left', 2, 'customer_message', 2000, 'customer'),
  ('left', 3, 'handoff', 5000, 'customer'), ('left', 4, 'choice', 5000, 'system');
PRAGMA user_version = 1;
)sql")
                    .ok());
  }
  auto store = SqliteStore::Open(file);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  auto old = (*store)->Get("old");
  ASSERT_TRUE(old.ok()) << old.status().ToString();
  EXPECT_EQ(old->state, ConversationState::kWaiting);
  EXPECT_EQ(old->requested_agent, "");
  EXPECT_EQ((*store)->Events("old", 0, 10)->size(), 1u);
  EXPECT_TRUE((*store)->AllStaff()->empty());
  // A question left before queued_at was kept for it waits from when it was left.
  EXPECT_EQ((*store)->Get("left")->queued_at, base::FromUnixMillis(5000));
  EXPECT_EQ(old->queued_at, base::FromUnixMillis(0));
}

// Storage that fails and recovers: a damaged file, a full database, a full disk.
class StorageFailureTest : public SqliteStoreTest {
 protected:
  // Creates conversations with a few events of `text_bytes` each until one is refused (or
  // `count` are stored); returns the ids of those stored, and the refusal in `refused`.
  std::vector<std::string> Fill(size_t count, size_t text_bytes, base::Status* refused) {
    std::vector<std::string> stored;
    for (size_t i = 0; i < count; ++i) {
      const std::string id = "f" + std::to_string(next_id_++);
      Conversation c = NewConversation(id);
      c.last_seq = 3;
      const std::vector<Event> events = {
          NewEvent(1, EventKind::kStarted),
          NewEvent(2, EventKind::kCustomerMessage, "m", std::string(text_bytes, 'v')),
          NewEvent(3, EventKind::kBotReply, "", std::string(text_bytes, 'a'))};
      base::Status status = store_->Create(c, events);
      if (!status.ok()) {
        if (refused != nullptr) *refused = status;
        break;
      }
      stored.push_back(id);
    }
    return stored;
  }

  void ExpectStored(const std::vector<std::string>& ids) {
    for (const std::string& id : ids) {
      auto events = store_->Events(id, 0, 10);
      ASSERT_TRUE(events.ok()) << id << ": " << events.status().ToString();
      EXPECT_EQ(events->size(), 3u) << "acknowledged conversation " << id << " lost events";
    }
  }

  // Overwrites, with random bytes, a page in the middle of the events' table (found through
  // SQLite's dbstat table) of the closed database.
  void DamageTheEvents() {
    store_.reset();  // the last connection closes: the log is written into the file
    std::vector<std::int64_t> pages;
    {
      auto db = SqliteConnection::Open(file(), /*read_only=*/true, true);
      ASSERT_TRUE(db.ok()) << db.status().ToString();
      auto select = (*db)->Prepare(
          "SELECT pageno FROM dbstat WHERE name = 'events' AND pagetype = 'leaf' ORDER BY pageno");
      ASSERT_TRUE(select.ok()) << select.status().ToString();
      while ((*select)->Step()) pages.push_back((*select)->Int(0));
    }
    ASSERT_GE(pages.size(), 10u) << "too few pages of events to damage one in the middle";
    const std::int64_t page = pages[pages.size() / 2];
    std::fstream out(file(), std::ios::in | std::ios::out | std::ios::binary);
    out.seekp(static_cast<std::streamoff>((page - 1) * 4096));
    std::mt19937 random(17);
    for (int i = 0; i < 4096; ++i) out.put(static_cast<char>(random() & 0xff));
  }

  int next_id_ = 0;
};

TEST_F(StorageFailureTest, ADamagedDatabaseIsRefusedOnOpenWithWhatToDo) {
  Fill(300, 300, nullptr);
  DamageTheEvents();
  for (auto check : {SqliteOptions::Check::kQuick, SqliteOptions::Check::kFull}) {
    auto damaged = SqliteStore::Open(file(), {.check_on_open = check});
    ASSERT_FALSE(damaged.ok());
    const std::string& message = damaged.status().message();
    EXPECT_EQ(damaged.status().code(), base::StatusCode::kFailedPrecondition);
    EXPECT_NE(message.find(file().string() + " is damaged"), std::string::npos) << message;
    EXPECT_NE(message.find("restore the latest backup"), std::string::npos) << message;
    EXPECT_NE(message.find(".recover"), std::string::npos) << message;
  }
}

// Damage met while serving (here: opened without the check, as `balie user` does) makes Health()
// fail for good: a test write cannot repair it.
TEST_F(StorageFailureTest, DamageFoundWhileServingKeepsHealthFailing) {
  const std::vector<std::string> stored = Fill(300, 300, nullptr);
  DamageTheEvents();
  auto store = SqliteStore::Open(file(), {.probe_interval = std::chrono::milliseconds(1)});
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  store_ = std::move(store).value();
  EXPECT_TRUE(store_->Health().ok());
  size_t unreadable = 0;
  for (const std::string& id : stored) {
    if (!store_->Events(id, 0, 10).ok()) ++unreadable;
  }
  EXPECT_GT(unreadable, 0u);
  EXPECT_EQ(Fill(3, 300, nullptr).size(), 3u);  // writes elsewhere still work, and probes run
  const base::Status health = store_->Health();
  EXPECT_EQ(health.code(), base::StatusCode::kUnavailable);
  EXPECT_NE(health.message().find("the database is damaged"), std::string::npos)
      << health.message();
}

TEST_F(StorageFailureTest, AnUndamagedDatabasePassesTheCheck) {
  Fill(100, 300, nullptr);
  store_.reset();
  auto store = SqliteStore::Open(file(), {.check_on_open = SqliteOptions::Check::kQuick});
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_TRUE((*store)->Health().ok());
}

// SQLite's max_page_count fails a write exactly as a full disk does (SQLITE_FULL).
TEST_F(StorageFailureTest, AFullDatabaseRefusesWritesSaysSoAndLosesNothingAcknowledged) {
  store_.reset();
  auto store = SqliteStore::Open(file(), {.max_database_bytes = 512 << 10});
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  store_ = std::move(store).value();
  ASSERT_TRUE(store_->Health().ok());
  base::Status refused;
  const std::vector<std::string> stored = Fill(5000, 1000, &refused);
  ASSERT_FALSE(refused.ok()) << "512 KiB never filled up";
  EXPECT_GT(stored.size(), 10u);
  EXPECT_EQ(refused.code(), base::StatusCode::kUnavailable);
  EXPECT_NE(refused.message().find("full"), std::string::npos) << refused.message();
  const base::Status health = store_->Health();
  EXPECT_EQ(health.code(), base::StatusCode::kUnavailable);
  EXPECT_NE(health.message().find("SQLITE_FULL"), std::string::npos) << health.message();
  ExpectStored(stored);

  // Given room (here: no limit), it works again with everything acknowledged kept.
  Reopen();
  ExpectStored(stored);
  EXPECT_EQ(Fill(1, 1000, nullptr).size(), 1u);
  EXPECT_TRUE(store_->Health().ok());
}

// A file size limit (RLIMIT_FSIZE) makes the file system refuse to let the database files grow,
// as a full disk does; raising it again is the disk having room again. The store notices by itself
// (its test write), without a restart or a write of a customer's.
TEST_F(StorageFailureTest, HealthComesBackByItselfWhenTheDiskHasRoomAgain) {
  store_.reset();
  auto store = SqliteStore::Open(file(), {.probe_interval = std::chrono::milliseconds(10)});
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  store_ = std::move(store).value();
  std::vector<std::string> stored = Fill(20, 1000, nullptr);
  ASSERT_EQ(stored.size(), 20u);

  rlimit original{};
  ASSERT_EQ(getrlimit(RLIMIT_FSIZE, &original), 0);
  const auto previous_handler = signal(SIGXFSZ, SIG_IGN);  // EFBIG rather than death
  std::error_code ignored;
  const auto wal = std::filesystem::file_size(file().string() + "-wal", ignored);
  rlimit small = original;
  small.rlim_cur =
      std::max<rlim_t>(std::filesystem::file_size(file()), ignored ? 0 : static_cast<rlim_t>(wal)) +
      (64 << 10);
  ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &small), 0);
  base::Status refused;
  const std::vector<std::string> more = Fill(5000, 1000, &refused);
  const base::Status health = store_->Health();
  ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &original), 0);
  signal(SIGXFSZ, previous_handler);

  ASSERT_FALSE(refused.ok()) << "the file size limit was never reached";
  EXPECT_EQ(refused.code(), base::StatusCode::kUnavailable) << refused.ToString();
  EXPECT_EQ(health.code(), base::StatusCode::kUnavailable);
  EXPECT_NE(health.message().find("storage is failing"), std::string::npos) << health.message();
  stored.insert(stored.end(), more.begin(), more.end());

  // Room again: within a bounded wait the test write succeeds and the store is healthy.
  for (int poll = 0; poll < 1000 && !store_->Health().ok(); ++poll) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_TRUE(store_->Health().ok()) << store_->Health().ToString();
  EXPECT_EQ(Fill(1, 1000, nullptr).size(), 1u);
  Reopen();
  ExpectStored(stored);
}

}  // namespace
}  // namespace balie::storage
