#include "api/staff_requests.h"

#include <cstdint>

#include "base/time_format.h"
#include "service/validation.h"

namespace balie::api {
namespace {

using nlohmann::json;

// A string field: nullopt when absent or null; an error when present and not a string.
base::Result<std::optional<std::string>> Optional(const json& body, const char* name) {
  if (!body.is_object()) {
    return base::InvalidArgument("the request body must be a JSON object");
  }
  const auto found = body.find(name);
  if (found == body.end() || found->is_null()) {
    return std::optional<std::string>();
  }
  if (!found->is_string()) {
    return base::InvalidArgument(std::string(name) + " must be a string");
  }
  return std::optional<std::string>(found->get<std::string>());
}

base::Result<std::string> Required(const json& body, const char* name) {
  auto value = Optional(body, name);
  if (!value.ok()) {
    return value.status();
  }
  if (!value->has_value()) {
    return base::InvalidArgument(std::string(name) + " is missing");
  }
  return std::move(**value);
}

// Reads fields in order into `out`, stopping at the first refusal.
class Reader {
 public:
  explicit Reader(const json& body) : body_(body) {}
  Reader& Need(const char* name, std::string& out) {
    if (status_.ok()) {
      auto value = Required(body_, name);
      status_ = value.status();
      if (value.ok()) out = std::move(value).value();
    }
    return *this;
  }
  Reader& May(const char* name, std::string& out) {
    if (status_.ok()) {
      auto value = Optional(body_, name);
      status_ = value.status();
      if (value.ok()) out = value->value_or("");
    }
    return *this;
  }
  const base::Status& status() const { return status_; }

 private:
  const json& body_;
  base::Status status_ = base::Status::Ok();
};

base::Result<std::vector<std::string>> StringList(const json& value, const std::string& name) {
  if (!value.is_array()) {
    return base::InvalidArgument(name + " must be a list of strings");
  }
  std::vector<std::string> items;
  for (const json& item : value) {
    if (!item.is_string()) {
      return base::InvalidArgument(name + " must be a list of strings");
    }
    items.push_back(item.get<std::string>());
  }
  return items;
}

base::Result<std::vector<model::Language>> Languages(const json& value) {
  auto codes = StringList(value, "languages");
  if (!codes.ok()) {
    return base::InvalidArgument("languages must be a list of \"nl\", \"en\"");
  }
  std::vector<model::Language> languages;
  for (const std::string& code : *codes) {
    const auto language = model::ParseLanguage(code);
    if (!language) {
      return base::InvalidArgument("languages must be a list of \"nl\", \"en\"");
    }
    languages.push_back(*language);
  }
  return languages;
}

}  // namespace

base::Result<TextBody> DecodeTextBody(const json& body) {
  TextBody decoded;
  Reader reader(body);
  reader.Need("client_id", decoded.client_id).Need("text", decoded.text);
  if (!reader.status().ok()) return reader.status();
  return decoded;
}

base::Result<TransferBody> DecodeTransferBody(const json& body) {
  TransferBody decoded;
  Reader reader(body);
  reader.Need("client_id", decoded.client_id)
      .May("queue", decoded.queue)
      .May("agent", decoded.agent)
      .May("note", decoded.note);
  if (!reader.status().ok()) return reader.status();
  if (decoded.queue.empty() && decoded.agent.empty()) {
    return base::InvalidArgument("give the queue or the agent to transfer to");
  }
  return decoded;
}

base::Result<ResolveBody> DecodeResolveBody(const json& body) {
  ResolveBody decoded;
  Reader reader(body);
  reader.Need("client_id", decoded.client_id);
  if (!reader.status().ok()) return reader.status();
  return decoded;
}

base::Result<CallbackBody> DecodeCallbackBody(const json& body) {
  CallbackBody decoded;
  std::string slot;
  Reader reader(body);
  reader.Need("client_id", decoded.client_id).Need("slot", slot).Need("phone", decoded.phone);
  if (!reader.status().ok()) return reader.status();
  const auto parsed = base::ParseTime(slot);
  if (!parsed) {
    return base::InvalidArgument("slot must be a time like 2026-11-30T07:00:00Z");
  }
  decoded.slot = *parsed;
  return decoded;
}

base::Result<OutcomeBody> DecodeOutcomeBody(const json& body) {
  OutcomeBody decoded;
  Reader reader(body);
  reader.Need("client_id", decoded.client_id)
      .Need("outcome", decoded.outcome)
      .May("note", decoded.note);
  if (!reader.status().ok()) return reader.status();
  return decoded;
}

base::Result<AssignBody> DecodeAssignBody(const json& body) {
  AssignBody decoded;
  Reader reader(body);
  reader.Need("client_id", decoded.client_id).Need("agent", decoded.agent);
  if (!reader.status().ok()) return reader.status();
  return decoded;
}

base::Result<DecisionBody> DecodeDecisionBody(const json& body) {
  DecisionBody decoded;
  Reader reader(body);
  reader.Need("client_id", decoded.client_id)
      .Need("decision", decoded.decision)
      .Need("reason", decoded.reason)
      .May("rule", decoded.rule);
  if (!reader.status().ok()) return reader.status();
  const auto amount = body.find("amount");
  if (amount == body.end() || !amount->is_number_integer()) {
    return base::InvalidArgument(
        "amount must be a whole number in the decision's unit (cents, days, or 1 for an "
        "exception)");
  }
  decoded.amount = amount->get<std::int64_t>();
  return decoded;
}

base::Result<AnswerBody> DecodeAnswerBody(const json& body) {
  AnswerBody decoded;
  Reader reader(body);
  reader.Need("client_id", decoded.client_id)
      .Need("verdict", decoded.verdict)
      .Need("reason", decoded.reason);
  if (!reader.status().ok()) return reader.status();
  return decoded;
}

base::Result<FlagRaiseBody> DecodeFlagRaiseBody(const json& body) {
  FlagRaiseBody decoded;
  model::CustomerFlag& flag = decoded.flag;
  std::string severity;
  std::string expires;
  Reader reader(body);
  reader.Need("kind", flag.kind)
      .Need("reason", flag.reason)
      .Need("severity", severity)
      .May("expires_at", expires);
  if (!reader.status().ok()) return reader.status();
  const auto parsed_severity = model::ParseFlagSeverity(severity);
  if (!parsed_severity) {
    return base::InvalidArgument("severity must be \"low\", \"medium\" or \"high\"");
  }
  flag.severity = *parsed_severity;
  const auto days = body.find("expires_in_days");
  if (days != body.end() && expires.empty()) {
    if (!days->is_number_integer() || days->get<std::int64_t>() < 1 ||
        days->get<std::int64_t>() > 3650) {
      return base::InvalidArgument("expires_in_days must be a whole number of days from 1 to 3650");
    }
    decoded.expires_in_days = static_cast<int>(days->get<std::int64_t>());
  } else {
    const auto expires_at = base::ParseTime(expires);
    if (!expires_at || days != body.end()) {
      return base::InvalidArgument(
          "give expires_at (a time such as 2026-12-31T23:00:00Z) or expires_in_days, one of them");
    }
    flag.expires_at = *expires_at;
  }
  const auto facts = body.find("facts");
  if (facts == body.end() || !facts->is_array() || facts->empty() || facts->size() > 20) {
    return base::InvalidArgument(
        "facts must be a list of 1 to 20 facts the flag rests on: {\"event\": seq} or "
        "{\"document\": reference}, each with a \"description\"");
  }
  for (const json& item : *facts) {
    model::FlagFact& fact = flag.facts.emplace_back();
    Reader fact_reader(item);
    fact_reader.Need("description", fact.description).May("document", fact.document);
    if (!fact_reader.status().ok())
      return base::InvalidArgument("facts: " + fact_reader.status().message());
    if (const auto event = item.find("event"); event != item.end()) {
      if (!event->is_number_integer() || event->get<std::int64_t>() <= 0) {
        return base::InvalidArgument("facts: event must be the seq of an event (1 or more)");
      }
      fact.event_seq = event->get<std::int64_t>();
    }
  }
  return decoded;
}

base::Result<FlagStatusBody> DecodeFlagStatusBody(const json& body) {
  FlagStatusBody decoded;
  std::string status;
  Reader reader(body);
  reader.Need("status", status).Need("reason", decoded.reason);
  if (!reader.status().ok()) return reader.status();
  const auto parsed = model::ParseFlagStatus(status);
  if (!parsed || *parsed == model::FlagStatus::kUnconfirmed) {
    return base::InvalidArgument("status must be \"confirmed\" or \"dismissed\"");
  }
  decoded.status = *parsed;
  return decoded;
}

base::Result<ContestReviewBody> DecodeContestReviewBody(const json& body) {
  ContestReviewBody decoded;
  std::string outcome;
  Reader reader(body);
  reader.Need("client_id", decoded.client_id)
      .Need("outcome", outcome)
      .Need("reason", decoded.reason);
  if (!reader.status().ok()) return reader.status();
  const auto parsed = model::ParseContestStage(outcome);
  if (!parsed || *parsed == model::ContestStage::kReceived) {
    return base::InvalidArgument(R"(outcome must be "upheld" or "rejected")");
  }
  decoded.outcome = *parsed;
  return decoded;
}

base::Result<FlagBody> DecodeFlagBody(const json& body) {
  FlagBody decoded;
  std::string kind;
  Reader reader(body);
  reader.Need("kind", kind)
      .Need("note", decoded.note)
      .May("article_id", decoded.article_id)
      .May("conversation_id", decoded.conversation_id);
  if (!reader.status().ok()) return reader.status();
  const auto parsed = model::ParseFlagKind(kind);
  if (!parsed) {
    return base::InvalidArgument("kind must be wrong or missing");
  }
  decoded.kind = *parsed;
  return decoded;
}

base::Result<service::StaffChange> DecodeStaffChange(const json& body) {
  if (!body.is_object()) {
    return base::InvalidArgument("the request body must be a JSON object");
  }
  service::StaffChange change;
  for (const auto& [key, value] : body.items()) {
    if (key == "name" || key == "display_name" || key == "password") {
      if (!value.is_string()) return base::InvalidArgument(key + " must be a string");
      (key == "name"           ? change.name
       : key == "display_name" ? change.display_name
                               : change.password) = value.get<std::string>();
    } else if (key == "role") {
      const auto role =
          value.is_string() ? model::ParseRole(value.get<std::string>()) : std::nullopt;
      if (!role) return base::InvalidArgument("role must be agent, supervisor or admin");
      change.role = *role;
    } else if (key == "queues") {
      auto queues = StringList(value, "queues");
      if (!queues.ok()) return base::InvalidArgument("queues must be a list of queue ids");
      change.queues = std::move(queues).value();
    } else if (key == "languages") {
      auto languages = Languages(value);
      if (!languages.ok()) return languages.status();
      change.languages = std::move(languages).value();
    } else if (key == "capacity") {
      // Read wide, so that a huge number is refused rather than wrapped into a small one.
      const bool small = (value.is_number_unsigned() && value.get<std::uint64_t>() <= 1000) ||
                         (value.is_number_integer() && !value.is_number_unsigned() &&
                          value.get<std::int64_t>() >= -1000 && value.get<std::int64_t>() <= 1000);
      if (!small) {
        return base::InvalidArgument("capacity must be a whole number between 0 and 20");
      }
      change.capacity = static_cast<int>(value.get<std::int64_t>());
    } else if (key == "schedule") {
      if (!value.is_object()) {
        return base::InvalidArgument(
            "schedule must be an object like {\"monday\": [\"08:00-17:00\"]}");
      }
      std::map<std::string, std::vector<std::string>> schedule;
      for (const auto& [day, ranges] : value.items()) {
        auto list = StringList(ranges, "schedule." + day.substr(0, 20));
        if (!list.ok()) return list.status();
        schedule[day] = std::move(list).value();
      }
      change.schedule = std::move(schedule);
    } else if (key == "disabled") {
      if (!value.is_boolean()) return base::InvalidArgument("disabled must be true or false");
      change.disabled = value.get<bool>();
    } else {
      return base::InvalidArgument("unknown field '" + key.substr(0, 40) + "'");
    }
  }
  return change;
}

base::Result<QueueChange> DecodeQueueChange(const json& body) {
  if (!body.is_object()) {
    return base::InvalidArgument("the request body must be a JSON object");
  }
  QueueChange change;
  for (const auto& [key, value] : body.items()) {
    if (key == "name_nl" || key == "name_en") {
      if (!value.is_string() || !service::CheckText(value.get<std::string>(), 100).ok()) {
        return base::InvalidArgument(key + " must be a name of 1 to 100 characters");
      }
      (key == "name_nl" ? change.settings.name_nl : change.settings.name_en) =
          value.get<std::string>();
    } else if (key == "topics") {
      auto topics = StringList(value, key);
      if (!topics.ok()) return topics.status();
      if (topics->size() > 100) return base::InvalidArgument("topics: at most 100");
      for (const std::string& topic : *topics) {
        if (!service::CheckText(topic, 100).ok()) {
          return base::InvalidArgument("topics must be words of 1 to 100 characters");
        }
      }
      change.settings.topics = std::move(topics).value();
    } else if (key == "languages") {
      auto languages = Languages(value);
      if (!languages.ok()) return base::InvalidArgument("languages must be \"nl\" or \"en\"");
      change.settings.languages = StringList(value, key).value();
    } else if (key == "hours" || key == "holidays") {
      // Only the shape here; what the days, dates and ranges say is checked as the configuration
      // file's are (service::BuildQueueHours).
      const bool weekly = key == "hours";
      if (!value.is_object() || value.size() > (weekly ? 7u : 1000u)) {
        return base::InvalidArgument(
            weekly ? "hours must be an object like {\"monday\": [\"08:00-12:00\", \"13:00-17:00\"]}"
                   : "holidays must be an object of at most 1000 dates like {\"2026-12-25\": [], "
                     "\"2026-12-24\": [\"08:00-17:00\"]}");
      }
      model::QueueSettings::Ranges ranges;
      for (const auto& [day, list] : value.items()) {
        auto texts = StringList(list, key + "." + day.substr(0, 20));
        if (!texts.ok()) return texts.status();
        if (texts->size() > 24) {
          return base::InvalidArgument(key + "." + day.substr(0, 20) + ": at most 24 ranges");
        }
        ranges[day] = std::move(texts).value();
      }
      (weekly ? change.settings.hours : change.settings.holidays) = std::move(ranges);
    } else {
      return base::InvalidArgument("unknown field '" + key.substr(0, 40) + "'");
    }
  }
  return change;
}

}  // namespace balie::api
