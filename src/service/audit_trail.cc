#include "service/audit_trail.h"

#include "auth/digest.h"
#include "base/log.h"

namespace balie::service {

AuditTrail::AuditTrail(storage::AuditStore& store, const base::Clock& clock)
    : store_(store), clock_(clock) {}

nlohmann::json UserChangeDetails(const model::StaffMember& member, const StaffChange& change) {
  nlohmann::json fields = nlohmann::json::array();
  const std::pair<bool, const char*> all[] = {
      {change.name.has_value(), "name"},         {change.display_name.has_value(), "display_name"},
      {change.role.has_value(), "role"},         {change.password.has_value(), "password"},
      {change.queues.has_value(), "queues"},     {change.languages.has_value(), "languages"},
      {change.capacity.has_value(), "capacity"}, {change.schedule.has_value(), "schedule"},
      {change.disabled.has_value(), "disabled"}};
  for (const auto& [set, name] : all) {
    if (set) {
      fields.push_back(name);
    }
  }
  return {{"user", member.id},
          {"name", member.name},
          {"role", model::RoleName(member.role)},
          {"disabled", member.disabled},
          {"fields", std::move(fields)}};
}

std::string AuditTrail::Seal(const model::AuditEntry& entry) { return auth::AuditEntryHash(entry); }

base::Result<model::AuditEntry> AuditTrail::Unchained(const AuditRecord& record) const {
  if (record.actor.empty()) {
    return base::InvalidArgument("an audit entry needs an actor");
  }
  if (!record.details.is_object()) {
    return base::InvalidArgument("an audit entry's details must be a JSON object");
  }
  model::AuditEntry entry;
  entry.at = clock_.Now();
  entry.actor = record.actor;
  entry.action = std::string(model::AuditActionName(record.action));
  entry.conversation_id = record.conversation_id;
  entry.customer_ref = record.customer_ref;
  // Invalid UTF-8 (from a name tried at log-in) is replaced rather than refused.
  entry.details = record.details.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return entry;
}

base::Result<model::AuditEntry> AuditTrail::Record(const AuditRecord& record) {
  auto entry = Unchained(record);
  if (!entry.ok()) {
    return entry.status();
  }
  return store_.AppendAudit(std::move(entry).value(), &AuditTrail::Seal);
}

namespace {

// What is wrong with `entry`, which should follow `prev_hash` as entry `expected_seq`; empty
// when nothing is.
std::string Problem(const model::AuditEntry& entry, std::int64_t expected_seq,
                    const std::string& prev_hash) {
  if (entry.seq != expected_seq) {
    return "entry " + std::to_string(expected_seq) + " is missing (the next stored is entry " +
           std::to_string(entry.seq) + ")";
  }
  if (entry.prev_hash != prev_hash) {
    return expected_seq == 1
               ? "its prev_hash is not the chain's start (64 zeros)"
               : "its prev_hash is not the hash of entry " + std::to_string(expected_seq - 1) +
                     " (an entry before it was changed, or it was moved or added)";
  }
  if (!model::ParseAuditAction(entry.action)) {
    return "its action '" + entry.action + "' is not one Balie writes";
  }
  const auto details = nlohmann::json::parse(entry.details, nullptr, /*allow_exceptions=*/false);
  if (!details.is_object()) {
    return "its details are not a JSON object";
  }
  if (entry.hash != AuditTrail::Seal(entry)) {
    return "its hash does not match its fields (a field was changed after it was written)";
  }
  return "";
}

}  // namespace

base::Result<AuditVerification> AuditTrail::Verify(size_t page) const {
  AuditVerification verification;
  verification.head_hash = std::string(model::kAuditGenesisHash);
  for (;;) {
    auto entries = store_.AuditEntries(verification.verified, page);
    if (!entries.ok()) {
      return entries.status();
    }
    for (const model::AuditEntry& entry : *entries) {
      const std::int64_t expected = verification.verified + 1;
      if (std::string problem = Problem(entry, expected, verification.head_hash);
          !problem.empty()) {
        verification.broken_seq = expected;
        verification.problem = std::move(problem);
        return verification;
      }
      verification.verified = expected;
      verification.head_hash = entry.hash;
    }
    if (entries->size() < page) {
      return verification;
    }
  }
}

base::Result<std::vector<model::AuditEntry>> AuditTrail::About(std::string_view customer_ref) {
  return store_.AuditEntriesAbout(customer_ref);
}

void RecordAfter(AuditTrail* trail, const AuditRecord& record) {
  if (trail == nullptr) {
    return;
  }
  if (auto entry = trail->Record(record); !entry.ok()) {
    base::Log(base::LogLevel::kError, "audit: an entry for a change made could not be written",
              {{"action", std::string(model::AuditActionName(record.action))},
               {"conversation", record.conversation_id},
               {"cause", entry.status().ToString()}});
  }
}

}  // namespace balie::service
