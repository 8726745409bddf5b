#include "service/customer_export.h"

#include "base/time_format.h"
#include "model/event_json.h"

namespace balie::service {
namespace {

using nlohmann::json;

// Enough for any one customer; Events are read in pages of this many.
constexpr size_t kMostConversations = 100000;
constexpr size_t kEventPage = 1000;

json EventJson(const model::Event& event) {
  json object = {{"seq", event.seq},
                 {"kind", model::EventKindName(event.kind())},
                 {"at", base::FormatTime(event.at)},
                 {"author", model::AuthorName(event.author)},
                 {"text", event.text},
                 {"data", model::EventDataJson(event.data)}};
  if (event.text_erased()) {
    object["text_erased"] = {{"sha256", event.erased_text_sha256}};
  }
  return object;
}

json AuditEntryJson(const model::AuditEntry& entry) {
  return {{"seq", entry.seq},
          {"at", base::FormatTime(entry.at)},
          {"actor", entry.actor},
          {"action", entry.action},
          {"conversation_id", entry.conversation_id},
          {"customer_ref", entry.customer_ref},
          {"details", json::parse(entry.details, nullptr, /*allow_exceptions=*/false)},
          {"hash", entry.hash}};
}

}  // namespace

CustomerExport::CustomerExport(storage::ConversationStore& conversations, AuditTrail& audit)
    : conversations_(conversations), audit_(audit) {}

void CustomerExport::AddSection(std::string name, ExportSource source) {
  sections_[std::move(name)] = std::move(source);
}

base::Result<json> CustomerExport::Export(std::string_view customer_ref, std::string_view actor) {
  if (customer_ref.empty()) {
    return base::InvalidArgument("give the customer reference to export");
  }
  auto recorded = audit_.Record({.actor = std::string(actor),
                                 .action = model::AuditAction::kExport,
                                 .conversation_id = "",
                                 .customer_ref = std::string(customer_ref),
                                 .details = json::object()});
  if (!recorded.ok()) {
    return recorded.status();
  }
  auto conversations = conversations_.OfCustomer(customer_ref, kMostConversations);
  if (!conversations.ok()) {
    return conversations.status();
  }
  json document = {{"customer_ref", customer_ref},  {"exported_at", base::FormatTime(recorded->at)},
                   {"export_entry", recorded->seq}, {"conversations", json::array()},
                   {"accesses", json::array()},     {"audit", json::array()}};
  for (const model::Conversation& conversation : *conversations) {
    json events = json::array();
    for (std::int64_t after = 0;;) {
      auto page = conversations_.Events(conversation.id, after, kEventPage);
      if (!page.ok()) {
        return page.status();
      }
      for (const model::Event& event : *page) {
        events.push_back(EventJson(event));
        after = event.seq;
      }
      if (page->size() < kEventPage) {
        break;
      }
    }
    json item = {{"id", conversation.id},
                 {"state", model::StateName(conversation.state)},
                 {"language", model::LanguageCode(conversation.language)},
                 {"created_at", base::FormatTime(conversation.created_at)},
                 {"queue", conversation.queue},
                 {"agent", conversation.agent},
                 {"advisor", conversation.advisor},
                 {"callback", nullptr},
                 {"events", std::move(events)}};
    if (conversation.callback) {
      item["callback"] = {{"start", base::FormatTime(conversation.callback->start)},
                          {"end", base::FormatTime(conversation.callback->end)},
                          {"phone", conversation.callback->phone},
                          {"name", conversation.callback->name}};
    }
    document["conversations"].push_back(std::move(item));
  }
  auto entries = audit_.About(customer_ref);
  if (!entries.ok()) {
    return entries.status();
  }
  for (const model::AuditEntry& entry : *entries) {
    if (entry.action == model::AuditActionName(model::AuditAction::kConversationRead)) {
      document["accesses"].push_back(AuditEntryJson(entry));
    }
    document["audit"].push_back(AuditEntryJson(entry));
  }
  for (const char* name : kSections) {
    document[name] = json::array();
  }
  for (const auto& [name, source] : sections_) {
    auto section = source(customer_ref);
    if (!section.ok()) {
      return section.status();
    }
    document[name] = std::move(section).value();
  }
  return document;
}

}  // namespace balie::service
