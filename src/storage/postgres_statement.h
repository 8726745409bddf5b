#ifndef BALIE_STORAGE_POSTGRES_STATEMENT_H_
#define BALIE_STORAGE_POSTGRES_STATEMENT_H_

// PostgresStore's statements, their parameters and rows, shared by its .cc files
// (postgres_store.cc: conversations; postgres_staff_store.cc; postgres_audit_store.cc). Internal to
// storage/, and the one header besides those files that includes libpqxx: include it from those
// .cc files only.

#include <chrono>
#include <cstdint>
#include <limits>
#include <optional>
#include <pqxx/pqxx>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"
#include "storage/postgres_store.h"

namespace balie::storage {

// The transaction a write or a read runs in.
class PostgresStore::Transaction {
 public:
  // `changes`: where a write notes the events it stored, for the group's notification (none for
  // reads).
  explicit Transaction(pqxx::transaction_base& tx, std::vector<StoredChange>* changes = nullptr)
      : tx_(tx), changes_(changes) {}
  pqxx::transaction_base& tx() { return tx_; }
  void Stored(StoredChange change) {
    if (changes_ != nullptr) {
      changes_->push_back(std::move(change));
    }
  }

 private:
  pqxx::transaction_base& tx_;
  std::vector<StoredChange>* changes_;
};

template <typename T>
base::Result<T> PostgresStore::ReadResult(
    const std::function<base::Result<T>(Transaction&)>& read) {
  std::optional<base::Result<T>> result;
  const base::Status status = Read([&](Transaction& transaction) -> base::Status {
    result = read(transaction);
    return base::Status::Ok();
  });
  if (!status.ok()) {
    return status;
  }
  return std::move(*result);
}

namespace postgres {

// A statement prepared on every connection by its name.
struct Statement {
  const char* name;
  const char* sql;
};
// Each part's statements (defined in its .cc file).
std::span<const Statement> ConversationStatements();
std::span<const Statement> StaffStatements();
std::span<const Statement> AuditStatements();

// A statement's parameters, bound as row_codec.h binds them ($1 is index 1); unbound ones are
// NULL.
class Parameters {
 public:
  Parameters& Bind(int index, std::string_view text) {
    At(index) = std::string(text);
    return *this;
  }
  Parameters& Bind(int index, std::int64_t value) {
    At(index) = std::to_string(value);
    return *this;
  }
  Parameters& BindNull(int index) {
    At(index).reset();
    return *this;
  }
  pqxx::result Run(pqxx::transaction_base& tx, const char* statement) const {
    std::vector<const char*> values;
    values.reserve(values_.size());
    for (const auto& value : values_) {
      values.push_back(value ? value->c_str() : nullptr);
    }
    return tx.exec_prepared(statement, pqxx::prepare::make_dynamic_params(values));
  }

 private:
  std::optional<std::string>& At(int index) {
    const auto position = static_cast<size_t>(index);
    if (values_.size() < position) {
      values_.resize(position);
    }
    return values_[position - 1];
  }
  std::vector<std::optional<std::string>> values_;
};

// A row of a result, read as row_codec.h reads one (NULL reads as "" and 0).
// `first_column`: where its columns begin (a row of a join holds one of each).
class Row {
 public:
  explicit Row(const pqxx::row& row, int first_column = 0) : row_(row), first_(first_column) {}
  std::string Text(int column) const {
    const pqxx::field field = row_[first_ + column];
    return field.is_null() ? std::string() : std::string(field.c_str(), field.size());
  }
  std::int64_t Int(int column) const {
    const pqxx::field field = row_[first_ + column];
    return field.is_null() ? 0 : field.as<std::int64_t>();
  }
  bool IsNull(int column) const { return row_[first_ + column].is_null(); }

 private:
  const pqxx::row& row_;
  int first_;
};

// Every row of `rows` read by `read` (Row → base::Result<T>); the first that does not read fails
// them all.
template <typename T, typename Read>
base::Result<std::vector<T>> ReadRows(const pqxx::result& rows, Read read) {
  std::vector<T> all;
  all.reserve(rows.size());
  for (const pqxx::row& row : rows) {
    base::Result<T> one = read(Row(row));
    if (!one.ok()) {
      return one.status();
    }
    all.push_back(std::move(one).value());
  }
  return all;
}

// An append as balie_append_group takes it (postgres_store.cc, migration 5): JSON text;
// kInvalidArgument when a text is not UTF-8.
base::Result<std::string> AppendRow(const model::Conversation& updated,
                                    std::span<const model::Event> events);

inline std::int64_t Limit(size_t limit) {
  return static_cast<std::int64_t>(
      std::min<size_t>(limit, static_cast<size_t>(std::numeric_limits<std::int64_t>::max())));
}

// Readies a new session of Balie's, whatever it is for. Over TCP both ends find out within about
// half a minute that the other has vanished (a machine switched off or cut off sends nothing)
// instead of the system's two hours: Balie's socket by keepalive probes and a limit on
// unacknowledged data, PostgreSQL's end by its keepalive settings. PostgreSQL also ends the
// session when it is left idle inside a transaction (a frozen process). Either way what the
// session locked is freed for the other processes, and a listener that no longer reads stops
// holding up the notification queue. `lock_timeout`: the longest a statement waits for a lock
// (zero: no limit; PostgresOptions).
void PrepareSession(pqxx::connection& connection, std::chrono::milliseconds lock_timeout);

}  // namespace postgres
}  // namespace balie::storage

#endif  // BALIE_STORAGE_POSTGRES_STATEMENT_H_
