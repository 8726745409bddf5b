#include "routing/presence.h"

#include <algorithm>
#include <array>

namespace balie::routing {
namespace {

PresenceState StateAt(const AgentActivity& activity, TimePoint now, const PresenceConfig& config) {
  if (activity.chosen == ChosenState::kOffline) return PresenceState::kOffline;
  if (!activity.console_connected &&
      (!activity.last_heartbeat || now >= *activity.last_heartbeat + config.offline_after)) {
    return PresenceState::kOffline;
  }
  if (activity.chosen == ChosenState::kAway) return PresenceState::kAway;
  if (now >= activity.last_action + config.away_after) return PresenceState::kAway;
  if (activity.chats >= activity.capacity) return PresenceState::kBusy;
  return PresenceState::kAvailable;
}

}  // namespace

std::string_view PresenceName(PresenceState state) {
  switch (state) {
    case PresenceState::kAvailable:
      return "available";
    case PresenceState::kBusy:
      return "busy";
    case PresenceState::kAway:
      return "away";
    case PresenceState::kOffline:
      return "offline";
  }
  return "offline";
}

PresenceReading Presence(const AgentActivity& activity, TimePoint now,
                         const PresenceConfig& config) {
  PresenceReading reading{StateAt(activity, now, config), std::nullopt};
  // The state depends on `now` only through these two deadlines, so the next change, if any, is
  // at one of them.
  std::array<std::optional<TimePoint>, 2> deadlines = {activity.last_action + config.away_after,
                                                       std::nullopt};
  if (!activity.console_connected && activity.last_heartbeat) {
    deadlines[1] = *activity.last_heartbeat + config.offline_after;
  }
  std::sort(deadlines.begin(), deadlines.end());  // nullopt sorts first
  for (const std::optional<TimePoint>& deadline : deadlines) {
    if (deadline && *deadline > now && StateAt(activity, *deadline, config) != reading.state) {
      reading.changes_at = deadline;
      break;
    }
  }
  return reading;
}

}  // namespace balie::routing
