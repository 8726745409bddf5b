#include "service/queue_admin.h"

#include <utility>

#include "base/log.h"

namespace balie::service {
namespace {

std::optional<std::vector<model::Language>> LanguagesOf(const model::QueueSettings& settings) {
  if (!settings.languages) {
    return std::nullopt;
  }
  std::vector<model::Language> languages;
  for (const std::string& code : *settings.languages) {
    if (auto language = model::ParseLanguage(code)) {
      languages.push_back(*language);
    }
  }
  return languages;
}

// The queue's hours with the tables `settings` replaces; nullopt where it replaces none.
std::optional<routing::OfficeHoursConfig> HoursOf(const QueueBoard::QueuePtr& queue,
                                                  const model::QueueSettings& settings) {
  if (queue == nullptr || (!settings.hours && !settings.holidays)) {
    return std::nullopt;
  }
  routing::OfficeHoursConfig hours = queue->hours().config();
  if (settings.hours) hours.weekly = *settings.hours;
  if (settings.holidays) hours.holidays = *settings.holidays;
  return hours;
}

base::Status ApplyTo(QueueBoard& queues, const model::QueueSettings& settings,
                     const std::optional<routing::OfficeHoursConfig>& hours) {
  return queues.Update(settings.queue_id, settings.name_nl, settings.name_en, settings.topics,
                       LanguagesOf(settings), hours);
}

}  // namespace

QueueAdmin::QueueAdmin(storage::StaffStore& store, QueueBoard& queues)
    : store_(store), queues_(queues) {}

base::Status QueueAdmin::Restore() {
  auto stored = store_.AllQueueSettings();
  if (!stored.ok()) {
    return stored.status();
  }
  for (const model::QueueSettings& settings : *stored) {
    const auto hours = HoursOf(queues_.Find(settings.queue_id), settings);
    base::Status status = ApplyTo(queues_, settings, hours);
    if (status.code() == base::StatusCode::kNotFound) {
      continue;  // gone from the configuration: kept for when it comes back
    }
    if (!status.ok()) {
      base::Log(base::LogLevel::kWarning,
                "the hours an admin set for a queue are no longer valid; the configuration "
                "file's apply until they are set again",
                {{"queue", settings.queue_id}, {"cause", status.message()}});
      (void)ApplyTo(queues_, settings, std::nullopt);
    }
  }
  return base::Status::Ok();
}

base::Result<QueueBoard::QueuePtr> QueueAdmin::Change(const model::QueueSettings& change) {
  const auto queue = queues_.Find(change.queue_id);
  if (queue == nullptr) {
    return base::NotFound("no queue " + change.queue_id);
  }
  // New hours or holidays replace those tables; they are checked as the configuration's are
  // before anything is saved.
  const auto hours = HoursOf(queue, change);
  if (hours) {
    if (auto checked = BuildQueueHours(*hours, queue->callbacks.rules()); !checked.ok()) {
      return base::InvalidArgument(checked.status().message());
    }
  }
  // What is kept is this change on top of the earlier ones (storage holds the whole of it).
  auto stored = store_.AllQueueSettings();
  if (!stored.ok()) {
    return stored.status();
  }
  model::QueueSettings kept = change;
  for (const model::QueueSettings& earlier : *stored) {
    if (earlier.queue_id != kept.queue_id) continue;
    if (!kept.name_nl) kept.name_nl = earlier.name_nl;
    if (!kept.name_en) kept.name_en = earlier.name_en;
    if (!kept.topics) kept.topics = earlier.topics;
    if (!kept.languages) kept.languages = earlier.languages;
    if (!kept.hours) kept.hours = earlier.hours;
    if (!kept.holidays) kept.holidays = earlier.holidays;
  }
  if (base::Status status = store_.SaveQueueSettings(kept); !status.ok()) {
    return status;
  }
  if (base::Status status = ApplyTo(queues_, change, hours); !status.ok()) {
    return status;
  }
  return queues_.Find(change.queue_id);
}

}  // namespace balie::service
