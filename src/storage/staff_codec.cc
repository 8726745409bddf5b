#include "storage/staff_codec.h"

#include <nlohmann/json.hpp>
#include <utility>

namespace balie::storage {
namespace {

using nlohmann::json;

std::string Dumped(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

json OptionalList(const std::optional<std::vector<std::string>>& list) {
  return list ? json(*list) : json(nullptr);
}

json OptionalRanges(const std::optional<QueueSettings::Ranges>& ranges) {
  return ranges ? json(*ranges) : json(nullptr);
}

}  // namespace

std::string StaffQueuesText(const model::StaffMember& member) { return Dumped(member.queues); }

std::string StaffLanguagesText(const model::StaffMember& member) {
  json languages = json::array();
  for (model::Language language : member.languages) {
    languages.push_back(model::LanguageCode(language));
  }
  return Dumped(languages);
}

std::string StaffScheduleText(const model::StaffMember& member) { return Dumped(member.schedule); }

bool ReadStaffLists(std::string_view queues_text, std::string_view languages_text,
                    std::string_view schedule_text, model::StaffMember& member) {
  const json queues = json::parse(queues_text, nullptr, false);
  const json languages = json::parse(languages_text, nullptr, false);
  const json schedule = json::parse(schedule_text, nullptr, false);
  if (!queues.is_array() || !languages.is_array() || !schedule.is_object()) {
    return false;
  }
  for (const json& queue : queues) {
    if (queue.is_string()) member.queues.push_back(queue.get<std::string>());
  }
  member.languages.clear();
  for (const json& code : languages) {
    if (const auto language =
            code.is_string() ? model::ParseLanguage(code.get<std::string>()) : std::nullopt) {
      member.languages.push_back(*language);
    }
  }
  for (const auto& [day, ranges] : schedule.items()) {
    for (const json& range : ranges) {
      if (range.is_string()) member.schedule[day].push_back(range.get<std::string>());
    }
    member.schedule.try_emplace(day);
  }
  return true;
}

std::string FlagFactsText(const model::CustomerFlag& flag) {
  json list = json::array();
  for (const model::FlagFact& fact : flag.facts) {
    json item = {{"description", fact.description}};
    if (fact.event_seq > 0) {
      item["event"] = fact.event_seq;
    } else {
      item["document"] = fact.document;
    }
    list.push_back(std::move(item));
  }
  return Dumped(list);
}

std::string FlagChangesText(const model::CustomerFlag& flag) {
  json list = json::array();
  for (const model::FlagChange& change : flag.changes) {
    list.push_back({{"status", model::FlagStatusName(change.status)},
                    {"by", change.by},
                    {"reason", change.reason},
                    {"at", base::ToUnixMillis(change.at)}});
  }
  return Dumped(list);
}

std::string FlagContestsText(const model::CustomerFlag& flag) {
  json list = json::array();
  for (const model::FlagContest& contest : flag.contests) {
    json item = {{"words", contest.words},
                 {"recorded_by", contest.recorded_by},
                 {"recorded_at", base::ToUnixMillis(contest.recorded_at)},
                 {"stage", model::ContestStageName(contest.stage)}};
    if (contest.reviewed_at) {
      item["reviewed_by"] = contest.reviewed_by;
      item["reason"] = contest.reason;
      item["reviewed_at"] = base::ToUnixMillis(*contest.reviewed_at);
    }
    if (!contest.words_erased_sha256.empty()) {
      item["words_erased_sha256"] = contest.words_erased_sha256;
    }
    list.push_back(std::move(item));
  }
  return Dumped(list);
}

bool ReadFlagLists(std::string_view facts_text, std::string_view changes_text,
                   std::string_view contests_text, model::CustomerFlag& flag) {
  const json facts = json::parse(facts_text, nullptr, false);
  const json changes = json::parse(changes_text, nullptr, false);
  const json contests = json::parse(contests_text, nullptr, false);
  if (!facts.is_array() || !changes.is_array() || !contests.is_array()) {
    return false;
  }
  for (const json& item : facts) {
    if (!item.is_object() || !item.value("description", json()).is_string()) {
      return false;
    }
    model::FlagFact& fact = flag.facts.emplace_back();
    fact.description = item["description"].get<std::string>();
    fact.event_seq = item.value("event", std::int64_t{0});
    fact.document = item.value("document", std::string());
  }
  for (const json& item : changes) {
    const auto changed = item.is_object() && item.value("status", json()).is_string()
                             ? model::ParseFlagStatus(item["status"].get<std::string>())
                             : std::nullopt;
    if (!changed) {
      return false;
    }
    flag.changes.push_back({*changed, item.value("by", std::string()),
                            item.value("reason", std::string()),
                            base::FromUnixMillis(item.value("at", std::int64_t{0}))});
  }
  for (const json& item : contests) {
    const auto stage = item.is_object() && item.value("stage", json()).is_string()
                           ? model::ParseContestStage(item["stage"].get<std::string>())
                           : std::nullopt;
    if (!stage) {
      return false;
    }
    model::FlagContest& contest = flag.contests.emplace_back();
    contest.words = item.value("words", std::string());
    contest.recorded_by = item.value("recorded_by", std::string());
    contest.recorded_at = base::FromUnixMillis(item.value("recorded_at", std::int64_t{0}));
    contest.stage = *stage;
    if (item.contains("reviewed_at")) {
      contest.reviewed_by = item.value("reviewed_by", std::string());
      contest.reason = item.value("reason", std::string());
      contest.reviewed_at = base::FromUnixMillis(item.value("reviewed_at", std::int64_t{0}));
    }
    contest.words_erased_sha256 = item.value("words_erased_sha256", std::string());
  }
  return true;
}

std::string QueueSettingsText(const QueueSettings& settings) {
  const json value = {{"name_nl", settings.name_nl ? json(*settings.name_nl) : json(nullptr)},
                      {"name_en", settings.name_en ? json(*settings.name_en) : json(nullptr)},
                      {"topics", OptionalList(settings.topics)},
                      {"languages", OptionalList(settings.languages)},
                      {"hours", OptionalRanges(settings.hours)},
                      {"holidays", OptionalRanges(settings.holidays)}};
  return value.dump();
}

base::Result<QueueSettings> ReadQueueSettings(std::string queue_id, std::string_view text) {
  QueueSettings settings;
  settings.queue_id = std::move(queue_id);
  const json value = json::parse(text, nullptr, false);
  if (!value.is_object()) {
    return base::Internal("the settings of queue " + settings.queue_id +
                          " are unreadable in storage");
  }
  auto string = [&](const char* key) -> std::optional<std::string> {
    const auto found = value.find(key);
    return found != value.end() && found->is_string()
               ? std::optional<std::string>(found->get<std::string>())
               : std::nullopt;
  };
  auto list = [&](const char* key) -> std::optional<std::vector<std::string>> {
    const auto found = value.find(key);
    if (found == value.end() || !found->is_array()) return std::nullopt;
    std::vector<std::string> items;
    for (const json& item : *found) {
      if (item.is_string()) items.push_back(item.get<std::string>());
    }
    return items;
  };
  auto ranges = [&](const char* key) -> std::optional<QueueSettings::Ranges> {
    const auto found = value.find(key);
    if (found == value.end() || !found->is_object()) return std::nullopt;
    QueueSettings::Ranges by_day;
    for (const auto& [day, items] : found->items()) {
      auto& ranges_of_day = by_day[day];
      for (const json& item : items) {
        if (item.is_string()) ranges_of_day.push_back(item.get<std::string>());
      }
    }
    return by_day;
  };
  settings.name_nl = string("name_nl");
  settings.name_en = string("name_en");
  settings.topics = list("topics");
  settings.languages = list("languages");
  settings.hours = ranges("hours");
  settings.holidays = ranges("holidays");
  return settings;
}

}  // namespace balie::storage
