// SqliteStore's StaffStore: staff, sessions, knowledge flags and queue settings (schema version
// 2, in sqlite_store.cc), flags about customers (version 5).

#include "base/time_format.h"
#include "storage/sqlite_store.h"
#include "storage/staff_codec.h"

namespace balie::storage {
namespace {

using model::StaffMember;

constexpr const char* kInsertStaff = "INSERT INTO staff (" BALIE_STAFF_COLUMNS
                                     ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
constexpr const char* kUpdateStaff =
    "UPDATE staff SET name = ?2, display_name = ?3, role = ?4, password_hash = ?5, queues = ?6, "
    "languages = ?7, capacity = ?8, schedule = ?9, disabled = ?10, created_at = ?11 WHERE id = ?1";
constexpr const char* kStaffById = "SELECT " BALIE_STAFF_COLUMNS " FROM staff WHERE id = ?1";
constexpr const char* kStaffByName = "SELECT " BALIE_STAFF_COLUMNS " FROM staff WHERE name = ?1";
constexpr const char* kAllStaff = "SELECT " BALIE_STAFF_COLUMNS " FROM staff ORDER BY name";
constexpr const char* kInsertSession =
    "INSERT INTO staff_sessions (" BALIE_SESSION_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5)";
constexpr const char* kSessionByHash =
    "SELECT " BALIE_SESSION_COLUMNS " FROM staff_sessions WHERE token_hash = ?1";
constexpr const char* kExtendSession =
    "UPDATE staff_sessions SET expires_at = ?2 WHERE token_hash = ?1";
constexpr const char* kDeleteSession = "DELETE FROM staff_sessions WHERE token_hash = ?1";
constexpr const char* kDeleteSessionsOf = "DELETE FROM staff_sessions WHERE staff_id = ?1";
constexpr const char* kInsertFlag =
    "INSERT INTO knowledge_flags (kind, article_id, conversation_id, note, staff_id, at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
constexpr const char* kSelectFlags =
    "SELECT " BALIE_KNOWLEDGE_FLAG_COLUMNS " FROM knowledge_flags ORDER BY id DESC LIMIT ?1";
constexpr const char* kInsertCustomerFlag =
    "INSERT INTO customer_flags (" BALIE_CUSTOMER_FLAG_INSERTED
    ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";
constexpr const char* kCustomerFlagById =
    "SELECT " BALIE_CUSTOMER_FLAG_COLUMNS " FROM customer_flags WHERE id = ?1";
constexpr const char* kCustomerFlagsOf =
    "SELECT " BALIE_CUSTOMER_FLAG_COLUMNS
    " FROM customer_flags "
    "WHERE (?1 != '' AND customer_ref = ?1) OR conversation_id = ?2 ORDER BY id DESC";
constexpr const char* kUpdateCustomerFlag =
    "UPDATE customer_flags SET status = ?2, changes = ?3, contests = ?4, revision = revision + 1 "
    "WHERE id = ?1 AND revision = ?5";
constexpr const char* kContestedFlags =
    "SELECT " BALIE_CUSTOMER_FLAG_COLUMNS
    " FROM customer_flags WHERE json_extract(contests, '$[#-1].stage') = 'received' ORDER BY id";
constexpr const char* kSaveQueueSettings =
    "INSERT INTO queue_settings (queue_id, settings) VALUES (?1, ?2) "
    "ON CONFLICT (queue_id) DO UPDATE SET settings = excluded.settings";
constexpr const char* kAllQueueSettings = "SELECT queue_id, settings FROM queue_settings";

// Runs a statement that changes rows; `missing` is returned when it changed none.
base::Status RunChange(SqliteConnection& db, const char* sql,
                       const std::function<void(SqliteStatement&)>& bind, base::Status missing) {
  auto statement = db.Prepare(sql);
  if (!statement.ok()) {
    return statement.status();
  }
  bind(**statement);
  if (base::Status status = (*statement)->Run(); !status.ok()) {
    return status;
  }
  if (!missing.ok() && sqlite3_changes(db.handle()) == 0) {
    return missing;
  }
  return base::Status::Ok();
}

}  // namespace

base::Status SqliteStore::CreateStaff(const StaffMember& member) {
  return Submit([&](SqliteConnection& db) -> base::Status {
    auto insert = db.Prepare(kInsertStaff);
    if (!insert.ok()) {
      return insert.status();
    }
    BindStaff(**insert, member);
    base::Status status = (*insert)->Run();
    if (!status.ok() && ((*insert)->error_code() & 0xff) == SQLITE_CONSTRAINT) {
      return base::AlreadyExists("the name '" + member.name + "' is taken");
    }
    return status;
  });
}

base::Status SqliteStore::UpdateStaff(const StaffMember& member) {
  return Submit([&](SqliteConnection& db) -> base::Status {
    auto update = db.Prepare(kUpdateStaff);
    if (!update.ok()) {
      return update.status();
    }
    BindStaff(**update, member);
    base::Status status = (*update)->Run();
    if (!status.ok() && ((*update)->error_code() & 0xff) == SQLITE_CONSTRAINT) {
      return base::AlreadyExists("the name '" + member.name + "' is taken");
    }
    if (status.ok() && sqlite3_changes(db.handle()) == 0) {
      return base::NotFound("no staff member " + member.id);
    }
    return status;
  });
}

namespace {

base::Result<StaffMember> OneStaff(SqliteConnection& db, const char* sql, std::string_view key) {
  auto select = db.Prepare(sql);
  if (!select.ok()) {
    return select.status();
  }
  (*select)->Bind(1, key);
  if (!(*select)->Step()) {
    return (*select)->status().ok() ? base::NotFound("no staff member " + std::string(key))
                                    : (*select)->status();
  }
  return ReadStaff(**select);
}

}  // namespace

base::Result<StaffMember> SqliteStore::StaffById(std::string_view id) {
  return Read<StaffMember>([&](SqliteConnection& db) { return OneStaff(db, kStaffById, id); });
}

base::Result<StaffMember> SqliteStore::StaffByName(std::string_view name) {
  return Read<StaffMember>([&](SqliteConnection& db) { return OneStaff(db, kStaffByName, name); });
}

base::Result<std::vector<StaffMember>> SqliteStore::AllStaff() {
  return Read<std::vector<StaffMember>>(
      [&](SqliteConnection& db) -> base::Result<std::vector<StaffMember>> {
        auto select = db.Prepare(kAllStaff);
        if (!select.ok()) {
          return select.status();
        }
        return ReadAll<StaffMember>(**select, ReadStaff<SqliteStatement>);
      });
}

base::Status SqliteStore::CreateSession(const StaffSession& session) {
  return Submit([&](SqliteConnection& db) {
    return RunChange(
        db, kInsertSession, [&](SqliteStatement& s) { BindSession(s, session); },
        base::Status::Ok());
  });
}

base::Result<StaffSession> SqliteStore::SessionByHash(std::string_view token_hash) {
  return Read<StaffSession>([&](SqliteConnection& db) -> base::Result<StaffSession> {
    auto select = db.Prepare(kSessionByHash);
    if (!select.ok()) {
      return select.status();
    }
    (*select)->Bind(1, token_hash);
    if (!(*select)->Step()) {
      return (*select)->status().ok() ? base::NotFound("no such session") : (*select)->status();
    }
    return ReadSession(**select);
  });
}

base::Status SqliteStore::ExtendSession(std::string_view token_hash, base::TimePoint expires_at) {
  return Submit([&](SqliteConnection& db) {
    return RunChange(
        db, kExtendSession,
        [&](SqliteStatement& s) { s.Bind(1, token_hash).Bind(2, base::ToUnixMillis(expires_at)); },
        base::NotFound("no such session"));
  });
}

base::Status SqliteStore::DeleteSession(std::string_view token_hash) {
  return Submit([&](SqliteConnection& db) {
    return RunChange(
        db, kDeleteSession, [&](SqliteStatement& s) { s.Bind(1, token_hash); }, base::Status::Ok());
  });
}

base::Status SqliteStore::DeleteSessionsOf(std::string_view staff_id) {
  return Submit([&](SqliteConnection& db) {
    return RunChange(
        db, kDeleteSessionsOf, [&](SqliteStatement& s) { s.Bind(1, staff_id); },
        base::Status::Ok());
  });
}

base::Result<std::int64_t> SqliteStore::AddFlag(const model::KnowledgeFlag& flag) {
  std::int64_t id = 0;
  base::Status status = Submit([&](SqliteConnection& db) -> base::Status {
    base::Status inserted = RunChange(
        db, kInsertFlag, [&](SqliteStatement& s) { BindKnowledgeFlag(s, flag); },
        base::Status::Ok());
    id = sqlite3_last_insert_rowid(db.handle());
    return inserted;
  });
  if (!status.ok()) {
    return status;
  }
  return id;
}

base::Result<std::vector<model::KnowledgeFlag>> SqliteStore::Flags(size_t limit) {
  return Read<std::vector<model::KnowledgeFlag>>(
      [&](SqliteConnection& db) -> base::Result<std::vector<model::KnowledgeFlag>> {
        auto select = db.Prepare(kSelectFlags);
        if (!select.ok()) {
          return select.status();
        }
        (*select)->Bind(1, static_cast<std::int64_t>(limit));
        return ReadAll<model::KnowledgeFlag>(**select, ReadKnowledgeFlag<SqliteStatement>);
      });
}

base::Result<std::int64_t> SqliteStore::AddCustomerFlag(const model::CustomerFlag& flag) {
  std::int64_t id = 0;
  base::Status status = Submit([&](SqliteConnection& db) -> base::Status {
    base::Status inserted = RunChange(
        db, kInsertCustomerFlag, [&](SqliteStatement& s) { BindCustomerFlag(s, flag); },
        base::Status::Ok());
    id = sqlite3_last_insert_rowid(db.handle());
    return inserted;
  });
  if (!status.ok()) {
    return status;
  }
  return id;
}

base::Result<model::CustomerFlag> SqliteStore::CustomerFlagById(std::int64_t id) {
  return Read<model::CustomerFlag>([&](SqliteConnection& db) -> base::Result<model::CustomerFlag> {
    auto select = db.Prepare(kCustomerFlagById);
    if (!select.ok()) {
      return select.status();
    }
    (*select)->Bind(1, id);
    if (!(*select)->Step()) {
      return (*select)->status().ok() ? base::NotFound("no flag " + std::to_string(id))
                                      : (*select)->status();
    }
    return ReadCustomerFlag(**select);
  });
}

base::Result<std::vector<model::CustomerFlag>> SqliteStore::CustomerFlagsOf(
    std::string_view customer_ref, std::string_view conversation_id) {
  return Read<std::vector<model::CustomerFlag>>(
      [&](SqliteConnection& db) -> base::Result<std::vector<model::CustomerFlag>> {
        auto select = db.Prepare(kCustomerFlagsOf);
        if (!select.ok()) {
          return select.status();
        }
        (*select)->Bind(1, customer_ref).Bind(2, conversation_id);
        return ReadAll<model::CustomerFlag>(**select, ReadCustomerFlag<SqliteStatement>);
      });
}

base::Result<std::vector<model::CustomerFlag>> SqliteStore::ContestedFlags() {
  return Read<std::vector<model::CustomerFlag>>(
      [&](SqliteConnection& db) -> base::Result<std::vector<model::CustomerFlag>> {
        auto select = db.Prepare(kContestedFlags);
        if (!select.ok()) {
          return select.status();
        }
        return ReadAll<model::CustomerFlag>(**select, ReadCustomerFlag<SqliteStatement>);
      });
}

base::Status SqliteStore::UpdateCustomerFlag(const model::CustomerFlag& flag) {
  return Submit([&](SqliteConnection& db) -> base::Status {
    return RunChange(
        db, kUpdateCustomerFlag, [&](SqliteStatement& s) { BindCustomerFlagChange(s, flag); },
        base::FailedPrecondition("flag " + std::to_string(flag.id) +
                                 " changed meanwhile, or does not exist"));
  });
}

base::Status SqliteStore::SaveQueueSettings(const QueueSettings& settings) {
  const std::string value = QueueSettingsText(settings);
  return Submit([&](SqliteConnection& db) {
    return RunChange(
        db, kSaveQueueSettings,
        [&](SqliteStatement& s) { s.Bind(1, settings.queue_id).Bind(2, value); },
        base::Status::Ok());
  });
}

base::Result<std::vector<QueueSettings>> SqliteStore::AllQueueSettings() {
  return Read<std::vector<QueueSettings>>(
      [&](SqliteConnection& db) -> base::Result<std::vector<QueueSettings>> {
        auto select = db.Prepare(kAllQueueSettings);
        if (!select.ok()) {
          return select.status();
        }
        return ReadAll<QueueSettings>(**select, [](const SqliteStatement& row) {
          return ReadQueueSettings(row.Text(0), row.Text(1));
        });
      });
}

}  // namespace balie::storage
