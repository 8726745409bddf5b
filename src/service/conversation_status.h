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

// How a customer can go on while a person is needed.
enum class ChoiceOption { kWait, kLeaveMessage, kCallback, kAdvisorMessage };
// "wait", "leave_message", "callback", "advisor_message"
std::string_view ChoiceName(ChoiceOption option);
std::optional<ChoiceOption> ParseChoice(std::string_view name);

struct ConversationStatus {
  model::ConversationState state = model::ConversationState::kBot;
  model::Language language = model::Language::kDutch;
  std::string queue_id;  // empty in state kBot before any hand-off
  std::string queue_name;
  bool open = true;  // whether the queue is open now
  std::optional<base::TimePoint> opens_at;
  std::optional<base::TimePoint> closes_at;
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
