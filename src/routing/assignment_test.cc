#include "routing/assignment.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "support/test_time.h"

namespace balie::routing {
namespace {

using model::Language;
using std::chrono::minutes;
using testing::Utc;

const TimePoint kNine = Utc("2026-11-24 08:00");

AssignmentRequest Chat(std::string id, int arrived_minute, std::string skill = "betalen",
                       Language language = Language::kDutch, int priority = 0) {
  AssignmentRequest request;
  request.item = {std::move(id), priority, kNine + minutes{arrived_minute}, false};
  request.skill = std::move(skill);
  request.language = language;
  return request;
}

AssignmentRequest Callback(std::string id, int slot_minute, std::optional<std::string> agent) {
  AssignmentRequest request = Chat(std::move(id), slot_minute);
  request.item.callback = true;
  request.agent_id = std::move(agent);
  return request;
}

AssignmentRequest ForAgent(AssignmentRequest request, std::string agent) {
  request.agent_id = std::move(agent);
  return request;
}

// An available agent with skill "betalen" in Dutch, idle since 09:00 + idle_minute.
AgentSnapshot Agent(std::string id, int idle_minute, int chats = 0, int capacity = 3) {
  AgentSnapshot agent;
  agent.id = std::move(id);
  agent.skills = {"betalen"};
  agent.languages = {Language::kDutch};
  agent.capacity = capacity;
  agent.chats = chats;
  agent.presence = chats >= capacity ? PresenceState::kBusy : PresenceState::kAvailable;
  agent.idle_since = kNine + minutes{idle_minute};
  return agent;
}

AgentSnapshot With(AgentSnapshot agent, std::vector<std::string> skills,
                   std::vector<Language> languages) {
  agent.skills = std::move(skills);
  agent.languages = std::move(languages);
  return agent;
}

AgentSnapshot In(AgentSnapshot agent, PresenceState presence) {
  agent.presence = presence;
  return agent;
}

// "item>agent item>agent".
std::string Pairs(const std::vector<Assignment>& assignments) {
  std::string text;
  for (const Assignment& a : assignments) {
    text += (text.empty() ? "" : " ") + a.item_id + ">" + a.agent_id;
  }
  return text;
}

TEST(AssignTest, Policy) {
  struct Case {
    const char* name;
    std::vector<AssignmentRequest> waiting;
    std::vector<AgentSnapshot> agents;
    const char* expected;
  };
  const std::vector<Case> cases = {
      {"nothing waiting", {}, {Agent("anna", 0)}, ""},
      {"nobody on duty", {Chat("c1", 0)}, {}, ""},
      {"the longest idle agent", {Chat("c1", 0)}, {Agent("anna", 5), Agent("bob", 1)}, "c1>bob"},
      {"equal idle: by fewer chats, then id",
       {Chat("c1", 0), Chat("c2", 1)},
       {Agent("bob", 1), Agent("anna", 1, 1), Agent("carl", 1)},
       "c1>bob c2>carl"},
      {"spreads before doubling up",
       {Chat("c1", 0), Chat("c2", 1), Chat("c3", 2), Chat("c4", 3)},
       {Agent("anna", 0), Agent("bob", 5)},
       "c1>anna c2>bob c3>anna c4>bob"},
      {"never more than the free capacity",
       {Chat("c1", 0), Chat("c2", 1), Chat("c3", 2)},
       {Agent("anna", 0, 2)},
       "c1>anna"},
      {"one agent fills up to capacity",
       {Chat("c1", 0), Chat("c2", 1), Chat("c3", 2), Chat("c4", 3)},
       {Agent("anna", 0)},
       "c1>anna c2>anna c3>anna"},
      {"busy, away and offline agents get nothing",
       {Chat("c1", 0)},
       {Agent("anna", 0, 3), In(Agent("bob", 0), PresenceState::kAway),
        In(Agent("carl", 0), PresenceState::kOffline)},
       ""},
      {"skill",
       {Chat("c1", 0, "hypotheek")},
       {Agent("anna", 0), With(Agent("bob", 9), {"betalen", "hypotheek"}, {Language::kDutch})},
       "c1>bob"},
      {"language",
       {Chat("c1", 0, "betalen", Language::kEnglish)},
       {Agent("anna", 0),
        With(Agent("bob", 9), {"betalen"}, {Language::kDutch, Language::kEnglish})},
       "c1>bob"},
      {"no one with the skill: waits, and does not hold up the next",
       {Chat("c1", 0, "hypotheek"), Chat("c2", 1)},
       {Agent("anna", 0)},
       "c2>anna"},
      {"priority before arrival",
       {Chat("c1", 0), Chat("vip", 5, "betalen", Language::kDutch, 1)},
       {Agent("anna", 0, 2)},
       "vip>anna"},
      {"a due callback before everyone",
       {Chat("vip", 0, "betalen", Language::kDutch, 5), Callback("cb", 10, std::nullopt)},
       {Agent("anna", 0, 2)},
       "cb>anna"},
      {"personal advisor: only that agent",
       {ForAgent(Chat("c1", 0), "bob")},
       {Agent("anna", 0), With(Agent("bob", 9), {}, {})},
       "c1>bob"},
      {"personal advisor busy: waits, others go on",
       {ForAgent(Chat("c1", 0), "bob"), Chat("c2", 1)},
       {Agent("anna", 9), Agent("bob", 0, 3)},
       "c2>anna"},
      {"callback booked with an agent who is away: waits",
       {Callback("cb", 0, "bob"), Chat("c2", 1)},
       {Agent("anna", 9), In(Agent("bob", 0), PresenceState::kAway)},
       "c2>anna"},
      {"callback booked with an agent: that agent, first",
       {Chat("c1", 0), Callback("cb", 5, "bob")},
       {Agent("anna", 0), Agent("bob", 9, 2)},
       "cb>bob c1>anna"},
      {"the same id twice is assigned once",
       {Chat("c1", 0), Chat("c1", 0)},
       {Agent("anna", 0), Agent("bob", 0)},
       "c1>anna"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Pairs(Assign(c.waiting, c.agents)), c.expected) << c.name;
  }
}

TEST(AssignTest, DeterministicWhateverTheOrderOfTheAgents) {
  std::vector<AssignmentRequest> waiting;
  waiting.reserve(20);
  for (int i = 0; i < 20; ++i) {
    waiting.push_back(Chat("c" + std::to_string(i), i % 7, i % 3 == 0 ? "hypotheek" : "betalen",
                           i % 4 == 0 ? Language::kEnglish : Language::kDutch, i % 5 == 0 ? 1 : 0));
  }
  std::vector<AgentSnapshot> agents = {
      Agent("anna", 3, 1),
      With(Agent("bob", 1), {"hypotheek", "betalen"}, {Language::kDutch, Language::kEnglish}),
      With(Agent("carl", 1), {"hypotheek"}, {Language::kDutch}),
      Agent("dirk", 0, 2),
      With(Agent("eva", 2, 0, 5), {"betalen"}, {Language::kEnglish, Language::kDutch}),
  };
  const std::vector<Assignment> first = Assign(waiting, agents);
  std::sort(agents.begin(), agents.end(),
            [](const AgentSnapshot& a, const AgentSnapshot& b) { return a.id > b.id; });
  EXPECT_EQ(Assign(waiting, agents), first);
  std::rotate(agents.begin(), agents.begin() + 2, agents.end());
  EXPECT_EQ(Assign(waiting, agents), first);

  // Capacity holds for every agent.
  for (const AgentSnapshot& agent : agents) {
    const auto got = std::count_if(first.begin(), first.end(),
                                   [&](const Assignment& a) { return a.agent_id == agent.id; });
    EXPECT_LE(got, agent.capacity - agent.chats) << agent.id;
  }
  // Here every free place is used: 2 + 3 + 3 + 1 + 5 = 14 places for 20 waiting.
  EXPECT_EQ(first.size(), 14u);
}

}  // namespace
}  // namespace balie::routing
