#include "routing/presence.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/test_time.h"

namespace balie::routing {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;
using testing::FormatUtc;
using testing::Utc;

const TimePoint kNow = Utc("2026-11-24 09:00");

// Defaults: away after 10 minutes without action, offline 60 seconds after the last heartbeat of
// a disconnected console.
AgentActivity Connected(seconds since_action, int chats = 0, int capacity = 3) {
  AgentActivity activity;
  activity.console_connected = true;
  activity.last_heartbeat = kNow - seconds{5};
  activity.last_action = kNow - since_action;
  activity.chats = chats;
  activity.capacity = capacity;
  return activity;
}

AgentActivity Disconnected(seconds since_heartbeat, seconds since_action, int chats = 0) {
  AgentActivity activity = Connected(since_action, chats);
  activity.console_connected = false;
  activity.last_heartbeat = kNow - since_heartbeat;
  return activity;
}

AgentActivity Chose(AgentActivity activity, ChosenState chosen) {
  activity.chosen = chosen;
  return activity;
}

std::string Show(const PresenceReading& reading) {
  std::string text(PresenceName(reading.state));
  if (reading.changes_at) text += " until " + FormatUtc(*reading.changes_at).substr(11);
  return text;
}

TEST(PresenceTest, EveryRuleAndWhenItChanges) {
  struct Case {
    const char* name;
    AgentActivity activity;
    const char* expected;  // state, and " until HH:MM" (UTC) when it would change
  };
  const std::vector<Case> cases = {
      {"connected, active, no chats", Connected(minutes{1}), "available until 09:09"},
      {"connected, active, under capacity", Connected(minutes{1}, 2), "available until 09:09"},
      {"at capacity", Connected(minutes{1}, 3), "busy until 09:09"},
      {"over capacity (capacity lowered)", Connected(minutes{1}, 4), "busy until 09:09"},
      {"capacity 0", Connected(minutes{1}, 0, 0), "busy until 09:09"},
      {"idle just under 10 minutes", Connected(seconds{599}), "available until 09:00"},
      {"idle 10 minutes: away", Connected(minutes{10}), "away"},
      {"idle with chats: away too", Connected(minutes{30}, 3), "away"},
      {"chose away", Chose(Connected(seconds{0}), ChosenState::kAway), "away"},
      {"signed off with the console open", Chose(Connected(seconds{0}), ChosenState::kOffline),
       "offline"},
      {"disconnected 30 s ago: unchanged for the grace time", Disconnected(seconds{30}, minutes{1}),
       "available until 09:00"},
      {"disconnected, busy, in the grace time", Disconnected(seconds{30}, minutes{1}, 3),
       "busy until 09:00"},
      {"disconnected, chose away, in the grace time",
       Chose(Disconnected(seconds{30}, minutes{1}), ChosenState::kAway), "away until 09:00"},
      {"disconnected and idle: away first, then offline", Disconnected(seconds{30}, seconds{590}),
       "available until 09:00"},
      {"no heartbeat for 60 s: offline", Disconnected(seconds{60}, minutes{1}), "offline"},
      {"disconnected, heartbeat long ago", Disconnected(minutes{30}, minutes{1}), "offline"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Show(Presence(c.activity, kNow)), c.expected) << c.name;
  }
}

TEST(PresenceTest, ExactDeadlines) {
  // Idle 9 minutes 50 seconds, disconnected 30 seconds ago: away at +10 s, offline at +30 s.
  const AgentActivity activity = Disconnected(seconds{30}, seconds{590});
  const PresenceReading now = Presence(activity, kNow);
  EXPECT_EQ(now, (PresenceReading{PresenceState::kAvailable, kNow + seconds{10}}));
  const PresenceReading away = Presence(activity, *now.changes_at);
  EXPECT_EQ(away, (PresenceReading{PresenceState::kAway, kNow + seconds{30}}));
  const PresenceReading offline = Presence(activity, *away.changes_at);
  EXPECT_EQ(offline, (PresenceReading{PresenceState::kOffline, std::nullopt}));
}

TEST(PresenceTest, NeverConnectedIsOffline) {
  AgentActivity activity;
  activity.last_action = kNow;
  EXPECT_EQ(Presence(activity, kNow), (PresenceReading{PresenceState::kOffline, std::nullopt}));
}

TEST(PresenceTest, ADayInTheLifeOfAnAgent) {
  // Each step: what happened, and the state right after.
  const PresenceConfig config{.away_after = minutes{5}, .offline_after = seconds{30}};
  AgentActivity agent;
  std::vector<std::string> seen;
  auto step = [&](const char* what, TimePoint at) {
    seen.push_back(std::string(what) + ": " + Show(Presence(agent, at, config)));
  };
  TimePoint t = Utc("2026-11-24 07:00");
  step("before log-in", t);
  agent.console_connected = true;
  agent.last_heartbeat = t;
  agent.last_action = t;
  step("logs in", t);
  agent.chats = 3;
  agent.last_action = t += minutes{1};
  step("takes three chats", t);
  agent.chats = 2;
  agent.last_action = t += minutes{4};
  step("closes one", t);
  t += minutes{5};
  step("reads for five minutes", t);
  agent.last_action = t += minutes{1};
  step("replies", t);
  agent.chosen = ChosenState::kAway;
  agent.last_action = t;
  step("goes for coffee", t);
  agent.chosen = ChosenState::kAvailable;
  agent.last_action = t += minutes{15};
  step("is back", t);
  agent.console_connected = false;
  agent.last_heartbeat = t += minutes{1};
  step("reloads the page", t);
  agent.console_connected = true;
  agent.last_heartbeat = t += seconds{5};
  step("reconnected", t);
  agent.console_connected = false;
  agent.last_heartbeat = t += minutes{1};
  step("laptop closed", t);
  step("30 s later", t + seconds{30});
  agent.console_connected = true;
  agent.last_heartbeat = agent.last_action = t += minutes{10};
  agent.chosen = ChosenState::kOffline;
  step("signs off", t);
  const std::vector<std::string> expected = {
      "before log-in: offline",
      "logs in: available until 07:05",
      "takes three chats: busy until 07:06",
      "closes one: available until 07:10",
      "reads for five minutes: away",
      "replies: available until 07:16",
      "goes for coffee: away",
      "is back: available until 07:31",
      "reloads the page: available until 07:27",
      "reconnected: available until 07:31",
      "laptop closed: available until 07:28",
      "30 s later: offline",
      "signs off: offline",
  };
  EXPECT_EQ(seen, expected);
}

TEST(PresenceTest, Names) {
  EXPECT_EQ(PresenceName(PresenceState::kAvailable), "available");
  EXPECT_EQ(PresenceName(PresenceState::kBusy), "busy");
  EXPECT_EQ(PresenceName(PresenceState::kAway), "away");
  EXPECT_EQ(PresenceName(PresenceState::kOffline), "offline");
}

}  // namespace
}  // namespace balie::routing
