// What only SqliteStore's audit trail does: its triggers, seen through SQL. The contract it shares
// with PostgreSQL is tested in audit_store_test.cc.

#include <gtest/gtest.h>

#include "base/temp_dir.h"
#include "storage/sqlite_connection.h"
#include "storage/sqlite_store.h"
#include "support/store_testing.h"

namespace balie::storage {
namespace {

using model::AuditEntry;
using model::Event;
using model::EventKind;

class SqliteAuditStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = SqliteStore::Open(file());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
  }

  std::filesystem::path file() const { return dir_.path() / "balie.db"; }

  base::TempDir dir_ = std::move(base::TempDir::Create("balie-audit-store-test-").value());
  std::unique_ptr<SqliteStore> store_;
};

TEST_F(SqliteAuditStoreTest, TheAuditTrailCannotBeChangedOrRemovedThroughSql) {
  AuditEntry entry;
  entry.actor = "s_1";
  entry.action = "login";
  ASSERT_TRUE(store_->AppendAudit(entry, [](const AuditEntry& e) { return e.actor; }).ok());
  auto db = SqliteConnection::Open(file(), false, true);
  ASSERT_TRUE(db.ok());
  EXPECT_FALSE((*db)->Execute("UPDATE audit_log SET actor = 's_2'").ok());
  EXPECT_FALSE((*db)->Execute("DELETE FROM audit_log").ok());
}

TEST_F(SqliteAuditStoreTest, ErasureIsTheOnlyChangeAnEventAllows) {
  model::Conversation c = testing::NewConversation("c_1");
  c.last_seq = 2;
  const std::vector<Event> events = {
      testing::NewEvent(1, EventKind::kStarted),
      testing::NewEvent(2, EventKind::kCustomerMessage, "", "tekst")};
  ASSERT_TRUE(store_->Create(c, events).ok());
  auto db = SqliteConnection::Open(file(), false, true);
  ASSERT_TRUE(db.ok());
  EXPECT_FALSE((*db)->Execute("UPDATE events SET text = 'changed' WHERE seq = 2").ok());
  EXPECT_FALSE((*db)->Execute("UPDATE events SET data = '{}' WHERE seq = 2").ok());
  // Erasing while changing something else too.
  EXPECT_FALSE(
      (*db)
          ->Execute("UPDATE events SET text = '', text_erased_sha256 = 'x', at = 0 WHERE seq = 2")
          .ok());
  // Erasing the text and the personal fields with it (the fields alone: above).
  EXPECT_TRUE((*db)
                  ->Execute("UPDATE events SET text = '', text_erased_sha256 = 'x', data = '{}' "
                            "WHERE seq = 2")
                  .ok());
  // Once erased, nothing changes again.
  EXPECT_FALSE((*db)->Execute("UPDATE events SET text_erased_sha256 = 'y' WHERE seq = 2").ok());
  EXPECT_FALSE((*db)->Execute("UPDATE events SET data = '{\"x\":1}' WHERE seq = 2").ok());
  EXPECT_FALSE((*db)->Execute("DELETE FROM events").ok());
}

}  // namespace
}  // namespace balie::storage
