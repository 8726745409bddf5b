#ifndef BALIE_STORAGE_STAFF_CODEC_H_
#define BALIE_STORAGE_STAFF_CODEC_H_

// How staff members, their sessions, knowledge flags, flags about customers and queue settings
// are written to and read from a row, the same in every database (SqliteStore, PostgresStore):
// times as Unix milliseconds, names for enums, lists and maps as JSON text. Internal to storage/:
// only the stores' .cc files include it. The templates take the database's statement and row types
// as row_codec.h describes them.

#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"
#include "base/time_format.h"
#include "model/customer_flag.h"
#include "model/staff.h"
#include "storage/staff_store.h"

namespace balie::storage {

// The columns of each record, in the order of its Bind and Read functions.
#define BALIE_STAFF_COLUMNS                                                                        \
  "id, name, display_name, role, password_hash, queues, languages, capacity, schedule, disabled, " \
  "created_at"
#define BALIE_SESSION_COLUMNS "token_hash, staff_id, csrf, created_at, expires_at"
#define BALIE_KNOWLEDGE_FLAG_COLUMNS "id, kind, article_id, conversation_id, note, staff_id, at"
// Those written on insert: the columns from 2 on, bound from 1 (the id is the database's).
#define BALIE_CUSTOMER_FLAG_INSERTED                                                     \
  "customer_ref, conversation_id, kind, facts, raised_by, reason, severity, raised_at, " \
  "expires_at, status, changes, contests"
#define BALIE_CUSTOMER_FLAG_COLUMNS "id, " BALIE_CUSTOMER_FLAG_INSERTED ", revision"

// A member's lists as stored (JSON text).
std::string StaffQueuesText(const model::StaffMember& member);
std::string StaffLanguagesText(const model::StaffMember& member);
std::string StaffScheduleText(const model::StaffMember& member);
// Fills in the member's queues, languages and schedule from their text; false when one does not
// read.
bool ReadStaffLists(std::string_view queues, std::string_view languages, std::string_view schedule,
                    model::StaffMember& member);

// A flag's facts, changes and contests as stored (JSON text).
std::string FlagFactsText(const model::CustomerFlag& flag);
std::string FlagChangesText(const model::CustomerFlag& flag);
std::string FlagContestsText(const model::CustomerFlag& flag);
// Fills them in from their text; false when one does not read.
bool ReadFlagLists(std::string_view facts, std::string_view changes, std::string_view contests,
                   model::CustomerFlag& flag);

// Queue settings as stored (JSON text of what the admin changed) and read back.
std::string QueueSettingsText(const QueueSettings& settings);
base::Result<QueueSettings> ReadQueueSettings(std::string queue_id, std::string_view text);

template <typename Statement>
void BindStaff(Statement& statement, const model::StaffMember& m) {
  statement.Bind(1, m.id)
      .Bind(2, m.name)
      .Bind(3, m.display_name)
      .Bind(4, model::RoleName(m.role))
      .Bind(5, m.password_hash)
      .Bind(6, StaffQueuesText(m))
      .Bind(7, StaffLanguagesText(m))
      .Bind(8, std::int64_t{m.capacity})
      .Bind(9, StaffScheduleText(m))
      .Bind(10, std::int64_t{m.disabled ? 1 : 0})
      .Bind(11, base::ToUnixMillis(m.created_at));
}

template <typename Row>
base::Result<model::StaffMember> ReadStaff(const Row& row) {
  model::StaffMember m;
  m.id = row.Text(0);
  m.name = row.Text(1);
  m.display_name = row.Text(2);
  const auto role = model::ParseRole(row.Text(3));
  if (!role || !ReadStaffLists(row.Text(5), row.Text(6), row.Text(8), m)) {
    return base::Internal("staff member " + m.id + " is unreadable in storage");
  }
  m.role = *role;
  m.password_hash = row.Text(4);
  m.capacity = static_cast<int>(row.Int(7));
  m.disabled = row.Int(9) != 0;
  m.created_at = base::FromUnixMillis(row.Int(10));
  return m;
}

template <typename Statement>
void BindSession(Statement& statement, const StaffSession& session) {
  statement.Bind(1, session.token_hash)
      .Bind(2, session.staff_id)
      .Bind(3, session.csrf)
      .Bind(4, base::ToUnixMillis(session.created_at))
      .Bind(5, base::ToUnixMillis(session.expires_at));
}

template <typename Row>
StaffSession ReadSession(const Row& row) {
  return {row.Text(0), row.Text(1), row.Text(2), base::FromUnixMillis(row.Int(3)),
          base::FromUnixMillis(row.Int(4))};
}

// Binds the columns from kind on (1 to 6).
template <typename Statement>
void BindKnowledgeFlag(Statement& statement, const model::KnowledgeFlag& flag) {
  statement.Bind(1, model::FlagKindName(flag.kind))
      .Bind(2, flag.article_id)
      .Bind(3, flag.conversation_id)
      .Bind(4, flag.note)
      .Bind(5, flag.staff_id)
      .Bind(6, base::ToUnixMillis(flag.at));
}

template <typename Row>
base::Result<model::KnowledgeFlag> ReadKnowledgeFlag(const Row& row) {
  model::KnowledgeFlag flag;
  flag.id = row.Int(0);
  flag.kind = model::ParseFlagKind(row.Text(1)).value_or(model::FlagKind::kWrong);
  flag.article_id = row.Text(2);
  flag.conversation_id = row.Text(3);
  flag.note = row.Text(4);
  flag.staff_id = row.Text(5);
  flag.at = base::FromUnixMillis(row.Int(6));
  return flag;
}

// Binds BALIE_CUSTOMER_FLAG_INSERTED (1 to 12).
template <typename Statement>
void BindCustomerFlag(Statement& statement, const model::CustomerFlag& flag) {
  statement.Bind(1, flag.customer_ref)
      .Bind(2, flag.conversation_id)
      .Bind(3, flag.kind)
      .Bind(4, FlagFactsText(flag))
      .Bind(5, flag.raised_by)
      .Bind(6, flag.reason)
      .Bind(7, model::FlagSeverityName(flag.severity))
      .Bind(8, base::ToUnixMillis(flag.raised_at))
      .Bind(9, base::ToUnixMillis(flag.expires_at))
      .Bind(10, model::FlagStatusName(flag.status))
      .Bind(11, FlagChangesText(flag))
      .Bind(12, FlagContestsText(flag));
}

// A change of a flag (UpdateCustomerFlag): its id, status, changes, contests and the revision it
// was read at (1 to 5).
template <typename Statement>
void BindCustomerFlagChange(Statement& statement, const model::CustomerFlag& flag) {
  statement.Bind(1, flag.id)
      .Bind(2, model::FlagStatusName(flag.status))
      .Bind(3, FlagChangesText(flag))
      .Bind(4, FlagContestsText(flag))
      .Bind(5, flag.revision);
}

template <typename Row>
base::Result<model::CustomerFlag> ReadCustomerFlag(const Row& row) {
  model::CustomerFlag flag;
  flag.id = row.Int(0);
  flag.customer_ref = row.Text(1);
  flag.conversation_id = row.Text(2);
  flag.kind = row.Text(3);
  flag.raised_by = row.Text(5);
  flag.reason = row.Text(6);
  flag.raised_at = base::FromUnixMillis(row.Int(8));
  flag.expires_at = base::FromUnixMillis(row.Int(9));
  flag.revision = row.Int(13);
  const auto severity = model::ParseFlagSeverity(row.Text(7));
  const auto status = model::ParseFlagStatus(row.Text(10));
  if (!severity || !status || !ReadFlagLists(row.Text(4), row.Text(11), row.Text(12), flag)) {
    return base::Internal("customer flag " + std::to_string(flag.id) + " is unreadable in storage");
  }
  flag.severity = *severity;
  flag.status = *status;
  return flag;
}

}  // namespace balie::storage

#endif  // BALIE_STORAGE_STAFF_CODEC_H_
