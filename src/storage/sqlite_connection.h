#ifndef BALIE_STORAGE_SQLITE_CONNECTION_H_
#define BALIE_STORAGE_SQLITE_CONNECTION_H_

// A thin layer over one SQLite connection: opening, executing SQL, and prepared statements that
// are cached per connection. Errors become base::Status with SQLite's message. A connection is
// used by one thread at a time (SQLite's multi-thread mode); it is not thread-safe.

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "base/status.h"

namespace balie::storage {

// Whether SQLite's result `code` is a failure of the storage itself — full (disk or
// max_page_count), an I/O error, a damaged file, read-only, cannot open — rather than a refusal
// (a constraint) or another connection's turn (busy, locked).
bool IsStorageFailure(int code);
// Whether `code` says the file is damaged (SQLITE_CORRUPT, SQLITE_NOTADB).
bool IsDamage(int code);
// "SQLITE_FULL", "SQLITE_IOERR", … for the primary result code of `code`.
const char* ResultCodeName(int code);

// Told of every storage failure (IsStorageFailure) on a connection: SQLite's extended result code
// and message. Called on the thread that used the connection; must be thread-safe and not block.
using FailureListener = std::function<void(int code, const std::string& message)>;

// A prepared statement borrowed from a connection's cache; reset (bindings cleared) when it goes
// out of scope.
class SqliteStatement {
 public:
  SqliteStatement(sqlite3* db, sqlite3_stmt* statement, const FailureListener* listener = nullptr)
      : db_(db), statement_(statement), listener_(listener) {}
  ~SqliteStatement();
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

  // Parameters are numbered from 1, as in SQL's ?1, ?2.
  SqliteStatement& Bind(int index, std::string_view text);
  SqliteStatement& Bind(int index, std::int64_t value);
  SqliteStatement& BindNull(int index);

  // Steps once: true when a row is available, false when done. A failure is remembered and
  // returned by status().
  bool Step();
  // Runs to completion (for statements that return no rows).
  [[nodiscard]] base::Status Run();
  const base::Status& status() const { return status_; }
  // The SQLite extended result code of the last failed step (0 when none).
  int error_code() const { return error_code_; }

  std::int64_t Int(int column) const;
  std::string Text(int column) const;
  bool IsNull(int column) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* statement_;
  const FailureListener* listener_;
  base::Status status_;
  int error_code_ = 0;
};

// Steps `statement` to its end and reads each row with `read` (returning a T or a base::Result<T>):
// the rows in order, or the first failure of a row or of a step.
template <typename T, typename Read>
base::Result<std::vector<T>> ReadAll(SqliteStatement& statement, Read read) {
  std::vector<T> rows;
  while (statement.Step()) {
    base::Result<T> row = read(std::as_const(statement));
    if (!row.ok()) {
      return row.status();
    }
    rows.push_back(std::move(row).value());
  }
  if (!statement.status().ok()) {
    return statement.status();
  }
  return rows;
}

class SqliteConnection {
 public:
  // Opens `file`; `read_only` connections never write. WAL mode and the busy timeout are set
  // here; `synchronous_full` chooses PRAGMA synchronous FULL or NORMAL.
  [[nodiscard]] static base::Result<std::unique_ptr<SqliteConnection>> Open(
      const std::filesystem::path& file, bool read_only, bool synchronous_full);
  ~SqliteConnection();
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  // Executes one or more statements without results, parsing them each time.
  [[nodiscard]] base::Status Execute(const char* sql);
  // Runs one statement without results (BEGIN, COMMIT, SAVEPOINT …), prepared once per
  // connection as Prepare does: for those run on every write or read transaction.
  [[nodiscard]] base::Status Run(const char* sql);
  // The statement for `sql`, prepared once per connection. `sql` must outlive the connection
  // (a string literal): it is the cache key.
  [[nodiscard]] base::Result<std::unique_ptr<SqliteStatement>> Prepare(const char* sql);
  sqlite3* handle() { return db_; }
  // Set before the connection is used; null: nobody is told.
  void set_failure_listener(FailureListener listener) { listener_ = std::move(listener); }

 private:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  // Tells the listener if `code` is a storage failure.
  void Report(int code, const std::string& message) const;
  sqlite3* db_;
  FailureListener listener_;
  std::unordered_map<const char*, sqlite3_stmt*> statements_;
};

}  // namespace balie::storage

#endif  // BALIE_STORAGE_SQLITE_CONNECTION_H_
