#include "storage/sqlite_store.h"

#include <utility>

#include "base/log.h"
#include "base/time_format.h"
#include "model/event_json.h"
#include "storage/row_codec.h"
#include "storage/sqlite_connection.h"
#include "storage/store_contract.h"

namespace balie::storage {
namespace {

using model::Conversation;
using model::ConversationState;
using model::Event;

// Schema migrations: kMigrations[i] takes the database from version i to i + 1. Never edit a
// migration that has shipped; add one.
constexpr const char* kMigrations[] = {
    // 1: conversations and their append-only events.
    R"sql(
CREATE TABLE conversations (
  id TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL,
  language TEXT NOT NULL,
  state TEXT NOT NULL,
  queue TEXT NOT NULL DEFAULT '',
  priority INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  queued_at INTEGER NOT NULL DEFAULT 0,
  callback_start INTEGER,
  callback_end INTEGER,
  callback_phone TEXT,
  callback_name TEXT,
  agent TEXT NOT NULL DEFAULT '',
  customer_ref TEXT NOT NULL DEFAULT '',
  awaiting_reply INTEGER NOT NULL DEFAULT 0,
  last_seq INTEGER NOT NULL
);
CREATE INDEX conversations_by_state ON conversations (state);
CREATE INDEX conversations_awaiting_reply ON conversations (awaiting_reply) WHERE awaiting_reply = 1;
CREATE TABLE events (
  conversation_id TEXT NOT NULL REFERENCES conversations (id),
  seq INTEGER NOT NULL,
  kind TEXT NOT NULL,
  at INTEGER NOT NULL,
  author TEXT NOT NULL,
  client_id TEXT,
  text TEXT NOT NULL DEFAULT '',
  data TEXT NOT NULL DEFAULT '{}',
  PRIMARY KEY (conversation_id, seq)
) WITHOUT ROWID;
CREATE UNIQUE INDEX events_by_client_id ON events (conversation_id, client_id)
  WHERE client_id IS NOT NULL;
CREATE TRIGGER events_are_not_updated BEFORE UPDATE ON events
  BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_are_not_deleted BEFORE DELETE ON events
  BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
)sql",
    // 2: staff, their sessions, knowledge flags, the admin's queue settings; assignment columns.
    R"sql(
ALTER TABLE conversations ADD COLUMN assigned_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN requested_agent TEXT NOT NULL DEFAULT '';
ALTER TABLE conversations ADD COLUMN advisor TEXT NOT NULL DEFAULT '';
CREATE INDEX conversations_by_customer ON conversations (customer_ref, created_at)
  WHERE customer_ref <> '';
CREATE TABLE staff (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  queues TEXT NOT NULL DEFAULT '[]',
  languages TEXT NOT NULL DEFAULT '["nl","en"]',
  capacity INTEGER NOT NULL DEFAULT 3,
  schedule TEXT NOT NULL DEFAULT '{}',
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
);
CREATE TABLE staff_sessions (
  token_hash TEXT PRIMARY KEY,
  staff_id TEXT NOT NULL REFERENCES staff (id),
  csrf TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX staff_sessions_by_staff ON staff_sessions (staff_id);
CREATE TABLE knowledge_flags (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  article_id TEXT NOT NULL DEFAULT '',
  conversation_id TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL,
  staff_id TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE TABLE queue_observations (
  id INTEGER PRIMARY KEY,
  queue TEXT NOT NULL,
  kind TEXT NOT NULL,
  millis INTEGER NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX queue_observations_by_kind ON queue_observations (queue, kind, id);
CREATE TABLE queue_settings (
  queue_id TEXT PRIMARY KEY,
  settings TEXT NOT NULL
) WITHOUT ROWID;
)sql",
    // 3: questions left for a reply before queued_at was kept for them (it stayed 0, and staff
    // saw a wait of 56 years): their wait counts from the last event that could have left them.
    R"sql(
UPDATE conversations SET queued_at = COALESCE(
    (SELECT MAX(at) FROM events WHERE events.conversation_id = conversations.id
       AND events.kind IN ('handoff', 'choice', 'transferred', 'callback_outcome')),
    created_at)
  WHERE state = 'follow_up' AND queued_at = 0;
)sql",
    // 4: staff's decisions for customers and the answers to requests for approval, by time.
    R"sql(
CREATE INDEX events_decisions ON events (at) WHERE kind IN ('decision', 'approval');
)sql",
    // 5: flags about customers, with the facts they rest on and every change of their status.
    R"sql(
CREATE TABLE customer_flags (
  id INTEGER PRIMARY KEY,
  customer_ref TEXT NOT NULL,
  conversation_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  facts TEXT NOT NULL,
  raised_by TEXT NOT NULL,
  reason TEXT NOT NULL,
  severity TEXT NOT NULL,
  raised_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  status TEXT NOT NULL,
  changes TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX customer_flags_by_customer ON customer_flags (customer_ref) WHERE customer_ref != '';
CREATE INDEX customer_flags_by_conversation ON customer_flags (conversation_id);
)sql",
    // 6: the audit trail (audit_store.h), append-only like the events; retention may erase an
    // event's text, keeping the SHA-256 of what it was, and change nothing else of the event.
    R"sql(
CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  conversation_id TEXT NOT NULL DEFAULT '',
  customer_ref TEXT NOT NULL DEFAULT '',
  details TEXT NOT NULL DEFAULT '{}',
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_log_by_conversation ON audit_log (conversation_id) WHERE conversation_id <> '';
CREATE INDEX audit_log_by_customer ON audit_log (customer_ref) WHERE customer_ref <> '';
CREATE TRIGGER audit_log_is_not_updated BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_log_is_not_deleted BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
ALTER TABLE events ADD COLUMN text_erased_sha256 TEXT;
CREATE INDEX events_by_time ON events (at) WHERE text_erased_sha256 IS NULL AND text <> '';
DROP TRIGGER IF EXISTS events_are_not_updated;
CREATE TRIGGER events_are_not_updated BEFORE UPDATE ON events
  WHEN NOT (OLD.text_erased_sha256 IS NULL AND NEW.text_erased_sha256 IS NOT NULL
            AND NEW.text = '' AND NEW.conversation_id = OLD.conversation_id
            AND NEW.seq = OLD.seq AND NEW.kind = OLD.kind AND NEW.at = OLD.at
            AND NEW.author = OLD.author AND NEW.client_id IS OLD.client_id
            AND NEW.data = OLD.data)
  BEGIN SELECT RAISE(ABORT, 'events are append-only; retention only erases a text'); END;
)sql",
    // 7: customers' contests of flags about them, and each flag's revision (a change is stored
    // only over the revision it was made from).
    R"sql(
ALTER TABLE customer_flags ADD COLUMN contests TEXT NOT NULL DEFAULT '[]';
ALTER TABLE customer_flags ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
)sql",
    // 8: retention erases an event's personal fields (a callback's phone number and name) with its
    // text, in the same one change (model::ErasePersonalFields), also of events that have no text.
    R"sql(
DROP INDEX events_by_time;
CREATE INDEX events_by_time ON events (at) WHERE text_erased_sha256 IS NULL
  AND (text <> '' OR data LIKE '%"phone":%');
DROP TRIGGER events_are_not_updated;
CREATE TRIGGER events_are_not_updated BEFORE UPDATE ON events
  WHEN NOT (OLD.text_erased_sha256 IS NULL AND NEW.text_erased_sha256 IS NOT NULL
            AND NEW.text = '' AND NEW.conversation_id = OLD.conversation_id
            AND NEW.seq = OLD.seq AND NEW.kind = OLD.kind AND NEW.at = OLD.at
            AND NEW.author = OLD.author AND NEW.client_id IS OLD.client_id)
  BEGIN SELECT RAISE(ABORT, 'events are append-only; retention only erases a text and personal fields'); END;
)sql",
};
constexpr int kSchemaVersion = static_cast<int>(std::size(kMigrations));

constexpr const char* kInsertConversation = "INSERT INTO conversations (" BALIE_CONVERSATION_COLUMNS
                                            ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
                                            "?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)";
constexpr const char* kUpdateConversation =
    "UPDATE conversations SET token_hash = ?2, language = ?3, state = ?4, queue = ?5, "
    "priority = ?6, created_at = ?7, queued_at = ?8, callback_start = ?9, callback_end = ?10, "
    "callback_phone = ?11, callback_name = ?12, agent = ?13, customer_ref = ?14, "
    "awaiting_reply = ?15, last_seq = ?16, assigned_at = ?17, requested_agent = ?18, "
    "advisor = ?19 WHERE id = ?1";
constexpr const char* kSelectConversation =
    "SELECT " BALIE_CONVERSATION_COLUMNS " FROM conversations WHERE id = ?1";
constexpr const char* kSelectByState =
    "SELECT " BALIE_CONVERSATION_COLUMNS " FROM conversations WHERE state = ?1";
constexpr const char* kSelectAwaitingReply =
    "SELECT " BALIE_CONVERSATION_COLUMNS " FROM conversations WHERE awaiting_reply = 1";
constexpr const char* kSelectOfCustomer = "SELECT " BALIE_CONVERSATION_COLUMNS
                                          " FROM conversations WHERE customer_ref = ?1 "
                                          "ORDER BY created_at DESC LIMIT ?2";
constexpr const char* kInsertObservation =
    "INSERT INTO queue_observations (queue, kind, millis, at) VALUES (?1, ?2, ?3, ?4)";
// The latest ?1 of each queue and kind, oldest first.
constexpr const char* kSelectObservations =
    "SELECT queue, kind, millis, at FROM (SELECT queue, kind, millis, at, id, ROW_NUMBER() "
    "OVER (PARTITION BY queue, kind ORDER BY id DESC) AS age FROM queue_observations) "
    "WHERE age <= ?1 ORDER BY id";
constexpr const char* kCountTaken =
    "SELECT queue, COUNT(*), SUM(millis <= ?2) FROM queue_observations "
    "WHERE kind = 'taken' AND at >= ?1 GROUP BY queue ORDER BY queue";
constexpr const char* kSelectLastSeq = "SELECT last_seq FROM conversations WHERE id = ?1";
// The places of an AppendLimit taken by conversations other than ?2: assigned to agent ?1, or
// with a callback booked in [?3, ?4) in queue ?1 or with agent ?1.
constexpr const char* kCountAssigned =
    "SELECT COUNT(*) FROM conversations WHERE state = 'assigned' AND agent = ?1 AND id <> ?2";
constexpr const char* kCountBookedInQueue =
    "SELECT COUNT(*) FROM conversations WHERE state = 'callback' AND queue = ?1 AND id <> ?2 "
    "AND callback_start >= ?3 AND callback_start < ?4";
constexpr const char* kCountBookedWithAgent =
    "SELECT COUNT(*) FROM conversations WHERE state = 'callback' AND requested_agent = ?1 "
    "AND id <> ?2 AND callback_start >= ?3 AND callback_start < ?4";
constexpr const char* kInsertEvent =
    "INSERT INTO events (conversation_id, seq, kind, at, author, client_id, text, data) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
constexpr const char* kSelectEvents =
    "SELECT " BALIE_EVENT_COLUMNS
    " FROM events "
    "WHERE conversation_id = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3";
constexpr const char* kSelectEventByClientId = "SELECT " BALIE_EVENT_COLUMNS
                                               " FROM events "
                                               "WHERE conversation_id = ?1 AND client_id = ?2";
// Decisions and approvals from ?1 on, with their conversation and its queue (the partial index
// events_decisions).
constexpr const char* kSelectDecisions =
    "SELECT e.seq, e.kind, e.at, e.author, e.client_id, e.text, e.data, e.text_erased_sha256, "
    "e.conversation_id, c.queue FROM events e JOIN conversations c ON c.id = e.conversation_id "
    "WHERE e.kind IN ('decision', 'approval') AND e.at >= ?1 ORDER BY e.at, e.conversation_id, "
    "e.seq";

#undef BALIE_CONVERSATION_COLUMNS
#undef BALIE_EVENT_COLUMNS

base::Status InsertEvents(SqliteConnection& db, std::string_view conversation_id,
                          std::span<const Event> events) {
  for (const Event& event : events) {
    auto statement = db.Prepare(kInsertEvent);
    if (!statement.ok()) {
      return statement.status();
    }
    (*statement)
        ->Bind(1, conversation_id)
        .Bind(2, event.seq)
        .Bind(3, model::EventKindName(event.kind()))
        .Bind(4, base::ToUnixMillis(event.at))
        .Bind(5, model::AuthorName(event.author))
        .Bind(7, event.text)
        .Bind(8, EventDataText(event));
    if (event.client_id.empty()) {
      (*statement)->BindNull(6);
    } else {
      (*statement)->Bind(6, event.client_id);
    }
    if (base::Status status = (*statement)->Run(); !status.ok()) {
      return status;
    }
  }
  return base::Status::Ok();
}

base::Status Migrate(SqliteConnection& db, const std::filesystem::path& file) {
  auto version_statement = db.Prepare("PRAGMA user_version");
  if (!version_statement.ok()) {
    return version_statement.status();
  }
  int version = 0;
  if ((*version_statement)->Step()) {
    version = static_cast<int>((*version_statement)->Int(0));
  }
  version_statement->reset();
  if (version > kSchemaVersion) {
    return base::FailedPrecondition("the database " + file.string() + " has schema version " +
                                    std::to_string(version) + ", newer than this Balie (" +
                                    std::to_string(kSchemaVersion) + "); use a newer Balie");
  }
  for (; version < kSchemaVersion; ++version) {
    const std::string sql = std::string("BEGIN IMMEDIATE;") + kMigrations[version] +
                            "PRAGMA user_version = " + std::to_string(version + 1) + "; COMMIT;";
    if (base::Status status = db.Execute(sql.c_str()); !status.ok()) {
      (void)db.Execute("ROLLBACK");
      return {status.code(), "cannot migrate the database " + file.string() + " to version " +
                                 std::to_string(version + 1) + ": " + status.message()};
    }
  }
  return base::Status::Ok();
}

// What to do about a damaged database `file`.
std::string DamageAdvice(const std::filesystem::path& file) {
  return "Balie does not serve from a damaged database. Keep the file for analysis and restore "
         "the latest backup in its place; or save what can still be read: sqlite3 " +
         file.string() +
         " .recover | sqlite3 recovered.db, check it (sqlite3 recovered.db 'PRAGMA "
         "integrity_check' says ok) and start on it as balie.db";
}

std::uint64_t FileSize(const std::filesystem::path& file) {
  std::error_code error;
  const auto size = std::filesystem::file_size(file, error);
  return error ? 0 : static_cast<std::uint64_t>(size);
}

// While a check runs: a log line every so often, so that a long check is seen to progress.
struct CheckProgress {
  const std::filesystem::path* file;
  std::chrono::steady_clock::time_point start;
  std::chrono::steady_clock::time_point logged;
};

int LogCheckProgress(void* context) {
  auto& progress = *static_cast<CheckProgress*>(context);
  const auto now = std::chrono::steady_clock::now();
  if (now - progress.logged >= std::chrono::seconds(10)) {
    progress.logged = now;
    base::Log(
        base::LogLevel::kInfo, "still checking the database for damage",
        {{"database", progress.file->string()},
         {"seconds",
          static_cast<std::int64_t>(
              std::chrono::duration_cast<std::chrono::seconds>(now - progress.start).count())}});
  }
  return 0;  // go on
}

// PRAGMA quick_check or integrity_check: kFailedPrecondition with the problems found and what to
// do when the file is damaged.
base::Status CheckIntegrity(SqliteConnection& db, const std::filesystem::path& file,
                            SqliteOptions::Check check) {
  const std::uint64_t bytes = FileSize(file) + FileSize(file.string() + "-wal");
  const auto megabytes = static_cast<std::int64_t>(bytes >> 20);
  const char* name = check == SqliteOptions::Check::kFull ? "integrity_check" : "quick_check";
  if (megabytes >= 64) {
    base::Log(base::LogLevel::kInfo, "checking the database for damage before serving",
              {{"database", file.string()}, {"megabytes", megabytes}, {"check", name}});
  }
  const auto start = std::chrono::steady_clock::now();
  CheckProgress progress{&file, start, start};
  sqlite3_progress_handler(db.handle(), 100000, LogCheckProgress, &progress);
  // At most 10 problems are listed: enough to see what is wrong.
  auto statement = db.Prepare(check == SqliteOptions::Check::kFull ? "PRAGMA integrity_check(10)"
                                                                   : "PRAGMA quick_check(10)");
  std::vector<std::string> problems;
  base::Status failed;
  if (statement.ok()) {
    while ((*statement)->Step()) {
      problems.push_back((*statement)->Text(0));
    }
    failed = (*statement)->status();
    statement->reset();
  } else {
    failed = statement.status();
  }
  sqlite3_progress_handler(db.handle(), 0, nullptr, nullptr);
  if (failed.ok() && problems.size() == 1 && problems.front() == "ok") {
    base::Log(base::LogLevel::kInfo, "database checked: no damage found",
              {{"database", file.string()},
               {"megabytes", megabytes},
               {"check", name},
               {"milliseconds",
                static_cast<std::int64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                              std::chrono::steady_clock::now() - start)
                                              .count())}});
    return base::Status::Ok();
  }
  std::string found;
  if (!failed.ok()) {
    found = failed.message();
  }
  for (const std::string& problem : problems) {
    // One line a problem, after a heading line of the database's name.
    size_t from = 0;
    while (from < problem.size()) {
      const size_t end = std::min(problem.find('\n', from), problem.size());
      const std::string line = problem.substr(from, end - from);
      if (!line.empty() && !line.starts_with("*** in database")) {
        found += (found.empty() ? "" : "; ") + line;
      }
      from = end + 1;
    }
  }
  return base::FailedPrecondition("the database " + file.string() + " is damaged (PRAGMA " + name +
                                  ": " + found + "). " + DamageAdvice(file));
}

base::Result<Conversation> SelectConversation(SqliteConnection& db, std::string_view id) {
  auto select = db.Prepare(kSelectConversation);
  if (!select.ok()) {
    return select.status();
  }
  (*select)->Bind(1, id);
  if (!(*select)->Step()) {
    if (!(*select)->status().ok()) {
      return (*select)->status();
    }
    return base::NotFound("no conversation " + std::string(id));
  }
  return ReadConversation(**select);
}

base::Result<std::optional<Event>> SelectByClientId(SqliteConnection& db, std::string_view id,
                                                    std::string_view client_id) {
  auto select = db.Prepare(kSelectEventByClientId);
  if (!select.ok()) {
    return select.status();
  }
  (*select)->Bind(1, id).Bind(2, client_id);
  if (!(*select)->Step()) {
    if (!(*select)->status().ok()) {
      return (*select)->status();
    }
    return std::optional<Event>();
  }
  auto event = ReadEvent(**select, id);
  if (!event.ok()) {
    return event.status();
  }
  return std::optional<Event>(std::move(event).value());
}

}  // namespace

int SqliteStore::SchemaVersion() { return kSchemaVersion; }

base::Result<std::unique_ptr<SqliteStore>> SqliteStore::Open(const std::filesystem::path& file,
                                                             SqliteOptions options) {
  auto writer = SqliteConnection::Open(file, /*read_only=*/false, options.synchronous_full);
  if (!writer.ok()) {
    if (writer.status().code() == base::StatusCode::kFailedPrecondition) {
      return base::FailedPrecondition(writer.status().message() + ". " + DamageAdvice(file));
    }
    return writer.status();
  }
  if (options.check_on_open != SqliteOptions::Check::kNone) {
    if (base::Status status = CheckIntegrity(**writer, file, options.check_on_open); !status.ok()) {
      return status;
    }
  }
  // A file that is not SQLite fails on the first statement.
  if (base::Status status = Migrate(**writer, file); !status.ok()) {
    return status;
  }
  if (options.max_database_bytes > 0) {
    auto page_size = (*writer)->Prepare("PRAGMA page_size");
    if (!page_size.ok() || !(*page_size)->Step()) {
      return base::Unavailable("cannot read the page size of " + file.string());
    }
    const auto pages =
        options.max_database_bytes / static_cast<std::uint64_t>((*page_size)->Int(0));
    page_size->reset();
    const std::string pragma =
        "PRAGMA max_page_count = " + std::to_string(std::max<std::uint64_t>(pages, 1));
    if (base::Status status = (*writer)->Execute(pragma.c_str()); !status.ok()) {
      return status;
    }
  }
  return std::unique_ptr<SqliteStore>(new SqliteStore(file, options, std::move(writer).value()));
}

SqliteStore::SqliteStore(std::filesystem::path file, SqliteOptions options,
                         std::unique_ptr<SqliteConnection> writer)
    : file_(std::move(file)), options_(options), writer_connection_(std::move(writer)) {
  writer_connection_->set_failure_listener(Listener());
  writer_ = std::thread([this] { WriterLoop(); });
}

SqliteStore::~SqliteStore() {
  writes_.Stop();
  writer_.join();
}

base::Status SqliteStore::Submit(WriteFunction function) {
  return writes_.Submit(std::move(function));
}

void SqliteStore::WriterLoop() {
  SqliteConnection& db = *writer_connection_;
  std::vector<WriteQueue<SqliteConnection>::Write*> batch;
  using Clock = std::chrono::steady_clock;
  Clock::time_point next_probe = Clock::time_point::max();
  for (;;) {
    if (probing_) {
      // While storage fails, wake up for the next test write too.
      if (next_probe == Clock::time_point::max()) {
        next_probe = Clock::now() + options_.probe_interval;
      }
    } else {
      next_probe = Clock::time_point::max();
    }
    if (!writes_.Take(batch, options_.max_batch, next_probe)) {
      return;  // every queued write is done
    }
    if (probing_ && Clock::now() >= next_probe) {
      Probe(db);
      next_probe = Clock::now() + options_.probe_interval;
    }
    if (batch.empty()) {
      continue;
    }
    // One transaction for the group; a savepoint per write, so that a refused write (a
    // duplicate client id) leaves the others in.
    base::Status begin = db.Run("BEGIN IMMEDIATE");
    for (auto* write : batch) {
      if (!begin.ok()) {
        write->result = begin;
        continue;
      }
      if (base::Status status = db.Run("SAVEPOINT write"); !status.ok()) {
        write->result = status;
        continue;
      }
      write->result = write->function(db);
      (void)(write->result.ok() ? db.Run("RELEASE write")
                                : db.Execute("ROLLBACK TO write; RELEASE write"));
    }
    if (begin.ok()) {
      if (base::Status commit = db.Run("COMMIT"); !commit.ok()) {
        (void)db.Execute("ROLLBACK");
        for (auto* write : batch) {
          if (write->result.ok()) {
            write->result = base::Unavailable("storage: the commit failed: " + commit.message());
          }
        }
      }
    }
    write_count_ += batch.size();
    commit_count_ += 1;
    writes_.Complete(batch);
  }
}

base::Status SqliteStore::Create(const Conversation& conversation, std::span<const Event> events) {
  if (base::Status status = CheckNumbering(conversation, events, 1); !status.ok()) {
    return status;
  }
  return Submit([&](SqliteConnection& db) -> base::Status {
    auto insert = db.Prepare(kInsertConversation);
    if (!insert.ok()) {
      return insert.status();
    }
    BindConversation(**insert, conversation);
    if (base::Status status = (*insert)->Run(); !status.ok()) {
      if (((*insert)->error_code() & 0xff) == SQLITE_CONSTRAINT) {
        return base::AlreadyExists("conversation " + conversation.id + " already exists");
      }
      return status;
    }
    return InsertEvents(db, conversation.id, events);
  });
}

base::Status SqliteStore::Append(const Conversation& updated, std::span<const Event> events) {
  return AppendWithin(updated, events, nullptr);
}

base::Status SqliteStore::AppendAssignment(const Conversation& updated,
                                           std::span<const Event> events, int capacity) {
  const auto limit = AssignmentLimit(updated, capacity);
  return limit.ok() ? AppendWithin(updated, events, &*limit) : limit.status();
}

base::Status SqliteStore::AppendBooking(const Conversation& updated, std::span<const Event> events,
                                        int room) {
  const auto limit = BookingLimit(updated, room);
  return limit.ok() ? AppendWithin(updated, events, &*limit) : limit.status();
}

base::Status SqliteStore::AppendWithin(const Conversation& updated, std::span<const Event> events,
                                       const AppendLimit* limit) {
  if (base::Status status = CheckAppend(updated, events); !status.ok()) {
    return status;
  }
  return Submit(AppendWrite(updated, events, limit));
}

void SqliteStore::AppendThen(Conversation updated, std::vector<Event> events, AppendDone done) {
  auto owned = CheckedAppend(std::move(updated), std::move(events), done);
  if (owned == nullptr) {
    return;
  }
  writes_.SubmitThen([owned, write = AppendWrite(owned->updated, owned->events, nullptr)](
                         SqliteConnection& db) { return write(db); },
                     [owned, done = std::move(done)](const base::Status& status) { done(status); });
}

SqliteStore::WriteFunction SqliteStore::AppendWrite(const Conversation& updated,
                                                    std::span<const Event> events,
                                                    const AppendLimit* limit) {
  return [&updated, events, limit](SqliteConnection& db) -> base::Status {
    auto last = db.Prepare(kSelectLastSeq);
    if (!last.ok()) {
      return last.status();
    }
    (*last)->Bind(1, updated.id);
    if (!(*last)->Step()) {
      return (*last)->status().ok() ? base::NotFound("no conversation " + updated.id)
                                    : (*last)->status();
    }
    const std::int64_t stored_last_seq = (*last)->Int(0);
    last->reset();
    if (stored_last_seq != events.front().seq - 1) {
      return base::Aborted("conversation " + updated.id +
                           " changed meanwhile (stored up to event " +
                           std::to_string(stored_last_seq) + ")");
    }
    if (limit != nullptr) {
      auto count =
          db.Prepare(limit->kind == AppendLimit::Kind::kAgentLoad   ? kCountAssigned
                     : limit->kind == AppendLimit::Kind::kQueueSlot ? kCountBookedInQueue
                                                                    : kCountBookedWithAgent);
      if (!count.ok()) {
        return count.status();
      }
      (*count)->Bind(1, limit->key).Bind(2, updated.id);
      if (limit->kind != AppendLimit::Kind::kAgentLoad) {
        (*count)
            ->Bind(3, base::ToUnixMillis(limit->from))
            .Bind(4, base::ToUnixMillis(limit->until));
      }
      if (!(*count)->Step()) {
        return (*count)->status();
      }
      if (const std::int64_t taken = (*count)->Int(0); taken >= limit->room) {
        return Full(*limit, taken);
      }
    }
    for (const Event& event : events) {
      if (event.client_id.empty()) {
        continue;
      }
      auto existing = db.Prepare(kSelectEventByClientId);
      if (!existing.ok()) {
        return existing.status();
      }
      (*existing)->Bind(1, updated.id).Bind(2, event.client_id);
      if ((*existing)->Step()) {
        return base::AlreadyExists("client id " + event.client_id + " is already stored");
      }
      if (!(*existing)->status().ok()) {
        return (*existing)->status();
      }
    }
    if (base::Status status = InsertEvents(db, updated.id, events); !status.ok()) {
      return status;
    }
    auto update = db.Prepare(kUpdateConversation);
    if (!update.ok()) {
      return update.status();
    }
    BindConversation(**update, updated);
    return (*update)->Run();
  };
}

base::Result<Conversation> SqliteStore::Get(std::string_view id) {
  return Read<Conversation>([&](SqliteConnection& db) -> base::Result<Conversation> {
    return SelectConversation(db, id);
  });
}

base::Result<ConversationStore::ForChange> SqliteStore::GetForChange(std::string_view id,
                                                                     std::string_view client_id) {
  if (client_id.empty()) {
    return ConversationStore::GetForChange(id, client_id);  // one read
  }
  // Both in one read transaction: one snapshot, one lock of the WAL's read mark, and the pages
  // the first read brought into the connection's cache serve the second.
  return Read<ForChange>([&](SqliteConnection& db) -> base::Result<ForChange> {
    if (base::Status begin = db.Run("BEGIN"); !begin.ok()) {
      return begin;
    }
    base::Result<ForChange> found = [&]() -> base::Result<ForChange> {
      auto conversation = SelectConversation(db, id);
      if (!conversation.ok()) {
        return conversation.status();
      }
      auto resent = SelectByClientId(db, id, client_id);
      if (!resent.ok()) {
        return resent.status();
      }
      return ForChange{std::move(conversation).value(), std::move(resent).value()};
    }();
    if (base::Status end = db.Run("COMMIT"); !end.ok() && found.ok()) {
      return end;
    }
    return found;
  });
}

base::Result<std::vector<Event>> SqliteStore::Events(std::string_view id, std::int64_t after_seq,
                                                     size_t limit) {
  return Read<std::vector<Event>>([&](SqliteConnection& db) -> base::Result<std::vector<Event>> {
    auto select = db.Prepare(kSelectEvents);
    if (!select.ok()) {
      return select.status();
    }
    (*select)->Bind(1, id).Bind(2, after_seq).Bind(3, static_cast<std::int64_t>(limit));
    std::vector<Event> events;
    while ((*select)->Step()) {
      auto event = ReadEvent(**select, id);
      if (!event.ok()) {
        return event.status();
      }
      events.push_back(std::move(event).value());
    }
    if (!(*select)->status().ok()) {
      return (*select)->status();
    }
    return events;
  });
}

base::Result<std::optional<Event>> SqliteStore::EventByClientId(std::string_view id,
                                                                std::string_view client_id) {
  return Read<std::optional<Event>>(
      [&](SqliteConnection& db) -> base::Result<std::optional<Event>> {
        return SelectByClientId(db, id, client_id);
      });
}

namespace {

base::Result<std::vector<Conversation>> SelectConversations(SqliteStatement& select) {
  std::vector<Conversation> conversations;
  while (select.Step()) {
    auto conversation = ReadConversation(select);
    if (!conversation.ok()) {
      return conversation.status();
    }
    conversations.push_back(std::move(conversation).value());
  }
  if (!select.status().ok()) {
    return select.status();
  }
  return conversations;
}

}  // namespace

base::Result<std::vector<Conversation>> SqliteStore::InStates(
    std::span<const ConversationState> states) {
  return Read<std::vector<Conversation>>(
      [&](SqliteConnection& db) -> base::Result<std::vector<Conversation>> {
        std::vector<Conversation> all;
        for (ConversationState state : states) {
          auto select = db.Prepare(kSelectByState);
          if (!select.ok()) {
            return select.status();
          }
          (*select)->Bind(1, model::StateName(state));
          auto some = SelectConversations(**select);
          if (!some.ok()) {
            return some.status();
          }
          all.insert(all.end(), std::make_move_iterator(some->begin()),
                     std::make_move_iterator(some->end()));
        }
        return all;
      });
}

base::Result<std::vector<Conversation>> SqliteStore::AwaitingReply() {
  return Read<std::vector<Conversation>>(
      [&](SqliteConnection& db) -> base::Result<std::vector<Conversation>> {
        auto select = db.Prepare(kSelectAwaitingReply);
        if (!select.ok()) {
          return select.status();
        }
        return SelectConversations(**select);
      });
}

base::Result<std::vector<ConversationStore::DecisionRecord>> SqliteStore::Decisions(
    base::TimePoint since, bool waiting_only, size_t limit) {
  return Read<std::vector<DecisionRecord>>(
      [&](SqliteConnection& db) -> base::Result<std::vector<DecisionRecord>> {
        auto select = db.Prepare(kSelectDecisions);
        if (!select.ok()) {
          return select.status();
        }
        (*select)->Bind(1, base::ToUnixMillis(since));
        DecisionCollector records;
        while ((*select)->Step()) {
          std::string conversation_id = (*select)->Text(8);
          auto event = ReadEvent(**select, conversation_id);
          if (!event.ok()) {
            return event.status();
          }
          records.Add(std::move(conversation_id), (*select)->Text(9), std::move(event).value());
        }
        if (!(*select)->status().ok()) {
          return (*select)->status();
        }
        return std::move(records).Take(waiting_only, limit);
      });
}

base::Result<std::vector<Conversation>> SqliteStore::OfCustomer(std::string_view customer_ref,
                                                                size_t limit) {
  return Read<std::vector<Conversation>>(
      [&](SqliteConnection& db) -> base::Result<std::vector<Conversation>> {
        auto select = db.Prepare(kSelectOfCustomer);
        if (!select.ok()) {
          return select.status();
        }
        (*select)->Bind(1, customer_ref).Bind(2, static_cast<std::int64_t>(limit));
        return SelectConversations(**select);
      });
}

base::Status SqliteStore::AddQueueObservation(const QueueObservation& observation) {
  return Submit([&](SqliteConnection& db) -> base::Status {
    auto insert = db.Prepare(kInsertObservation);
    if (!insert.ok()) {
      return insert.status();
    }
    (*insert)
        ->Bind(1, observation.queue)
        .Bind(2, observation.kind)
        .Bind(3, static_cast<std::int64_t>(observation.duration.count()))
        .Bind(4, base::ToUnixMillis(observation.at));
    return (*insert)->Run();
  });
}

base::Result<std::vector<ConversationStore::QueueObservation>> SqliteStore::RecentQueueObservations(
    size_t limit) {
  return Read<std::vector<QueueObservation>>(
      [&](SqliteConnection& db) -> base::Result<std::vector<QueueObservation>> {
        auto select = db.Prepare(kSelectObservations);
        if (!select.ok()) {
          return select.status();
        }
        (*select)->Bind(1, static_cast<std::int64_t>(limit));
        std::vector<QueueObservation> observations;
        while ((*select)->Step()) {
          observations.push_back({(*select)->Text(0), (*select)->Text(1),
                                  std::chrono::milliseconds((*select)->Int(2)),
                                  base::FromUnixMillis((*select)->Int(3))});
        }
        if (!(*select)->status().ok()) {
          return (*select)->status();
        }
        return observations;
      });
}

base::Result<std::vector<ConversationStore::TakenCount>> SqliteStore::TakenSince(
    base::TimePoint since, std::chrono::milliseconds target) {
  return Read<std::vector<TakenCount>>(
      [&](SqliteConnection& db) -> base::Result<std::vector<TakenCount>> {
        auto select = db.Prepare(kCountTaken);
        if (!select.ok()) {
          return select.status();
        }
        (*select)->Bind(1, base::ToUnixMillis(since)).Bind(2, std::int64_t{target.count()});
        std::vector<TakenCount> counts;
        while ((*select)->Step()) {
          counts.push_back({(*select)->Text(0), static_cast<int>((*select)->Int(1)),
                            static_cast<int>((*select)->Int(2))});
        }
        if (!(*select)->status().ok()) {
          return (*select)->status();
        }
        return counts;
      });
}

FailureListener SqliteStore::Listener() {
  return [this](int code, const std::string& cause) { Failed(code, cause); };
}

namespace {

std::int64_t SecondsSince(std::chrono::steady_clock::time_point since) {
  return static_cast<std::int64_t>(
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - since)
          .count());
}

}  // namespace

void SqliteStore::Failed(int code, const std::string& cause) {
  const auto now = std::chrono::steady_clock::now();
  // What to log, decided under the lock and written after it (Health() must never wait on the
  // log's output).
  enum class Line { kNone, kFailing, kDamaged, kStillFailing } line = Line::kNone;
  std::uint64_t failures = 0;
  std::int64_t seconds = 0;
  {
    std::lock_guard lock(health_mutex_);
    if (!failing_) {
      failing_ = Failing{code, cause, IsDamage(code), now, now, 1};
      line = failing_->damaged ? Line::kDamaged : Line::kFailing;
    } else if (IsDamage(code) && !failing_->damaged) {
      failing_->code = code;
      failing_->cause = cause;
      failing_->damaged = true;
      ++failing_->failures;
      line = Line::kDamaged;
    } else {
      ++failing_->failures;
      // Once a minute while it lasts, so that the log shows it goes on.
      if (now - failing_->logged >= std::chrono::minutes(1)) {
        failing_->logged = now;
        line = Line::kStillFailing;
        failures = failing_->failures;
        seconds = SecondsSince(failing_->since);
      }
    }
    probing_ = !failing_->damaged;
  }
  const char* code_name = ResultCodeName(code);
  switch (line) {
    case Line::kNone:
      return;
    case Line::kFailing:
      base::Log(base::LogLevel::kError,
                "storage is failing: writes are refused and /readyz answers 503 until a test "
                "write succeeds",
                {{"database", file_.string()}, {"code", code_name}, {"cause", cause}});
      break;
    case Line::kDamaged:
      base::Log(base::LogLevel::kError,
                "the database is damaged: /readyz answers 503; stop Balie, whose start-up check "
                "then says what to do",
                {{"database", file_.string()}, {"code", code_name}, {"cause", cause}});
      return;
    case Line::kStillFailing:
      base::Log(base::LogLevel::kError, "storage is still failing",
                {{"database", file_.string()},
                 {"code", code_name},
                 {"cause", cause},
                 {"failures", failures},
                 {"seconds", seconds}});
      return;
  }
  // Failing from now: wake the writer for its test writes.
  writes_.Wake();
}

void SqliteStore::Probe(SqliteConnection& db) {
  // 64 KiB committed must find room in the write-ahead log (and, at its checkpoint, in the
  // database file) as a customer's message would; then it is removed again, committed apart so
  // that its pages are really written. A table of its own, dropped again, leaves the schema as it
  // was (an older Balie can still open the file).
  base::Status status = db.Execute(
      "BEGIN IMMEDIATE; CREATE TABLE IF NOT EXISTS balie_storage_probe (data BLOB NOT NULL); "
      "INSERT INTO balie_storage_probe (data) VALUES (randomblob(65536)); COMMIT");
  if (!status.ok()) {
    (void)db.Execute("ROLLBACK");
    return;
  }
  if (!db.Execute("DROP TABLE balie_storage_probe").ok()) {
    return;
  }
  std::optional<Failing> ended;
  {
    std::lock_guard lock(health_mutex_);
    if (failing_ && !failing_->damaged) {
      ended = std::move(failing_);
      failing_.reset();
      probing_ = false;
    }
  }
  if (ended) {
    base::Log(base::LogLevel::kWarning, "storage works again: a test write was committed",
              {{"database", file_.string()},
               {"failures", ended->failures},
               {"seconds", SecondsSince(ended->since)}});
  }
}

base::Status SqliteStore::Health() const {
  std::lock_guard lock(health_mutex_);
  if (!failing_) {
    return base::Status::Ok();
  }
  if (failing_->damaged) {
    return base::Unavailable("the database is damaged (" + failing_->cause +
                             "); restart Balie: its start-up check says what to do");
  }
  return base::Unavailable("storage is failing (" + std::string(ResultCodeName(failing_->code)) +
                           ": " + failing_->cause +
                           "); writes are refused until a test write succeeds");
}

SqliteStore::Stats SqliteStore::stats() const {
  return {write_count_.load(), commit_count_.load()};
}

}  // namespace balie::storage
