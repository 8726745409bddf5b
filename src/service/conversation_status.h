#ifndef BALIE_SERVICE_CONVERSATION_STATUS_H_
#define BALIE_SERVICE_CONVERSATION_STATUS_H_

// What the customer is told about where their conversation stands: the `status` of docs/api.md.
// A plain value.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "model/conversation.h"

namespace balie::service {

// The choices are the model's (model/event.h): the status offers them, a choice event records one.
using model::ChoiceName;
using model::ChoiceOption;
using model::ParseChoice;

struct ConversationStatus {
  model::ConversationState state = model::ConversationState::kBot;
  model::Language language = model::Language::kDutch;
  std::string queue_id;  // empty in state kBot before any hand-off
  std::string queue_name;
  std::string time_zone;  // the queue's: every time told to the customer is in it
  bool open = true;       // whether the queue is open now, by its hours
  // Whether someone is there now: the queue is open and an agent serving it is on duty
  // (available, or busy with chats). Open is not someone there.
  bool staffed = true;
  std::optional<base::TimePoint> opens_at;
  std::optional<base::TimePoint> closes_at;
  // Open with nobody on duty: when someone is next due (AgentRoster::NextOnDuty); nullopt when
  // that cannot be said.
  std::optional<base::TimePoint> staffed_from;
  // Open with nobody on duty: another queue that is open with someone on duty now, if any.
  std::string alternative_id;
  std::string alternative_name;
  std::optional<int> position;  // 1 = next; only while waiting
  // Only while waiting, and only when it can be estimated honestly.
  std::optional<std::chrono::seconds> estimated_wait;
  std::vector<ChoiceOption> options;   // what the customer may choose now
  std::optional<ChoiceOption> choice;  // what they chose (or what was recorded for them)
  std::optional<model::CallbackBooking> callback;
  std::string agent_name;  // state kAssigned
  std::string message;     // the situation in plain words, in the conversation's language

  friend bool operator==(const ConversationStatus&, const ConversationStatus&) = default;
};

}  // namespace balie::service

#endif  // BALIE_SERVICE_CONVERSATION_STATUS_H_
