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
#include "support/store_testing.h"

namespace balie::storage {
namespace {

using model::Conversation;
using model::ConversationState;
using model::Event;
using model::EventKind;

using testing::NewConversation;
using testing::NewEvent;

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

TEST_F(SqliteStoreTest, EventsCannotBeChangedOrRemoved) {
  Started("c1");
  store_.reset();
  auto db = SqliteConnection::Open(file(), false, true);
  ASSERT_TRUE(db.ok());
  EXPECT_FALSE((*db)->Execute("UPDATE events SET text = 'changed'").ok());
  EXPECT_FALSE((*db)->Execute("DELETE FROM events").ok());
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
