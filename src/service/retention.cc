#include "service/retention.h"

#include <map>
#include <vector>

#include "auth/digest.h"

namespace balie::service {

Retention::Retention(storage::AuditStore& store, AuditTrail& audit, const base::Clock& clock,
                     size_t batch)
    : store_(store), audit_(audit), clock_(clock), batch_(batch) {}

base::Result<RetentionResult> Retention::Apply(int keep_days, const std::string& actor) {
  if (keep_days <= 0) {
    return base::InvalidArgument("the retention of conversation texts must be at least one day");
  }
  const base::TimePoint before = clock_.Now() - std::chrono::days(keep_days);
  RetentionResult result;
  for (;;) {
    auto texts = store_.TextsBefore(before, batch_);
    if (!texts.ok()) {
      return texts.status();
    }
    if (texts->empty()) {
      return result;
    }
    std::vector<storage::AuditStore::ErasedText> erased;
    // Per conversation, in order of first appearance: its reference and its erased events.
    std::vector<std::string> order;
    std::map<std::string, AuditRecord> records;
    for (const auto& text : *texts) {
      std::string sha256 = auth::Sha256Hex(text.text);
      auto [record, added] = records.try_emplace(text.conversation_id);
      if (added) {
        order.push_back(text.conversation_id);
        record->second = {.actor = actor,
                          .action = model::AuditAction::kErasure,
                          .conversation_id = text.conversation_id,
                          .customer_ref = text.customer_ref,
                          .details = {{"reason", "retention"},
                                      {"keep_days", keep_days},
                                      {"events", nlohmann::json::array()}}};
      }
      record->second.details["events"].push_back({{"seq", text.seq}, {"sha256", sha256}});
      erased.push_back({text.conversation_id, text.seq, std::move(sha256)});
    }
    std::vector<model::AuditEntry> entries;
    for (const std::string& id : order) {
      auto entry = audit_.Unchained(records[id]);
      if (!entry.ok()) {
        return entry.status();
      }
      entries.push_back(std::move(entry).value());
    }
    if (base::Status status = store_.EraseTexts(erased, entries, &AuditTrail::Seal); !status.ok()) {
      return status;
    }
    result.texts += erased.size();
    result.conversations += entries.size();
    if (texts->size() < batch_) {
      return result;
    }
  }
}

}  // namespace balie::service
