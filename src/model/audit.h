#ifndef BALIE_MODEL_AUDIT_H_
#define BALIE_MODEL_AUDIT_H_

// The audit trail's entries (docs/accountability.md): who did or saw what, when, about which
// conversation or customer. Entries form a hash chain: each holds the hash of the one before
// (`prev_hash`) and its own `hash`, SHA-256 (auth::Sha256Hex) over AuditHashInput, an unambiguous
// encoding of every other field. Plain values, safe to copy between threads.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/clock.h"

namespace balie::model {

// What an entry records: a closed set. Names are stored and hashed; never rename one.
enum class AuditAction {
  kConversationRead,  // a member of staff opened a conversation (who read what, when)
  kLogin,             // a staff log-in
  kLoginFailed,       // a wrong name or password (the name tried, never the password)
  kLockout,           // log-ins refused for a while after too many wrong passwords
  kLogout,
  kUserCreated,   // a staff account added
  kUserChanged,   // a staff account changed (role, queues, disabled, password: which fields)
  kQueueChanged,  // a queue's settings changed
  kExport,        // everything about a customer written out (their right of access)
  kErasure,       // conversation texts erased (retention), with the SHA-256 of each
  kDecision,      // a decision for a customer (mandates; issue 12)
  kApproval,      // an approval request and its outcome (four-eyes)
  kFlag,          // a flag raised or changed
  kContest,       // a customer's contest and its review
};
std::string_view AuditActionName(AuditAction action);  // "conversation_read", "login", …
std::optional<AuditAction> ParseAuditAction(std::string_view name);

// Who acts when no member of staff does.
inline constexpr std::string_view kSystemActor = "system";
// The hash before the first entry: 64 zeros.
inline constexpr std::string_view kAuditGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

struct AuditEntry {
  std::int64_t seq = 0;  // 1, 2, … without gaps
  base::TimePoint at;    // kept to the millisecond
  // A staff id ("s_…"), "system", or "cli" / an integration's name.
  std::string actor;
  // AuditActionName of one of AuditAction, as stored and hashed (a name this build does not know
  // is kept, and reported by verification).
  std::string action;
  std::string conversation_id;  // the subject; empty where none
  std::string customer_ref;     // the subject; empty where none or not known
  // A JSON object with what else there is to say, serialised once and hashed as stored. Never a
  // customer's text, a token or a password.
  std::string details = "{}";
  std::string prev_hash;  // the hash of entry seq - 1; kAuditGenesisHash for entry 1
  std::string hash;       // SHA-256 of AuditHashInput(*this), lower-case hex

  friend bool operator==(const AuditEntry&, const AuditEntry&) = default;
};

// What an entry's hash is computed over: "balie-audit-1" and then each field as
// "<byte length>:<bytes>;" — seq, at (Unix milliseconds), actor, action's name, conversation_id,
// customer_ref, details, prev_hash — in this order, numbers in decimal, text as UTF-8. The lengths
// make the encoding unambiguous: no two different entries give the same bytes.
std::string AuditHashInput(const AuditEntry& entry);

}  // namespace balie::model

#endif  // BALIE_MODEL_AUDIT_H_
