// SqliteStore's AuditStore (audit_store.h): the audit_log table (migration 4 of
// sqlite_store.cc) and the erasure of old event texts.

#include <utility>

#include "base/time_format.h"
#include "storage/row_codec.h"
#include "storage/sqlite_store.h"
#include "storage/staff_codec.h"

namespace balie::storage {
namespace {

using model::AuditEntry;

constexpr const char* kSelectLastAudit =
    "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1";
constexpr const char* kInsertAudit =
    "INSERT INTO audit_log (" BALIE_AUDIT_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
constexpr const char* kSelectAudit =
    "SELECT " BALIE_AUDIT_COLUMNS " FROM audit_log WHERE seq > ?1 ORDER BY seq LIMIT ?2";
constexpr const char* kSelectAuditAbout =
    "SELECT " BALIE_AUDIT_COLUMNS
    " FROM audit_log WHERE customer_ref = ?1 OR conversation_id IN "
    "(SELECT id FROM conversations WHERE customer_ref = ?1) ORDER BY seq";
constexpr const char* kSelectTextsBefore = BALIE_TEXTS_BEFORE("?1", "?2");
constexpr const char* kEraseText =
    "UPDATE events SET text = '', text_erased_sha256 = ?3, data = COALESCE(?4, data) "
    "WHERE conversation_id = ?1 AND seq = ?2 AND text_erased_sha256 IS NULL";

// Flags with a contest reviewed at or before ?1 whose words are not erased (AuditStore::
// ContestsReviewedBefore); a contest's times are Unix milliseconds (staff_codec.h).
constexpr const char* kContestsReviewedBefore =
    "SELECT " BALIE_CUSTOMER_FLAG_COLUMNS
    " FROM customer_flags WHERE EXISTS (SELECT 1 FROM json_each(customer_flags.contests) "
    "WHERE json_extract(value, '$.words') <> '' "
    "AND json_extract(value, '$.reviewed_at') <= ?1) ORDER BY id LIMIT ?2";
constexpr const char* kEraseContestWords =
    "UPDATE customer_flags SET contests = ?2, revision = revision + 1 "
    "WHERE id = ?1 AND revision = ?3";

#undef BALIE_AUDIT_COLUMNS
#undef BALIE_TEXTS_BEFORE

base::Result<std::vector<AuditEntry>> SelectAuditEntries(SqliteStatement& select) {
  return ReadAll<AuditEntry>(select, ReadAuditEntry<SqliteStatement>);
}

// Inserts `entry` after the last stored entry; on the writer, inside its transaction.
base::Result<AuditEntry> InsertAuditEntry(SqliteConnection& db, AuditEntry entry,
                                          const AuditSeal& seal) {
  auto last = db.Prepare(kSelectLastAudit);
  if (!last.ok()) {
    return last.status();
  }
  std::int64_t last_seq = 0;
  std::string last_hash;
  if ((*last)->Step()) {
    last_seq = (*last)->Int(0);
    last_hash = (*last)->Text(1);
  } else if (!(*last)->status().ok()) {
    return (*last)->status();
  }
  last->reset();
  ChainAuditEntry(entry, last_seq, std::move(last_hash), seal);
  auto insert = db.Prepare(kInsertAudit);
  if (!insert.ok()) {
    return insert.status();
  }
  BindAuditEntry(**insert, entry);
  if (base::Status status = (*insert)->Run(); !status.ok()) {
    return status;
  }
  return entry;
}

}  // namespace

base::Result<AuditEntry> SqliteStore::AppendAudit(AuditEntry entry, const AuditSeal& seal) {
  base::Result<AuditEntry> stored = base::Internal("the audit entry was not written");
  base::Status status = Submit([&](SqliteConnection& db) -> base::Status {
    stored = InsertAuditEntry(db, entry, seal);
    return stored.status();
  });
  if (!status.ok()) {
    return status;
  }
  return stored;
}

base::Result<std::vector<AuditEntry>> SqliteStore::AuditEntries(std::int64_t after_seq,
                                                                size_t limit) {
  return Read<std::vector<AuditEntry>>(
      [&](SqliteConnection& db) -> base::Result<std::vector<AuditEntry>> {
        auto select = db.Prepare(kSelectAudit);
        if (!select.ok()) {
          return select.status();
        }
        (*select)->Bind(1, after_seq).Bind(2, static_cast<std::int64_t>(limit));
        return SelectAuditEntries(**select);
      });
}

base::Result<std::vector<AuditEntry>> SqliteStore::AuditEntriesAbout(
    std::string_view customer_ref) {
  return Read<std::vector<AuditEntry>>(
      [&](SqliteConnection& db) -> base::Result<std::vector<AuditEntry>> {
        auto select = db.Prepare(kSelectAuditAbout);
        if (!select.ok()) {
          return select.status();
        }
        (*select)->Bind(1, customer_ref);
        return SelectAuditEntries(**select);
      });
}

base::Result<std::vector<AuditStore::StoredText>> SqliteStore::TextsBefore(base::TimePoint before,
                                                                           size_t limit) {
  return Read<std::vector<StoredText>>(
      [&](SqliteConnection& db) -> base::Result<std::vector<StoredText>> {
        auto select = db.Prepare(kSelectTextsBefore);
        if (!select.ok()) {
          return select.status();
        }
        (*select)->Bind(1, base::ToUnixMillis(before)).Bind(2, static_cast<std::int64_t>(limit));
        return ReadAll<StoredText>(**select, ReadStoredText<SqliteStatement>);
      });
}

base::Status SqliteStore::EraseTexts(std::span<const ErasedText> texts,
                                     std::span<const AuditEntry> entries, const AuditSeal& seal) {
  return Submit([&](SqliteConnection& db) -> base::Status {
    for (const ErasedText& text : texts) {
      auto erase = db.Prepare(kEraseText);
      if (!erase.ok()) {
        return erase.status();
      }
      (*erase)->Bind(1, text.conversation_id).Bind(2, text.seq).Bind(3, text.sha256);
      if (text.data) {
        (*erase)->Bind(4, EventDataText(*text.data));
      } else {
        (*erase)->BindNull(4);
      }
      if (base::Status status = (*erase)->Run(); !status.ok()) {
        return status;
      }
      if (sqlite3_changes(db.handle()) == 0) {
        return ErasedMeanwhile(text);
      }
    }
    for (const AuditEntry& entry : entries) {
      if (auto stored = InsertAuditEntry(db, entry, seal); !stored.ok()) {
        return stored.status();
      }
    }
    return base::Status::Ok();
  });
}

base::Result<std::vector<model::CustomerFlag>> SqliteStore::ContestsReviewedBefore(
    base::TimePoint before, size_t limit) {
  return Read<std::vector<model::CustomerFlag>>(
      [&](SqliteConnection& db) -> base::Result<std::vector<model::CustomerFlag>> {
        auto select = db.Prepare(kContestsReviewedBefore);
        if (!select.ok()) {
          return select.status();
        }
        (*select)->Bind(1, base::ToUnixMillis(before)).Bind(2, static_cast<std::int64_t>(limit));
        return ReadAll<model::CustomerFlag>(**select, ReadCustomerFlag<SqliteStatement>);
      });
}

base::Status SqliteStore::EraseContestWords(const model::CustomerFlag& flag,
                                            const AuditEntry& entry, const AuditSeal& seal) {
  return Submit([&](SqliteConnection& db) -> base::Status {
    auto erase = db.Prepare(kEraseContestWords);
    if (!erase.ok()) {
      return erase.status();
    }
    (*erase)->Bind(1, flag.id).Bind(2, FlagContestsText(flag)).Bind(3, flag.revision);
    if (base::Status status = (*erase)->Run(); !status.ok()) {
      return status;
    }
    if (sqlite3_changes(db.handle()) == 0) {
      return base::FailedPrecondition("flag " + std::to_string(flag.id) + " changed meanwhile");
    }
    return InsertAuditEntry(db, entry, seal).status();
  });
}

}  // namespace balie::storage
