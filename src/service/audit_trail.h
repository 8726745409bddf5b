#ifndef BALIE_SERVICE_AUDIT_TRAIL_H_
#define BALIE_SERVICE_AUDIT_TRAIL_H_

// The audit trail (docs/accountability.md): what staff, integrations and Balie itself did or saw
// about customers, kept as a hash chain in the store (storage/audit_store.h) so that a changed,
// removed, reordered or added entry is found by Verify (`balie audit verify`).
//
// Writing an entry — for any part of Balie:
//
//   audit.Record({.actor = member.id,
//                 .action = model::AuditAction::kDecision,
//                 .conversation_id = id,
//                 .customer_ref = conversation.customer_ref,
//                 .details = {{"decision", "waive_fee"}, {"amount", 25}}});
//
// Record blocks until the entry is durable (one group commit with every other write): call it on
// a worker, never on an I/O thread. Details are a JSON object of facts (ids, codes, amounts,
// field names); never a customer's text, a token or a password — the export shows them to the
// customer, and the entry can never be removed. Thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/clock.h"
#include "base/status.h"
#include "model/audit.h"
#include "service/staff_accounts.h"
#include "storage/audit_store.h"

namespace balie::service {

// What the caller says; the trail adds the time, the seq and the hashes. Every field has a
// default, so a designated initializer names only what it sets.
struct AuditRecord {
  std::string actor{};  // a staff id, model::kSystemActor, "cli", or an integration's name
  model::AuditAction action = model::AuditAction::kConversationRead;
  std::string conversation_id{};  // the subject, where there is one
  std::string customer_ref{};     // the subject, where known
  nlohmann::json details = nlohmann::json::object();
};

// The details of a `user_created` or `user_changed` entry: the account's id, name and role, and
// the names of the fields `change` sets (a new password is named, never written).
nlohmann::json UserChangeDetails(const model::StaffMember& member, const StaffChange& change);

// What Verify found.
struct AuditVerification {
  std::int64_t verified = 0;  // entries found intact, from the first on
  std::string head_hash;      // the hash of the last of them (kAuditGenesisHash for none)
  // The first broken entry: its seq and what is wrong with it.
  std::optional<std::int64_t> broken_seq;
  std::string problem;
  bool intact() const { return !broken_seq.has_value(); }
};

class AuditTrail {
 public:
  // Both outlive the trail.
  AuditTrail(storage::AuditStore& store, const base::Clock& clock);
  AuditTrail(const AuditTrail&) = delete;
  AuditTrail& operator=(const AuditTrail&) = delete;

  // Appends an entry at the clock's time; returns it as stored (seq, hashes). kInvalidArgument
  // for an empty actor or details that are not a JSON object.
  [[nodiscard]] base::Result<model::AuditEntry> Record(const AuditRecord& record);

  // Checks the whole chain, `page` entries at a time: seqs 1, 2, … without a gap, each entry's
  // prev_hash the hash of the one before, its action one Balie knows, its details a JSON object,
  // its hash that of its fields. Stops at the first broken entry. Entries appended while it runs
  // are checked too. A store that cannot be read is an error, not a broken chain.
  [[nodiscard]] base::Result<AuditVerification> Verify(size_t page = 1000) const;

  // The entries about one customer (their reference, or one of their conversations).
  [[nodiscard]] base::Result<std::vector<model::AuditEntry>> About(std::string_view customer_ref);

  // An entry for `record` at the clock's time, not yet chained (for AuditStore::EraseTexts).
  [[nodiscard]] base::Result<model::AuditEntry> Unchained(const AuditRecord& record) const;
  // The hash of an entry (auth::AuditEntryHash), for AuditStore's seal.
  static std::string Seal(const model::AuditEntry& entry);

  storage::AuditStore& store() { return store_; }

 private:
  storage::AuditStore& store_;
  const base::Clock& clock_;
};

// Records the entry of a change already made (a decision, an answer, a flag), where `trail` is
// set: the change stands whatever happens here (it is in the conversation's history or the
// flag's changes), so a failure is logged as an error for whoever is on call.
void RecordAfter(AuditTrail* trail, const AuditRecord& record);

}  // namespace balie::service

#endif  // BALIE_SERVICE_AUDIT_TRAIL_H_
