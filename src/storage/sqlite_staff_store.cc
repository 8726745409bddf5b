// SqliteStore's StaffStore: staff, sessions, knowledge flags and queue settings (schema version
// 2, in sqlite_store.cc), flags about customers (version 5).

#include <nlohmann/json.hpp>

#include "base/time_format.h"
#include "storage/sqlite_store.h"

namespace balie::storage {
namespace {

using model::StaffMember;
using nlohmann::json;

constexpr const char* kInsertStaff =
    "INSERT INTO staff (id, name, display_name, role, password_hash, queues, languages, "
    "capacity, schedule, disabled, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
    "?11)";
constexpr const char* kUpdateStaff =
    "UPDATE staff SET name = ?2, display_name = ?3, role = ?4, password_hash = ?5, queues = ?6, "
    "languages = ?7, capacity = ?8, schedule = ?9, disabled = ?10, created_at = ?11 WHERE id = ?1";
constexpr const char* kStaffById =
    "SELECT id, name, display_name, role, password_hash, queues, languages, capacity, schedule, "
    "disabled, created_at FROM staff WHERE id = ?1";
constexpr const char* kStaffByName =
    "SELECT id, name, display_name, role, password_hash, queues, languages, capacity, schedule, "
    "disabled, created_at FROM staff WHERE name = ?1";
constexpr const char* kAllStaff =
    "SELECT id, name, display_name, role, password_hash, queues, languages, capacity, schedule, "
    "disabled, created_at FROM staff ORDER BY name";
constexpr const char* kInsertSession =
    "INSERT INTO staff_sessions (token_hash, staff_id, csrf, created_at, expires_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5)";
constexpr const char* kSessionByHash =
    "SELECT token_hash, staff_id, csrf, created_at, expires_at FROM staff_sessions "
    "WHERE token_hash = ?1";
constexpr const char* kExtendSession =
    "UPDATE staff_sessions SET expires_at = ?2 WHERE token_hash = ?1";
constexpr const char* kDeleteSession = "DELETE FROM staff_sessions WHERE token_hash = ?1";
constexpr const char* kDeleteSessionsOf = "DELETE FROM staff_sessions WHERE staff_id = ?1";
constexpr const char* kInsertFlag =
    "INSERT INTO knowledge_flags (kind, article_id, conversation_id, note, staff_id, at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
constexpr const char* kSelectFlags =
    "SELECT id, kind, article_id, conversation_id, note, staff_id, at FROM knowledge_flags "
    "ORDER BY id DESC LIMIT ?1";
#define BALIE_CUSTOMER_FLAG_COLUMNS                                                          \
  "id, customer_ref, conversation_id, kind, facts, raised_by, reason, severity, raised_at, " \
  "expires_at, status, changes, contests, revision"
constexpr const char* kInsertCustomerFlag =
    "INSERT INTO customer_flags (customer_ref, conversation_id, kind, facts, raised_by, reason, "
    "severity, raised_at, expires_at, status, changes, contests) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";
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
#undef BALIE_CUSTOMER_FLAG_COLUMNS
constexpr const char* kSaveQueueSettings =
    "INSERT INTO queue_settings (queue_id, settings) VALUES (?1, ?2) "
    "ON CONFLICT (queue_id) DO UPDATE SET settings = excluded.settings";
constexpr const char* kAllQueueSettings = "SELECT queue_id, settings FROM queue_settings";

void BindStaff(SqliteStatement& statement, const StaffMember& m) {
  json languages = json::array();
  for (model::Language language : m.languages) {
    languages.push_back(model::LanguageCode(language));
  }
  statement.Bind(1, m.id)
      .Bind(2, m.name)
      .Bind(3, m.display_name)
      .Bind(4, model::RoleName(m.role))
      .Bind(5, m.password_hash)
      .Bind(6, json(m.queues).dump())
      .Bind(7, languages.dump())
      .Bind(8, std::int64_t{m.capacity})
      .Bind(9, json(m.schedule).dump())
      .Bind(10, std::int64_t{m.disabled ? 1 : 0})
      .Bind(11, base::ToUnixMillis(m.created_at));
}

base::Result<StaffMember> ReadStaff(const SqliteStatement& row) {
  StaffMember m;
  m.id = row.Text(0);
  m.name = row.Text(1);
  m.display_name = row.Text(2);
  const auto role = model::ParseRole(row.Text(3));
  const json queues = json::parse(row.Text(5), nullptr, false);
  const json languages = json::parse(row.Text(6), nullptr, false);
  const json schedule = json::parse(row.Text(8), nullptr, false);
  if (!role || !queues.is_array() || !languages.is_array() || !schedule.is_object()) {
    return base::Internal("staff member " + m.id + " is unreadable in storage");
  }
  m.role = *role;
  m.password_hash = row.Text(4);
  for (const json& queue : queues) {
    if (queue.is_string()) m.queues.push_back(queue.get<std::string>());
  }
  m.languages.clear();
  for (const json& code : languages) {
    if (const auto language =
            code.is_string() ? model::ParseLanguage(code.get<std::string>()) : std::nullopt) {
      m.languages.push_back(*language);
    }
  }
  m.capacity = static_cast<int>(row.Int(7));
  for (const auto& [day, ranges] : schedule.items()) {
    for (const json& range : ranges) {
      if (range.is_string()) m.schedule[day].push_back(range.get<std::string>());
    }
    m.schedule.try_emplace(day);
  }
  m.disabled = row.Int(9) != 0;
  m.created_at = base::FromUnixMillis(row.Int(10));
  return m;
}

StaffSession ReadSession(const SqliteStatement& row) {
  return {row.Text(0), row.Text(1), row.Text(2), base::FromUnixMillis(row.Int(3)),
          base::FromUnixMillis(row.Int(4))};
}

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

json FactsJson(const std::vector<model::FlagFact>& facts) {
  json list = json::array();
  for (const model::FlagFact& fact : facts) {
    json item = {{"description", fact.description}};
    if (fact.event_seq > 0) {
      item["event"] = fact.event_seq;
    } else {
      item["document"] = fact.document;
    }
    list.push_back(std::move(item));
  }
  return list;
}

json ChangesJson(const std::vector<model::FlagChange>& changes) {
  json list = json::array();
  for (const model::FlagChange& change : changes) {
    list.push_back({{"status", model::FlagStatusName(change.status)},
                    {"by", change.by},
                    {"reason", change.reason},
                    {"at", base::ToUnixMillis(change.at)}});
  }
  return list;
}

json ContestsJson(const std::vector<model::FlagContest>& contests) {
  json list = json::array();
  for (const model::FlagContest& contest : contests) {
    json item = {{"words", contest.words},
                 {"recorded_by", contest.recorded_by},
                 {"recorded_at", base::ToUnixMillis(contest.recorded_at)},
                 {"stage", model::ContestStageName(contest.stage)}};
    if (contest.reviewed_at) {
      item["reviewed_by"] = contest.reviewed_by;
      item["reason"] = contest.reason;
      item["reviewed_at"] = base::ToUnixMillis(*contest.reviewed_at);
    }
    list.push_back(std::move(item));
  }
  return list;
}

std::string Dumped(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

base::Result<model::CustomerFlag> ReadCustomerFlag(const SqliteStatement& row) {
  model::CustomerFlag flag;
  flag.id = row.Int(0);
  flag.customer_ref = row.Text(1);
  flag.conversation_id = row.Text(2);
  flag.kind = row.Text(3);
  flag.raised_by = row.Text(5);
  flag.reason = row.Text(6);
  flag.raised_at = base::FromUnixMillis(row.Int(8));
  flag.expires_at = base::FromUnixMillis(row.Int(9));
  const auto severity = model::ParseFlagSeverity(row.Text(7));
  const auto status = model::ParseFlagStatus(row.Text(10));
  const json facts = json::parse(row.Text(4), nullptr, false);
  const json changes = json::parse(row.Text(11), nullptr, false);
  const json contests = json::parse(row.Text(12), nullptr, false);
  flag.revision = row.Int(13);
  const auto unreadable = [&] {
    return base::Internal("customer flag " + std::to_string(flag.id) + " is unreadable in storage");
  };
  if (!severity || !status || !facts.is_array() || !changes.is_array() || !contests.is_array()) {
    return unreadable();
  }
  flag.severity = *severity;
  flag.status = *status;
  for (const json& item : facts) {
    if (!item.is_object() || !item.value("description", json()).is_string()) {
      return unreadable();
    }
    model::FlagFact& fact = flag.facts.emplace_back();
    fact.description = item["description"].get<std::string>();
    fact.event_seq = item.value("event", std::int64_t{0});
    fact.document = item.value("document", std::string());
  }
  for (const json& item : changes) {
    const auto changed = item.is_object() && item.value("status", json()).is_string()
                             ? model::ParseFlagStatus(item["status"].get<std::string>())
                             : std::nullopt;
    if (!changed) {
      return unreadable();
    }
    flag.changes.push_back({*changed, item.value("by", std::string()),
                            item.value("reason", std::string()),
                            base::FromUnixMillis(item.value("at", std::int64_t{0}))});
  }
  for (const json& item : contests) {
    const auto stage = item.is_object() && item.value("stage", json()).is_string()
                           ? model::ParseContestStage(item["stage"].get<std::string>())
                           : std::nullopt;
    if (!stage) {
      return unreadable();
    }
    model::FlagContest& contest = flag.contests.emplace_back();
    contest.words = item.value("words", std::string());
    contest.recorded_by = item.value("recorded_by", std::string());
    contest.recorded_at = base::FromUnixMillis(item.value("recorded_at", std::int64_t{0}));
    contest.stage = *stage;
    if (item.contains("reviewed_at")) {
      contest.reviewed_by = item.value("reviewed_by", std::string());
      contest.reason = item.value("reason", std::string());
      contest.reviewed_at = base::FromUnixMillis(item.value("reviewed_at", std::int64_t{0}));
    }
  }
  return flag;
}

json OptionalList(const std::optional<std::vector<std::string>>& list) {
  return list ? json(*list) : json(nullptr);
}

json OptionalRanges(const std::optional<QueueSettings::Ranges>& ranges) {
  return ranges ? json(*ranges) : json(nullptr);
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
        return ReadAll<StaffMember>(**select, ReadStaff);
      });
}

base::Status SqliteStore::CreateSession(const StaffSession& session) {
  return Submit([&](SqliteConnection& db) {
    return RunChange(
        db, kInsertSession,
        [&](SqliteStatement& s) {
          s.Bind(1, session.token_hash)
              .Bind(2, session.staff_id)
              .Bind(3, session.csrf)
              .Bind(4, base::ToUnixMillis(session.created_at))
              .Bind(5, base::ToUnixMillis(session.expires_at));
        },
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
        db, kInsertFlag,
        [&](SqliteStatement& s) {
          s.Bind(1, model::FlagKindName(flag.kind))
              .Bind(2, flag.article_id)
              .Bind(3, flag.conversation_id)
              .Bind(4, flag.note)
              .Bind(5, flag.staff_id)
              .Bind(6, base::ToUnixMillis(flag.at));
        },
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
        return ReadAll<model::KnowledgeFlag>(**select, [](const SqliteStatement& row) {
          model::KnowledgeFlag flag;
          flag.id = row.Int(0);
          flag.kind = model::ParseFlagKind(row.Text(1)).value_or(model::FlagKind::kWrong);
          flag.article_id = row.Text(2);
          flag.conversation_id = row.Text(3);
          flag.note = row.Text(4);
          flag.staff_id = row.Text(5);
          flag.at = base::FromUnixMillis(row.Int(6));
          return flag;
        });
      });
}

base::Result<std::int64_t> SqliteStore::AddCustomerFlag(const model::CustomerFlag& flag) {
  std::int64_t id = 0;
  base::Status status = Submit([&](SqliteConnection& db) -> base::Status {
    base::Status inserted = RunChange(
        db, kInsertCustomerFlag,
        [&](SqliteStatement& s) {
          s.Bind(1, flag.customer_ref)
              .Bind(2, flag.conversation_id)
              .Bind(3, flag.kind)
              .Bind(4, Dumped(FactsJson(flag.facts)))
              .Bind(5, flag.raised_by)
              .Bind(6, flag.reason)
              .Bind(7, model::FlagSeverityName(flag.severity))
              .Bind(8, base::ToUnixMillis(flag.raised_at))
              .Bind(9, base::ToUnixMillis(flag.expires_at))
              .Bind(10, model::FlagStatusName(flag.status))
              .Bind(11, Dumped(ChangesJson(flag.changes)))
              .Bind(12, Dumped(ContestsJson(flag.contests)));
        },
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
        return ReadAll<model::CustomerFlag>(**select, ReadCustomerFlag);
      });
}

base::Result<std::vector<model::CustomerFlag>> SqliteStore::ContestedFlags() {
  return Read<std::vector<model::CustomerFlag>>(
      [&](SqliteConnection& db) -> base::Result<std::vector<model::CustomerFlag>> {
        auto select = db.Prepare(kContestedFlags);
        if (!select.ok()) {
          return select.status();
        }
        return ReadAll<model::CustomerFlag>(**select, ReadCustomerFlag);
      });
}

base::Status SqliteStore::UpdateCustomerFlag(const model::CustomerFlag& flag) {
  return Submit([&](SqliteConnection& db) -> base::Status {
    return RunChange(
        db, kUpdateCustomerFlag,
        [&](SqliteStatement& s) {
          s.Bind(1, flag.id)
              .Bind(2, model::FlagStatusName(flag.status))
              .Bind(3, Dumped(ChangesJson(flag.changes)))
              .Bind(4, Dumped(ContestsJson(flag.contests)))
              .Bind(5, flag.revision);
        },
        base::FailedPrecondition("flag " + std::to_string(flag.id) +
                                 " changed meanwhile, or does not exist"));
  });
}

base::Status SqliteStore::SaveQueueSettings(const QueueSettings& settings) {
  const json value = {{"name_nl", settings.name_nl ? json(*settings.name_nl) : json(nullptr)},
                      {"name_en", settings.name_en ? json(*settings.name_en) : json(nullptr)},
                      {"topics", OptionalList(settings.topics)},
                      {"languages", OptionalList(settings.languages)},
                      {"hours", OptionalRanges(settings.hours)},
                      {"holidays", OptionalRanges(settings.holidays)}};
  return Submit([&](SqliteConnection& db) {
    return RunChange(
        db, kSaveQueueSettings,
        [&](SqliteStatement& s) { s.Bind(1, settings.queue_id).Bind(2, value.dump()); },
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
        return ReadAll<QueueSettings>(
            **select, [](const SqliteStatement& row) -> base::Result<QueueSettings> {
              QueueSettings settings;
              settings.queue_id = row.Text(0);
              const json value = json::parse(row.Text(1), nullptr, false);
              if (!value.is_object()) {
                return base::Internal("the settings of queue " + settings.queue_id +
                                      " are unreadable in storage");
              }
              auto text = [&](const char* key) -> std::optional<std::string> {
                const auto found = value.find(key);
                return found != value.end() && found->is_string()
                           ? std::optional<std::string>(found->get<std::string>())
                           : std::nullopt;
              };
              auto list = [&](const char* key) -> std::optional<std::vector<std::string>> {
                const auto found = value.find(key);
                if (found == value.end() || !found->is_array()) return std::nullopt;
                std::vector<std::string> items;
                for (const json& item : *found) {
                  if (item.is_string()) items.push_back(item.get<std::string>());
                }
                return items;
              };
              settings.name_nl = text("name_nl");
              settings.name_en = text("name_en");
              settings.topics = list("topics");
              settings.languages = list("languages");
              auto ranges = [&](const char* key) -> std::optional<QueueSettings::Ranges> {
                const auto found = value.find(key);
                if (found == value.end() || !found->is_object()) return std::nullopt;
                QueueSettings::Ranges by_day;
                for (const auto& [day, items] : found->items()) {
                  auto& ranges_of_day = by_day[day];
                  for (const json& item : items) {
                    if (item.is_string()) ranges_of_day.push_back(item.get<std::string>());
                  }
                }
                return by_day;
              };
              settings.hours = ranges("hours");
              settings.holidays = ranges("holidays");
              return settings;
            });
      });
}

}  // namespace balie::storage
