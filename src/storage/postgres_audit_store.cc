// PostgresStore's AuditStore (audit_store.h): the audit_log table (migration 3 of
// postgres_store.cc) and retention's erasure of old event texts.

#include <utility>

#include "base/time_format.h"
#include "storage/postgres_statement.h"
#include "storage/postgres_store.h"
#include "storage/row_codec.h"
#include "storage/staff_codec.h"

namespace balie::storage {
namespace {

using model::AuditEntry;
using postgres::Limit;
using postgres::Parameters;
using postgres::ReadRows;
using postgres::Row;

// pg_advisory_xact_lock's key for appending to the audit trail: held from reading the last entry
// to the commit, so that appends of every process are chained one after the other.
constexpr std::int64_t kAuditLock = 0x62616c6965 + 1;  // "balie" + 1

constexpr postgres::Statement kStatements[] = {
    {"lock_audit_log", "SELECT pg_advisory_xact_lock($1)"},
    {"select_last_audit", "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1"},
    {"insert_audit",
     "INSERT INTO audit_log (" BALIE_AUDIT_COLUMNS ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"},
    {"select_audit",
     "SELECT " BALIE_AUDIT_COLUMNS " FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2"},
    {"select_audit_about",
     "SELECT " BALIE_AUDIT_COLUMNS " FROM audit_log WHERE customer_ref = $1 OR conversation_id IN "
     "(SELECT id FROM conversations WHERE customer_ref = $1) ORDER BY seq"},
    {"select_texts_before", BALIE_TEXTS_BEFORE("$1", "$2")},
    {"contests_reviewed_before",
     "SELECT " BALIE_CUSTOMER_FLAG_COLUMNS
     " FROM customer_flags WHERE EXISTS (SELECT 1 FROM json_array_elements(contests::json) c "
     "WHERE c ->> 'words' <> '' AND (c ->> 'reviewed_at')::bigint <= $1) ORDER BY id LIMIT $2"},
    {"erase_contest_words",
     "UPDATE customer_flags SET contests = $2, revision = revision + 1 "
     "WHERE id = $1 AND revision = $3"},
    // Only an event not yet erased: the events' trigger allows this one change, once.
    {"erase_text",
     "UPDATE events SET text = '', text_erased_sha256 = $3, data = COALESCE($4, data) "
     "WHERE conversation_id = $1 AND seq = $2 AND text_erased_sha256 IS NULL"},
};

#undef BALIE_AUDIT_COLUMNS
#undef BALIE_TEXTS_BEFORE

// Inserts `entry` after the last stored entry; on the writer, inside its transaction.
AuditEntry InsertAuditEntry(pqxx::transaction_base& tx, AuditEntry entry, const AuditSeal& seal) {
  Parameters().Bind(1, kAuditLock).Run(tx, "lock_audit_log");
  // Read after the lock is held: under READ COMMITTED the statement sees every entry committed
  // by whoever held it before.
  const pqxx::result last = Parameters().Run(tx, "select_last_audit");
  if (last.empty()) {
    ChainAuditEntry(entry, 0, "", seal);
  } else {
    const Row row(last[0]);
    ChainAuditEntry(entry, row.Int(0), row.Text(1), seal);
  }
  Parameters parameters;
  BindAuditEntry(parameters, entry);
  parameters.Run(tx, "insert_audit");
  return entry;
}

}  // namespace

std::span<const postgres::Statement> postgres::AuditStatements() { return kStatements; }

base::Result<AuditEntry> PostgresStore::AppendAudit(AuditEntry entry, const AuditSeal& seal) {
  AuditEntry stored;
  const base::Status status = Submit([&](Transaction& transaction) {
    stored = InsertAuditEntry(transaction.tx(), entry, seal);
    return base::Status::Ok();
  });
  if (!status.ok()) {
    return status;
  }
  return stored;
}

base::Result<std::vector<AuditEntry>> PostgresStore::AuditEntries(std::int64_t after_seq,
                                                                  size_t limit) {
  return ReadResult<std::vector<AuditEntry>>([&](Transaction& transaction) {
    return ReadRows<AuditEntry>(
        Parameters().Bind(1, after_seq).Bind(2, Limit(limit)).Run(transaction.tx(), "select_audit"),
        ReadAuditEntry<Row>);
  });
}

base::Result<std::vector<AuditEntry>> PostgresStore::AuditEntriesAbout(
    std::string_view customer_ref) {
  return ReadResult<std::vector<AuditEntry>>([&](Transaction& transaction) {
    return ReadRows<AuditEntry>(
        Parameters().Bind(1, customer_ref).Run(transaction.tx(), "select_audit_about"),
        ReadAuditEntry<Row>);
  });
}

base::Result<std::vector<AuditStore::StoredText>> PostgresStore::TextsBefore(base::TimePoint before,
                                                                             size_t limit) {
  return ReadResult<std::vector<StoredText>>([&](Transaction& transaction) {
    return ReadRows<StoredText>(Parameters()
                                    .Bind(1, base::ToUnixMillis(before))
                                    .Bind(2, Limit(limit))
                                    .Run(transaction.tx(), "select_texts_before"),
                                ReadStoredText<Row>);
  });
}

base::Status PostgresStore::EraseTexts(std::span<const ErasedText> texts,
                                       std::span<const AuditEntry> entries, const AuditSeal& seal) {
  return Submit([&](Transaction& transaction) {
    for (const ErasedText& text : texts) {
      Parameters parameters;
      parameters.Bind(1, text.conversation_id).Bind(2, text.seq).Bind(3, text.sha256);
      if (text.data) {
        parameters.Bind(4, EventDataText(*text.data));
      } else {
        parameters.BindNull(4);
      }
      if (parameters.Run(transaction.tx(), "erase_text").affected_rows() == 0) {
        return ErasedMeanwhile(text);
      }
    }
    for (const AuditEntry& entry : entries) {
      InsertAuditEntry(transaction.tx(), entry, seal);
    }
    return base::Status::Ok();
  });
}

base::Result<std::vector<model::CustomerFlag>> PostgresStore::ContestsReviewedBefore(
    base::TimePoint before, size_t limit) {
  return ReadResult<std::vector<model::CustomerFlag>>([&](Transaction& transaction) {
    return ReadRows<model::CustomerFlag>(Parameters()
                                             .Bind(1, base::ToUnixMillis(before))
                                             .Bind(2, Limit(limit))
                                             .Run(transaction.tx(), "contests_reviewed_before"),
                                         ReadCustomerFlag<Row>);
  });
}

base::Status PostgresStore::EraseContestWords(const model::CustomerFlag& flag,
                                              const AuditEntry& entry, const AuditSeal& seal) {
  return Submit([&](Transaction& transaction) {
    const pqxx::result changed = Parameters()
                                     .Bind(1, flag.id)
                                     .Bind(2, FlagContestsText(flag))
                                     .Bind(3, flag.revision)
                                     .Run(transaction.tx(), "erase_contest_words");
    if (changed.affected_rows() == 0) {
      return base::FailedPrecondition("flag " + std::to_string(flag.id) + " changed meanwhile");
    }
    InsertAuditEntry(transaction.tx(), entry, seal);
    return base::Status::Ok();
  });
}

}  // namespace balie::storage
