#ifndef BALIE_SERVICE_AGENT_ROSTER_H_
#define BALIE_SERVICE_AGENT_ROSTER_H_

// Who is on duty, from what the agents really do: each agent's account (queues, languages,
// capacity, working hours), their activity (console connected, heartbeats, last action, the state
// they chose) and the chats they hold. Presence is derived from these (routing::Presence), never
// set as a static light. Thread-safe: one mutex, held for in-memory work only.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "model/staff.h"
#include "routing/assignment.h"
#include "routing/office_hours.h"
#include "routing/presence.h"
#include "routing/wait_estimator.h"
#include "storage/change_feed.h"

namespace balie::service {

// An agent as colleagues, customers and the dispatcher see them now.
struct AgentView {
  std::string id;
  std::string name;
  std::string display_name;
  model::Role role = model::Role::kAgent;
  std::vector<std::string> queues;
  std::vector<model::Language> languages;
  int capacity = 3;
  int chats = 0;
  routing::PresenceReading presence;
  std::optional<base::TimePoint> back_at;     // said when choosing "away"
  std::optional<base::TimePoint> next_shift;  // from the schedule; nullopt without one
  bool on_shift = true;                       // by the schedule (true without one)
  base::TimePoint idle_since;
  base::TimePoint state_since;  // when `presence.state` last changed
};

class AgentRoster {
 public:
  AgentRoster(const base::Clock& clock, routing::PresenceConfig config = {});

  // Adds or updates an account; a disabled one leaves the roster. Fails with the reason when the
  // schedule cannot be read.
  [[nodiscard]] base::Status SetAccount(const model::StaffMember& member);

  // What the console reports. Unknown ids are ignored.
  void ConsoleConnected(const std::string& id);
  void ConsoleDisconnected(const std::string& id);
  void Heartbeat(const std::string& id);
  void Acted(const std::string& id);
  void Choose(const std::string& id, routing::ChosenState state,
              std::optional<base::TimePoint> back_at = std::nullopt);
  // Called after each Choose, outside the lock (several processes: to announce it at once). Set
  // once, before any Choose.
  void OnChoice(std::function<void()> chosen);
  // The number of chats the agent holds (set on start from storage, then moved by +1/-1).
  void SetChats(const std::string& id, int chats);
  void AddChats(const std::string& id, int delta);

  std::vector<AgentView> Agents() const;
  std::optional<AgentView> Agent(std::string_view id) const;
  std::optional<AgentView> AgentByName(std::string_view name) const;
  // The agents on duty for a queue (available or busy), for wait estimates.
  std::vector<routing::AgentLoad> OnDuty(std::string_view queue) const;
  // Several processes on one database. PresenceHere: how this process sees its staff, for the
  // others — everyone present here (not offline by this process's own reading), and everyone
  // whose choice is known here (so that a choice outlives the process it was made in).
  // SetPresenceElsewhere: what process `origin` announced, until `until` unless renewed
  // (announced every second). A choice newer than the one known here is taken over, as if made
  // here (the last one made wins, by the time it was made). Present there, an agent counts as
  // there here too: available or busy by their load when on duty there, away when away there
  // (in OnDuty, Agents and Agent: the overview, the estimates, an advisor's status), whichever
  // process shows them most present. This process assigns only to its own consoles (Snapshots).
  std::vector<storage::StaffPresence> PresenceHere() const;
  void SetPresenceElsewhere(std::string_view origin, std::span<const storage::StaffPresence> staff,
                            base::TimePoint until);
  // Everyone for the assignment policy; skills are queue ids.
  std::vector<routing::AgentSnapshot> Snapshots() const;
  // How many agents serving `queue` are scheduled over the whole of `slot` (an agent without a
  // schedule counts as working whenever the queue is open).
  int ScheduledFor(std::string_view queue, const routing::Interval& slot) const;
  // For a queue nobody is on duty in now: when someone serving it is next due to work, by what
  // is known — an away agent's announced return, the start of a scheduled agent's next shift,
  // for an agent without a schedule (who works whenever the queue is open) the queue's next
  // opening after its current period — moved into the queue's `hours`. nullopt when no time can
  // honestly be said: nobody serves the queue, or someone due to work now is simply not there
  // (they may come any moment).
  std::optional<base::TimePoint> NextOnDuty(std::string_view queue,
                                            const routing::OfficeHours& hours) const;
  // The agent's own working hours; nullopt without a schedule.
  std::optional<routing::OfficeHours> Schedule(std::string_view id) const;

  // Goes up whenever something visible changed (presence, chats): watchers compare it.
  std::uint64_t version() const;
  // Recomputes presence (time passes: away after inactivity, offline after a disconnect); true
  // when any agent's state changed.
  bool Tick();

 private:
  struct Entry {
    model::StaffMember member;
    std::optional<routing::OfficeHours> schedule;
    routing::AgentActivity activity;
    std::optional<base::TimePoint> back_at;
    base::TimePoint chosen_at{};  // when the choice was made, here or elsewhere; epoch: none known
    base::TimePoint idle_since;
    routing::PresenceState last_state = routing::PresenceState::kOffline;
    base::TimePoint state_since;
  };
  // The agent's presence as every process shows it (Agents, Agent, OnDuty, Tick): this process's
  // own reading, unless another process announced them more present (on duty rather than away or
  // offline, away rather than offline). Snapshots and PresenceHere keep to this process's own: it
  // assigns only to its own consoles, and announces only them.
  routing::PresenceReading PresenceLocked(const Entry& entry, base::TimePoint now) const;
  AgentView ViewLocked(const Entry& entry, base::TimePoint now) const;
  void TouchLocked(Entry& entry, base::TimePoint now);
  void ChooseLocked(Entry& entry, routing::ChosenState state,
                    std::optional<base::TimePoint> back_at, base::TimePoint now);

  const base::Clock& clock_;
  const routing::PresenceConfig config_;
  mutable std::mutex mutex_;
  std::map<std::string, Entry, std::less<>> agents_;
  struct Elsewhere {
    routing::PresenceState state = routing::PresenceState::kOffline;
    base::TimePoint until;
  };
  // id → origin → as announced there
  std::map<std::string, std::map<std::string, Elsewhere, std::less<>>, std::less<>> elsewhere_;
  std::function<void()> on_choice_;
  std::uint64_t version_ = 0;
};

// The schedule as working hours, in Europe/Amsterdam.
base::Result<routing::OfficeHours> ScheduleHours(
    const std::map<std::string, std::vector<std::string>>& schedule);

}  // namespace balie::service

#endif  // BALIE_SERVICE_AGENT_ROSTER_H_
