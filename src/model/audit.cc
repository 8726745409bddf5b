#include "model/audit.h"

#include <array>
#include <utility>

#include "base/time_format.h"

namespace balie::model {
namespace {

constexpr std::array<std::pair<AuditAction, std::string_view>, 14> kActionNames = {{
    {AuditAction::kConversationRead, "conversation_read"},
    {AuditAction::kLogin, "login"},
    {AuditAction::kLoginFailed, "login_failed"},
    {AuditAction::kLockout, "lockout"},
    {AuditAction::kLogout, "logout"},
    {AuditAction::kUserCreated, "user_created"},
    {AuditAction::kUserChanged, "user_changed"},
    {AuditAction::kQueueChanged, "queue_changed"},
    {AuditAction::kExport, "export"},
    {AuditAction::kErasure, "erasure"},
    {AuditAction::kDecision, "decision"},
    {AuditAction::kApproval, "approval"},
    {AuditAction::kFlag, "flag"},
    {AuditAction::kContest, "contest"},
}};

void AppendField(std::string& out, std::string_view value) {
  out += std::to_string(value.size());
  out += ':';
  out += value;
  out += ';';
}

}  // namespace

std::string_view AuditActionName(AuditAction action) {
  for (const auto& [known, name] : kActionNames) {
    if (known == action) {
      return name;
    }
  }
  return "unknown";
}

std::optional<AuditAction> ParseAuditAction(std::string_view name) {
  for (const auto& [action, known] : kActionNames) {
    if (known == name) {
      return action;
    }
  }
  return std::nullopt;
}

std::string AuditHashInput(const AuditEntry& entry) {
  std::string out = "balie-audit-1";
  AppendField(out, std::to_string(entry.seq));
  AppendField(out, std::to_string(base::ToUnixMillis(entry.at)));
  AppendField(out, entry.actor);
  AppendField(out, entry.action);
  AppendField(out, entry.conversation_id);
  AppendField(out, entry.customer_ref);
  AppendField(out, entry.details);
  AppendField(out, entry.prev_hash);
  return out;
}

}  // namespace balie::model
