#include "storage/postgres_store.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <random>
#include <utility>

#include <nlohmann/json.hpp>

#include "base/log.h"
#include "base/time_format.h"
#include "storage/postgres_statement.h"
#include "storage/row_codec.h"
#include "storage/store_contract.h"

namespace balie::storage {
namespace {

using model::Conversation;
using model::ConversationState;
using model::Event;
using postgres::Limit;
using postgres::Parameters;
using postgres::Row;

// Schema migrations: kMigrations[i] takes the database from version i to i + 1. Never edit a
// migration that has shipped; add one. The schema follows SQLite's (sqlite_store.cc) where the
// stores share code (row_codec.h): times are Unix milliseconds, awaiting_reply is 0 or 1, an
// event's fields are JSON text.
constexpr const char* kMigrations[] = {
    // 1: conversations, their append-only events (retention may only erase a text, keeping its
    // SHA-256), and what the queues observed.
    R"sql(
CREATE TABLE conversations (
  id TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL,
  language TEXT NOT NULL,
  state TEXT NOT NULL,
  queue TEXT NOT NULL DEFAULT '',
  priority INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  queued_at BIGINT NOT NULL DEFAULT 0,
  callback_start BIGINT,
  callback_end BIGINT,
  callback_phone TEXT,
  callback_name TEXT,
  agent TEXT NOT NULL DEFAULT '',
  customer_ref TEXT NOT NULL DEFAULT '',
  awaiting_reply SMALLINT NOT NULL DEFAULT 0,
  last_seq BIGINT NOT NULL,
  assigned_at BIGINT NOT NULL DEFAULT 0,
  requested_agent TEXT NOT NULL DEFAULT '',
  advisor TEXT NOT NULL DEFAULT ''
);
CREATE INDEX conversations_by_state ON conversations (state);
CREATE INDEX conversations_awaiting_reply ON conversations (awaiting_reply) WHERE awaiting_reply = 1;
CREATE INDEX conversations_by_customer ON conversations (customer_ref, created_at)
  WHERE customer_ref <> '';
CREATE TABLE events (
  conversation_id TEXT NOT NULL REFERENCES conversations (id),
  seq BIGINT NOT NULL,
  kind TEXT NOT NULL,
  at BIGINT NOT NULL,
  author TEXT NOT NULL,
  client_id TEXT,
  text TEXT NOT NULL DEFAULT '',
  data TEXT NOT NULL DEFAULT '{}',
  text_erased_sha256 TEXT,
  PRIMARY KEY (conversation_id, seq)
);
CREATE UNIQUE INDEX events_by_client_id ON events (conversation_id, client_id)
  WHERE client_id IS NOT NULL;
CREATE INDEX events_decisions ON events (at) WHERE kind IN ('decision', 'approval');
CREATE FUNCTION balie_events_are_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.text_erased_sha256 IS NULL AND NEW.text_erased_sha256 IS NOT NULL
     AND NEW.text = '' AND NEW.conversation_id = OLD.conversation_id AND NEW.seq = OLD.seq
     AND NEW.kind = OLD.kind AND NEW.at = OLD.at AND NEW.author = OLD.author
     AND NEW.client_id IS NOT DISTINCT FROM OLD.client_id AND NEW.data = OLD.data THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'events are append-only; retention only erases a text';
END $$;
CREATE TRIGGER events_are_append_only BEFORE UPDATE OR DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION balie_events_are_append_only();
CREATE TABLE queue_observations (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  queue TEXT NOT NULL,
  kind TEXT NOT NULL,
  millis BIGINT NOT NULL,
  at BIGINT NOT NULL
);
CREATE INDEX queue_observations_by_kind ON queue_observations (queue, kind, id);
)sql",
    // 2: staff, their sessions, knowledge flags, the admin's queue settings, and flags about
    // customers (their facts, changes and contests as JSON text, as in SQLite) with the revision a
    // change is stored over.
    R"sql(
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
  disabled SMALLINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL
);
CREATE TABLE staff_sessions (
  token_hash TEXT PRIMARY KEY,
  staff_id TEXT NOT NULL REFERENCES staff (id),
  csrf TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX staff_sessions_by_staff ON staff_sessions (staff_id);
CREATE TABLE knowledge_flags (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind TEXT NOT NULL,
  article_id TEXT NOT NULL DEFAULT '',
  conversation_id TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL,
  staff_id TEXT NOT NULL,
  at BIGINT NOT NULL
);
CREATE TABLE queue_settings (
  queue_id TEXT PRIMARY KEY,
  settings TEXT NOT NULL
);
CREATE TABLE customer_flags (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_ref TEXT NOT NULL,
  conversation_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  facts TEXT NOT NULL,
  raised_by TEXT NOT NULL,
  reason TEXT NOT NULL,
  severity TEXT NOT NULL,
  raised_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  status TEXT NOT NULL,
  changes TEXT NOT NULL DEFAULT '[]',
  contests TEXT NOT NULL DEFAULT '[]',
  revision BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX customer_flags_by_customer ON customer_flags (customer_ref) WHERE customer_ref <> '';
CREATE INDEX customer_flags_by_conversation ON customer_flags (conversation_id);
)sql",
    // 3: the audit trail (audit_store.h), append-only like the events (and neither may be
    // emptied by TRUNCATE); the texts retention may erase, by time.
    R"sql(
CREATE TABLE audit_log (
  seq BIGINT PRIMARY KEY,
  at BIGINT NOT NULL,
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
CREATE FUNCTION balie_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END $$;
CREATE TRIGGER audit_log_is_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION balie_is_append_only();
CREATE TRIGGER audit_log_is_not_truncated BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION balie_is_append_only();
CREATE TRIGGER events_are_not_truncated BEFORE TRUNCATE ON events
  FOR EACH STATEMENT EXECUTE FUNCTION balie_is_append_only();
CREATE INDEX events_by_time ON events (at) WHERE text_erased_sha256 IS NULL AND text <> '';
)sql",
    // 4: an append in one round trip (PostgresStore::Append) instead of five: lock the summary
    // row, check that the events follow it and that no client id is taken, insert the events
    // (p_events: a JSON array of objects with the columns of `events`) and replace the summary
    // (the other parameters, in the order of BALIE_CONVERSATION_COLUMNS). Refusals change
    // nothing and are returned: 'missing', 'changed <stored last_seq>', 'duplicate <client id>';
    // otherwise 'stored <the state before>'.
    R"sql(
CREATE FUNCTION balie_append(
  p_id TEXT, p_token_hash TEXT, p_language TEXT, p_state TEXT, p_queue TEXT, p_priority INTEGER,
  p_created_at BIGINT, p_queued_at BIGINT, p_callback_start BIGINT, p_callback_end BIGINT,
  p_callback_phone TEXT, p_callback_name TEXT, p_agent TEXT, p_customer_ref TEXT,
  p_awaiting_reply SMALLINT, p_last_seq BIGINT, p_assigned_at BIGINT, p_requested_agent TEXT,
  p_advisor TEXT, p_events JSON) RETURNS TEXT LANGUAGE plpgsql AS $$
DECLARE
  stored_last_seq BIGINT;
  stored_state TEXT;
  taken TEXT;
BEGIN
  SELECT last_seq, state INTO stored_last_seq, stored_state
    FROM conversations WHERE id = p_id FOR UPDATE;
  IF NOT FOUND THEN
    RETURN 'missing';
  END IF;
  IF stored_last_seq <> (p_events -> 0 ->> 'seq')::BIGINT - 1 THEN
    RETURN 'changed ' || stored_last_seq;
  END IF;
  SELECT n.client_id INTO taken FROM json_to_recordset(p_events) AS n (client_id TEXT)
    JOIN events e ON e.conversation_id = p_id AND e.client_id = n.client_id LIMIT 1;
  IF FOUND THEN
    RETURN 'duplicate ' || taken;
  END IF;
  INSERT INTO events (conversation_id, seq, kind, at, author, client_id, text, data)
    SELECT p_id, n.seq, n.kind, n.at, n.author, n.client_id, n.text, n.data
    FROM json_to_recordset(p_events)
      AS n (seq BIGINT, kind TEXT, at BIGINT, author TEXT, client_id TEXT, text TEXT, data TEXT);
  UPDATE conversations SET token_hash = p_token_hash, language = p_language, state = p_state,
    queue = p_queue, priority = p_priority, created_at = p_created_at, queued_at = p_queued_at,
    callback_start = p_callback_start, callback_end = p_callback_end,
    callback_phone = p_callback_phone, callback_name = p_callback_name, agent = p_agent,
    customer_ref = p_customer_ref, awaiting_reply = p_awaiting_reply, last_seq = p_last_seq,
    assigned_at = p_assigned_at, requested_agent = p_requested_agent, advisor = p_advisor
    WHERE id = p_id;
  RETURN 'stored ' || stored_state;
END $$;
)sql",
    // 5: a group of appends in one statement (PostgresStore::CommitAppends), run outside a
    // transaction block, so that it commits by itself: one round trip instead of BEGIN, one per
    // append, the notification and COMMIT. p_writes: a JSON array of the appends, in the order in
    // which their rows are locked, each an object of balie_append's parameters by their column
    // names, `events` (balie_append's last) and `first_seq`, the first event's (AppendRow); read
    // by json_to_recordset, which parses the text once. Returns balie_append's outcome of each, in
    // that order. With p_channel, announces the appends stored as EncodeChanges (change_feed.cc)
    // does: texts of at most p_max_bytes, each p_head and then a line per append; but an append
    // that leaves the conversation with the bot, and found it there, only when a process other
    // than p_origin watches it: `watchers` holds the origins of the processes with a stream or
    // console on the conversation (PostgresStore::Watch), read under the row's lock.
    R"sql(
ALTER TABLE conversations ADD COLUMN watchers TEXT[] NOT NULL DEFAULT '{}';
CREATE FUNCTION balie_append_group(p_channel TEXT, p_origin TEXT, p_head TEXT,
  p_max_bytes INTEGER, p_writes JSON) RETURNS SETOF TEXT LANGUAGE plpgsql AS $$
DECLARE
  w RECORD;
  outcome TEXT;
  situation BOOLEAN;
  line TEXT;
  payload TEXT := p_head;
BEGIN
  FOR w IN SELECT * FROM ROWS FROM (json_to_recordset(p_writes) AS (id TEXT, token_hash TEXT,
      language TEXT, state TEXT, queue TEXT, priority INTEGER, created_at BIGINT,
      queued_at BIGINT, callback_start BIGINT, callback_end BIGINT, callback_phone TEXT,
      callback_name TEXT, agent TEXT, customer_ref TEXT, awaiting_reply SMALLINT,
      last_seq BIGINT, assigned_at BIGINT, requested_agent TEXT, advisor TEXT, first_seq BIGINT,
      events JSON)) WITH ORDINALITY ORDER BY ordinality LOOP
    outcome := balie_append(w.id, w.token_hash, w.language, w.state, w.queue, w.priority,
      w.created_at, w.queued_at, w.callback_start, w.callback_end, w.callback_phone,
      w.callback_name, w.agent, w.customer_ref, w.awaiting_reply, w.last_seq, w.assigned_at,
      w.requested_agent, w.advisor, w.events);
    situation := outcome <> 'stored bot' OR w.state <> 'bot';
    IF p_channel IS NOT NULL AND outcome LIKE 'stored %' AND (situation OR EXISTS (
        SELECT 1 FROM conversations c, unnest(c.watchers) AS o WHERE c.id = w.id
        AND o <> p_origin)) THEN
      line := w.id || ' ' || w.first_seq || ' ' || w.last_seq
        || CASE WHEN situation THEN E' 1\n' ELSE E' 0\n' END;
      IF octet_length(payload) + octet_length(line) > p_max_bytes AND payload <> p_head THEN
        PERFORM pg_notify(p_channel, payload);
        payload := p_head;
      END IF;
      payload := payload || line;
    END IF;
    RETURN NEXT outcome;
  END LOOP;
  IF p_channel IS NOT NULL AND payload <> p_head THEN
    PERFORM pg_notify(p_channel, payload);
  END IF;
END $$;
)sql",
    // 6: retention erases an event's personal fields (a callback's phone number and name) with its
    // text, in the same one change (model::ErasePersonalFields), also of events that have no text.
    R"sql(
DROP INDEX events_by_time;
CREATE INDEX events_by_time ON events (at) WHERE text_erased_sha256 IS NULL
  AND (text <> '' OR data LIKE '%"phone":%');
CREATE OR REPLACE FUNCTION balie_events_are_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.text_erased_sha256 IS NULL AND NEW.text_erased_sha256 IS NOT NULL
     AND NEW.text = '' AND NEW.conversation_id = OLD.conversation_id AND NEW.seq = OLD.seq
     AND NEW.kind = OLD.kind AND NEW.at = OLD.at AND NEW.author = OLD.author
     AND NEW.client_id IS NOT DISTINCT FROM OLD.client_id THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'events are append-only; retention only erases a text and personal fields';
END $$;
)sql",
};
constexpr int kSchemaVersion = static_cast<int>(std::size(kMigrations));

// Each process's name on the bus (change_feed.h): its own notifications are not news to it.
std::string NewOrigin() {
  std::random_device random;
  char text[32];
  std::snprintf(text, sizeof text, "%d-%08x", static_cast<int>(::getpid()), random());
  return text;
}
// pg_advisory_xact_lock's key for migrating: processes that start together migrate one by one.
constexpr std::int64_t kMigrationLock = 0x62616c6965;  // "balie"

// The advisory lock of a limit (an agent's load, a callback slot: AppendAssignment,
// AppendBooking): a stable 64-bit FNV-1a hash of its name, the same in every process. Two limits
// that share a key only wait for each other.
std::int64_t LimitLock(const AppendLimit& limit) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (const char c : "balie-" + LimitName(limit)) {
    hash = (hash ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
  }
  return static_cast<std::int64_t>(hash);
}

// Prepared on every connection. Orders by text use the C collation, so that they are the same
// whatever the database's locale (and the same as SQLite's).
constexpr postgres::Statement kStatements[] = {
    {"insert_conversation",
     "INSERT INTO conversations (" BALIE_CONVERSATION_COLUMNS
     ", watchers) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, "
     "$17, $18, $19, ARRAY[$20])"},
    // Migration 5's function: the channel, this process's origin, the head of its texts and their
    // most bytes (or NULLs: no notification), then the appends (AppendRow, in a JSON array).
    {"append_group", "SELECT * FROM balie_append_group($1, $2, $3, $4, $5)"},
    // Notes process $2 among the watchers of conversation $1 (PostgresStore::Watch).
    {"watch",
     "UPDATE conversations SET watchers = CASE WHEN $2 = ANY (watchers) THEN watchers "
     "ELSE array_append(watchers, $2) END WHERE id = $1"},
    {"select_conversation",
     "SELECT " BALIE_CONVERSATION_COLUMNS " FROM conversations WHERE id = $1"},
    {"select_by_state",
     "SELECT " BALIE_CONVERSATION_COLUMNS " FROM conversations WHERE state = $1"},
    {"select_awaiting_reply",
     "SELECT " BALIE_CONVERSATION_COLUMNS " FROM conversations WHERE awaiting_reply = 1"},
    {"select_of_customer",
     "SELECT " BALIE_CONVERSATION_COLUMNS " FROM conversations WHERE customer_ref = $1 "
     "ORDER BY created_at DESC LIMIT $2"},
    {"insert_observation",
     "INSERT INTO queue_observations (queue, kind, millis, at) VALUES ($1, $2, $3, $4)"},
    // The latest $1 of each queue and kind, oldest first.
    {"select_observations",
     "SELECT queue, kind, millis, at FROM (SELECT queue, kind, millis, at, id, ROW_NUMBER() "
     "OVER (PARTITION BY queue, kind ORDER BY id DESC) AS age FROM queue_observations) AS recent "
     "WHERE age <= $1 ORDER BY id"},
    {"count_taken",
     "SELECT queue, COUNT(*), COUNT(*) FILTER (WHERE millis <= $2) FROM queue_observations "
     "WHERE kind = 'taken' AND at >= $1 GROUP BY queue ORDER BY queue COLLATE \"C\""},
    // The places of an AppendLimit taken by conversations other than $2 (under the limit's
    // advisory lock): assigned to agent $1, or with a callback booked in [$3, $4) in queue $1 or
    // with agent $1.
    {"count_assigned",
     "SELECT COUNT(*) FROM conversations WHERE state = 'assigned' AND agent = $1 AND id <> $2"},
    {"count_booked_in_queue",
     "SELECT COUNT(*) FROM conversations WHERE state = 'callback' AND queue = $1 AND id <> $2 "
     "AND callback_start >= $3 AND callback_start < $4"},
    {"count_booked_with_agent",
     "SELECT COUNT(*) FROM conversations WHERE state = 'callback' AND requested_agent = $1 "
     "AND id <> $2 AND callback_start >= $3 AND callback_start < $4"},
    {"insert_event",
     "INSERT INTO events (conversation_id, seq, kind, at, author, client_id, text, data) "
     "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"},
    {"select_events", "SELECT " BALIE_EVENT_COLUMNS
                      " FROM events WHERE conversation_id = $1 AND seq > $2 ORDER BY seq LIMIT $3"},
    // The conversation, then the event with client id $2 or NULLs (the columns do not clash).
    {"select_for_change",
     "SELECT " BALIE_CONVERSATION_COLUMNS ", " BALIE_EVENT_COLUMNS
     " FROM conversations LEFT JOIN events ON events.conversation_id = conversations.id "
     "AND events.client_id = $2 WHERE conversations.id = $1"},
    {"select_event_by_client_id",
     "SELECT " BALIE_EVENT_COLUMNS " FROM events WHERE conversation_id = $1 AND client_id = $2"},
    // Decisions and approvals from $1 on, with their conversation and its queue (the partial
    // index events_decisions).
    {"select_decisions",
     "SELECT e.seq, e.kind, e.at, e.author, e.client_id, e.text, e.data, e.text_erased_sha256, "
     "e.conversation_id, c.queue FROM events e JOIN conversations c ON c.id = e.conversation_id "
     "WHERE e.kind IN ('decision', 'approval') AND e.at >= $1 "
     "ORDER BY e.at, e.conversation_id COLLATE \"C\", e.seq"},
};

// The summary's columns, for AppendRow's names.
constexpr std::string_view kConversationColumns = BALIE_CONVERSATION_COLUMNS;

#undef BALIE_CONVERSATION_COLUMNS
#undef BALIE_EVENT_COLUMNS

// The first line of a libpqxx error: PostgreSQL's DETAIL lines may quote a row's values (a
// customer's text), which must stay out of messages and logs.
std::string FirstLine(const std::exception& error) {
  std::string what = error.what();
  what = what.substr(0, what.find('\n'));
  if (what.starts_with("ERROR:")) {
    what = what.substr(what.find_first_not_of(' ', 6));
  }
  return what;
}

// PostgreSQL's SQLSTATE for a lock not granted within lock_timeout.
constexpr std::string_view kLockNotAvailable = "55P03";

// What a libpqxx exception means for the caller.
base::Status StatusOf(const std::exception& error) {
  if (const auto* sql = dynamic_cast<const pqxx::sql_error*>(&error);
      sql != nullptr && sql->sqlstate() == kLockNotAvailable) {
    return base::Unavailable(
        "storage: the conversation is locked by another unfinished transaction; try again");
  }
  if (dynamic_cast<const pqxx::in_doubt_error*>(&error) != nullptr) {
    return base::Unavailable(
        "storage: the connection to PostgreSQL broke during a commit, whose outcome is unknown; "
        "send again (with the same client id): " +
        FirstLine(error));
  }
  if (dynamic_cast<const pqxx::broken_connection*>(&error) != nullptr ||
      dynamic_cast<const pqxx::insufficient_resources*>(&error) != nullptr ||
      dynamic_cast<const pqxx::transaction_rollback*>(&error) != nullptr) {
    return base::Unavailable("storage: " + FirstLine(error));
  }
  return base::Internal("storage: " + FirstLine(error));
}

// What a write or read is told when PostgreSQL cannot be reached: not the connection's error,
// which names the server and the database (Failed logs it), since it may reach a client.
base::Status Unreachable() {
  return base::Unavailable("storage: PostgreSQL cannot be reached; try again in a moment");
}

bool IsConnectionLost(const std::exception& error) {
  return dynamic_cast<const pqxx::broken_connection*>(&error) != nullptr ||
         dynamic_cast<const pqxx::in_doubt_error*>(&error) != nullptr;
}

base::Status Migrate(pqxx::connection& connection, const std::string& database) {
  try {
    pqxx::work tx(connection);
    // Another process's migration may take a while: wait for it, whatever lock_timeout says.
    tx.exec("SET LOCAL lock_timeout = 0");
    tx.exec_params("SELECT pg_advisory_xact_lock($1)", kMigrationLock);
    tx.exec("CREATE TABLE IF NOT EXISTS balie_schema_version (version INTEGER NOT NULL)");
    const pqxx::result row = tx.exec("SELECT version FROM balie_schema_version");
    const int stored = row.empty() ? 0 : row[0][0].as<int>();
    if (stored > kSchemaVersion) {
      return base::FailedPrecondition("the database " + database + " has schema version " +
                                      std::to_string(stored) + ", newer than this Balie (" +
                                      std::to_string(kSchemaVersion) + "); use a newer Balie");
    }
    for (int version = stored; version < kSchemaVersion; ++version) {
      tx.exec(kMigrations[version]);
    }
    if (row.empty()) {
      tx.exec_params("INSERT INTO balie_schema_version (version) VALUES ($1)", kSchemaVersion);
    } else if (stored != kSchemaVersion) {
      tx.exec_params("UPDATE balie_schema_version SET version = $1", kSchemaVersion);
    }
    tx.commit();
  } catch (const std::exception& error) {
    const base::Status status = StatusOf(error);
    return {status.code(), "cannot migrate the database " + database + " to version " +
                               std::to_string(kSchemaVersion) + ": " + status.message()};
  }
  return base::Status::Ok();
}

base::Status InsertEvents(pqxx::transaction_base& tx, std::string_view conversation_id,
                          std::span<const Event> events) {
  for (const Event& event : events) {
    Parameters parameters;
    parameters.Bind(1, conversation_id)
        .Bind(2, event.seq)
        .Bind(3, model::EventKindName(event.kind()))
        .Bind(4, base::ToUnixMillis(event.at))
        .Bind(5, model::AuthorName(event.author))
        .Bind(7, event.text)
        .Bind(8, EventDataText(event));
    if (!event.client_id.empty()) {
      parameters.Bind(6, event.client_id);
    }
    parameters.Run(tx, "insert_event");
  }
  return base::Status::Ok();
}

// BindConversation's parameters as the members of a JSON object, by their column names
// (BALIE_CONVERSATION_COLUMNS; $1 is the first).
class JsonParameters {
 public:
  JsonParameters& Bind(int index, std::string_view text) {
    At(index) = std::string(text);
    return *this;
  }
  JsonParameters& Bind(int index, std::int64_t value) {
    At(index) = value;
    return *this;
  }
  JsonParameters& BindNull(int index) {
    At(index) = nullptr;
    return *this;
  }
  nlohmann::json& values() { return values_; }

 private:
  static const std::vector<std::string>& Names() {
    static const std::vector<std::string> kNames = [] {
      std::vector<std::string> all;
      std::string_view columns = kConversationColumns;
      while (!columns.empty()) {
        const size_t comma = columns.find(", ");
        all.emplace_back(columns.substr(0, comma));
        columns.remove_prefix(comma == std::string_view::npos ? columns.size() : comma + 2);
      }
      return all;
    }();
    return kNames;
  }
  nlohmann::json& At(int index) { return values_[Names().at(static_cast<size_t>(index) - 1)]; }
  nlohmann::json values_ = nlohmann::json::object();
};

// What balie_append returned (migration 4), as the status of the append to conversation `id`.
base::Status AppendOutcome(std::string_view outcome, std::string_view id) {
  if (outcome == "missing") {
    return base::NotFound("no conversation " + std::string(id));
  }
  if (outcome.starts_with("duplicate ")) {
    return base::AlreadyExists("client id " + std::string(outcome.substr(10)) +
                               " is already stored");
  }
  if (outcome.starts_with("changed ")) {
    return base::Aborted("conversation " + std::string(id) +
                         " changed meanwhile (stored up to event " +
                         std::string(outcome.substr(8)) + ")");
  }
  if (!outcome.starts_with("stored ")) {
    return base::Internal("storage: an append of conversation " + std::string(id) +
                          " had an unknown outcome");
  }
  return base::Status::Ok();
}

base::Result<std::vector<Conversation>> Conversations(const pqxx::result& rows) {
  std::vector<Conversation> conversations;
  conversations.reserve(rows.size());
  for (const pqxx::row& row : rows) {
    auto conversation = ReadConversation(Row(row));
    if (!conversation.ok()) {
      return conversation.status();
    }
    conversations.push_back(std::move(conversation).value());
  }
  return conversations;
}

}  // namespace

std::span<const postgres::Statement> postgres::ConversationStatements() { return kStatements; }

base::Result<std::string> postgres::AppendRow(const Conversation& updated,
                                              std::span<const Event> events) {
  JsonParameters conversation;
  BindConversation(conversation, updated);
  nlohmann::json rows = nlohmann::json::array();
  for (const Event& event : events) {
    rows.push_back({{"seq", event.seq},
                    {"kind", model::EventKindName(event.kind())},
                    {"at", base::ToUnixMillis(event.at)},
                    {"author", model::AuthorName(event.author)},
                    {"client_id",
                     event.client_id.empty() ? nlohmann::json() : nlohmann::json(event.client_id)},
                    {"text", event.text},
                    {"data", EventDataText(event)}});
  }
  nlohmann::json& row = conversation.values();
  row["first_seq"] = events.empty() ? updated.last_seq : events.front().seq;
  row["events"] = std::move(rows);
  try {
    return row.dump();
  } catch (const nlohmann::json::exception& error) {
    return base::InvalidArgument("conversation " + updated.id +
                                 " cannot be stored: " + error.what());
  }
}

void postgres::PrepareSession(pqxx::connection& connection,
                              std::chrono::milliseconds lock_timeout) {
  const int fd = connection.sock();
  sockaddr_storage address{};
  socklen_t length = sizeof address;
  if (fd >= 0 && ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0 &&
      (address.ss_family == AF_INET || address.ss_family == AF_INET6)) {
    const auto set = [fd](int level, int option, int value) {
      (void)::setsockopt(fd, level, option, &value, sizeof value);
    };
    set(SOL_SOCKET, SO_KEEPALIVE, 1);
    set(IPPROTO_TCP, TCP_KEEPIDLE, 10);
    set(IPPROTO_TCP, TCP_KEEPINTVL, 5);
    set(IPPROTO_TCP, TCP_KEEPCNT, 3);
    set(IPPROTO_TCP, TCP_USER_TIMEOUT, 30'000);
  }
  // PostgreSQL ignores its keepalive settings over a Unix socket.
  pqxx::nontransaction tx(connection);
  tx.exec("SET lock_timeout = " + std::to_string(lock_timeout.count()) +
          "; SET idle_in_transaction_session_timeout = 30000; SET tcp_keepalives_idle = 10"
          "; SET tcp_keepalives_interval = 5; SET tcp_keepalives_count = 3");
  tx.commit();
}

// One connection with every statement prepared.
class PostgresStore::Connection {
 public:
  static base::Result<std::unique_ptr<Connection>> Open(const std::string& url,
                                                        std::chrono::milliseconds lock_timeout) {
    try {
      auto connection = std::make_unique<pqxx::connection>(url);
      postgres::PrepareSession(*connection, lock_timeout);
      for (const auto& statements : {postgres::ConversationStatements(),
                                     postgres::StaffStatements(), postgres::AuditStatements()}) {
        for (const postgres::Statement& statement : statements) {
          connection->prepare(statement.name, statement.sql);
        }
      }
      return std::unique_ptr<Connection>(new Connection(std::move(connection)));
    } catch (const std::exception& error) {
      return base::Unavailable("cannot connect to PostgreSQL at " + RedactedUrl(url) + ": " +
                               FirstLine(error));
    }
  }
  pqxx::connection& get() { return *connection_; }

 private:
  explicit Connection(std::unique_ptr<pqxx::connection> connection)
      : connection_(std::move(connection)) {}
  std::unique_ptr<pqxx::connection> connection_;
};

int PostgresStore::SchemaVersion() { return kSchemaVersion; }

base::Result<std::unique_ptr<PostgresStore>> PostgresStore::Open(const std::string& url,
                                                                 PostgresOptions options) {
  auto writer = Connection::Open(url, options.lock_timeout);
  if (!writer.ok()) {
    return writer.status();
  }
  std::string database = (*writer)->get().dbname();
  if (base::Status status = Migrate((*writer)->get(), database); !status.ok()) {
    return status;
  }
  return std::unique_ptr<PostgresStore>(
      new PostgresStore(url, std::move(database), options, std::move(writer).value()));
}

PostgresStore::PostgresStore(std::string url, std::string database, PostgresOptions options,
                             std::unique_ptr<Connection> writer)
    : url_(std::move(url)),
      database_(std::move(database)),
      origin_(NewOrigin()),
      options_(options),
      writer_connection_(std::move(writer)) {
  writer_ = std::thread([this] { WriterLoop(); });
}

PostgresStore::~PostgresStore() {
  writes_.Stop();
  writer_.join();
}

base::Status PostgresStore::Submit(WriteFunction function, std::vector<std::int64_t> locks,
                                   std::string row, std::shared_ptr<const std::string> append_row) {
  return writes_.Submit(std::move(function), std::move(locks), std::move(row),
                        std::move(append_row));
}

void PostgresStore::WriterLoop() {
  std::vector<Write*> batch;
  for (;;) {
    // While the server cannot be reached, wake up for the next reconnection too.
    const auto until = probing_ ? std::chrono::steady_clock::now() + options_.probe_interval
                                : std::chrono::steady_clock::time_point::max();
    if (!writes_.Take(batch, options_.max_batch, until)) {
      return;  // every queued write is done
    }
    if (batch.empty()) {
      // A reconnection (probing_); a write reconnects by itself.
      if (probing_ && !writer_connection_) {
        auto connection = Connection::Open(url_, options_.lock_timeout);
        if (connection.ok()) {
          writer_connection_ = std::move(connection).value();
          Recovered();
        }
      }
      continue;
    }
    CommitBatch(batch);
    write_count_ += batch.size();
    commit_count_ += 1;
    writes_.Complete(batch);
  }
}

void PostgresStore::CommitBatch(const std::vector<Write*>& batch) {
  if (!writer_connection_) {
    auto connection = Connection::Open(url_, options_.lock_timeout);
    if (!connection.ok()) {
      for (Write* write : batch) {
        write->result = Unreachable();
      }
      Failed(connection.status().message(), /*connection_lost=*/true);
      return;
    }
    writer_connection_ = std::move(connection).value();
  }
  try {
    // Nearly every group is stored whole; a savepoint per write would cost two round trips each.
    // Only when a write is refused (a duplicate client id, a row locked past lock_timeout) is the
    // group rolled back and run again with a savepoint per write, so that the refused write
    // leaves the others in. A group of nothing but plain appends, the common one, is one
    // statement, in which a refused append stores nothing and leaves the others in.
    const bool appends_only = std::all_of(batch.begin(), batch.end(), [](const Write* write) {
      return write->append_row != nullptr && write->locks.empty();
    });
    const bool stored = appends_only ? CommitAppends(batch) : CommitGroup(batch, false);
    if (!stored && batch.size() > 1) {
      CommitGroup(batch, /*savepoints=*/true);
    }
    Recovered();
  } catch (const std::exception& error) {
    const base::Status failed = StatusOf(error);
    for (Write* write : batch) {
      if (write->result.ok()) {
        write->result = failed;
      }
    }
    const bool lost = IsConnectionLost(error);
    if (lost) {
      writer_connection_.reset();
    }
    Failed(failed.message(), lost);
  }
}

namespace {

// The writes of `batch` in the order of their rows (a stable sort: the writes to one conversation
// keep their order). A group's row locks are held until it commits, so two groups that took two
// rows in opposite orders would wait for each other.
template <typename Write>
std::vector<Write*> InRowOrder(const std::vector<Write*>& batch) {
  std::vector<Write*> in_row_order = batch;
  std::stable_sort(in_row_order.begin(), in_row_order.end(),
                   [](const Write* a, const Write* b) { return a->row < b->row; });
  return in_row_order;
}

}  // namespace

bool PostgresStore::CommitAppends(const std::vector<Write*>& batch) {
  const std::vector<Write*> in_row_order = InRowOrder(batch);
  std::string rows = "[";
  for (const Write* write : in_row_order) {
    if (rows.size() > 1) {
      rows += ',';
    }
    rows += *write->append_row;
  }
  rows += ']';
  pqxx::result outcomes;
  try {
    // Outside a transaction block: the statement commits by itself, its notification with it.
    pqxx::nontransaction tx(writer_connection_->get());
    outcomes = Parameters()
                   .Bind(1, kChangeChannel)
                   .Bind(2, origin_)
                   .Bind(3, ChangesHead(origin_))
                   .Bind(4, static_cast<std::int64_t>(kMaxNotificationBytes))
                   .Bind(5, rows)
                   .Run(tx, "append_group");
  } catch (const pqxx::broken_connection&) {
    throw;
  } catch (const std::exception& error) {
    const base::Status failed = StatusOf(error);
    for (Write* write : batch) {
      write->result = failed;
    }
    return false;
  }
  if (outcomes.size() != in_row_order.size()) {
    throw std::runtime_error("balie_append_group returned " + std::to_string(outcomes.size()) +
                             " outcomes for " + std::to_string(in_row_order.size()) + " appends");
  }
  for (size_t i = 0; i < in_row_order.size(); ++i) {
    in_row_order[i]->result = AppendOutcome(
        outcomes[static_cast<pqxx::result::size_type>(i)][0].c_str(), in_row_order[i]->row);
  }
  return true;
}

bool PostgresStore::CommitGroup(const std::vector<Write*>& batch, bool savepoints) {
  pqxx::work tx(writer_connection_->get());
  // The group's advisory locks first, in the order of their keys: a group waits for another
  // process's only while it holds none of its own, so no two ever wait for each other.
  std::vector<std::int64_t> locks;
  for (const Write* write : batch) {
    locks.insert(locks.end(), write->locks.begin(), write->locks.end());
  }
  std::sort(locks.begin(), locks.end());
  locks.erase(std::unique(locks.begin(), locks.end()), locks.end());
  for (const std::int64_t key : locks) {
    tx.exec_params("SELECT pg_advisory_xact_lock($1)", key);
  }
  // Then its rows, in the order of their conversations.
  std::vector<StoredChange> changes;
  for (Write* write : InRowOrder(batch)) {
    const size_t noted = changes.size();
    // The savepoint by hand: libpqxx 6's subtransaction only begins with a statement of its own
    // kind, so a prepared statement that failed in it would leave the transaction aborted.
    if (savepoints) {
      tx.exec0("SAVEPOINT write");
    }
    try {
      Transaction transaction(tx, &changes);
      write->result = write->function(transaction);
    } catch (const pqxx::broken_connection&) {
      throw;
    } catch (const std::exception& error) {
      write->result = StatusOf(error);
    }
    if (!savepoints) {
      if (!write->result.ok()) {
        return false;  // the transaction may be unusable; it is rolled back
      }
    } else if (write->result.ok()) {
      tx.exec0("RELEASE SAVEPOINT write");
    } else {
      tx.exec0("ROLLBACK TO SAVEPOINT write");
      changes.resize(noted);  // nothing of it is stored
    }
  }
  // The group's notification is part of its transaction: sent if and only if it commits, and
  // delivered to the listeners after the commit, in commit order (change_feed.h).
  for (const std::string& payload : EncodeChanges(origin_, changes)) {
    tx.exec_params("SELECT pg_notify($1, $2)", kChangeChannel, payload);
  }
  tx.commit();
  return true;
}

base::Status PostgresStore::Read(const ReadFunction& read) {
  std::unique_ptr<Connection> connection;
  {
    // An idle connection, or room to open one (counted now, opened outside the lock).
    std::unique_lock lock(reader_mutex_);
    reader_free_.wait(
        lock, [this] { return !idle_readers_.empty() || open_readers_ < options_.max_readers; });
    if (!idle_readers_.empty()) {
      connection = std::move(idle_readers_.back());
      idle_readers_.pop_back();
    } else {
      ++open_readers_;
    }
  }
  if (!connection) {
    auto opened = Connection::Open(url_, options_.lock_timeout);
    if (!opened.ok()) {
      ReleaseReader(nullptr);
      Failed(opened.status().message(), /*connection_lost=*/true);
      return Unreachable();
    }
    connection = std::move(opened).value();
  }
  base::Status status;
  try {
    // Each read is one statement, or a few that need not see one snapshot: no BEGIN and COMMIT.
    pqxx::nontransaction tx(connection->get());
    Transaction transaction(tx);
    status = read(transaction);
  } catch (const std::exception& error) {
    status = StatusOf(error);
    if (IsConnectionLost(error)) {
      ReleaseReader(nullptr);  // the connection is dropped
      Failed(status.message(), /*connection_lost=*/true);
      return status;
    }
  }
  ReleaseReader(std::move(connection));
  return status;
}

void PostgresStore::ReleaseReader(std::unique_ptr<Connection> connection) {
  {
    std::lock_guard lock(reader_mutex_);
    if (connection && idle_readers_.size() < options_.idle_readers) {
      idle_readers_.push_back(std::move(connection));
    } else {
      --open_readers_;  // closed (below, outside the lock) or lost
    }
  }
  reader_free_.notify_one();
}

base::Status PostgresStore::Notify(const char* channel, std::span<const std::string> texts) {
  return Submit([&](Transaction& transaction) -> base::Status {
    for (const std::string& text : texts) {
      transaction.tx().exec_params("SELECT pg_notify($1, $2)", channel, text);
    }
    return base::Status::Ok();
  });
}

base::Status PostgresStore::AnnouncePresence(std::span<const StaffPresence> staff) {
  return Notify(kPresenceChannel, EncodePresence(origin_, staff));
}

base::Status PostgresStore::AnnounceTyping(std::span<const Typing> typing) {
  return Notify(kPresenceChannel, EncodeTyping(origin_, typing));
}

base::Status PostgresStore::AnnounceTaken(std::span<const LimitTaken> taken) {
  const std::vector<std::string> texts = EncodeTaken(origin_, taken);
  return texts.empty() ? base::Status::Ok() : Notify(kLimitsChannel, texts);
}

base::Status PostgresStore::Create(const Conversation& conversation,
                                   std::span<const Event> events) {
  if (base::Status status = CheckNumbering(conversation, events, 1); !status.ok()) {
    return status;
  }
  base::Status created = Submit(
      [&](Transaction& transaction) -> base::Status {
        pqxx::transaction_base& tx = transaction.tx();
        // Whether the id is taken is asked first: a unique violation would end the savepoint, and
        // a conversation started elsewhere meanwhile fails on the primary key all the same.
        if (!Parameters().Bind(1, conversation.id).Run(tx, "select_conversation").empty()) {
          return base::AlreadyExists("conversation " + conversation.id + " already exists");
        }
        Parameters parameters;
        BindConversation(parameters, conversation);
        parameters.Bind(20, origin_);  // its stream is here, presumably
        try {
          parameters.Run(tx, "insert_conversation");
        } catch (const pqxx::unique_violation&) {
          return base::AlreadyExists("conversation " + conversation.id + " already exists");
        }
        if (base::Status status = InsertEvents(tx, conversation.id, events); !status.ok()) {
          return status;
        }
        transaction.Stored({conversation.id, events.empty() ? 0 : events.front().seq,
                            conversation.last_seq, conversation.state != ConversationState::kBot});
        return base::Status::Ok();
      },
      {}, conversation.id);
  if (created.ok()) {
    Remember(conversation);
    Watching(conversation.id);
  }
  return created;
}

base::Result<bool> PostgresStore::Watch(std::string_view id) {
  {
    std::lock_guard lock(remembered_mutex_);
    if (watching_.contains(std::string(id))) {
      return false;
    }
  }
  bool found = false;
  base::Status status = Submit([&](Transaction& transaction) -> base::Status {
    found =
        Parameters().Bind(1, id).Bind(2, origin_).Run(transaction.tx(), "watch").affected_rows() ==
        1;
    return base::Status::Ok();
  });
  if (!status.ok()) {
    return status;
  }
  if (found) {
    Watching(id);
  }
  return true;
}

void PostgresStore::Watching(std::string_view id) {
  std::lock_guard lock(remembered_mutex_);
  if (watching_.size() >= options_.watched_conversations) {
    watching_.clear();  // noted again when watched again: a write that changes nothing
  }
  watching_.emplace(id);
}

base::Status PostgresStore::Append(const Conversation& updated, std::span<const Event> events) {
  return AppendWithin(updated, events, nullptr);
}

base::Status PostgresStore::AppendAssignment(const Conversation& updated,
                                             std::span<const Event> events, int capacity) {
  const auto limit = AssignmentLimit(updated, capacity);
  return limit.ok() ? AppendWithin(updated, events, &*limit) : limit.status();
}

base::Status PostgresStore::AppendBooking(const Conversation& updated,
                                          std::span<const Event> events, int room) {
  const auto limit = BookingLimit(updated, room);
  return limit.ok() ? AppendWithin(updated, events, &*limit) : limit.status();
}

base::Status PostgresStore::AppendWithin(const Conversation& updated, std::span<const Event> events,
                                         const AppendLimit* limit) {
  if (base::Status status = CheckAppend(updated, events); !status.ok()) {
    return status;
  }
  auto row = postgres::AppendRow(updated, events);
  if (!row.ok()) {
    return row.status();
  }
  auto shared = std::make_shared<const std::string>(std::move(row).value());
  // A limited append holds its limit's lock (see AppendAssignment); a plain one may be stored by
  // the group statement (CommitAppends).
  WriteFunction write = AppendWrite(updated, events.front().seq, shared, limit);
  base::Status status = limit != nullptr
                            ? Submit(std::move(write), {LimitLock(*limit)}, updated.id)
                            : Submit(std::move(write), {}, updated.id, std::move(shared));
  if (status.ok()) {
    Remember(updated);
  } else {
    Forget(updated.id);
  }
  return status;
}

void PostgresStore::AppendThen(Conversation updated, std::vector<Event> events, AppendDone done) {
  auto owned = CheckedAppend(std::move(updated), std::move(events), done);
  if (owned == nullptr) {
    return;
  }
  auto row = postgres::AppendRow(owned->updated, owned->events);
  if (!row.ok()) {
    return done(row.status());
  }
  auto shared = std::make_shared<const std::string>(std::move(row).value());
  WriteFunction write = AppendWrite(owned->updated, owned->events.front().seq, shared, nullptr);
  writes_.SubmitThen(
      std::move(write),
      [this, owned, done = std::move(done)](const base::Status& status) {
        if (status.ok()) {
          Remember(owned->updated);
        } else {
          Forget(owned->updated.id);
        }
        done(status);
      },
      {}, owned->updated.id, std::move(shared));
}

PostgresStore::WriteFunction PostgresStore::AppendWrite(const Conversation& updated,
                                                        std::int64_t first_seq,
                                                        std::shared_ptr<const std::string> row,
                                                        const AppendLimit* limit) {
  return [row = std::move(row), id = updated.id, first_seq, last_seq = updated.last_seq,
          leaves_bot = updated.state != ConversationState::kBot,
          limit](Transaction& transaction) -> base::Status {
    if (limit != nullptr) {
      // Under the limit's lock (taken as the group began): what other processes stored against
      // it is committed and counted here.
      Parameters count;
      count.Bind(1, limit->key).Bind(2, id);
      if (limit->kind != AppendLimit::Kind::kAgentLoad) {
        count.Bind(3, base::ToUnixMillis(limit->from)).Bind(4, base::ToUnixMillis(limit->until));
      }
      const char* statement = limit->kind == AppendLimit::Kind::kAgentLoad ? "count_assigned"
                              : limit->kind == AppendLimit::Kind::kQueueSlot
                                  ? "count_booked_in_queue"
                                  : "count_booked_with_agent";
      const auto taken = count.Run(transaction.tx(), statement)[0][0].as<std::int64_t>();
      if (taken >= limit->room) {
        return Full(*limit, taken);
      }
    }
    // The group statement with this append alone and no notification: the group's own follows
    // at its commit. The summary row stays locked until then: an append elsewhere waits, then
    // sees the new last_seq.
    const auto outcome = Parameters()
                             .Bind(5, "[" + *row + "]")
                             .Run(transaction.tx(), "append_group")[0][0]
                             .as<std::string>();
    base::Status status = AppendOutcome(outcome, id);
    if (status.ok()) {
      const bool was_with_bot = outcome.substr(7) == model::StateName(ConversationState::kBot);
      transaction.Stored({id, first_seq, last_seq, leaves_bot || !was_with_bot});
    }
    return status;
  };
}

base::Result<Conversation> PostgresStore::Get(std::string_view id) {
  std::optional<base::Result<Conversation>> found;
  base::Status status = Read([&](Transaction& transaction) -> base::Status {
    const pqxx::result rows = Parameters().Bind(1, id).Run(transaction.tx(), "select_conversation");
    if (rows.empty()) {
      return base::NotFound("no conversation " + std::string(id));
    }
    found = ReadConversation(Row(rows[0]));
    return base::Status::Ok();
  });
  if (!status.ok()) {
    return status;
  }
  return std::move(*found);
}

base::Result<std::vector<Event>> PostgresStore::Events(std::string_view id, std::int64_t after_seq,
                                                       size_t limit) {
  std::vector<Event> events;
  base::Status status = Read([&](Transaction& transaction) -> base::Status {
    const pqxx::result rows = Parameters()
                                  .Bind(1, id)
                                  .Bind(2, after_seq)
                                  .Bind(3, Limit(limit))
                                  .Run(transaction.tx(), "select_events");
    events.reserve(rows.size());
    for (const pqxx::row& row : rows) {
      auto event = ReadEvent(Row(row), id);
      if (!event.ok()) {
        return event.status();
      }
      events.push_back(std::move(event).value());
    }
    return base::Status::Ok();
  });
  if (!status.ok()) {
    return status;
  }
  return events;
}

base::Result<std::optional<Event>> PostgresStore::EventByClientId(std::string_view id,
                                                                  std::string_view client_id) {
  std::optional<Event> found;
  base::Status status = Read([&](Transaction& transaction) -> base::Status {
    const pqxx::result rows = Parameters()
                                  .Bind(1, id)
                                  .Bind(2, client_id)
                                  .Run(transaction.tx(), "select_event_by_client_id");
    if (rows.empty()) {
      return base::Status::Ok();
    }
    auto event = ReadEvent(Row(rows[0]), id);
    if (!event.ok()) {
      return event.status();
    }
    found = std::move(event).value();
    return base::Status::Ok();
  });
  if (!status.ok()) {
    return status;
  }
  return found;
}

base::Result<ConversationStore::ForChange> PostgresStore::GetForChange(std::string_view id,
                                                                       std::string_view client_id) {
  // Read under the conversation's lock (ConversationCore::Begin): no change of this process is
  // under way that the copy remembered could overtake.
  if (client_id.empty()) {
    auto conversation = Get(id);
    if (!conversation.ok()) {
      return conversation.status();
    }
    Remember(*conversation);
    return ForChange{std::move(conversation).value(), std::nullopt};
  }
  return ReadResult<ForChange>([&](Transaction& transaction) -> base::Result<ForChange> {
    const pqxx::result rows =
        Parameters().Bind(1, id).Bind(2, client_id).Run(transaction.tx(), "select_for_change");
    if (rows.empty()) {
      return base::NotFound("no conversation " + std::string(id));
    }
    auto conversation = ReadConversation(Row(rows[0]));
    if (!conversation.ok()) {
      return conversation.status();
    }
    ForChange found{std::move(conversation).value(), std::nullopt};
    constexpr int kEventColumns = 19;  // after those of BALIE_CONVERSATION_COLUMNS
    if (!rows[0][kEventColumns].is_null()) {
      auto event = ReadEvent(Row(rows[0], kEventColumns), id);
      if (!event.ok()) {
        return event.status();
      }
      found.resent = std::move(event).value();
    }
    Remember(found.conversation);
    return found;
  });
}

std::optional<base::Result<ConversationStore::ForChange>> PostgresStore::GetForChangeNow(
    std::string_view id, std::string_view /*client_id: whether it is stored is not known*/) {
  std::lock_guard lock(remembered_mutex_);
  const auto found = remembered_.find(std::string(id));
  if (found == remembered_.end()) {
    return std::nullopt;
  }
  return ForChange{found->second, std::nullopt, /*unchecked=*/true};
}

void PostgresStore::Remember(const Conversation& conversation) {
  if (options_.remembered_conversations == 0) {
    return;
  }
  Conversation stored = AsStored(conversation);
  std::lock_guard lock(remembered_mutex_);
  if (const auto found = remembered_.find(stored.id); found != remembered_.end()) {
    found->second = std::move(stored);
    return;
  }
  if (remembered_.size() >= options_.remembered_conversations) {
    remembered_.erase(remembered_.begin());
  }
  std::string id = stored.id;
  remembered_.emplace(std::move(id), std::move(stored));
}

void PostgresStore::Forget(std::string_view id) {
  std::lock_guard lock(remembered_mutex_);
  remembered_.erase(std::string(id));
}

void PostgresStore::ForgetAll() {
  std::lock_guard lock(remembered_mutex_);
  remembered_.clear();
}

base::Result<std::vector<Conversation>> PostgresStore::InStates(
    std::span<const ConversationState> states) {
  std::vector<Conversation> all;
  base::Status status = Read([&](Transaction& transaction) -> base::Status {
    for (ConversationState state : states) {
      auto some = Conversations(
          Parameters().Bind(1, model::StateName(state)).Run(transaction.tx(), "select_by_state"));
      if (!some.ok()) {
        return some.status();
      }
      all.insert(all.end(), std::make_move_iterator(some->begin()),
                 std::make_move_iterator(some->end()));
    }
    return base::Status::Ok();
  });
  if (!status.ok()) {
    return status;
  }
  return all;
}

base::Result<std::vector<Conversation>> PostgresStore::AwaitingReply() {
  base::Result<std::vector<Conversation>> found = std::vector<Conversation>();
  base::Status status = Read([&](Transaction& transaction) -> base::Status {
    found = Conversations(Parameters().Run(transaction.tx(), "select_awaiting_reply"));
    return base::Status::Ok();
  });
  if (!status.ok()) {
    return status;
  }
  return found;
}

base::Result<std::vector<Conversation>> PostgresStore::OfCustomer(std::string_view customer_ref,
                                                                  size_t limit) {
  base::Result<std::vector<Conversation>> found = std::vector<Conversation>();
  base::Status status = Read([&](Transaction& transaction) -> base::Status {
    found = Conversations(Parameters()
                              .Bind(1, customer_ref)
                              .Bind(2, Limit(limit))
                              .Run(transaction.tx(), "select_of_customer"));
    return base::Status::Ok();
  });
  if (!status.ok()) {
    return status;
  }
  return found;
}

base::Result<std::vector<ConversationStore::DecisionRecord>> PostgresStore::Decisions(
    base::TimePoint since, bool waiting_only, size_t limit) {
  DecisionCollector records;
  base::Status status = Read([&](Transaction& transaction) -> base::Status {
    const pqxx::result rows =
        Parameters().Bind(1, base::ToUnixMillis(since)).Run(transaction.tx(), "select_decisions");
    for (const pqxx::row& row : rows) {
      const Row read(row);
      std::string conversation_id = read.Text(8);
      auto event = ReadEvent(read, conversation_id);
      if (!event.ok()) {
        return event.status();
      }
      records.Add(std::move(conversation_id), read.Text(9), std::move(event).value());
    }
    return base::Status::Ok();
  });
  if (!status.ok()) {
    return status;
  }
  return std::move(records).Take(waiting_only, limit);
}

base::Status PostgresStore::AddQueueObservation(const QueueObservation& observation) {
  return Submit([&](Transaction& transaction) -> base::Status {
    Parameters()
        .Bind(1, observation.queue)
        .Bind(2, observation.kind)
        .Bind(3, static_cast<std::int64_t>(observation.duration.count()))
        .Bind(4, base::ToUnixMillis(observation.at))
        .Run(transaction.tx(), "insert_observation");
    return base::Status::Ok();
  });
}

base::Result<std::vector<ConversationStore::QueueObservation>>
PostgresStore::RecentQueueObservations(size_t limit) {
  std::vector<QueueObservation> observations;
  base::Status status = Read([&](Transaction& transaction) -> base::Status {
    const pqxx::result rows =
        Parameters().Bind(1, Limit(limit)).Run(transaction.tx(), "select_observations");
    for (const pqxx::row& row : rows) {
      const Row read(row);
      observations.push_back({read.Text(0), read.Text(1), std::chrono::milliseconds(read.Int(2)),
                              base::FromUnixMillis(read.Int(3))});
    }
    return base::Status::Ok();
  });
  if (!status.ok()) {
    return status;
  }
  return observations;
}

base::Result<std::vector<ConversationStore::TakenCount>> PostgresStore::TakenSince(
    base::TimePoint since, std::chrono::milliseconds target) {
  std::vector<TakenCount> counts;
  base::Status status = Read([&](Transaction& transaction) -> base::Status {
    const pqxx::result rows = Parameters()
                                  .Bind(1, base::ToUnixMillis(since))
                                  .Bind(2, std::int64_t{target.count()})
                                  .Run(transaction.tx(), "count_taken");
    for (const pqxx::row& row : rows) {
      const Row read(row);
      counts.push_back(
          {read.Text(0), static_cast<int>(read.Int(1)), static_cast<int>(read.Int(2))});
    }
    return base::Status::Ok();
  });
  if (!status.ok()) {
    return status;
  }
  return counts;
}

void PostgresStore::Failed(const std::string& cause, bool connection_lost) {
  {
    std::lock_guard lock(health_mutex_);
    if (connection_lost) {
      probing_ = true;
    }
    if (failing_) {
      return;
    }
    failing_ = cause;
  }
  base::Log(base::LogLevel::kError,
            "storage is failing: writes are refused and /readyz answers 503 until PostgreSQL "
            "commits again",
            {{"database", database_}, {"cause", cause}});
  writes_.Wake();  // the writer reconnects
}

void PostgresStore::Recovered() {
  {
    std::lock_guard lock(health_mutex_);
    probing_ = false;
    if (!failing_) {
      return;
    }
    failing_.reset();
  }
  base::Log(base::LogLevel::kWarning, "storage works again: PostgreSQL committed",
            {{"database", database_}});
}

base::Status PostgresStore::Health() const {
  std::lock_guard lock(health_mutex_);
  if (!failing_) {
    return base::Status::Ok();
  }
  // Not the cause: it names the database, and /readyz is public (the log has it).
  return base::Unavailable(
      "storage is failing: writes are refused until PostgreSQL commits again (the cause is in "
      "the server's log)");
}

PostgresStore::Stats PostgresStore::stats() const {
  return {write_count_.load(), commit_count_.load()};
}

}  // namespace balie::storage
