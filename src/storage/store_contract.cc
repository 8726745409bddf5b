#include "storage/store_contract.h"

#include <algorithm>

#include "base/time_format.h"

namespace balie::storage {

base::Status CheckAppend(const model::Conversation& updated, std::span<const model::Event> events) {
  if (events.empty()) {
    return base::InvalidArgument("nothing to append to conversation " + updated.id);
  }
  return CheckNumbering(updated, events, events.front().seq);
}

std::shared_ptr<PendingAppend> CheckedAppend(model::Conversation updated,
                                             std::vector<model::Event> events,
                                             const ConversationStore::AppendDone& done) {
  if (base::Status status = CheckAppend(updated, events); !status.ok()) {
    done(status);
    return nullptr;
  }
  return std::make_shared<PendingAppend>(PendingAppend{std::move(updated), std::move(events)});
}

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
  // A client id twice among the new events: the second would be a resend of the first.
  for (size_t i = 0; i < events.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (!events[i].client_id.empty() && events[i].client_id == events[j].client_id) {
        return base::AlreadyExists("client id " + events[i].client_id + " is already stored");
      }
    }
  }
  return base::Status::Ok();
}

base::Result<AppendLimit> AssignmentLimit(const model::Conversation& updated, int capacity) {
  if (updated.state != model::ConversationState::kAssigned || updated.agent.empty()) {
    return base::InvalidArgument("conversation " + updated.id +
                                 ": an assignment leaves it assigned to an agent");
  }
  return AppendLimit{AppendLimit::Kind::kAgentLoad, updated.agent, {}, {}, capacity};
}

base::Result<AppendLimit> BookingLimit(const model::Conversation& updated, int room) {
  if (updated.state != model::ConversationState::kCallback || !updated.callback) {
    return base::InvalidArgument("conversation " + updated.id +
                                 ": a booking leaves it with a callback booked");
  }
  if (!updated.requested_agent.empty()) {
    return AppendLimit{AppendLimit::Kind::kAgentSlot, updated.requested_agent,
                       updated.callback->start, updated.callback->end, room};
  }
  return AppendLimit{AppendLimit::Kind::kQueueSlot, updated.queue, updated.callback->start,
                     updated.callback->end, room};
}

base::Status Full(const AppendLimit& limit, std::int64_t taken) {
  if (limit.kind == AppendLimit::Kind::kAgentLoad) {
    return base::FailedPrecondition("agent " + limit.key + " already has " + std::to_string(taken) +
                                    " conversations (capacity " + std::to_string(limit.room) + ")");
  }
  return base::FailedPrecondition("the callback slot at " + base::FormatTime(limit.from) +
                                  " is full; pick another slot");
}

std::string LimitName(const AppendLimit& limit) {
  switch (limit.kind) {
    case AppendLimit::Kind::kAgentLoad:
      return "agent:" + limit.key;
    case AppendLimit::Kind::kQueueSlot:
      return "queue-slot:" + limit.key + ":" + base::FormatTime(limit.from);
    case AppendLimit::Kind::kAgentSlot:
      return "agent-slot:" + limit.key + ":" + base::FormatTime(limit.from);
  }
  return "";
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
