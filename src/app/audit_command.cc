// `balie audit verify|export` and `balie retention apply` (docs/accountability.md): the audit
// trail and the retention of conversation texts, on the database a server may be using at the
// same time (SQLite takes turns, PostgreSQL serialises appends to the audit trail; the trail is
// chained inside each write, so entries written here and by the server form one chain). These
// commands do not take the data directory's lock.

#include <fstream>
#include <iostream>

#include "api/frames.h"
#include "api/staff_json.h"
#include "app/commands.h"
#include "app/open_store.h"
#include "base/clock.h"
#include "service/audit_trail.h"
#include "service/customer_export.h"
#include "service/retention.h"

namespace balie::app {
namespace {

// The database of `balie serve`, which must exist (a command never creates an empty one).
std::unique_ptr<storage::Store> OpenExisting(const std::string& command,
                                             const StoreLocation& location, std::ostream& err) {
  auto store = OpenStore(location, {.check_on_open = storage::SqliteOptions::Check::kNone}, false);
  if (!store.ok()) {
    err << command << ": " << store.status().message() << "\n";
    return nullptr;
  }
  return std::move(store).value();
}

}  // namespace

int AuditVerify(const AuditOptions& options, std::ostream& out, std::ostream& err) {
  auto store = OpenExisting("audit verify", {options.storage_url, options.data_dir}, err);
  if (!store) return 2;
  base::SystemClock clock;
  service::AuditTrail audit(*store, clock);
  auto verified = audit.Verify();
  if (!verified.ok()) {
    err << "audit verify: cannot read the audit trail: " << verified.status().message() << "\n";
    return 2;
  }
  if (!verified->intact()) {
    err << "audit verify: the audit trail is broken at entry " << *verified->broken_seq << ": "
        << verified->problem << "\n"
        << "  entries 1 to " << verified->verified << " are intact"
        << (verified->verified == 0 ? " (none)" : "") << "\n";
    return 1;
  }
  out << "audit trail intact: " << verified->verified
      << (verified->verified == 1 ? " entry" : " entries") << " verified";
  if (verified->verified > 0) {
    out << "; the last, entry " << verified->verified << ", has hash " << verified->head_hash;
  }
  out << "\n";
  return 0;
}

// The export's "decisions" (every decision and answer in the customer's conversations, with the
// reasons and who took them), "flags" (every flag about them, with its facts, changes and
// contests) and "contests" (each of their contests: the flag's id and kind, their words, and the
// review).
void AddDecisionsAndFlags(service::CustomerExport& exporter, storage::Store& store) {
  exporter.AddSection("decisions",
                      [&store](std::string_view customer_ref) -> base::Result<nlohmann::json> {
                        auto conversations = store.OfCustomer(customer_ref, 100000);
                        if (!conversations.ok()) return conversations.status();
                        nlohmann::json list = nlohmann::json::array();
                        for (const model::Conversation& conversation : *conversations) {
                          auto events = store.Events(conversation.id, 0, 100000);
                          if (!events.ok()) return events.status();
                          for (const model::Event& event : *events) {
                            if (event.kind() != model::EventKind::kDecision &&
                                event.kind() != model::EventKind::kApproval) {
                              continue;
                            }
                            nlohmann::json item = api::StaffEventJson(event);
                            item["conversation_id"] = conversation.id;
                            list.push_back(std::move(item));
                          }
                        }
                        return list;
                      });
  // The flags about the customer as the staff API shows them, with their contests.
  const auto flags_of =
      [&store](std::string_view customer_ref) -> base::Result<std::vector<nlohmann::json>> {
    auto flags = store.CustomerFlagsOf(customer_ref, "");
    if (!flags.ok()) return flags.status();
    const auto name_of = [&store](const std::string& id) {
      auto member = store.StaffById(id);
      return member.ok() ? member->display_name : std::string();
    };
    std::vector<nlohmann::json> list;
    for (const model::CustomerFlag& flag : *flags) {
      list.push_back(api::CustomerFlagJson(flag, std::chrono::system_clock::now(), name_of));
    }
    return list;
  };
  exporter.AddSection("flags",
                      [flags_of](std::string_view customer_ref) -> base::Result<nlohmann::json> {
                        auto flags = flags_of(customer_ref);
                        if (!flags.ok()) return flags.status();
                        return nlohmann::json(*flags);
                      });
  exporter.AddSection("contests",
                      [flags_of](std::string_view customer_ref) -> base::Result<nlohmann::json> {
                        auto flags = flags_of(customer_ref);
                        if (!flags.ok()) return flags.status();
                        nlohmann::json list = nlohmann::json::array();
                        for (const nlohmann::json& flag : *flags) {
                          for (nlohmann::json contest : flag["contests"]) {
                            contest["flag"] = flag["id"];
                            contest["kind"] = flag["kind"];
                            list.push_back(std::move(contest));
                          }
                        }
                        return list;
                      });
}

int AuditExport(const AuditOptions& options, std::ostream& out, std::ostream& err) {
  auto store = OpenExisting("audit export", {options.storage_url, options.data_dir}, err);
  if (!store) return 2;
  base::SystemClock clock;
  service::AuditTrail audit(*store, clock);
  service::CustomerExport exporter(*store, audit);
  AddDecisionsAndFlags(exporter, *store);
  auto document = exporter.Export(options.customer_ref, "cli");
  if (!document.ok()) {
    err << "audit export: " << document.status().message() << "\n";
    return 1;
  }
  const std::string text =
      document->dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  if (options.out_file.empty()) {
    out << text;
    return 0;
  }
  std::ofstream file(options.out_file, std::ios::binary | std::ios::trunc);
  file << text;
  file.close();
  if (!file) {
    err << "audit export: cannot write " << options.out_file << "\n";
    return 1;
  }
  err << "audit export: everything about " << options.customer_ref << " written to "
      << options.out_file << " (" << (*document)["conversations"].size()
      << " conversations; recorded as audit entry " << (*document)["export_entry"] << ")\n";
  return 0;
}

int RetentionApply(const RetentionOptions& options, std::ostream& out, std::ostream& err) {
  if (options.days <= 0) {
    err << "retention apply: --days must be at least 1\n";
    return 2;
  }
  auto store = OpenExisting("retention apply", {options.storage_url, options.data_dir}, err);
  if (!store) return 2;
  base::SystemClock clock;
  service::AuditTrail audit(*store, clock);
  service::Retention retention(*store, audit, clock);
  // A first run on years of conversations is long: say how far it is, every few seconds.
  auto said = std::chrono::steady_clock::now();
  auto applied = retention.Apply(options.days, "cli", [&](const service::RetentionResult& so_far) {
    const auto now = std::chrono::steady_clock::now();
    if (now - said < options.progress_every) return;
    said = now;
    err << "retention apply: " << so_far.texts << " texts, the personal fields of " << so_far.fields
        << " events and the words of " << so_far.contests << " contests erased so far\n";
  });
  if (!applied.ok()) {
    err << "retention apply: " << applied.status().message() << "\n";
    return 1;
  }
  out << "erased " << applied->texts << (applied->texts == 1 ? " text" : " texts")
      << " and the personal fields of " << applied->fields
      << (applied->fields == 1 ? " event" : " events") << " in " << applied->conversations
      << (applied->conversations == 1 ? " conversation" : " conversations") << ", and the words of "
      << applied->contests << (applied->contests == 1 ? " contest" : " contests")
      << " of flags, older than " << options.days << (options.days == 1 ? " day\n" : " days\n");
  return 0;
}

}  // namespace balie::app
