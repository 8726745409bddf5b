#include "api/staff_json.h"

#include "api/frames.h"
#include "base/time_format.h"

namespace balie::api {
namespace {

using nlohmann::json;

json TimeOrNull(const std::optional<base::TimePoint>& time) {
  return time ? json(base::FormatTime(*time)) : json(nullptr);
}

json Languages(const std::vector<model::Language>& languages) {
  json list = json::array();
  for (model::Language language : languages) {
    list.push_back(model::LanguageCode(language));
  }
  return list;
}

json SecondsOrNull(const std::optional<std::chrono::seconds>& seconds) {
  return seconds ? json(seconds->count()) : json(nullptr);
}

}  // namespace

json StaffJson(const model::StaffMember& member) {
  return {{"id", member.id},
          {"name", member.name},
          {"display_name", member.display_name},
          {"role", model::RoleName(member.role)},
          {"queues", member.queues},
          {"languages", Languages(member.languages)},
          {"capacity", member.capacity},
          {"schedule", member.schedule},
          {"disabled", member.disabled}};
}

json ItemJson(const service::InboxItem& item, base::TimePoint now) {
  const model::Conversation& c = item.conversation;
  // A wait is shown only when it is known: a question left before Balie recorded when has none.
  const bool waits = (c.state == model::ConversationState::kWaiting ||
                      c.state == model::ConversationState::kFollowUp) &&
                     c.queued_at.time_since_epoch().count() != 0;
  json object = {
      {"conversation_id", c.id},
      {"state", model::StateName(c.state)},
      {"queue", {{"id", c.queue}, {"name", item.queue_name}}},
      {"language", model::LanguageCode(c.language)},
      {"priority", c.priority},
      {"waiting_since", waits ? json(base::FormatTime(c.queued_at)) : json(nullptr)},
      {"wait_seconds",
       waits ? json(std::chrono::duration_cast<std::chrono::seconds>(now - c.queued_at).count())
             : json(nullptr)},
      {"agent",
       c.agent.empty() ? json(nullptr) : json{{"id", c.agent}, {"display_name", item.agent_name}}},
      {"reason", item.reason},
      {"reason_code", item.reason_code},
      {"last_message", item.last_message},
      {"callback", nullptr},
      {"customer_ref", c.customer_ref.empty() ? json(nullptr) : json(c.customer_ref)},
      {"created_at", base::FormatTime(c.created_at)},
  };
  if (c.callback) {
    object["callback"] = {{"start", base::FormatTime(c.callback->start)},
                          {"end", base::FormatTime(c.callback->end)},
                          {"phone", c.callback->phone}};
  }
  return object;
}

json InboxJson(const service::Inbox& inbox, base::TimePoint now) {
  auto list = [now](const std::vector<service::InboxItem>& items) {
    json array = json::array();
    for (const auto& item : items) {
      array.push_back(ItemJson(item, now));
    }
    return array;
  };
  return {{"waiting", list(inbox.waiting)},
          {"mine", list(inbox.mine)},
          {"callbacks_due", list(inbox.callbacks_due)},
          {"others", list(inbox.others)}};
}

json SuggestionJson(const service::Suggestion& suggestion) {
  return {{"id", suggestion.id},           {"title", suggestion.title},
          {"url", suggestion.url},         {"heading", suggestion.heading},
          {"passage", suggestion.passage}, {"score", suggestion.score}};
}

json PresenceJson(const service::AgentView& agent) {
  return {{"state", routing::PresenceName(agent.presence.state)},
          {"chats", agent.chats},
          {"capacity", agent.capacity},
          {"back_at", TimeOrNull(agent.back_at)},
          {"since", base::FormatTime(agent.state_since)}};
}

json OverviewJson(const service::Overview& overview) {
  json queues = json::array();
  for (const service::QueueOverview& queue : overview.queues) {
    queues.push_back(
        {{"id", queue.id},
         {"name", queue.name},
         {"open", queue.open},
         {"waiting", queue.waiting},
         {"oldest_wait_seconds", SecondsOrNull(queue.oldest_wait)},
         {"left", queue.left},
         {"oldest_left_seconds", SecondsOrNull(queue.oldest_left)},
         {"estimated_wait_seconds", SecondsOrNull(queue.estimated_wait)},
         {"agents_on_duty", queue.agents_on_duty},
         {"nobody_on_duty", queue.nobody_on_duty},
         {"nobody_on_duty_since", queue.nobody_on_duty_since
                                      ? json(base::FormatTime(*queue.nobody_on_duty_since))
                                      : json(nullptr)},
         {"callbacks", {{"booked", queue.callbacks_booked}, {"overdue", queue.callbacks_overdue}}},
         {"service_level_today",
          {{"answered", queue.answered_today},
           {"within_target", queue.within_target_today},
           {"target_seconds", overview.target.count()},
           {"share",
            queue.answered_today > 0
                ? json(static_cast<double>(queue.within_target_today) / queue.answered_today)
                : json(nullptr)}}}});
  }
  json agents = json::array();
  for (const service::AgentView& agent : overview.agents) {
    agents.push_back({{"id", agent.id},
                      {"display_name", agent.display_name},
                      {"presence", PresenceJson(agent)},
                      {"queues", agent.queues}});
  }
  return {{"queues", std::move(queues)}, {"agents", std::move(agents)}};
}

json FlagJson(const model::KnowledgeFlag& flag) {
  return {{"id", flag.id},
          {"kind", model::FlagKindName(flag.kind)},
          {"article_id", flag.article_id.empty() ? json(nullptr) : json(flag.article_id)},
          {"conversation_id",
           flag.conversation_id.empty() ? json(nullptr) : json(flag.conversation_id)},
          {"note", flag.note},
          {"by", flag.staff_id},
          {"at", base::FormatTime(flag.at)}};
}

json QueueJson(const service::QueueConfig& queue) {
  return {{"id", queue.id},
          {"name_nl", queue.name_nl},
          {"name_en", queue.name_en},
          {"topics", queue.topics},
          {"languages", Languages(queue.languages)},
          {"time_zone", queue.hours().time_zone_name()},
          {"hours", queue.hours().config().weekly},
          {"holidays", queue.hours().config().holidays}};
}

json DecisionKindsJson(const model::Mandates& mandates, const model::StaffMember& member) {
  json kinds = json::array();
  for (const model::DecisionKind& kind : mandates.decisions) {
    kinds.push_back({{"id", kind.id},
                     {"name_nl", kind.name_nl},
                     {"name_en", kind.name_en},
                     {"unit", model::DecisionUnitName(kind.unit)},
                     {"rule", kind.rule},
                     {"four_eyes", kind.four_eyes},
                     {"adverse", kind.adverse},
                     {"limit", mandates.LimitOf(member, kind.id)}});
  }
  return kinds;
}

json DecisionItemJson(const service::DecisionItem& item) {
  json object = {
      {"conversation_id", item.record.conversation_id},
      {"queue", item.record.queue},
      {"status", item.status},
      {"decision", StaffEventJson(item.record.decision)},
      {"answer", item.record.answer ? StaffEventJson(*item.record.answer) : json(nullptr)}};
  if (item.status == "waiting") {
    object["may_answer"] = item.may_answer;
    if (!item.why_not.empty()) {
      object["why_not"] = item.why_not;
    }
  }
  return object;
}

json DecisionReportJson(const service::DecisionReport& report) {
  json rows = json::array();
  for (const service::DecisionReportRow& row : report.rows) {
    rows.push_back({{"decision", row.decision},
                    {"rule", row.rule},
                    {"queue", row.queue},
                    {"taken", row.taken},
                    {"requested", row.requested},
                    {"approved", row.approved},
                    {"refused", row.refused},
                    {"expired", row.expired},
                    {"waiting", row.waiting},
                    {"median_answer_seconds",
                     row.median_answer ? json(row.median_answer->count()) : json(nullptr)}});
  }
  json waiting = json::array();
  for (const service::DecisionItem& item : report.waiting) {
    waiting.push_back(DecisionItemJson(item));
  }
  return {{"since", base::FormatTime(report.since)},
          {"rows", std::move(rows)},
          {"waiting", std::move(waiting)}};
}

json CustomerFlagJson(const model::CustomerFlag& flag, base::TimePoint now,
                      const std::function<std::string(const std::string&)>& name_of) {
  auto person = [&](const std::string& id) {
    json object = {{"id", id}};
    if (std::string name = name_of(id); !name.empty()) {
      object["name"] = std::move(name);
    }
    return object;
  };
  json facts = json::array();
  for (const model::FlagFact& fact : flag.facts) {
    json item = {{"description", fact.description}};
    if (fact.event_seq > 0) {
      item["event"] = fact.event_seq;
    } else {
      item["document"] = fact.document;
    }
    facts.push_back(std::move(item));
  }
  json changes = json::array();
  for (const model::FlagChange& change : flag.changes) {
    changes.push_back({{"status", model::FlagStatusName(change.status)},
                       {"by", person(change.by)},
                       {"reason", change.reason},
                       {"at", base::FormatTime(change.at)}});
  }
  json contests = json::array();
  for (const model::FlagContest& contest : flag.contests) {
    json item = {{"words", contest.words},
                 {"recorded_by", person(contest.recorded_by)},
                 {"recorded_at", base::FormatTime(contest.recorded_at)},
                 {"stage", model::ContestStageName(contest.stage)}};
    if (contest.reviewed_at) {
      item["reviewed_by"] = person(contest.reviewed_by);
      item["reason"] = contest.reason;
      item["reviewed_at"] = base::FormatTime(*contest.reviewed_at);
    }
    if (!contest.words_erased_sha256.empty()) {
      item["words_erased"] = true;  // by retention (docs/accountability.md)
    }
    contests.push_back(std::move(item));
  }
  return {{"id", flag.id},
          {"customer_ref", flag.customer_ref.empty() ? json(nullptr) : json(flag.customer_ref)},
          {"conversation_id", flag.conversation_id},
          {"kind", flag.kind},
          {"facts", std::move(facts)},
          {"raised_by", person(flag.raised_by)},
          {"reason", flag.reason},
          {"severity", model::FlagSeverityName(flag.severity)},
          {"raised_at", base::FormatTime(flag.raised_at)},
          {"expires_at", base::FormatTime(flag.expires_at)},
          {"status", model::FlagStatusName(flag.status)},
          {"active", flag.Active(now)},
          {"changes", std::move(changes)},
          {"contests", std::move(contests)}};
}

json FlagKindsJson(const model::FlagRules& rules) {
  json kinds = json::array();
  for (const model::FlagKindConfig& kind : rules.kinds) {
    kinds.push_back({{"id", kind.id}, {"name_nl", kind.name_nl}, {"name_en", kind.name_en}});
  }
  return kinds;
}

}  // namespace balie::api
