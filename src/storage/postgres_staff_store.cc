// PostgresStore's StaffStore: staff, sessions, knowledge flags, flags about customers and queue
// settings (migration 2 of postgres_store.cc), read and written as SQLite's (staff_codec.h).

#include "base/time_format.h"
#include "storage/postgres_statement.h"
#include "storage/postgres_store.h"
#include "storage/staff_codec.h"

namespace balie::storage {
namespace {

using model::StaffMember;
using postgres::Limit;
using postgres::Parameters;
using postgres::ReadRows;
using postgres::Row;

// Orders by text use the C collation, the same as SQLite's, whatever the database's locale.
constexpr postgres::Statement kStatements[] = {
    {"insert_staff", "INSERT INTO staff (" BALIE_STAFF_COLUMNS
                     ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"},
    {"update_staff",
     "UPDATE staff SET name = $2, display_name = $3, role = $4, password_hash = $5, queues = $6, "
     "languages = $7, capacity = $8, schedule = $9, disabled = $10, created_at = $11 "
     "WHERE id = $1"},
    {"staff_by_id", "SELECT " BALIE_STAFF_COLUMNS " FROM staff WHERE id = $1"},
    {"staff_by_name", "SELECT " BALIE_STAFF_COLUMNS " FROM staff WHERE name = $1"},
    {"all_staff", "SELECT " BALIE_STAFF_COLUMNS " FROM staff ORDER BY name COLLATE \"C\""},
    {"insert_session",
     "INSERT INTO staff_sessions (" BALIE_SESSION_COLUMNS ") VALUES ($1, $2, $3, $4, $5)"},
    {"session_by_hash",
     "SELECT " BALIE_SESSION_COLUMNS " FROM staff_sessions WHERE token_hash = $1"},
    {"extend_session", "UPDATE staff_sessions SET expires_at = $2 WHERE token_hash = $1"},
    {"delete_session", "DELETE FROM staff_sessions WHERE token_hash = $1"},
    {"delete_sessions_of", "DELETE FROM staff_sessions WHERE staff_id = $1"},
    {"insert_knowledge_flag",
     "INSERT INTO knowledge_flags (kind, article_id, conversation_id, note, staff_id, at) "
     "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id"},
    {"select_knowledge_flags",
     "SELECT " BALIE_KNOWLEDGE_FLAG_COLUMNS " FROM knowledge_flags ORDER BY id DESC LIMIT $1"},
    {"insert_customer_flag",
     "INSERT INTO customer_flags (" BALIE_CUSTOMER_FLAG_INSERTED
     ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id"},
    {"customer_flag_by_id",
     "SELECT " BALIE_CUSTOMER_FLAG_COLUMNS " FROM customer_flags WHERE id = $1"},
    {"customer_flags_of",
     "SELECT " BALIE_CUSTOMER_FLAG_COLUMNS
     " FROM customer_flags WHERE ($1 <> '' AND customer_ref = $1) OR conversation_id = $2 "
     "ORDER BY id DESC"},
    // Stored only over the revision it was read at: of two changes at once, the second changes
    // no row.
    {"update_customer_flag",
     "UPDATE customer_flags SET status = $2, changes = $3, contests = $4, revision = revision + 1 "
     "WHERE id = $1 AND revision = $5"},
    {"contested_flags",
     "SELECT " BALIE_CUSTOMER_FLAG_COLUMNS
     " FROM customer_flags WHERE (contests::jsonb -> -1 ->> 'stage') = 'received' ORDER BY id"},
    {"save_queue_settings",
     "INSERT INTO queue_settings (queue_id, settings) VALUES ($1, $2) "
     "ON CONFLICT (queue_id) DO UPDATE SET settings = excluded.settings"},
    {"all_queue_settings", "SELECT queue_id, settings FROM queue_settings"},
};

#undef BALIE_STAFF_COLUMNS
#undef BALIE_SESSION_COLUMNS
#undef BALIE_KNOWLEDGE_FLAG_COLUMNS
#undef BALIE_CUSTOMER_FLAG_INSERTED
#undef BALIE_CUSTOMER_FLAG_COLUMNS

// Runs a statement that changes rows; `missing` is returned when it changed none.
base::Status RunChange(pqxx::transaction_base& tx, const char* statement,
                       const Parameters& parameters, base::Status missing) {
  const pqxx::result changed = parameters.Run(tx, statement);
  if (!missing.ok() && changed.affected_rows() == 0) {
    return missing;
  }
  return base::Status::Ok();
}

// The one row of `statement` for `key`, or `missing`.
template <typename T, typename Read>
base::Result<T> OneRow(pqxx::transaction_base& tx, const char* statement,
                       const Parameters& parameters, Read read, base::Status missing) {
  const pqxx::result rows = parameters.Run(tx, statement);
  if (rows.empty()) {
    return missing;
  }
  return read(Row(rows[0]));
}

// Inserts with RETURNING id; returns the new row's id.
base::Result<std::int64_t> InsertReturningId(pqxx::transaction_base& tx, const char* statement,
                                             const Parameters& parameters) {
  return parameters.Run(tx, statement)[0][0].as<std::int64_t>();
}

}  // namespace

std::span<const postgres::Statement> postgres::StaffStatements() { return kStatements; }

base::Status PostgresStore::CreateStaff(const StaffMember& member) {
  return Submit([&](Transaction& transaction) -> base::Status {
    Parameters parameters;
    BindStaff(parameters, member);
    try {
      parameters.Run(transaction.tx(), "insert_staff");
    } catch (const pqxx::unique_violation&) {
      return base::AlreadyExists("the name '" + member.name + "' is taken");
    }
    return base::Status::Ok();
  });
}

base::Status PostgresStore::UpdateStaff(const StaffMember& member) {
  return Submit([&](Transaction& transaction) -> base::Status {
    Parameters parameters;
    BindStaff(parameters, member);
    try {
      return RunChange(transaction.tx(), "update_staff", parameters,
                       base::NotFound("no staff member " + member.id));
    } catch (const pqxx::unique_violation&) {
      return base::AlreadyExists("the name '" + member.name + "' is taken");
    }
  });
}

base::Result<StaffMember> PostgresStore::StaffById(std::string_view id) {
  return ReadResult<StaffMember>([&](Transaction& transaction) {
    return OneRow<StaffMember>(transaction.tx(), "staff_by_id", Parameters().Bind(1, id),
                               ReadStaff<Row>,
                               base::NotFound("no staff member " + std::string(id)));
  });
}

base::Result<StaffMember> PostgresStore::StaffByName(std::string_view name) {
  return ReadResult<StaffMember>([&](Transaction& transaction) {
    return OneRow<StaffMember>(transaction.tx(), "staff_by_name", Parameters().Bind(1, name),
                               ReadStaff<Row>,
                               base::NotFound("no staff member " + std::string(name)));
  });
}

base::Result<std::vector<StaffMember>> PostgresStore::AllStaff() {
  return ReadResult<std::vector<StaffMember>>([&](Transaction& transaction) {
    return ReadRows<StaffMember>(Parameters().Run(transaction.tx(), "all_staff"), ReadStaff<Row>);
  });
}

base::Status PostgresStore::CreateSession(const StaffSession& session) {
  return Submit([&](Transaction& transaction) {
    Parameters parameters;
    BindSession(parameters, session);
    return RunChange(transaction.tx(), "insert_session", parameters, base::Status::Ok());
  });
}

base::Result<StaffSession> PostgresStore::SessionByHash(std::string_view token_hash) {
  return ReadResult<StaffSession>([&](Transaction& transaction) {
    return OneRow<StaffSession>(
        transaction.tx(), "session_by_hash", Parameters().Bind(1, token_hash),
        [](const Row& row) -> base::Result<StaffSession> { return ReadSession(row); },
        base::NotFound("no such session"));
  });
}

base::Status PostgresStore::ExtendSession(std::string_view token_hash, base::TimePoint expires_at) {
  return Submit([&](Transaction& transaction) {
    return RunChange(transaction.tx(), "extend_session",
                     Parameters().Bind(1, token_hash).Bind(2, base::ToUnixMillis(expires_at)),
                     base::NotFound("no such session"));
  });
}

base::Status PostgresStore::DeleteSession(std::string_view token_hash) {
  return Submit([&](Transaction& transaction) {
    return RunChange(transaction.tx(), "delete_session", Parameters().Bind(1, token_hash),
                     base::Status::Ok());
  });
}

base::Status PostgresStore::DeleteSessionsOf(std::string_view staff_id) {
  return Submit([&](Transaction& transaction) {
    return RunChange(transaction.tx(), "delete_sessions_of", Parameters().Bind(1, staff_id),
                     base::Status::Ok());
  });
}

base::Result<std::int64_t> PostgresStore::AddFlag(const model::KnowledgeFlag& flag) {
  base::Result<std::int64_t> id = base::Internal("the flag was not written");
  const base::Status status = Submit([&](Transaction& transaction) {
    Parameters parameters;
    BindKnowledgeFlag(parameters, flag);
    id = InsertReturningId(transaction.tx(), "insert_knowledge_flag", parameters);
    return id.status();
  });
  if (!status.ok()) {
    return status;
  }
  return id;
}

base::Result<std::vector<model::KnowledgeFlag>> PostgresStore::Flags(size_t limit) {
  return ReadResult<std::vector<model::KnowledgeFlag>>([&](Transaction& transaction) {
    return ReadRows<model::KnowledgeFlag>(
        Parameters().Bind(1, Limit(limit)).Run(transaction.tx(), "select_knowledge_flags"),
        ReadKnowledgeFlag<Row>);
  });
}

base::Result<std::int64_t> PostgresStore::AddCustomerFlag(const model::CustomerFlag& flag) {
  base::Result<std::int64_t> id = base::Internal("the flag was not written");
  const base::Status status = Submit([&](Transaction& transaction) {
    Parameters parameters;
    BindCustomerFlag(parameters, flag);
    id = InsertReturningId(transaction.tx(), "insert_customer_flag", parameters);
    return id.status();
  });
  if (!status.ok()) {
    return status;
  }
  return id;
}

base::Result<model::CustomerFlag> PostgresStore::CustomerFlagById(std::int64_t id) {
  return ReadResult<model::CustomerFlag>([&](Transaction& transaction) {
    return OneRow<model::CustomerFlag>(transaction.tx(), "customer_flag_by_id",
                                       Parameters().Bind(1, id), ReadCustomerFlag<Row>,
                                       base::NotFound("no flag " + std::to_string(id)));
  });
}

base::Result<std::vector<model::CustomerFlag>> PostgresStore::CustomerFlagsOf(
    std::string_view customer_ref, std::string_view conversation_id) {
  return ReadResult<std::vector<model::CustomerFlag>>([&](Transaction& transaction) {
    return ReadRows<model::CustomerFlag>(Parameters()
                                             .Bind(1, customer_ref)
                                             .Bind(2, conversation_id)
                                             .Run(transaction.tx(), "customer_flags_of"),
                                         ReadCustomerFlag<Row>);
  });
}

base::Status PostgresStore::UpdateCustomerFlag(const model::CustomerFlag& flag) {
  return Submit([&](Transaction& transaction) {
    Parameters parameters;
    BindCustomerFlagChange(parameters, flag);
    return RunChange(transaction.tx(), "update_customer_flag", parameters,
                     base::FailedPrecondition("flag " + std::to_string(flag.id) +
                                              " changed meanwhile, or does not exist"));
  });
}

base::Result<std::vector<model::CustomerFlag>> PostgresStore::ContestedFlags() {
  return ReadResult<std::vector<model::CustomerFlag>>([&](Transaction& transaction) {
    return ReadRows<model::CustomerFlag>(Parameters().Run(transaction.tx(), "contested_flags"),
                                         ReadCustomerFlag<Row>);
  });
}

base::Status PostgresStore::SaveQueueSettings(const QueueSettings& settings) {
  const std::string value = QueueSettingsText(settings);
  return Submit([&](Transaction& transaction) {
    return RunChange(transaction.tx(), "save_queue_settings",
                     Parameters().Bind(1, settings.queue_id).Bind(2, value), base::Status::Ok());
  });
}

base::Result<std::vector<QueueSettings>> PostgresStore::AllQueueSettings() {
  return ReadResult<std::vector<QueueSettings>>([&](Transaction& transaction) {
    return ReadRows<QueueSettings>(
        Parameters().Run(transaction.tx(), "all_queue_settings"),
        [](const Row& row) { return ReadQueueSettings(row.Text(0), row.Text(1)); });
  });
}

}  // namespace balie::storage
