#include "storage/sqlite_connection.h"

namespace balie::storage {
namespace {

// Classifies a failure: what the caller may retry (busy, disk full) is "unavailable".
base::Status Failure(int code, std::string message) {
  const int primary = code & 0xff;
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED || primary == SQLITE_FULL ||
      primary == SQLITE_IOERR || primary == SQLITE_CANTOPEN || primary == SQLITE_READONLY) {
    return base::Unavailable(std::move(message));
  }
  if (primary == SQLITE_CONSTRAINT) {
    return base::FailedPrecondition(std::move(message));
  }
  return base::Internal(std::move(message));
}

}  // namespace

SqliteStatement::~SqliteStatement() {
  sqlite3_reset(statement_);
  sqlite3_clear_bindings(statement_);
}

SqliteStatement& SqliteStatement::Bind(int index, std::string_view text) {
  sqlite3_bind_text(statement_, index, text.data(), static_cast<int>(text.size()),
                    SQLITE_TRANSIENT);
  return *this;
}

SqliteStatement& SqliteStatement::Bind(int index, std::int64_t value) {
  sqlite3_bind_int64(statement_, index, value);
  return *this;
}

SqliteStatement& SqliteStatement::BindNull(int index) {
  sqlite3_bind_null(statement_, index);
  return *this;
}

bool SqliteStatement::Step() {
  if (!status_.ok()) {
    return false;
  }
  const int code = sqlite3_step(statement_);
  if (code == SQLITE_ROW) {
    return true;
  }
  if (code != SQLITE_DONE) {
    error_code_ = sqlite3_extended_errcode(db_);
    status_ = Failure(code, std::string("storage: ") + sqlite3_errmsg(db_));
  }
  return false;
}

base::Status SqliteStatement::Run() {
  while (Step()) {
  }
  return status_;
}

std::int64_t SqliteStatement::Int(int column) const {
  return sqlite3_column_int64(statement_, column);
}

std::string SqliteStatement::Text(int column) const {
  const auto* text = sqlite3_column_text(statement_, column);
  const int size = sqlite3_column_bytes(statement_, column);
  return text == nullptr
             ? std::string()
             : std::string(reinterpret_cast<const char*>(text), static_cast<size_t>(size));
}

bool SqliteStatement::IsNull(int column) const {
  return sqlite3_column_type(statement_, column) == SQLITE_NULL;
}

base::Result<std::unique_ptr<SqliteConnection>> SqliteConnection::Open(
    const std::filesystem::path& file, bool read_only, bool synchronous_full) {
  sqlite3* db = nullptr;
  const int flags =
      (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
      SQLITE_OPEN_NOMUTEX;
  const int code = sqlite3_open_v2(file.c_str(), &db, flags, nullptr);
  if (code != SQLITE_OK) {
    std::string message = "cannot open the database " + file.string() + ": " +
                          (db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(code));
    sqlite3_close(db);
    return base::Unavailable(std::move(message));
  }
  std::unique_ptr<SqliteConnection> connection(new SqliteConnection(db));
  sqlite3_busy_timeout(db, 5000);
  sqlite3_extended_result_codes(db, 1);
  const char* pragmas =
      read_only ? "PRAGMA foreign_keys=ON;"
      : synchronous_full
          ? "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
          : "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;";
  if (base::Status status = connection->Execute(pragmas); !status.ok()) {
    return base::Unavailable("cannot use the database " + file.string() + ": " + status.message());
  }
  return connection;
}

SqliteConnection::~SqliteConnection() {
  for (auto& [sql, statement] : statements_) {
    sqlite3_finalize(statement);
  }
  sqlite3_close(db_);
}

base::Status SqliteConnection::Execute(const char* sql) {
  char* error = nullptr;
  const int code = sqlite3_exec(db_, sql, nullptr, nullptr, &error);
  if (code != SQLITE_OK) {
    std::string message =
        std::string("storage: ") + (error != nullptr ? error : sqlite3_errstr(code));
    sqlite3_free(error);
    return Failure(code, std::move(message));
  }
  return base::Status::Ok();
}

base::Result<std::unique_ptr<SqliteStatement>> SqliteConnection::Prepare(const char* sql) {
  auto found = statements_.find(sql);
  if (found == statements_.end()) {
    sqlite3_stmt* statement = nullptr;
    const int code =
        sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &statement, nullptr);
    if (code != SQLITE_OK) {
      return Failure(code,
                     std::string("storage: cannot prepare a statement: ") + sqlite3_errmsg(db_));
    }
    found = statements_.emplace(sql, statement).first;
  }
  return std::make_unique<SqliteStatement>(db_, found->second);
}

}  // namespace balie::storage
