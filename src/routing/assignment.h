#ifndef BALIE_ROUTING_ASSIGNMENT_H_
#define BALIE_ROUTING_ASSIGNMENT_H_

// Assign: the assignment policy. Given the conversations waiting for a person and the agents, it
// picks which agent takes which conversation now.
//
// Conversations are served in the order of the line (ComesBefore in wait_queue.h: due callbacks
// first, then priority, then arrival; equal ones in the order given). Each goes to the agent who
// has been idle longest among those who are available (presence), under capacity, and have the
// conversation's skill and language. A conversation that names an agent (a personal advisor, a
// callback booked with one agent) goes to that agent only, when they are available and under
// capacity, whatever their skills; otherwise it keeps waiting. A conversation that no agent can
// take now does not hold up the ones behind it.
//
// Within one call an agent never gets more conversations than their free capacity (capacity
// minus chats), and an agent who just got one counts as the least idle, so that work spreads over
// the agents before anyone gets a second.
//
// Greedy, in the order of the line: fair to whoever waited longest, but not a maximum matching.
// An agent with several skills may take a conversation that a colleague with one skill could have
// taken, leaving a later conversation that only they could take waiting for the next free place.
//
// Pure and deterministic: the same input gives the same pairs, whatever the order of the agents.
// Thread-safe (no state). Applying the result atomically (under the lock that also guards the
// queues and the agents' loads) is the service layer's job.

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "base/clock.h"
#include "model/article.h"
#include "routing/presence.h"
#include "routing/wait_queue.h"

namespace balie::routing {

// A conversation waiting for a person.
struct AssignmentRequest {
  WaitingItem item;   // id (unique), priority, arrival, due callback
  std::string skill;  // the queue's skill, e.g. "betalen"
  model::Language language = model::Language::kDutch;
  // Only this agent may take it: a personal advisor, or a callback booked with them.
  std::optional<std::string> agent_id;
};

// An agent as they are at the moment of the call.
struct AgentSnapshot {
  std::string id;  // unique
  std::vector<std::string> skills;
  std::vector<model::Language> languages;
  int capacity = 3;
  int chats = 0;
  PresenceState presence = PresenceState::kOffline;
  // Since when the agent has been waiting for work: the later of their last assignment and the end
  // of their last chat (or the moment they became available).
  TimePoint idle_since;
};

struct Assignment {
  std::string item_id;
  std::string agent_id;

  friend bool operator==(const Assignment&, const Assignment&) = default;
};

// The pairs to assign now, in the order of the line.
std::vector<Assignment> Assign(std::span<const AssignmentRequest> waiting,
                               std::span<const AgentSnapshot> agents);

}  // namespace balie::routing

#endif  // BALIE_ROUTING_ASSIGNMENT_H_
