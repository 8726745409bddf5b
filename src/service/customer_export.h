#ifndef BALIE_SERVICE_CUSTOMER_EXPORT_H_
#define BALIE_SERVICE_CUSTOMER_EXPORT_H_

// Everything Balie keeps about one customer reference, as one JSON document: the customer's right
// of access (`balie audit export`, docs/accountability.md). Their conversations with every event
// (erased texts marked, with the SHA-256 of what was erased), who looked at their conversations
// (the audit trail's `conversation_read` entries), every other audit entry about them, and one
// array per section that other parts fill: "decisions", "flags", "contests" (empty until a source
// is added with AddSection). Writing an export is itself an audit entry (`export`), recorded
// first, so that no export goes unrecorded and each export contains its own entry.
//
// Sections are added before the first Export; Export is thread-safe and blocks (workers only).

#include <functional>
#include <map>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "base/status.h"
#include "service/audit_trail.h"
#include "storage/conversation_store.h"

namespace balie::service {

// A section's content for one customer reference: a JSON array.
using ExportSource = std::function<base::Result<nlohmann::json>(std::string_view customer_ref)>;

class CustomerExport {
 public:
  // Both outlive the export.
  CustomerExport(storage::ConversationStore& conversations, AuditTrail& audit);

  // The sections that are empty arrays until filled.
  static constexpr const char* kSections[] = {"decisions", "flags", "contests"};
  // Fills section `name` (one of kSections, or a new one) from `source`.
  void AddSection(std::string name, ExportSource source);

  // The document for `customer_ref`, after recording an `export` entry by `actor` (a staff id,
  // "cli"). kInvalidArgument for an empty reference; a customer Balie knows nothing of gets a
  // document with empty arrays (and the export entry).
  [[nodiscard]] base::Result<nlohmann::json> Export(std::string_view customer_ref,
                                                    std::string_view actor);

 private:
  storage::ConversationStore& conversations_;
  AuditTrail& audit_;
  std::map<std::string, ExportSource, std::less<>> sections_;
};

}  // namespace balie::service

#endif  // BALIE_SERVICE_CUSTOMER_EXPORT_H_
