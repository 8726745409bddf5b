// `balie audit verify` against a database changed behind Balie's back: the file is opened with
// SQLite directly (as anyone with access to the data directory could), the append-only triggers
// dropped, and an entry changed, deleted, reordered or added by hand. Each must be found and the
// first broken entry named. Also `balie audit export` and `balie retention apply`.

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

#include "app/commands.h"
#include "auth/digest.h"
#include "base/temp_dir.h"
#include "service/audit_trail.h"
#include "storage/sqlite_store.h"

namespace balie::app {
namespace {

using nlohmann::json;

class AuditCommandTest : public ::testing::Test {
 protected:
  // Five entries: two log-ins, two reads of conversation c_1 (customer K-1), a log-out; and the
  // conversation c_1 with a customer message.
  void SetUp() override {
    auto store = storage::SqliteStore::Open(dir_.path() / "balie.db");
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    model::Conversation conversation;
    conversation.id = "c_1";
    conversation.token_hash = "hash";
    conversation.customer_ref = "K-1";
    conversation.created_at = clock_.Now() - std::chrono::days(40);
    std::vector<model::Event> events(2);
    events[0].seq = 1;
    events[0].at = conversation.created_at;
    events[0].data = model::DefaultData(model::EventKind::kStarted);
    events[1].seq = 2;
    events[1].at = conversation.created_at;
    events[1].author = model::Author::kCustomer;
    events[1].text = "mijn IBAN is NL00BANK0123456789";
    events[1].data = model::DefaultData(model::EventKind::kCustomerMessage);
    conversation.last_seq = 2;
    ASSERT_TRUE((*store)->Create(conversation, events).ok());
    service::AuditTrail audit(**store, clock_);
    const std::pair<model::AuditAction, std::string> entries[] = {
        {model::AuditAction::kLogin, ""},
        {model::AuditAction::kLogin, ""},
        {model::AuditAction::kConversationRead, "c_1"},
        {model::AuditAction::kConversationRead, "c_1"},
        {model::AuditAction::kLogout, ""}};
    for (const auto& [action, conversation_id] : entries) {
      ASSERT_TRUE(audit
                      .Record({.actor = "s_anna",
                               .action = action,
                               .conversation_id = conversation_id,
                               .customer_ref = "",
                               .details = {{"address", "10.0.0.1"}}})
                      .ok());
    }
  }

  // Runs `sql` on the database as an outsider would: straight into the file, without the
  // triggers that keep the audit trail append-only.
  void Tamper(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((dir_.path() / "balie.db").c_str(), &db), SQLITE_OK);
    const std::string all =
        "DROP TRIGGER audit_log_is_not_updated;"
        "DROP TRIGGER audit_log_is_not_deleted;" +
        sql;
    char* error = nullptr;
    EXPECT_EQ(sqlite3_exec(db, all.c_str(), nullptr, nullptr, &error), SQLITE_OK)
        << (error != nullptr ? error : "");
    sqlite3_free(error);
    sqlite3_close(db);
  }

  // `balie audit verify`: its exit code, and what it said.
  struct Run {
    int code;
    std::string out;
    std::string err;
  };
  Run Verify() {
    std::ostringstream out, err;
    const int code = AuditVerify(
        {.data_dir = dir_.path().string(), .storage_url = "", .customer_ref = "", .out_file = ""},
        out, err);
    return {code, out.str(), err.str()};
  }

  // Expects verify to fail naming entry `seq` and `problem`.
  void ExpectBroken(std::int64_t seq, const std::string& problem) {
    const Run run = Verify();
    EXPECT_EQ(run.code, 1) << run.out << run.err;
    EXPECT_NE(run.err.find("broken at entry " + std::to_string(seq) + ": "), std::string::npos)
        << run.err;
    EXPECT_NE(run.err.find(problem), std::string::npos) << run.err;
  }

  base::TempDir dir_ = std::move(base::TempDir::Create("balie-audit-command-test-").value());
  base::SystemClock clock_;
};

TEST_F(AuditCommandTest, AnIntactTrailVerifiesAndSaysHowManyEntries) {
  const Run run = Verify();
  EXPECT_EQ(run.code, 0) << run.err;
  EXPECT_NE(run.out.find("audit trail intact: 5 entries verified"), std::string::npos) << run.out;
}

TEST_F(AuditCommandTest, AChangedFieldIsFound) {
  Tamper("UPDATE audit_log SET actor = 's_piet' WHERE seq = 3");
  ExpectBroken(3, "hash does not match its fields");
}

TEST_F(AuditCommandTest, AChangedTimeOrDetailIsFound) {
  Tamper("UPDATE audit_log SET at = at + 1 WHERE seq = 4");
  ExpectBroken(4, "hash does not match its fields");
}

TEST_F(AuditCommandTest, AChangedFieldWithItsHashRecomputedBreaksTheNextEntry) {
  // Whoever knows the encoding can recompute the hash of the entry they changed; the next entry
  // still holds the hash it had.
  model::AuditEntry entry;
  {
    auto store = storage::SqliteStore::Open(dir_.path() / "balie.db");
    ASSERT_TRUE(store.ok());
    entry = (*store)->AuditEntries(1, 1)->front();
  }
  entry.actor = "s_piet";
  Tamper("UPDATE audit_log SET actor = 's_piet', hash = '" + auth::AuditEntryHash(entry) +
         "' WHERE seq = 2");
  ExpectBroken(3, "prev_hash is not the hash of entry 2");
}

TEST_F(AuditCommandTest, ADeletedEntryIsFound) {
  Tamper("DELETE FROM audit_log WHERE seq = 3");
  ExpectBroken(3, "entry 3 is missing");
}

TEST_F(AuditCommandTest, ADeletedFirstEntryIsFound) {
  Tamper("DELETE FROM audit_log WHERE seq = 1");
  ExpectBroken(1, "entry 1 is missing");
}

TEST_F(AuditCommandTest, ADeletedEntryWhoseSuccessorsWereRenumberedIsFound) {
  Tamper(
      "DELETE FROM audit_log WHERE seq = 3;"
      "UPDATE audit_log SET seq = seq - 1 WHERE seq > 3");
  ExpectBroken(3, "prev_hash is not the hash of entry 2");
}

TEST_F(AuditCommandTest, TwoEntriesSwappedAreFound) {
  // Whole rows, hashes and all, change places.
  Tamper(
      "UPDATE audit_log SET seq = -2 WHERE seq = 2;"
      "UPDATE audit_log SET seq = 2 WHERE seq = 3;"
      "UPDATE audit_log SET seq = 3 WHERE seq = -2");
  ExpectBroken(2, "prev_hash is not the hash of entry 1");
}

TEST_F(AuditCommandTest, TwoEntriesContentsSwappedAreFound) {
  // What they say changes places; their hashes stay.
  Tamper(
      "CREATE TEMP TABLE keep AS SELECT * FROM audit_log WHERE seq IN (3, 5);"
      "UPDATE audit_log SET action = (SELECT action FROM keep WHERE seq = 5), "
      "conversation_id = (SELECT conversation_id FROM keep WHERE seq = 5) WHERE seq = 3;"
      "UPDATE audit_log SET action = (SELECT action FROM keep WHERE seq = 3), "
      "conversation_id = (SELECT conversation_id FROM keep WHERE seq = 3) WHERE seq = 5");
  ExpectBroken(3, "hash does not match its fields");
}

TEST_F(AuditCommandTest, AnEntryAppendedByHandIsFound) {
  // It links to the last entry, as a real one would, but its hash is made up.
  Tamper(
      "INSERT INTO audit_log (seq, at, actor, action, conversation_id, customer_ref, details, "
      "prev_hash, hash) SELECT 6, at + 1000, 's_anna', 'conversation_read', 'c_1', '', '{}', "
      "hash, '" +
      std::string(64, 'a') + "' FROM audit_log WHERE seq = 5");
  ExpectBroken(6, "hash does not match its fields");
}

TEST_F(AuditCommandTest, AnEntryAddedByHandWithAGapIsFound) {
  Tamper(
      "INSERT INTO audit_log (seq, at, actor, action, prev_hash, hash) "
      "VALUES (9, 0, 'system', 'login', '" +
      std::string(64, '0') + "', '" + std::string(64, 'b') + "')");
  ExpectBroken(6, "entry 6 is missing");
}

TEST_F(AuditCommandTest, AnUnknownActionIsFound) {
  Tamper("UPDATE audit_log SET action = 'coffee' WHERE seq = 2");
  ExpectBroken(2, "'coffee' is not one Balie writes");
}

TEST_F(AuditCommandTest, AMissingDatabaseIsAClearError) {
  std::ostringstream out, err;
  EXPECT_EQ(AuditVerify({.data_dir = (dir_.path() / "nothing").string(),
                         .storage_url = "",
                         .customer_ref = "",
                         .out_file = ""},
                        out, err),
            2);
  EXPECT_NE(err.str().find("there is no Balie database in"), std::string::npos) << err.str();
  EXPECT_FALSE(std::filesystem::exists(dir_.path() / "nothing" / "balie.db"));
}

TEST_F(AuditCommandTest, ExportWritesEverythingAboutTheCustomerAndIsItselfRecorded) {
  const auto file = dir_.path() / "K-1.json";
  std::ostringstream out, err;
  ASSERT_EQ(AuditExport({.data_dir = dir_.path().string(),
                         .storage_url = "",
                         .customer_ref = "K-1",
                         .out_file = file.string()},
                        out, err),
            0)
      << err.str();
  std::ifstream in(file);
  const json document = json::parse(in);
  EXPECT_EQ(document["customer_ref"], "K-1");
  ASSERT_EQ(document["conversations"].size(), 1u);
  EXPECT_EQ(document["conversations"][0]["events"][1]["text"], "mijn IBAN is NL00BANK0123456789");
  // Who looked at their conversation: both reads.
  ASSERT_EQ(document["accesses"].size(), 2u);
  EXPECT_EQ(document["accesses"][0]["actor"], "s_anna");
  EXPECT_EQ(document["accesses"][0]["seq"], 3);
  EXPECT_EQ(document["export_entry"], 6);
  for (const char* section : {"decisions", "flags", "contests"}) {
    EXPECT_EQ(document[section], json::array()) << section;
  }
  const Run run = Verify();
  EXPECT_EQ(run.code, 0) << run.err;
  EXPECT_NE(run.out.find("6 entries verified"), std::string::npos) << run.out;
  // Without --customer's value there is nothing to export.
  std::ostringstream none_out, none_err;
  EXPECT_EQ(
      AuditExport(
          {.data_dir = dir_.path().string(), .storage_url = "", .customer_ref = "", .out_file = ""},
          none_out, none_err),
      1);
}

// The decisions taken for the customer and the flags about them are in their export, with the
// reasons, the facts and who.
TEST_F(AuditCommandTest, ExportHoldsTheDecisionsAndFlagsAboutTheCustomer) {
  {
    auto store = storage::SqliteStore::Open(dir_.path() / "balie.db");
    ASSERT_TRUE(store.ok());
    auto conversation = (*store)->Get("c_1");
    ASSERT_TRUE(conversation.ok());
    conversation->state = model::ConversationState::kWaiting;  // as the summary of a hand-off
    model::Event decision;
    decision.seq = 3;
    decision.at = clock_.Now();
    decision.author = model::Author::kAgent;
    decision.text = "Anna heeft dit voor u geregeld.";
    decision.data = model::DecisionEvent{
        "waive_fee", "euro", 1500, "storing bij ons", "", {"s_anna", "Anna"}, false, std::nullopt};
    conversation->last_seq = 3;
    ASSERT_TRUE((*store)->Append(*conversation, {&decision, 1}).ok());
    model::CustomerFlag flag;
    flag.customer_ref = "K-1";
    flag.conversation_id = "c_1";
    flag.kind = "needs_care";
    flag.facts = {{2, "", "Schrijft dat brieven niet te lezen zijn"}};
    flag.raised_by = "s_anna";
    flag.reason = "Brieven voorlezen";
    flag.raised_at = clock_.Now();
    flag.expires_at = clock_.Now() + std::chrono::days(30);
    flag.contests = {{"Ik lees mijn brieven zelf", "s_anna", clock_.Now(),
                      model::ContestStage::kRejected, "s_eva", "Zo door de klant geschreven",
                      clock_.Now()}};
    ASSERT_TRUE((*store)->AddCustomerFlag(flag).ok());
  }
  std::ostringstream out, err;
  ASSERT_EQ(AuditExport({.data_dir = dir_.path().string(),
                         .storage_url = "",
                         .customer_ref = "K-1",
                         .out_file = ""},
                        out, err),
            0)
      << err.str();
  const json document = json::parse(out.str());
  ASSERT_EQ(document["decisions"].size(), 1u);
  EXPECT_EQ(document["decisions"][0]["decision_id"], "waive_fee");
  EXPECT_EQ(document["decisions"][0]["reason"], "storing bij ons");
  EXPECT_EQ(document["decisions"][0]["conversation_id"], "c_1");
  ASSERT_EQ(document["flags"].size(), 1u);
  EXPECT_EQ(document["flags"][0]["facts"][0]["description"],
            "Schrijft dat brieven niet te lezen zijn");
  EXPECT_EQ(document["flags"][0]["status"], "unconfirmed");
  ASSERT_EQ(document["contests"].size(), 1u);
  EXPECT_EQ(document["contests"][0]["flag"], document["flags"][0]["id"]);
  EXPECT_EQ(document["contests"][0]["words"], "Ik lees mijn brieven zelf");
  EXPECT_EQ(document["contests"][0]["stage"], "rejected");
  EXPECT_EQ(document["contests"][0]["reviewed_by"]["id"], "s_eva");
}

TEST_F(AuditCommandTest, RetentionErasesOldTextsAndTheTrailStaysIntact) {
  std::ostringstream out, err;
  ASSERT_EQ(RetentionApply({.data_dir = dir_.path().string(),
                            .storage_url = "",
                            .days = 30,
                            .progress_every = std::chrono::milliseconds(0)},
                           out, err),
            0)
      << err.str();
  EXPECT_NE(err.str().find("retention apply: 1 texts, the personal fields of 0 events and the "
                           "words of 0 contests erased so far"),
            std::string::npos)
      << err.str();
  EXPECT_NE(out.str().find("erased 1 text and the personal fields of 0 events in 1 conversation, "
                           "and the words of 0 contests of flags, older than 30 days"),
            std::string::npos)
      << out.str();
  std::ostringstream export_out, export_err;
  ASSERT_EQ(AuditExport({.data_dir = dir_.path().string(),
                         .storage_url = "",
                         .customer_ref = "K-1",
                         .out_file = ""},
                        export_out, export_err),
            0);
  const json document = json::parse(export_out.str());
  const json& message = document["conversations"][0]["events"][1];
  EXPECT_EQ(message["text"], "");
  EXPECT_EQ(message["text_erased"]["sha256"].get<std::string>().size(), 64u);
  EXPECT_EQ(export_out.str().find("NL00BANK"), std::string::npos);
  const Run run = Verify();
  EXPECT_EQ(run.code, 0) << run.err;
  EXPECT_NE(run.out.find("7 entries verified"), std::string::npos) << run.out;
  std::ostringstream bad_out, bad_err;
  EXPECT_EQ(RetentionApply({.data_dir = dir_.path().string(), .storage_url = "", .days = 0},
                           bad_out, bad_err),
            2);
}

}  // namespace
}  // namespace balie::app
