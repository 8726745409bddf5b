#include "service/agent_roster.h"

#include <algorithm>

namespace balie::service {
namespace {

std::string_view ChosenName(routing::ChosenState state) {
  switch (state) {
    case routing::ChosenState::kAvailable:
      return "available";
    case routing::ChosenState::kAway:
      return "away";
    case routing::ChosenState::kOffline:
      return "offline";
  }
  return "available";
}

routing::ChosenState ChosenFromName(std::string_view name) {
  return name == "away"      ? routing::ChosenState::kAway
         : name == "offline" ? routing::ChosenState::kOffline
                             : routing::ChosenState::kAvailable;
}

routing::PresenceState StateFromName(std::string_view name) {
  return name == "available" ? routing::PresenceState::kAvailable
         : name == "busy"    ? routing::PresenceState::kBusy
         : name == "away"    ? routing::PresenceState::kAway
                             : routing::PresenceState::kOffline;
}

// How present a state is: on duty, then away, then offline.
int Presentness(routing::PresenceState state) {
  switch (state) {
    case routing::PresenceState::kAvailable:
    case routing::PresenceState::kBusy:
      return 2;
    case routing::PresenceState::kAway:
      return 1;
    case routing::PresenceState::kOffline:
      return 0;
  }
  return 0;
}

}  // namespace

base::Result<routing::OfficeHours> ScheduleHours(
    const std::map<std::string, std::vector<std::string>>& schedule) {
  routing::OfficeHoursConfig config;
  config.weekly = schedule;
  return routing::OfficeHours::Create(config);
}

AgentRoster::AgentRoster(const base::Clock& clock, routing::PresenceConfig config)
    : clock_(clock), config_(config) {}

base::Status AgentRoster::SetAccount(const model::StaffMember& member) {
  std::optional<routing::OfficeHours> schedule;
  if (!member.schedule.empty()) {
    auto hours = ScheduleHours(member.schedule);
    if (!hours.ok()) {
      return base::InvalidArgument("the schedule of " + member.name + ": " +
                                   hours.status().message());
    }
    schedule = std::move(hours).value();
  }
  std::lock_guard lock(mutex_);
  ++version_;
  if (member.disabled) {
    agents_.erase(member.id);
    return base::Status::Ok();
  }
  const base::TimePoint now = clock_.Now();
  auto [it, added] = agents_.try_emplace(member.id);
  Entry& entry = it->second;
  entry.member = member;
  entry.member.password_hash.clear();
  entry.schedule = std::move(schedule);
  entry.activity.capacity = member.capacity;
  if (added) {
    entry.activity.last_action = now;
    entry.idle_since = now;
    entry.state_since = now;
  }
  return base::Status::Ok();
}

void AgentRoster::TouchLocked(Entry& entry, base::TimePoint now) {
  entry.activity.last_action = now;
  entry.activity.last_heartbeat = now;
  ++version_;
}

void AgentRoster::ConsoleConnected(const std::string& id) {
  std::lock_guard lock(mutex_);
  if (auto it = agents_.find(id); it != agents_.end()) {
    const base::TimePoint now = clock_.Now();
    if (!it->second.activity.console_connected &&
        routing::Presence(it->second.activity, now, config_).state ==
            routing::PresenceState::kOffline) {
      it->second.idle_since = now;
    }
    it->second.activity.console_connected = true;
    TouchLocked(it->second, now);
  }
}

void AgentRoster::ConsoleDisconnected(const std::string& id) {
  std::lock_guard lock(mutex_);
  if (auto it = agents_.find(id); it != agents_.end()) {
    it->second.activity.console_connected = false;
    it->second.activity.last_heartbeat = clock_.Now();
    ++version_;
  }
}

void AgentRoster::Heartbeat(const std::string& id) {
  std::lock_guard lock(mutex_);
  if (auto it = agents_.find(id); it != agents_.end()) {
    it->second.activity.last_heartbeat = clock_.Now();
  }
}

void AgentRoster::Acted(const std::string& id) {
  std::lock_guard lock(mutex_);
  if (auto it = agents_.find(id); it != agents_.end()) {
    TouchLocked(it->second, clock_.Now());
  }
}

void AgentRoster::ChooseLocked(Entry& entry, routing::ChosenState state,
                               std::optional<base::TimePoint> back_at, base::TimePoint now) {
  if (state == routing::ChosenState::kAvailable &&
      entry.activity.chosen != routing::ChosenState::kAvailable) {
    entry.idle_since = now;
  }
  entry.activity.chosen = state;
  entry.back_at = state == routing::ChosenState::kAway ? back_at : std::nullopt;
  ++version_;
}

void AgentRoster::Choose(const std::string& id, routing::ChosenState state,
                         std::optional<base::TimePoint> back_at) {
  {
    std::lock_guard lock(mutex_);
    auto it = agents_.find(id);
    if (it == agents_.end()) {
      return;
    }
    const base::TimePoint now = clock_.Now();
    ChooseLocked(it->second, state, back_at, now);
    it->second.chosen_at = now;
    TouchLocked(it->second, now);
  }
  if (on_choice_) {
    on_choice_();
  }
}

void AgentRoster::OnChoice(std::function<void()> chosen) { on_choice_ = std::move(chosen); }

void AgentRoster::SetChats(const std::string& id, int chats) {
  std::lock_guard lock(mutex_);
  if (auto it = agents_.find(id); it != agents_.end()) {
    it->second.activity.chats = std::max(0, chats);
    ++version_;
  }
}

void AgentRoster::AddChats(const std::string& id, int delta) {
  std::lock_guard lock(mutex_);
  if (auto it = agents_.find(id); it != agents_.end()) {
    it->second.activity.chats = std::max(0, it->second.activity.chats + delta);
    // Idle since the last assignment or the end of the last chat.
    it->second.idle_since = clock_.Now();
    ++version_;
  }
}

routing::PresenceReading AgentRoster::PresenceLocked(const Entry& entry,
                                                     base::TimePoint now) const {
  routing::PresenceReading reading = routing::Presence(entry.activity, now, config_);
  const auto elsewhere = elsewhere_.find(entry.member.id);
  if (elsewhere == elsewhere_.end()) {
    return reading;
  }
  for (const auto& [origin, there] : elsewhere->second) {
    if (there.until <= now || Presentness(there.state) <= Presentness(reading.state)) {
      continue;
    }
    // More present in another process: on duty there is available or busy by their load, which
    // every process counts from storage; until the announcement lapses, unless renewed.
    reading.state =
        there.state != routing::PresenceState::kAway
            ? (entry.activity.chats >= entry.member.capacity ? routing::PresenceState::kBusy
                                                             : routing::PresenceState::kAvailable)
            : routing::PresenceState::kAway;
    reading.changes_at = there.until;
  }
  return reading;
}

AgentView AgentRoster::ViewLocked(const Entry& entry, base::TimePoint now) const {
  AgentView view;
  view.id = entry.member.id;
  view.name = entry.member.name;
  view.display_name = entry.member.display_name;
  view.role = entry.member.role;
  view.queues = entry.member.queues;
  view.languages = entry.member.languages;
  view.capacity = entry.member.capacity;
  view.chats = entry.activity.chats;
  view.presence = PresenceLocked(entry, now);
  view.back_at = entry.back_at;
  view.idle_since = entry.idle_since;
  view.state_since = entry.state_since;
  if (entry.schedule) {
    view.on_shift = entry.schedule->IsOpen(now);
    view.next_shift = entry.schedule->NextOpening(now);
  }
  return view;
}

std::vector<AgentView> AgentRoster::Agents() const {
  std::lock_guard lock(mutex_);
  const base::TimePoint now = clock_.Now();
  std::vector<AgentView> views;
  for (const auto& [id, entry] : agents_) {
    views.push_back(ViewLocked(entry, now));
  }
  return views;
}

std::optional<AgentView> AgentRoster::Agent(std::string_view id) const {
  std::lock_guard lock(mutex_);
  auto it = agents_.find(id);
  if (it == agents_.end()) {
    return std::nullopt;
  }
  return ViewLocked(it->second, clock_.Now());
}

std::optional<AgentView> AgentRoster::AgentByName(std::string_view name) const {
  std::lock_guard lock(mutex_);
  for (const auto& [id, entry] : agents_) {
    if (entry.member.name == name) {
      return ViewLocked(entry, clock_.Now());
    }
  }
  return std::nullopt;
}

std::vector<routing::AgentLoad> AgentRoster::OnDuty(std::string_view queue) const {
  std::vector<routing::AgentLoad> loads;
  std::lock_guard lock(mutex_);
  const base::TimePoint now = clock_.Now();
  for (const auto& [id, entry] : agents_) {
    const auto& queues = entry.member.queues;
    if (std::find(queues.begin(), queues.end(), queue) == queues.end()) {
      continue;
    }
    const auto state = PresenceLocked(entry, now).state;
    if (state == routing::PresenceState::kAvailable || state == routing::PresenceState::kBusy) {
      loads.push_back({entry.member.capacity, entry.activity.chats});
    }
  }
  return loads;
}

std::vector<storage::StaffPresence> AgentRoster::PresenceHere() const {
  std::vector<storage::StaffPresence> staff;
  std::lock_guard lock(mutex_);
  const base::TimePoint now = clock_.Now();
  for (const auto& [id, entry] : agents_) {
    const auto state = routing::Presence(entry.activity, now, config_).state;
    if (state == routing::PresenceState::kOffline && entry.chosen_at == base::TimePoint{}) {
      continue;
    }
    staff.push_back({id, std::string(routing::PresenceName(state)),
                     std::string(ChosenName(entry.activity.chosen)), entry.chosen_at,
                     entry.back_at});
  }
  return staff;
}

void AgentRoster::SetPresenceElsewhere(std::string_view origin,
                                       std::span<const storage::StaffPresence> staff,
                                       base::TimePoint until) {
  std::lock_guard lock(mutex_);
  const base::TimePoint now = clock_.Now();
  for (auto it = elsewhere_.begin(); it != elsewhere_.end();) {
    std::erase_if(it->second, [now](const auto& there) { return there.second.until <= now; });
    it = it->second.empty() ? elsewhere_.erase(it) : std::next(it);
  }
  for (const storage::StaffPresence& member : staff) {
    auto it = agents_.find(member.staff_id);
    if (it == agents_.end()) {
      continue;
    }
    Entry& entry = it->second;
    if (member.chosen_at > entry.chosen_at) {
      ChooseLocked(entry, ChosenFromName(member.chosen), member.back_at, now);
      entry.chosen_at = member.chosen_at;
    }
    const routing::PresenceState state = StateFromName(member.state);
    if (state == routing::PresenceState::kOffline) {
      if (auto found = elsewhere_.find(member.staff_id); found != elsewhere_.end()) {
        found->second.erase(std::string(origin));
      }
    } else {
      elsewhere_[member.staff_id][std::string(origin)] = {state, until};
    }
  }
}

std::vector<routing::AgentSnapshot> AgentRoster::Snapshots() const {
  std::vector<routing::AgentSnapshot> snapshots;
  std::lock_guard lock(mutex_);
  const base::TimePoint now = clock_.Now();
  for (const auto& [id, entry] : agents_) {
    snapshots.push_back({id, entry.member.queues, entry.member.languages, entry.member.capacity,
                         entry.activity.chats,
                         routing::Presence(entry.activity, now, config_).state, entry.idle_since});
  }
  return snapshots;
}

int AgentRoster::ScheduledFor(std::string_view queue, const routing::Interval& slot) const {
  std::lock_guard lock(mutex_);
  int scheduled = 0;
  for (const auto& [id, entry] : agents_) {
    const auto& queues = entry.member.queues;
    if (std::find(queues.begin(), queues.end(), queue) == queues.end()) {
      continue;
    }
    if (!entry.schedule) {
      ++scheduled;  // works whenever the queue is open (the slot lies within its hours)
      continue;
    }
    const auto periods = entry.schedule->OpenPeriods(slot.start, slot.end);
    const bool covered = std::any_of(periods.begin(), periods.end(), [&](const auto& period) {
      return period.start <= slot.start && period.end >= slot.end;
    });
    scheduled += covered ? 1 : 0;
  }
  return scheduled;
}

std::optional<base::TimePoint> AgentRoster::NextOnDuty(std::string_view queue,
                                                       const routing::OfficeHours& hours) const {
  std::lock_guard lock(mutex_);
  const base::TimePoint now = clock_.Now();
  // The next start of `working` after the period it is in now (if any).
  auto next_period = [&](const routing::OfficeHours& working) -> std::optional<base::TimePoint> {
    if (!working.IsOpen(now)) {
      return working.NextOpening(now);
    }
    const auto closes = working.ClosesAt(now);
    return closes ? working.NextOpening(*closes) : std::nullopt;
  };
  std::optional<base::TimePoint> next;
  for (const auto& [id, entry] : agents_) {
    const auto& queues = entry.member.queues;
    if (std::find(queues.begin(), queues.end(), queue) == queues.end()) {
      continue;
    }
    std::optional<base::TimePoint> due;
    if (entry.back_at && *entry.back_at > now) {
      due = entry.back_at;
    } else if (entry.schedule ? entry.schedule->IsOpen(now) : hours.IsOpen(now)) {
      return std::nullopt;  // due to work now, and not there: no time can be said
    } else {
      due = next_period(entry.schedule ? *entry.schedule : hours);
    }
    if (due && !hours.IsOpen(*due)) {
      due = hours.NextOpening(*due);
    }
    if (due && (!next || *due < *next)) {
      next = due;
    }
  }
  return next;
}

std::optional<routing::OfficeHours> AgentRoster::Schedule(std::string_view id) const {
  std::lock_guard lock(mutex_);
  auto it = agents_.find(id);
  return it == agents_.end() ? std::nullopt : it->second.schedule;
}

std::uint64_t AgentRoster::version() const {
  std::lock_guard lock(mutex_);
  return version_;
}

bool AgentRoster::Tick() {
  std::lock_guard lock(mutex_);
  const base::TimePoint now = clock_.Now();
  bool changed = false;
  for (auto& [id, entry] : agents_) {
    const auto state = PresenceLocked(entry, now).state;
    if (state != entry.last_state) {
      if (state == routing::PresenceState::kAvailable &&
          entry.last_state != routing::PresenceState::kBusy) {
        entry.idle_since = now;
      }
      entry.last_state = state;
      entry.state_since = now;
      changed = true;
    }
  }
  if (changed) {
    ++version_;
  }
  return changed;
}

}  // namespace balie::service
