#include "storage/store_contract.h"

#include <algorithm>

namespace balie::storage {

base::Status CheckNumbering(const model::Conversation& conversation,
                            std::span<const model::Event> events, std::int64_t first_seq) {
  for (size_t i = 0; i < events.size(); ++i) {
    if (events[i].seq != first_seq + static_cast<std::int64_t>(i)) {
      return base::InvalidArgument("events of conversation " + conversation.id +
                                   " are not numbered consecutively");
    }
  }
  if (!events.empty() && events.back().seq != conversation.last_seq) {
    return base::InvalidArgument("conversation " + conversation.id +
                                 ": last_seq does not match the last event");
  }
  return base::Status::Ok();
}

base::Status CheckAssignment(const model::Conversation& updated) {
  if (updated.state != model::ConversationState::kAssigned || updated.agent.empty()) {
    return base::InvalidArgument("conversation " + updated.id +
                                 ": an assignment leaves it assigned to an agent");
  }
  return base::Status::Ok();
}

base::Status AtCapacity(const std::string& agent, std::int64_t assigned, int capacity) {
  return base::FailedPrecondition("agent " + agent + " already has " + std::to_string(assigned) +
                                  " conversations (capacity " + std::to_string(capacity) + ")");
}

void DecisionCollector::Add(std::string conversation_id, std::string queue, model::Event event) {
  if (const auto* approval = event.As<model::ApprovalEvent>()) {
    auto request = by_event_.find({conversation_id, approval->request});
    if (request != by_event_.end()) {
      records_[request->second].answer = std::move(event);
    }
    return;
  }
  by_event_[{conversation_id, event.seq}] = records_.size();
  records_.push_back(ConversationStore::DecisionRecord{std::move(conversation_id), std::move(queue),
                                                       std::move(event), std::nullopt});
}

std::vector<ConversationStore::DecisionRecord> DecisionCollector::Take(bool waiting_only,
                                                                       size_t limit) && {
  if (waiting_only) {
    std::erase_if(records_, [](const ConversationStore::DecisionRecord& record) {
      return record.answer || !record.decision.As<model::DecisionEvent>()->needs_approval;
    });
  }
  if (records_.size() > limit) {
    records_.erase(records_.begin(), records_.end() - static_cast<std::ptrdiff_t>(limit));
  }
  return std::move(records_);
}

}  // namespace balie::storage
