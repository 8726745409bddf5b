#include "storage/sqlite_store.h"

#include <gtest/gtest.h>

#include <fstream>
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
    event.kind = kind;
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
  reply.data = {{"decision", "answer"}, {"sources", {{{"id", "pas-blokkeren"}}}}};
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
  EXPECT_EQ((*all)[2].data["sources"][0]["id"], "pas-blokkeren");
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
}

}  // namespace
}  // namespace balie::storage
