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

bool IsStorageFailure(int code) {
  const int primary = code & 0xff;
  return primary == SQLITE_FULL || primary == SQLITE_IOERR || primary == SQLITE_CORRUPT ||
         primary == SQLITE_NOTADB || primary == SQLITE_CANTOPEN || primary == SQLITE_READONLY;
}

bool IsDamage(int code) {
  const int primary = code & 0xff;
  return primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB;
}

const char* ResultCodeName(int code) {
  switch (code & 0xff) {
    case SQLITE_FULL:
      return "SQLITE_FULL";
    case SQLITE_IOERR:
      return "SQLITE_IOERR";
    case SQLITE_CORRUPT:
      return "SQLITE_CORRUPT";
    case SQLITE_NOTADB:
      return "SQLITE_NOTADB";
    case SQLITE_CANTOPEN:
      return "SQLITE_CANTOPEN";
    case SQLITE_READONLY:
      return "SQLITE_READONLY";
    case SQLITE_BUSY:
      return "SQLITE_BUSY";
    case SQLITE_LOCKED:
      return "SQLITE_LOCKED";
    case SQLITE_CONSTRAINT:
      return "SQLITE_CONSTRAINT";
    default:
      return "SQLITE_ERROR";
  }
}

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
    if (listener_ != nullptr && *listener_ && IsStorageFailure(error_code_)) {
      (*listener_)(error_code_, sqlite3_errmsg(db_));
    }
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
    if (IsDamage(sqlite3_extended_errcode(db))) {
      return base::FailedPrecondition("the database " + file.string() +
                                      " is damaged or not a database (" + status.message() + ")");
    }
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
    const std::string cause = error != nullptr ? error : sqlite3_errstr(code);
    sqlite3_free(error);
    Report(sqlite3_extended_errcode(db_), cause);
    return Failure(code, "storage: " + cause);
  }
  return base::Status::Ok();
}

base::Status SqliteConnection::Run(const char* sql) {
  auto statement = Prepare(sql);
  if (!statement.ok()) {
    return statement.status();
  }
  return (*statement)->Run();
}

base::Result<std::unique_ptr<SqliteStatement>> SqliteConnection::Prepare(const char* sql) {
  auto found = statements_.find(sql);
  if (found == statements_.end()) {
    sqlite3_stmt* statement = nullptr;
    const int code =
        sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &statement, nullptr);
    if (code != SQLITE_OK) {
      const std::string cause = sqlite3_errmsg(db_);
      Report(sqlite3_extended_errcode(db_), cause);
      return Failure(code, "storage: cannot prepare a statement: " + cause);
    }
    found = statements_.emplace(sql, statement).first;
  }
  return std::make_unique<SqliteStatement>(db_, found->second, &listener_);
}

void SqliteConnection::Report(int code, const std::string& message) const {
  if (listener_ && IsStorageFailure(code)) {
    listener_(code, message);
  }
}

}  // namespace balie::storage
