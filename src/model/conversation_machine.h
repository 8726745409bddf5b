#ifndef BALIE_MODEL_CONVERSATION_MACHINE_H_
#define BALIE_MODEL_CONVERSATION_MACHINE_H_

// Where a conversation goes with each event: the one place that changes a conversation's state
// and the fields that go with it (its queue, agent, booked callback, place in the line). Services
// decide which events a command makes; storing them applies them here, so a conversation's
// summary is always the history's events applied in order from `started`.
//
// The allowed transitions are a table: the state before × the step (the event's kind and, where
// it matters, its variant) → the state after, or not allowed. conversation_transitions.txt beside
// this file is the same table, written out for people and checked against the code by a test.

#include <optional>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "model/conversation.h"

namespace balie::model {

// An event as far as the state machine is concerned.
enum class Step {
  kStarted,
  kCustomerMessage,
  kBotReply,
  kHandoffOpen,  // to a queue that is open with someone on duty: waiting
  // To a queue nobody serves now (closed, or open with nobody on duty): the question is kept for
  // a reply.
  kHandoffClosed,
  kChooseWait,
  kChooseLeaveMessage,
  kChooseAdvisorMessage,
  kChooseCallback,
  kAgentMessage,
  kNote,
  kAssigned,
  kTransferredOpen,
  kTransferredClosed,
  kResolved,
  kCallbackReached,
  kCallbackRetry,       // not reached; the next slot is booked
  kCallbackNotReached,  // not reached (no answer, wrong number); a person replies in writing
  kCallbackLate,        // the slot passed without a call: the customer is told
  kAgentJoined,         // the assigned agent really started (opened it or wrote)
  kNotice,              // the customer is told about their wait and offered alternatives
  kDecision,            // staff decided for the customer (or asked a colleague to approve it)
  kApproval,            // a requested decision was approved, refused, or expired
  kContest,             // a customer's contest of a flag, received or reviewed
};
inline constexpr int kStepCount = static_cast<int>(Step::kContest) + 1;

std::string_view StepName(Step step);  // "started", "handoff/open", "choice/wait", …
std::optional<Step> ParseStep(std::string_view name);

// The step of an event; kInvalidArgument when its fields do not say which (an unknown choice or
// outcome, a hand-off without its queue).
base::Result<Step> StepOf(const Event& event);

// The table: the state after `step` in `state`, or nullopt where the step is not allowed.
std::optional<ConversationState> Next(ConversationState state, Step step);

// Applies `event` to `conversation`: its state and the fields that go with it, last_seq, and
// awaiting_reply. kFailedPrecondition (and `conversation` unchanged) where the table does not
// allow the step in the conversation's state; kInvalidArgument for an event out of order or
// without the fields its step needs.
[[nodiscard]] base::Status Apply(Conversation& conversation, const Event& event);

// The summary of a conversation rebuilt from its whole history: `conversation`'s identity (id,
// token, language, customer, advisor, creation) with `events` (from `started` on) applied in
// order. The first refusal is returned.
base::Result<Conversation> Replay(const Conversation& conversation,
                                  const std::vector<Event>& events);

}  // namespace balie::model

#endif  // BALIE_MODEL_CONVERSATION_MACHINE_H_
