#ifndef BALIE_ROUTING_PRESENCE_H_
#define BALIE_ROUTING_PRESENCE_H_

// Presence: an agent's state as customers and colleagues see it, derived from what the agent
// really does, never a static green light.
//
//   offline    the agent signed off, or the console is disconnected and has sent no heartbeat for
//              offline_after (a page reload or a short network drop within that time changes
//              nothing);
//   away       the agent chose "away", or did nothing for away_after (while connected, or during
//              the disconnection grace time);
//   busy       at capacity: as many chats as they can handle at once (capacity 0: always busy);
//   available  otherwise: can take a chat now.
// The first rule that applies wins, in this order. Besides the state, Presence says when it would
// next change if nothing happened meanwhile (the service layer sets a timer for it); any new
// activity means calling Presence again.
//
// A pure function of its arguments: thread-safe, no clock reads.

#include <chrono>
#include <optional>
#include <string_view>

#include "base/clock.h"

namespace balie::routing {

using base::TimePoint;

enum class PresenceState { kAvailable, kBusy, kAway, kOffline };

// "available", "busy", "away", "offline".
std::string_view PresenceName(PresenceState state);

// What the agent chose in the console.
enum class ChosenState {
  kAvailable,  // ready for customers
  kAway,       // a break, a meeting: no new chats
  kOffline,    // signed off (end of the shift), even with the console still open
};

// What the service layer knows of an agent's activity.
struct AgentActivity {
  ChosenState chosen = ChosenState::kAvailable;
  bool console_connected = false;
  // The last sign of life from the console: a heartbeat, any frame, the connection itself.
  std::optional<TimePoint> last_heartbeat;
  // The last thing the agent did (sent a message, typed, opened a conversation, chose a state);
  // signing in counts.
  TimePoint last_action;
  int chats = 0;     // conversations the agent has now
  int capacity = 3;  // conversations the agent can handle at once
};

struct PresenceConfig {
  std::chrono::seconds away_after{std::chrono::minutes{10}};
  std::chrono::seconds offline_after{60};
};

struct PresenceReading {
  PresenceState state = PresenceState::kOffline;
  // When the state would change without new activity; nullopt when it would not.
  std::optional<TimePoint> changes_at;

  friend bool operator==(const PresenceReading&, const PresenceReading&) = default;
};

PresenceReading Presence(const AgentActivity& activity, TimePoint now,
                         const PresenceConfig& config = {});

}  // namespace balie::routing

#endif  // BALIE_ROUTING_PRESENCE_H_
