#include "service/audit_trail.h"

#include <gtest/gtest.h>

#include <functional>
#include <thread>
#include <utility>

#include "auth/digest.h"
#include "base/temp_dir.h"
#include "base/time_format.h"
#include "model/event_json.h"
#include "service/customer_export.h"
#include "service/retention.h"
#include "storage/sqlite_store.h"
#include "support/store_testing.h"

namespace balie::service {
namespace {

using model::AuditAction;
using nlohmann::json;

const base::TimePoint kStart = *base::ParseTime("2026-11-24T09:30:00Z");

AuditRecord Read(const std::string& actor, const std::string& conversation) {
  return {.actor = actor,
          .action = AuditAction::kConversationRead,
          .conversation_id = conversation,
          .customer_ref = "",
          .details = json::object()};
}

AuditRecord Login(const std::string& actor) {
  return {.actor = actor,
          .action = AuditAction::kLogin,
          .conversation_id = "",
          .customer_ref = "",
          .details = json::object()};
}

class AuditTrailTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = storage::SqliteStore::Open(dir_.path() / "balie.db");
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
    trail_ = std::make_unique<AuditTrail>(*store_, clock_);
  }

  // A conversation of `customer` whose customer messages are `texts`, one an hour from kStart.
  void Conversation(const std::string& id, const std::string& customer,
                    const std::vector<std::string>& texts) {
    model::Conversation c;
    c.id = id;
    c.token_hash = "hash";
    c.created_at = kStart;
    c.customer_ref = customer;
    std::vector<model::Event> events(1);
    events[0].seq = 1;
    events[0].at = kStart;
    events[0].data = model::DefaultData(model::EventKind::kStarted);
    for (const std::string& text : texts) {
      model::Event message;
      message.seq = static_cast<std::int64_t>(events.size()) + 1;
      message.at = kStart + std::chrono::hours(events.size());
      message.author = model::Author::kCustomer;
      message.text = text;
      message.data = model::DefaultData(model::EventKind::kCustomerMessage);
      events.push_back(message);
    }
    c.last_seq = events.back().seq;
    ASSERT_TRUE(store_->Create(c, events).ok());
  }

  base::TempDir dir_ = std::move(base::TempDir::Create("balie-audit-trail-test-").value());
  base::ManualClock clock_{kStart};
  std::unique_ptr<storage::SqliteStore> store_;
  std::unique_ptr<AuditTrail> trail_;
};

TEST_F(AuditTrailTest, RecordsEntriesThatVerify) {
  auto verified = trail_->Verify();
  ASSERT_TRUE(verified.ok());
  EXPECT_TRUE(verified->intact());
  EXPECT_EQ(verified->verified, 0);
  auto entry = trail_->Record({.actor = "s_anna",
                               .action = AuditAction::kConversationRead,
                               .conversation_id = "c_1",
                               .customer_ref = "",
                               .details = {{"route", "GET /x"}}});
  ASSERT_TRUE(entry.ok()) << entry.status().ToString();
  EXPECT_EQ(entry->action, "conversation_read");
  EXPECT_EQ(entry->details, R"({"route":"GET /x"})");
  EXPECT_EQ(entry->at, kStart);
  EXPECT_EQ(entry->hash, AuditTrail::Seal(*entry));
  EXPECT_EQ(entry->hash.size(), 64u);
  verified = trail_->Verify();
  ASSERT_TRUE(verified.ok());
  EXPECT_TRUE(verified->intact());
  EXPECT_EQ(verified->verified, 1);
  EXPECT_EQ(verified->head_hash, entry->hash);
  EXPECT_EQ(trail_->Record(Login("")).status().code(), base::StatusCode::kInvalidArgument);
  EXPECT_EQ(trail_
                ->Record({.actor = "s_anna",
                          .action = AuditAction::kLogin,
                          .conversation_id = "",
                          .customer_ref = "",
                          .details = json(3)})
                .status()
                .code(),
            base::StatusCode::kInvalidArgument);
}

TEST_F(AuditTrailTest, ThreadsRecordingAtOnceLeaveOneIntactChain) {
  constexpr int kThreads = 8;
  constexpr int kEach = 25;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([this, t] {
      for (int i = 0; i < kEach; ++i) {
        EXPECT_TRUE(trail_->Record(Read("s_" + std::to_string(t), "c_" + std::to_string(i))).ok());
      }
    });
  }
  for (auto& thread : threads) thread.join();
  // Verified in pages smaller than the chain.
  auto verified = trail_->Verify(/*page=*/7);
  ASSERT_TRUE(verified.ok());
  EXPECT_TRUE(verified->intact()) << verified->problem;
  EXPECT_EQ(verified->verified, kThreads * kEach);
}

TEST_F(AuditTrailTest, ExportsEverythingAboutOneCustomerAndRecordsTheExport) {
  Conversation("c_1", "K-1", {"mijn pas is kwijt"});
  Conversation("c_2", "K-2", {"iets anders"});
  ASSERT_TRUE(trail_->Record(Read("s_anna", "c_1")).ok());
  ASSERT_TRUE(trail_->Record(Read("s_anna", "c_2")).ok());
  CustomerExport exporter(*store_, *trail_);
  exporter.AddSection("flags", [](std::string_view customer) -> base::Result<json> {
    return json::array({{{"about", customer}}});
  });
  auto document = exporter.Export("K-1", "cli");
  ASSERT_TRUE(document.ok()) << document.status().ToString();
  EXPECT_EQ((*document)["customer_ref"], "K-1");
  ASSERT_EQ((*document)["conversations"].size(), 1u);
  const json& conversation = (*document)["conversations"][0];
  EXPECT_EQ(conversation["id"], "c_1");
  ASSERT_EQ(conversation["events"].size(), 2u);
  EXPECT_EQ(conversation["events"][1]["text"], "mijn pas is kwijt");
  EXPECT_EQ(conversation["events"][1]["kind"], "customer_message");
  ASSERT_EQ((*document)["accesses"].size(), 1u);
  EXPECT_EQ((*document)["accesses"][0]["actor"], "s_anna");
  EXPECT_EQ((*document)["accesses"][0]["conversation_id"], "c_1");
  // The audit entries about them: the access and this export itself.
  ASSERT_EQ((*document)["audit"].size(), 2u);
  EXPECT_EQ((*document)["audit"][1]["action"], "export");
  EXPECT_EQ((*document)["audit"][1]["actor"], "cli");
  EXPECT_EQ((*document)["export_entry"], 3);
  EXPECT_EQ((*document)["decisions"], json::array());
  EXPECT_EQ((*document)["contests"], json::array());
  EXPECT_EQ((*document)["flags"], json::array({{{"about", "K-1"}}}));
  EXPECT_TRUE(trail_->Verify()->intact());
  // Nothing known: empty arrays, and still recorded.
  auto unknown = exporter.Export("K-9", "cli");
  ASSERT_TRUE(unknown.ok());
  EXPECT_TRUE((*unknown)["conversations"].empty());
  EXPECT_EQ((*unknown)["audit"].size(), 1u);
  EXPECT_EQ(exporter.Export("", "cli").status().code(), base::StatusCode::kInvalidArgument);
}

TEST_F(AuditTrailTest, RetentionErasesOldTextsWithAnAuditEntryAndTheChainStaysIntact) {
  Conversation("c_1", "K-1", {"oud bericht", "nog een oud bericht", "nieuw bericht"});
  Conversation("c_2", "K-2", {"ander oud bericht"});
  ASSERT_TRUE(trail_->Record(Login("s_anna")).ok());
  Retention retention(*store_, *trail_, clock_, /*batch=*/2);
  EXPECT_EQ(retention.Apply(0, "system").status().code(), base::StatusCode::kInvalidArgument);
  // 30 days after kStart + 2 h 30: the messages at 1 h and 2 h (c_1), 1 h (c_2) are older.
  clock_.Set(kStart + std::chrono::days(30) + std::chrono::minutes(150));
  std::vector<size_t> so_far;  // after each batch of two
  auto applied = retention.Apply(
      30, "system", [&](const RetentionResult& done) { so_far.push_back(done.texts); });
  EXPECT_EQ(so_far, (std::vector<size_t>{2, 3}));
  ASSERT_TRUE(applied.ok()) << applied.status().ToString();
  EXPECT_EQ(applied->texts, 3u);
  auto events = store_->Events("c_1", 0, 10);
  ASSERT_TRUE(events.ok());
  EXPECT_EQ((*events)[1].text, "");
  EXPECT_EQ((*events)[1].erased_text_sha256, auth::Sha256Hex("oud bericht"));
  EXPECT_EQ((*events)[2].erased_text_sha256, auth::Sha256Hex("nog een oud bericht"));
  EXPECT_EQ((*events)[3].text, "nieuw bericht");
  EXPECT_EQ(store_->Events("c_2", 1, 1)->front().text, "");
  // One erasure entry per conversation and batch, naming each event and its hash, no text.
  auto about = trail_->About("K-1");
  ASSERT_TRUE(about.ok());
  size_t erased_events = 0;
  for (const auto& entry : *about) {
    EXPECT_EQ(entry.action, "erasure");
    EXPECT_EQ(entry.details.find("bericht"), std::string::npos);
    erased_events += json::parse(entry.details)["events"].size();
  }
  EXPECT_EQ(erased_events, 2u);
  auto verified = trail_->Verify();
  ASSERT_TRUE(verified.ok());
  EXPECT_TRUE(verified->intact()) << verified->problem;
  // Nothing left to erase.
  EXPECT_EQ(retention.Apply(30, "system")->texts, 0u);
}

TEST_F(AuditTrailTest, RetentionErasesACallbacksPhoneNumberAndNameWithTheTexts) {
  EXPECT_EQ(model::kSha256OfNoText, auth::Sha256Hex(""));
  const auto [c, events] = testing::CallbackNotReached("c_1");
  ASSERT_TRUE(store_->Create(c, events).ok());

  clock_.Set(kStart + std::chrono::days(31));
  Retention retention(*store_, *trail_, clock_);
  auto applied = retention.Apply(30, "system");
  ASSERT_TRUE(applied.ok()) << applied.status().ToString();
  EXPECT_EQ(applied->texts, 2u);
  EXPECT_EQ(applied->fields, 3u);
  EXPECT_EQ(applied->conversations, 1u);

  auto stored = store_->Events("c_1", 0, 10);
  ASSERT_TRUE(stored.ok());
  EXPECT_TRUE((*stored)[1].text_erased());
  // Erased, but it had no text to erase: staff still see the choice and the assignment.
  EXPECT_EQ((*stored)[2].erased_text_sha256, model::kSha256OfNoText);
  EXPECT_FALSE((*stored)[2].text_erased());
  EXPECT_FALSE((*stored)[3].text_erased());
  EXPECT_TRUE((*stored)[4].text_erased());
  EXPECT_EQ(std::get<model::ChoiceEvent>((*stored)[2].data).callback->phone, "");
  EXPECT_EQ(std::get<model::AssignedEvent>((*stored)[3].data).phone, "");

  // The erasure names each event with the hash of what it erased: the text's, the fields'.
  auto about = trail_->About("K-1");
  ASSERT_TRUE(about.ok());
  ASSERT_EQ(about->size(), 1u);
  EXPECT_EQ(about->front().details.find(testing::kCallbackPhone), std::string::npos);
  EXPECT_EQ(about->front().details.find("Jan de Vries"), std::string::npos);
  const json erased = json::parse(about->front().details)["events"];
  ASSERT_EQ(erased.size(), 4u);
  EXPECT_EQ(erased[0], json({{"seq", 2}, {"sha256", auth::Sha256Hex("bel me terug")}}));
  EXPECT_EQ(
      erased[1],
      json({{"seq", 3}, {"fields_sha256", auth::Sha256Hex(model::EventDataText(events[2].data))}}));
  EXPECT_FALSE(erased[2].contains("sha256"));
  EXPECT_TRUE(erased[3].contains("sha256"));
  EXPECT_TRUE(erased[3].contains("fields_sha256"));

  // The customer's export no longer holds them either.
  auto exported = CustomerExport(*store_, *trail_).Export("K-1", "cli");
  ASSERT_TRUE(exported.ok());
  EXPECT_EQ(exported->dump().find(testing::kCallbackPhone), std::string::npos);
  auto verified = trail_->Verify();
  ASSERT_TRUE(verified.ok());
  EXPECT_TRUE(verified->intact()) << verified->problem;
  EXPECT_EQ(retention.Apply(30, "system")->conversations, 0u);
}

TEST_F(AuditTrailTest, RetentionErasesTheWordsOfAContestReviewedLongerAgoThanItKeepsTexts) {
  const base::TimePoint reviewed = kStart + std::chrono::hours(1);
  auto id = store_->AddCustomerFlag(testing::ContestedFlag(reviewed));
  ASSERT_TRUE(id.ok());
  Retention retention(*store_, *trail_, clock_);
  clock_.Set(reviewed + std::chrono::days(30) - std::chrono::minutes(1));
  EXPECT_EQ(retention.Apply(30, "system")->contests, 0u) << "not yet";

  clock_.Set(reviewed + std::chrono::days(30));
  auto applied = retention.Apply(30, "system");
  ASSERT_TRUE(applied.ok()) << applied.status().ToString();
  EXPECT_EQ(applied->contests, 1u);
  auto flag = store_->CustomerFlagById(*id);
  ASSERT_TRUE(flag.ok());
  EXPECT_EQ(flag->contests[0].words, "");
  EXPECT_EQ(flag->contests[0].words_erased_sha256, auth::Sha256Hex("Dat was mijn eigen pas"));
  EXPECT_EQ(flag->contests[1].words, "Ik was echt in Spanje") << "waiting for review";

  auto about = trail_->About("K-1");
  ASSERT_TRUE(about.ok());
  ASSERT_EQ(about->size(), 1u);
  EXPECT_EQ(about->front().action, "erasure");
  EXPECT_EQ(about->front().conversation_id, "c_1");
  EXPECT_EQ(about->front().details.find("eigen pas"), std::string::npos);
  const json details = json::parse(about->front().details);
  EXPECT_EQ(details["flag"], *id);
  EXPECT_EQ(details["contests"],
            json::array({{{"index", 0}, {"sha256", auth::Sha256Hex("Dat was mijn eigen pas")}}}));
  auto verified = trail_->Verify();
  ASSERT_TRUE(verified.ok());
  EXPECT_TRUE(verified->intact()) << verified->problem;
  EXPECT_EQ(retention.Apply(30, "system")->contests, 0u) << "once";
}

// The store as a second retention run sees it: it reads what the first read, and the first erases
// it before the second writes (another process, or `balie retention apply` beside the server).
class RacingStore : public storage::AuditStore {
 public:
  RacingStore(storage::AuditStore& store, std::function<void()> meanwhile)
      : store_(store), meanwhile_(std::move(meanwhile)) {}
  base::Result<model::AuditEntry> AppendAudit(model::AuditEntry entry,
                                              const storage::AuditSeal& seal) override {
    return store_.AppendAudit(std::move(entry), seal);
  }
  base::Result<std::vector<model::AuditEntry>> AuditEntries(std::int64_t after_seq,
                                                            size_t limit) override {
    return store_.AuditEntries(after_seq, limit);
  }
  base::Result<std::vector<model::AuditEntry>> AuditEntriesAbout(
      std::string_view customer_ref) override {
    return store_.AuditEntriesAbout(customer_ref);
  }
  base::Result<std::vector<StoredText>> TextsBefore(base::TimePoint before, size_t limit) override {
    auto texts = store_.TextsBefore(before, limit);
    if (meanwhile_) std::exchange(meanwhile_, nullptr)();
    return texts;
  }
  base::Status EraseTexts(std::span<const ErasedText> texts,
                          std::span<const model::AuditEntry> entries,
                          const storage::AuditSeal& seal) override {
    return store_.EraseTexts(texts, entries, seal);
  }
  base::Result<std::vector<model::CustomerFlag>> ContestsReviewedBefore(base::TimePoint before,
                                                                        size_t limit) override {
    return store_.ContestsReviewedBefore(before, limit);
  }
  base::Status EraseContestWords(const model::CustomerFlag& flag, const model::AuditEntry& entry,
                                 const storage::AuditSeal& seal) override {
    return store_.EraseContestWords(flag, entry, seal);
  }

 private:
  storage::AuditStore& store_;
  std::function<void()> meanwhile_;
};

TEST_F(AuditTrailTest, TwoRetentionRunsAtOnceRecordEachErasureOnce) {
  Conversation("c_1", "K-1", {"oud bericht", "nog een oud bericht"});
  Conversation("c_2", "K-2", {"ander oud bericht"});
  clock_.Set(kStart + std::chrono::days(31));
  Retention first(*store_, *trail_, clock_);
  RacingStore racing(*store_, [&] { EXPECT_EQ(first.Apply(30, "cli")->texts, 3u); });
  Retention second(racing, *trail_, clock_);
  auto applied = second.Apply(30, "system");
  ASSERT_TRUE(applied.ok()) << applied.status().ToString();
  EXPECT_EQ(applied->texts, 0u) << "the first run erased them";
  EXPECT_EQ(applied->conversations, 0u);
  auto entries = store_->AuditEntries(0, 100);
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries->size(), 2u) << "one erasure entry per conversation, not two";
  for (const model::AuditEntry& entry : *entries) EXPECT_EQ(entry.actor, "cli");
  auto verified = trail_->Verify();
  ASSERT_TRUE(verified.ok());
  EXPECT_TRUE(verified->intact()) << verified->problem;
}

}  // namespace
}  // namespace balie::service
