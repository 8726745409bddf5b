#ifndef BALIE_STORAGE_STORE_CONTRACT_H_
#define BALIE_STORAGE_STORE_CONTRACT_H_

// The parts of ConversationStore's contract that every implementation checks and assembles the
// same way, whatever its database. Internal to storage/.

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "base/status.h"
#include "model/conversation.h"
#include "storage/conversation_store.h"

namespace balie::storage {

// kInvalidArgument unless the events are numbered on from `first_seq` and end at the
// conversation's last_seq.
base::Status CheckNumbering(const model::Conversation& conversation,
                            std::span<const model::Event> events, std::int64_t first_seq);

// kInvalidArgument unless `updated` is assigned to an agent (what AppendAssignment stores).
base::Status CheckAssignment(const model::Conversation& updated);
// What AppendAssignment answers when `agent` already has `assigned` conversations, `capacity` or
// more.
base::Status AtCapacity(const std::string& agent, std::int64_t assigned, int capacity);

// Builds the answer of ConversationStore::Decisions from the events of kinds decision and approval
// in the order of the query (time, conversation, seq): pairs each approval with the decision it
// answers. Not thread-safe.
class DecisionCollector {
 public:
  void Add(std::string conversation_id, std::string queue, model::Event event);
  // The decisions, only those still waiting when `waiting_only`, the latest `limit`.
  std::vector<ConversationStore::DecisionRecord> Take(bool waiting_only, size_t limit) &&;

 private:
  std::vector<ConversationStore::DecisionRecord> records_;
  std::map<std::pair<std::string, std::int64_t>, size_t> by_event_;  // (conversation, seq)
};

}  // namespace balie::storage

#endif  // BALIE_STORAGE_STORE_CONTRACT_H_
