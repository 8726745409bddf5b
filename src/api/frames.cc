#include "api/frames.h"

#include <array>
#include <span>

#include "base/time_format.h"
#include "model/event_json.h"

namespace balie::api {
namespace {

using nlohmann::json;

FrameError BadField(std::string message, std::string client_id = {}) {
  return {"bad_field", std::move(message), std::move(client_id)};
}

// Reads an optional string field: nullopt when absent; an error text when present and not a
// string.
std::optional<std::string> StringField(const json& object, const char* name, std::string& error) {
  auto found = object.find(name);
  if (found == object.end() || found->is_null()) {
    return std::nullopt;
  }
  if (!found->is_string()) {
    error = std::string(name) + " must be a string";
    return std::nullopt;
  }
  return found->get<std::string>();
}

std::optional<FrameType> ParseType(std::string_view type) {
  if (type == "message") return FrameType::kMessage;
  if (type == "choose") return FrameType::kChoose;
  if (type == "handoff") return FrameType::kHandoff;
  if (type == "typing") return FrameType::kTyping;
  if (type == "ping") return FrameType::kPing;
  return std::nullopt;
}

}  // namespace

std::string Dump(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::variant<ClientFrame, FrameError> DecodeChoice(const json& object) {
  ClientFrame frame;
  frame.type = FrameType::kChoose;
  std::string error;
  frame.client_id = StringField(object, "client_id", error).value_or("");
  const auto option = StringField(object, "option", error);
  if (!error.empty()) {
    return BadField(error, frame.client_id);
  }
  if (!option) {
    return BadField("option is missing: wait, leave_message or callback", frame.client_id);
  }
  const auto parsed = service::ParseChoice(*option);
  if (!parsed) {
    return BadField("option must be wait, leave_message, callback or advisor_message",
                    frame.client_id);
  }
  frame.option = *parsed;
  if (const auto slot = StringField(object, "slot", error)) {
    frame.slot = base::ParseTime(*slot);
    if (!frame.slot) {
      return BadField(
          "slot must be a time like 2026-11-30T07:00:00Z (a start from the offered "
          "callback slots)",
          frame.client_id);
    }
  }
  frame.phone = StringField(object, "phone", error).value_or("");
  frame.name = StringField(object, "name", error).value_or("");
  if (!error.empty()) {
    return BadField(error, frame.client_id);
  }
  if (auto with_advisor = object.find("with_advisor"); with_advisor != object.end()) {
    if (!with_advisor->is_boolean()) {
      return BadField("with_advisor must be true or false", frame.client_id);
    }
    frame.with_advisor = with_advisor->get<bool>();
  }
  return frame;
}

std::variant<ClientFrame, FrameError> DecodeClientFrame(std::string_view text) {
  const json object = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (object.is_discarded() || !object.is_object()) {
    return FrameError{"bad_json", "a frame must be one JSON object, e.g. {\"type\": \"ping\"}", ""};
  }
  std::string error;
  const auto type_name = StringField(object, "type", error);
  std::string client_id = StringField(object, "client_id", error).value_or("");
  if (!error.empty()) {
    return BadField(error, client_id);
  }
  if (!type_name) {
    return BadField("type is missing", client_id);
  }
  const auto type = ParseType(*type_name);
  if (!type) {
    return FrameError{"unknown_type",
                      "unknown frame type '" + type_name->substr(0, 40) +
                          "'; expected message, choose, handoff, typing or ping",
                      client_id};
  }
  if (*type == FrameType::kChoose) {
    return DecodeChoice(object);
  }
  ClientFrame frame;
  frame.type = *type;
  frame.client_id = std::move(client_id);
  if (*type == FrameType::kMessage) {
    const auto message_text = StringField(object, "text", error);
    frame.article_id = StringField(object, "article_id", error).value_or("");
    if (!error.empty()) {
      return BadField(error, frame.client_id);
    }
    if (!message_text) {
      return BadField("text is missing", frame.client_id);
    }
    frame.text = *message_text;
  }
  if (*type == FrameType::kHandoff) {
    const auto to = StringField(object, "to", error);
    if (!error.empty() || (to && *to != "advisor")) {
      return BadField("to must be \"advisor\" when given", frame.client_id);
    }
    frame.to_advisor = to.has_value();
  }
  if ((*type == FrameType::kMessage || *type == FrameType::kHandoff) && frame.client_id.empty()) {
    return BadField("client_id is missing: every frame that changes the conversation needs one",
                    "");
  }
  return frame;
}

namespace {

// The seq, kind, at and author of an event, and its text if any.
json Envelope(const model::Event& event) {
  json object = {{"seq", event.seq},
                 {"kind", model::EventKindName(event.kind())},
                 {"at", base::FormatTime(event.at)},
                 {"author", model::AuthorName(event.author)}};
  if (!event.text.empty()) {
    object["text"] = event.text;
  }
  return object;
}

using Fields = std::span<const std::string_view>;

// What a customer may see of each kind: one overload per kind, so a new kind does not compile
// until someone decides.
struct CustomerView {
  Fields operator()(const model::StartedEvent& /*unused*/) const { return kStarted; }
  Fields operator()(const model::CustomerMessageEvent& /*unused*/) const { return kMessage; }
  Fields operator()(const model::BotReplyEvent& /*unused*/) const { return kBotReply; }
  Fields operator()(const model::HandoffEvent& /*unused*/) const { return kHandoff; }
  Fields operator()(const model::ChoiceEvent& /*unused*/) const { return kChoice; }
  Fields operator()(const model::AgentMessageEvent& /*unused*/) const { return kAgent; }
  Fields operator()(const model::AgentJoinedEvent& /*unused*/) const { return kAgent; }
  Fields operator()(const model::NoticeEvent& /*unused*/) const { return kNotice; }
  // The text says what happened and what comes next; who assigned, transferred (with the note
  // and reasons for the colleague), resolved or called is for staff. Assigned: not yet helping,
  // agent_joined says when they start.
  Fields operator()(const model::AssignedEvent& /*unused*/) const { return {}; }
  Fields operator()(const model::TransferredEvent& /*unused*/) const { return {}; }
  Fields operator()(const model::ResolvedEvent& /*unused*/) const { return {}; }
  Fields operator()(const model::CallbackOutcomeEvent& /*unused*/) const { return {}; }
  Fields operator()(const model::NoteEvent& /*unused*/) const { return {}; }  // never sent
  // The text tells the customer what was decided, asked or answered; the reasons, the rule and
  // who decided or approved are for staff.
  Fields operator()(const model::DecisionEvent& /*unused*/) const { return {}; }
  Fields operator()(const model::ApprovalEvent& /*unused*/) const { return {}; }
  // The text tells the customer their contest was received or how it was reviewed, with the
  // reviewer's reason; which flag and who reviewed it are for staff (and the customer's export).
  Fields operator()(const model::ContestEvent& /*unused*/) const { return {}; }

  static constexpr std::array<std::string_view, 1> kStarted{"language"};
  static constexpr std::array<std::string_view, 1> kMessage{"article_id"};
  static constexpr std::array<std::string_view, 6> kBotReply{"decision",   "heading", "sources",
                                                             "confidence", "reasons", "language"};
  static constexpr std::array<std::string_view, 6> kHandoff{"queue", "cause",   "reasons",
                                                            "open",  "staffed", "agent"};
  static constexpr std::array<std::string_view, 6> kChoice{"option", "by",    "reason",
                                                           "slot",   "phone", "with_advisor"};
  static constexpr std::array<std::string_view, 1> kAgent{"agent"};
  static constexpr std::array<std::string_view, 2> kNotice{"reason", "options"};
};

}  // namespace

json StaffEventJson(const model::Event& event) {
  json object = model::EventDataJson(event.data);
  object.update(Envelope(event));
  if (!event.client_id.empty()) {
    object["client_id"] = event.client_id;
  }
  if (event.text_erased()) {
    object["text_erased"] = true;  // by retention (docs/accountability.md)
  }
  return object;
}

std::optional<json> CustomerEventJson(const model::Event& event) {
  if (!model::VisibleToCustomer(event.kind())) {
    return std::nullopt;
  }
  const json all = model::EventDataJson(event.data);
  json object = json::object();
  for (std::string_view field : std::visit(CustomerView{}, event.data)) {
    if (const auto found = all.find(field); found != all.end()) {
      object[std::string(field)] = *found;
    }
  }
  // Only the person's name: a member of staff's id is for colleagues.
  if (auto agent = object.find("agent"); agent != object.end()) {
    if (agent->contains("name")) {
      *agent = {{"name", (*agent)["name"]}};
    } else {
      object.erase(agent);
    }
  }
  object.update(Envelope(event));
  // The client's own id comes back to it; another's (a member of staff's) does not.
  if (!event.client_id.empty() && event.author == model::Author::kCustomer) {
    object["client_id"] = event.client_id;
  }
  return object;
}

json StatusJson(const service::ConversationStatus& status) {
  auto time_or_null = [](const std::optional<base::TimePoint>& time) {
    return time ? json(base::FormatTime(*time)) : json(nullptr);
  };
  json options = json::array();
  for (service::ChoiceOption option : status.options) {
    options.push_back(service::ChoiceName(option));
  }
  json object = {
      {"state", model::StateName(status.state)},
      {"language", model::LanguageCode(status.language)},
      {"queue",
       {{"id", status.queue_id}, {"name", status.queue_name}, {"time_zone", status.time_zone}}},
      {"open", status.open},
      {"staffed", status.staffed},
      {"opens_at", time_or_null(status.opens_at)},
      {"closes_at", time_or_null(status.closes_at)},
      {"staffed_from", time_or_null(status.staffed_from)},
      {"alternative", status.alternative_id.empty()
                          ? json(nullptr)
                          : json{{"id", status.alternative_id}, {"name", status.alternative_name}}},
      {"position", status.position ? json(*status.position) : json(nullptr)},
      {"estimated_wait_seconds",
       status.estimated_wait ? json(status.estimated_wait->count()) : json(nullptr)},
      {"options", std::move(options)},
      {"choice",
       status.choice ? json{{"option", service::ChoiceName(*status.choice)}} : json(nullptr)},
      {"callback", nullptr},
      {"message", status.message},
  };
  if (status.callback) {
    object["callback"] = {{"start", base::FormatTime(status.callback->start)},
                          {"end", base::FormatTime(status.callback->end)},
                          {"phone", status.callback->phone}};
  }
  if (!status.agent_name.empty()) {
    object["agent"] = {{"name", status.agent_name}};
  }
  return object;
}

json AdvisorJson(const service::AdvisorStatus& advisor) {
  auto time_or_null = [](const std::optional<base::TimePoint>& time) {
    return time ? json(base::FormatTime(*time)) : json(nullptr);
  };
  json slots = json::array();
  for (const routing::Interval& slot : advisor.slots) {
    slots.push_back({{"start", base::FormatTime(slot.start)}, {"end", base::FormatTime(slot.end)}});
  }
  return {{"advisor", {{"name", advisor.name}}},
          {"state", service::AdvisorStateName(advisor.state)},
          {"estimated_wait_seconds",
           advisor.estimated_wait ? json(advisor.estimated_wait->count()) : json(nullptr)},
          {"back_at", time_or_null(advisor.back_at)},
          {"next_shift", time_or_null(advisor.next_shift)},
          {"options", advisor.options},
          {"slots", std::move(slots)},
          {"message", advisor.message}};
}

json ReceiptJson(const service::Receipt& receipt) {
  return {{"client_id", receipt.client_id}, {"seq", receipt.seq}, {"duplicate", receipt.duplicate}};
}

std::string EventFrame(const model::Event& event) {
  auto object = CustomerEventJson(event);
  return object ? Dump({{"type", "event"}, {"event", std::move(*object)}}) : std::string();
}

std::string StatusFrame(const service::ConversationStatus& status) {
  json frame = StatusJson(status);
  frame["type"] = "status";
  return Dump(frame);
}

std::string ReceiptFrame(const service::Receipt& receipt) {
  json frame = ReceiptJson(receipt);
  frame["type"] = "receipt";
  return Dump(frame);
}

std::string ErrorFrame(std::string_view code, std::string_view message, std::string_view client_id,
                       std::optional<long> retry_after_ms) {
  json frame = {{"type", "error"}, {"code", code}, {"message", message}};
  if (!client_id.empty()) {
    frame["client_id"] = client_id;
  }
  if (retry_after_ms) {
    frame["retry_after_ms"] = *retry_after_ms;
  }
  return Dump(frame);
}

std::string TypingFrame(model::Author author) {
  return Dump({{"type", "typing"}, {"author", model::AuthorName(author)}});
}

std::string PongFrame() { return R"({"type":"pong"})"; }

}  // namespace balie::api
