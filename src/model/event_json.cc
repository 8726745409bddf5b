#include "model/event_json.h"

#include <utility>

#include "base/time_format.h"

namespace balie::model {
namespace {

using nlohmann::json;

json AgentJson(const AgentRef& agent) {
  json object = {{"id", agent.id}};
  if (!agent.name.empty()) {
    object["name"] = agent.name;
  }
  return object;
}

json QueueJson(const QueueRef& queue) {
  json object = {{"id", queue.id}};
  if (!queue.name.empty()) {
    object["name"] = queue.name;
  }
  return object;
}

json SlotJson(const CallbackBooking& booking) {
  return {{"start", base::FormatTime(booking.start)}, {"end", base::FormatTime(booking.end)}};
}

json ToJson(const StartedEvent& event) { return {{"language", LanguageCode(event.language)}}; }

json ToJson(const CustomerMessageEvent& event) {
  json object = json::object();
  if (!event.article_id.empty()) {
    object["article_id"] = event.article_id;
  }
  return object;
}

json ToJson(const BotReplyEvent& event) {
  json sources = json::array();
  for (const SourceRef& source : event.sources) {
    sources.push_back({{"id", source.id}, {"title", source.title}, {"url", source.url}});
  }
  json object = {{"decision", ReplyDecisionName(event.decision)},
                 {"sources", std::move(sources)},
                 {"confidence", event.confidence},
                 {"reasons", event.reasons},
                 {"language", LanguageCode(event.language)}};
  if (!event.heading.empty()) {
    object["heading"] = event.heading;
  }
  return object;
}

json ToJson(const HandoffEvent& event) {
  json object = {{"queue", QueueJson(event.queue)},
                 {"cause", event.cause},
                 {"reasons", event.reasons},
                 {"open", event.open},
                 {"staffed", event.staffed}};
  if (event.agent) {
    object["agent"] = AgentJson(*event.agent);
  }
  return object;
}

json ToJson(const ChoiceEvent& event) {
  json object = {{"option", ChoiceName(event.option)}, {"by", AuthorName(event.by)}};
  if (!event.reason.empty()) {
    object["reason"] = event.reason;
  }
  if (!event.queue.empty()) {
    object["queue"] = {{"id", event.queue}};
  }
  if (event.callback) {
    object["slot"] = SlotJson(*event.callback);
    object["phone"] = event.callback->phone;
    if (!event.callback->name.empty()) {
      object["name"] = event.callback->name;
    }
  }
  if (event.with_advisor) {
    object["with_advisor"] = true;
  }
  return object;
}

json ToJson(const AgentMessageEvent& event) { return {{"agent", AgentJson(event.agent)}}; }
json ToJson(const NoteEvent& event) { return {{"agent", AgentJson(event.agent)}}; }
json ToJson(const AgentJoinedEvent& event) { return {{"agent", AgentJson(event.agent)}}; }

json ToJson(const AssignedEvent& event) {
  json object = {{"agent", AgentJson(event.agent)}, {"callback", event.callback}};
  if (!event.phone.empty()) {
    object["phone"] = event.phone;
  }
  return object;
}

json ToJson(const TransferredEvent& event) {
  json object = {{"queue", QueueJson(event.queue)},
                 {"open", event.open},
                 {"by", AgentJson(event.by)},
                 {"reasons", event.reasons}};
  if (event.agent) {
    object["agent"] = AgentJson(*event.agent);
  }
  return object;
}

json ToJson(const ResolvedEvent& event) {
  json object = json::object();
  if (event.agent) {
    object["agent"] = AgentJson(*event.agent);
  }
  return object;
}

json ToJson(const CallbackOutcomeEvent& event) {
  json object = {{"outcome", CallbackResultName(event.outcome)}};
  if (event.attempt > 0) {
    object["attempt"] = event.attempt;
  }
  if (event.agent) {
    object["agent"] = AgentJson(*event.agent);
  }
  if (event.retry) {
    object["retry"] = SlotJson(*event.retry);
    object["retry"]["phone"] = event.retry->phone;
  }
  return object;
}

json ToJson(const NoticeEvent& event) {
  json options = json::array();
  for (ChoiceOption option : event.options) {
    options.push_back(ChoiceName(option));
  }
  json object = {{"reason", event.reason}, {"options", std::move(options)}};
  if (event.alternative) {
    object["alternative"] = QueueJson(*event.alternative);
  }
  return object;
}

json ToJson(const DecisionEvent& event) {
  json object = {{"decision_id", event.decision}, {"unit", event.unit},
                 {"amount", event.amount},        {"reason", event.reason},
                 {"by", AgentJson(event.by)},     {"needs_approval", event.needs_approval}};
  if (!event.rule.empty()) {
    object["rule"] = event.rule;
  }
  if (event.expires) {
    object["expires"] = base::FormatTime(*event.expires);
  }
  return object;
}

json ToJson(const ApprovalEvent& event) {
  json object = {{"request", event.request}, {"verdict", ApprovalVerdictName(event.verdict)}};
  if (!event.reason.empty()) {
    object["reason"] = event.reason;
  }
  if (event.by) {
    object["by"] = AgentJson(*event.by);
  }
  return object;
}

json ToJson(const ContestEvent& event) {
  json object = {
      {"flag", event.flag}, {"stage", ContestStageName(event.stage)}, {"by", AgentJson(event.by)}};
  if (!event.reason.empty()) {
    object["reason"] = event.reason;
  }
  return object;
}

// Reads the fields of one JSON object, keeping the first problem found. A field that is absent
// (or null) leaves the value as it is: its default.
class Reader {
 public:
  Reader(const json& object, std::string where, std::string* error)
      : object_(object), where_(std::move(where)), error_(error) {
    if (!object_.is_object()) {
      Fail("is not an object");
    }
  }

  // The field's value if it is present and of the type `check` accepts.
  const json* Field(std::string_view key, bool (json::*check)() const noexcept,
                    std::string_view type) {
    if (!object_.is_object()) {
      return nullptr;
    }
    auto it = object_.find(key);
    if (it == object_.end() || it->is_null()) {
      return nullptr;
    }
    if (!((*it).*check)()) {
      Fail(std::string(key) + " is not " + std::string(type));
      return nullptr;
    }
    return &*it;
  }

  void Text(std::string_view key, std::string& value) {
    if (const json* field = Field(key, &json::is_string, "a string")) {
      value = field->get<std::string>();
    }
  }
  void Flag(std::string_view key, bool& value) {
    if (const json* field = Field(key, &json::is_boolean, "true or false")) {
      value = field->get<bool>();
    }
  }
  void Number(std::string_view key, double& value) {
    if (const json* field = Field(key, &json::is_number, "a number")) {
      value = field->get<double>();
    }
  }
  template <typename Int>
  void Integer(std::string_view key, Int& value) {
    if (const json* field = Field(key, &json::is_number_integer, "an integer")) {
      value = field->get<Int>();
    }
  }
  void Time(std::string_view key, std::optional<base::TimePoint>& value) {
    if (const json* field = Field(key, &json::is_string, "a string")) {
      value = base::ParseTime(field->get<std::string>());
      if (!value) {
        Fail(std::string(key) + " is not a time");
      }
    }
  }
  void Texts(std::string_view key, std::vector<std::string>& values) {
    if (const json* field = Field(key, &json::is_array, "a list")) {
      for (const json& item : *field) {
        if (!item.is_string()) {
          Fail(std::string(key) + " holds a value that is not a string");
          return;
        }
        values.push_back(item.get<std::string>());
      }
    }
  }
  // A field named by one of `parse`'s names.
  template <typename Enum>
  void Name(std::string_view key, Enum& value, std::optional<Enum> (*parse)(std::string_view)) {
    if (const json* field = Field(key, &json::is_string, "a string")) {
      if (auto parsed = parse(field->get<std::string>())) {
        value = *parsed;
      } else {
        Fail(std::string(key) + " '" + field->get<std::string>().substr(0, 40) + "' is unknown");
      }
    }
  }
  void Language(std::string_view key, model::Language& value) { Name(key, value, &ParseLanguage); }
  void Agent(std::string_view key, std::optional<AgentRef>& agent) {
    if (const json* field = Field(key, &json::is_object, "an object")) {
      Reader reader = Nested(*field, key);
      agent.emplace();
      reader.Text("id", agent->id);
      reader.Text("name", agent->name);
    }
  }
  void Agent(std::string_view key, AgentRef& agent) {
    std::optional<AgentRef> read;
    Agent(key, read);
    if (read) {
      agent = std::move(*read);
    }
  }
  void Queue(std::string_view key, std::optional<QueueRef>& queue) {
    if (const json* field = Field(key, &json::is_object, "an object")) {
      Reader reader = Nested(*field, key);
      queue.emplace();
      reader.Text("id", queue->id);
      reader.Text("name", queue->name);
    }
  }
  // A slot {start, end} with the end after the start.
  void Slot(std::string_view key, std::optional<CallbackBooking>& booking) {
    if (const json* field = Field(key, &json::is_object, "an object")) {
      Reader reader = Nested(*field, key);
      std::string start;
      std::string end;
      reader.Text("start", start);
      reader.Text("end", end);
      auto start_time = base::ParseTime(start);
      auto end_time = base::ParseTime(end);
      if (!start_time || !end_time || *end_time <= *start_time) {
        Fail(std::string(key) + " is not a slot with a start before its end");
        return;
      }
      booking.emplace();
      booking->start = *start_time;
      booking->end = *end_time;
      reader.Text("phone", booking->phone);
    }
  }
  // A reader of the object `value` inside this one (its problems are named `where`.`key`).
  Reader Nested(const json& value, std::string_view key) const {
    return {value, where_ + "." + std::string(key), error_};
  }
  void Require(bool present, std::string_view what) {
    if (!present) {
      Fail("lacks " + std::string(what));
    }
  }

 private:
  void Fail(const std::string& problem) {
    if (error_->empty()) {
      *error_ = where_ + " " + problem;
    }
  }

  const json& object_;
  std::string where_;
  std::string* error_;
};

// Reads the fields of kind `T` (one overload per kind).
void Read(Reader& in, StartedEvent& event) { in.Language("language", event.language); }

void Read(Reader& in, CustomerMessageEvent& event) { in.Text("article_id", event.article_id); }

void Read(Reader& in, BotReplyEvent& event) {
  in.Name("decision", event.decision, &ParseReplyDecision);
  in.Number("confidence", event.confidence);
  in.Texts("reasons", event.reasons);
  in.Language("language", event.language);
  in.Text("heading", event.heading);
  if (const json* sources = in.Field("sources", &json::is_array, "a list")) {
    for (const json& source : *sources) {
      Reader item = in.Nested(source, "sources");
      SourceRef& ref = event.sources.emplace_back();
      item.Text("id", ref.id);
      item.Text("title", ref.title);
      item.Text("url", ref.url);
    }
  }
}

// Where a hand-off or transfer goes: its queue and whether it was open, which it cannot lack.
void ReadDestination(Reader& in, QueueRef& to, bool& open) {
  std::optional<QueueRef> queue;
  in.Queue("queue", queue);
  in.Require(queue && !queue->id.empty(), "its queue");
  to = queue.value_or(QueueRef{});
  in.Require(in.Field("open", &json::is_boolean, "true or false") != nullptr, "open");
  in.Flag("open", open);
}

void Read(Reader& in, HandoffEvent& event) {
  ReadDestination(in, event.queue, event.open);
  in.Text("cause", event.cause);
  in.Texts("reasons", event.reasons);
  in.Flag("staffed", event.staffed);  // hand-offs stored before it was recorded: on duty
  in.Agent("agent", event.agent);
}

void Read(Reader& in, ChoiceEvent& event) {
  in.Require(in.Field("option", &json::is_string, "a string") != nullptr, "its option");
  in.Name("option", event.option, &ParseChoice);
  in.Name("by", event.by, &ParseAuthor);
  in.Text("reason", event.reason);
  std::optional<QueueRef> queue;
  in.Queue("queue", queue);
  if (queue) {
    event.queue = queue->id;
  }
  in.Slot("slot", event.callback);
  if (event.callback) {
    in.Text("phone", event.callback->phone);
    in.Text("name", event.callback->name);
  }
  in.Require(event.option != ChoiceOption::kCallback || event.callback.has_value(), "its slot");
  in.Flag("with_advisor", event.with_advisor);
}

void Read(Reader& in, AgentMessageEvent& event) { in.Agent("agent", event.agent); }
void Read(Reader& in, NoteEvent& event) { in.Agent("agent", event.agent); }
void Read(Reader& in, AgentJoinedEvent& event) { in.Agent("agent", event.agent); }

void Read(Reader& in, AssignedEvent& event) {
  in.Agent("agent", event.agent);
  in.Require(!event.agent.id.empty(), "its agent");
  in.Flag("callback", event.callback);
  in.Text("phone", event.phone);
}

void Read(Reader& in, TransferredEvent& event) {
  ReadDestination(in, event.queue, event.open);
  in.Agent("by", event.by);
  in.Texts("reasons", event.reasons);
  in.Agent("agent", event.agent);
}

void Read(Reader& in, ResolvedEvent& event) { in.Agent("agent", event.agent); }

void Read(Reader& in, CallbackOutcomeEvent& event) {
  in.Require(in.Field("outcome", &json::is_string, "a string") != nullptr, "its outcome");
  in.Name("outcome", event.outcome, &ParseCallbackResult);
  in.Integer("attempt", event.attempt);
  in.Agent("agent", event.agent);
  in.Slot("retry", event.retry);
}

void Read(Reader& in, NoticeEvent& event) {
  in.Text("reason", event.reason);
  in.Queue("alternative", event.alternative);
  if (const json* options = in.Field("options", &json::is_array, "a list")) {
    for (const json& option : *options) {
      std::optional<ChoiceOption> parsed =
          option.is_string() ? ParseChoice(option.get<std::string>()) : std::nullopt;
      if (!parsed) {
        in.Require(false, "known options");
        return;
      }
      event.options.push_back(*parsed);
    }
  }
}

void Read(Reader& in, DecisionEvent& event) {
  in.Text("decision_id", event.decision);
  in.Require(!event.decision.empty(), "its decision");
  in.Text("unit", event.unit);
  in.Integer("amount", event.amount);
  in.Require(event.amount > 0, "an amount above 0");
  in.Text("reason", event.reason);
  in.Text("rule", event.rule);
  in.Agent("by", event.by);
  in.Require(!event.by.id.empty(), "who decided");
  in.Flag("needs_approval", event.needs_approval);
  in.Time("expires", event.expires);
}

void Read(Reader& in, ApprovalEvent& event) {
  in.Integer("request", event.request);
  in.Require(event.request > 0, "the seq of its request");
  in.Require(in.Field("verdict", &json::is_string, "a string") != nullptr, "its verdict");
  in.Name("verdict", event.verdict, &ParseApprovalVerdict);
  in.Text("reason", event.reason);
  in.Agent("by", event.by);
}

void Read(Reader& in, ContestEvent& event) {
  in.Integer("flag", event.flag);
  in.Require(event.flag > 0, "the id of its flag");
  in.Require(in.Field("stage", &json::is_string, "a string") != nullptr, "its stage");
  in.Name("stage", event.stage, &ParseContestStage);
  in.Text("reason", event.reason);
  in.Agent("by", event.by);
  in.Require(!event.by.id.empty(), "who recorded or reviewed it");
}

}  // namespace

json EventDataJson(const EventData& data) {
  return std::visit([](const auto& event) { return ToJson(event); }, data);
}

std::string EventDataText(const EventData& data) {
  return EventDataJson(data).dump(-1, ' ', false, json::error_handler_t::replace);
}

base::Result<EventData> ParseEventData(EventKind kind, const json& object) {
  std::string error;
  EventData data = DefaultData(kind);
  Reader in(object, std::string(EventKindName(kind)), &error);
  std::visit([&in](auto& event) { Read(in, event); }, data);
  if (!error.empty()) {
    return base::InvalidArgument(error);
  }
  return data;
}

}  // namespace balie::model
