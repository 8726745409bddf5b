#include "routing/assignment.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <set>
#include <string_view>
#include <tuple>

namespace balie::routing {
namespace {

// An agent's standing within one call.
struct Candidate {
  const AgentSnapshot* agent = nullptr;
  int free = 0;                     // places left in this call
  std::uint64_t assigned_turn = 0;  // 0: nothing assigned in this call; then 1, 2, ... in order

  // Longest idle first: agents without an assignment in this call, by idle_since; then those who
  // got one, the earliest first; ties by fewer chats and by id, for determinism.
  bool IdlerThan(const Candidate& other) const {
    return std::tie(assigned_turn, agent->idle_since, agent->chats, agent->id) <
           std::tie(other.assigned_turn, other.agent->idle_since, other.agent->chats,
                    other.agent->id);
  }
};

bool CanTake(const Candidate& candidate, const AssignmentRequest& request) {
  const AgentSnapshot& agent = *candidate.agent;
  if (candidate.free <= 0 || agent.presence != PresenceState::kAvailable) return false;
  if (request.agent_id) return agent.id == *request.agent_id;
  return std::find(agent.skills.begin(), agent.skills.end(), request.skill) != agent.skills.end() &&
         std::find(agent.languages.begin(), agent.languages.end(), request.language) !=
             agent.languages.end();
}

}  // namespace

std::vector<Assignment> Assign(std::span<const AssignmentRequest> waiting,
                               std::span<const AgentSnapshot> agents) {
  std::vector<Assignment> assignments;
  std::vector<Candidate> candidates;
  int free_total = 0;
  for (const AgentSnapshot& agent : agents) {
    const int free = std::max(0, agent.capacity - std::max(0, agent.chats));
    if (free > 0 && agent.presence == PresenceState::kAvailable) {
      candidates.push_back({&agent, free, 0});
      free_total += free;
    }
  }
  if (free_total == 0) return assignments;

  std::vector<const AssignmentRequest*> line;
  line.reserve(waiting.size());
  for (const AssignmentRequest& request : waiting) line.push_back(&request);
  std::stable_sort(line.begin(), line.end(),
                   [](const AssignmentRequest* a, const AssignmentRequest* b) {
                     return ComesBefore(a->item, b->item);
                   });

  std::set<std::string_view> taken;  // ids assigned in this call, should one be listed twice
  std::uint64_t turn = 0;
  for (const AssignmentRequest* request : line) {
    if (free_total == 0) break;
    if (taken.count(request->item.id) > 0) continue;
    Candidate* best = nullptr;
    for (Candidate& candidate : candidates) {
      if (CanTake(candidate, *request) && (best == nullptr || candidate.IdlerThan(*best))) {
        best = &candidate;
      }
    }
    if (best == nullptr) continue;
    --best->free;
    --free_total;
    best->assigned_turn = ++turn;
    taken.insert(request->item.id);
    assignments.push_back({request->item.id, best->agent->id});
  }
  return assignments;
}

}  // namespace balie::routing
