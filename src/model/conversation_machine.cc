#include "model/conversation_machine.h"

#include <algorithm>
#include <array>
#include <string>
#include <utility>

namespace balie::model {
namespace {

using State = ConversationState;

constexpr std::array<std::pair<Step, std::string_view>, kStepCount> kStepNames{{
    {Step::kStarted, "started"},
    {Step::kCustomerMessage, "customer_message"},
    {Step::kBotReply, "bot_reply"},
    {Step::kHandoffOpen, "handoff/open"},
    {Step::kHandoffClosed, "handoff/closed"},
    {Step::kChooseWait, "choice/wait"},
    {Step::kChooseLeaveMessage, "choice/leave_message"},
    {Step::kChooseAdvisorMessage, "choice/advisor_message"},
    {Step::kChooseCallback, "choice/callback"},
    {Step::kAgentMessage, "agent_message"},
    {Step::kNote, "note"},
    {Step::kAssigned, "assigned"},
    {Step::kTransferredOpen, "transferred/open"},
    {Step::kTransferredClosed, "transferred/closed"},
    {Step::kResolved, "resolved"},
    {Step::kCallbackReached, "callback_outcome/reached"},
    {Step::kCallbackRetry, "callback_outcome/retry"},
    {Step::kCallbackNotReached, "callback_outcome/not_reached"},
    {Step::kCallbackLate, "callback_outcome/late"},
    {Step::kAgentJoined, "agent_joined"},
    {Step::kNotice, "notice"},
    {Step::kDecision, "decision"},
    {Step::kApproval, "approval"},
    {Step::kContest, "contest"},
}};

struct Transition {
  State from;
  Step step;
  State to;
};

// Every allowed transition; a pair (state, step) that is not here is refused. Keep in step with
// conversation_transitions.txt (model_test compares them).
constexpr std::array kTransitions{
    Transition{State::kBot, Step::kStarted, State::kBot},

    Transition{State::kBot, Step::kCustomerMessage, State::kBot},
    Transition{State::kWaiting, Step::kCustomerMessage, State::kWaiting},
    Transition{State::kFollowUp, Step::kCustomerMessage, State::kFollowUp},
    Transition{State::kCallback, Step::kCustomerMessage, State::kCallback},
    Transition{State::kAssigned, Step::kCustomerMessage, State::kAssigned},
    Transition{State::kResolved, Step::kCustomerMessage, State::kBot},  // a new question reopens

    Transition{State::kBot, Step::kBotReply, State::kBot},
    // While the question waits for a person's written reply (after hours), the bot goes on
    // answering what it can.
    Transition{State::kFollowUp, Step::kBotReply, State::kFollowUp},

    // A hand-off from the bot, or to the personal advisor while waiting for anyone.
    Transition{State::kBot, Step::kHandoffOpen, State::kWaiting},
    Transition{State::kWaiting, Step::kHandoffOpen, State::kWaiting},
    Transition{State::kFollowUp, Step::kHandoffOpen, State::kWaiting},
    Transition{State::kCallback, Step::kHandoffOpen, State::kWaiting},
    Transition{State::kBot, Step::kHandoffClosed, State::kFollowUp},
    Transition{State::kWaiting, Step::kHandoffClosed, State::kFollowUp},
    Transition{State::kFollowUp, Step::kHandoffClosed, State::kFollowUp},
    Transition{State::kCallback, Step::kHandoffClosed, State::kFollowUp},

    // The customer's choices while waiting for a person (the advisor's also from the bot).
    Transition{State::kWaiting, Step::kChooseWait, State::kWaiting},
    Transition{State::kFollowUp, Step::kChooseWait, State::kWaiting},
    Transition{State::kCallback, Step::kChooseWait, State::kWaiting},
    Transition{State::kWaiting, Step::kChooseLeaveMessage, State::kFollowUp},
    Transition{State::kFollowUp, Step::kChooseLeaveMessage, State::kFollowUp},
    Transition{State::kCallback, Step::kChooseLeaveMessage, State::kFollowUp},
    Transition{State::kBot, Step::kChooseAdvisorMessage, State::kFollowUp},
    Transition{State::kWaiting, Step::kChooseAdvisorMessage, State::kFollowUp},
    Transition{State::kFollowUp, Step::kChooseAdvisorMessage, State::kFollowUp},
    Transition{State::kCallback, Step::kChooseAdvisorMessage, State::kFollowUp},
    // A callback: booked by the customer (from the bot only with their advisor) or by staff.
    Transition{State::kBot, Step::kChooseCallback, State::kCallback},
    Transition{State::kWaiting, Step::kChooseCallback, State::kCallback},
    Transition{State::kFollowUp, Step::kChooseCallback, State::kCallback},
    Transition{State::kCallback, Step::kChooseCallback, State::kCallback},
    Transition{State::kAssigned, Step::kChooseCallback, State::kCallback},

    Transition{State::kAssigned, Step::kAgentMessage, State::kAssigned},

    Transition{State::kBot, Step::kNote, State::kBot},
    Transition{State::kWaiting, Step::kNote, State::kWaiting},
    Transition{State::kFollowUp, Step::kNote, State::kFollowUp},
    Transition{State::kCallback, Step::kNote, State::kCallback},
    Transition{State::kAssigned, Step::kNote, State::kAssigned},
    Transition{State::kResolved, Step::kNote, State::kResolved},

    Transition{State::kWaiting, Step::kAssigned, State::kAssigned},
    Transition{State::kFollowUp, Step::kAssigned, State::kAssigned},
    Transition{State::kCallback, Step::kAssigned, State::kAssigned},
    Transition{State::kAssigned, Step::kAssigned, State::kAssigned},  // to another agent

    Transition{State::kBot, Step::kTransferredOpen, State::kWaiting},
    Transition{State::kWaiting, Step::kTransferredOpen, State::kWaiting},
    Transition{State::kFollowUp, Step::kTransferredOpen, State::kWaiting},
    Transition{State::kCallback, Step::kTransferredOpen, State::kWaiting},
    Transition{State::kAssigned, Step::kTransferredOpen, State::kWaiting},
    Transition{State::kBot, Step::kTransferredClosed, State::kFollowUp},
    Transition{State::kWaiting, Step::kTransferredClosed, State::kFollowUp},
    Transition{State::kFollowUp, Step::kTransferredClosed, State::kFollowUp},
    Transition{State::kCallback, Step::kTransferredClosed, State::kFollowUp},
    Transition{State::kAssigned, Step::kTransferredClosed, State::kFollowUp},

    Transition{State::kBot, Step::kResolved, State::kResolved},
    Transition{State::kWaiting, Step::kResolved, State::kResolved},
    Transition{State::kFollowUp, Step::kResolved, State::kResolved},
    Transition{State::kCallback, Step::kResolved, State::kResolved},
    Transition{State::kAssigned, Step::kResolved, State::kResolved},

    // A callback is made by the agent it was assigned to.
    Transition{State::kAssigned, Step::kCallbackReached, State::kAssigned},
    Transition{State::kAssigned, Step::kCallbackRetry, State::kCallback},
    Transition{State::kAssigned, Step::kCallbackNotReached, State::kFollowUp},
    Transition{State::kCallback, Step::kCallbackLate, State::kCallback},

    Transition{State::kAssigned, Step::kAgentJoined, State::kAssigned},

    // Told about the wait (nobody on duty any more, longer than expected) while a person is due.
    Transition{State::kWaiting, Step::kNotice, State::kWaiting},
    Transition{State::kFollowUp, Step::kNotice, State::kFollowUp},
    Transition{State::kCallback, Step::kNotice, State::kCallback},

    // Staff decide for a customer whose conversation reached them; the answer to a request for
    // approval comes whatever became of the conversation meanwhile.
    Transition{State::kWaiting, Step::kDecision, State::kWaiting},
    Transition{State::kFollowUp, Step::kDecision, State::kFollowUp},
    Transition{State::kCallback, Step::kDecision, State::kCallback},
    Transition{State::kAssigned, Step::kDecision, State::kAssigned},
    Transition{State::kBot, Step::kApproval, State::kBot},
    Transition{State::kWaiting, Step::kApproval, State::kWaiting},
    Transition{State::kFollowUp, Step::kApproval, State::kFollowUp},
    Transition{State::kCallback, Step::kApproval, State::kCallback},
    Transition{State::kAssigned, Step::kApproval, State::kAssigned},
    Transition{State::kResolved, Step::kApproval, State::kResolved},
    Transition{State::kBot, Step::kContest, State::kBot},
    Transition{State::kWaiting, Step::kContest, State::kWaiting},
    Transition{State::kFollowUp, Step::kContest, State::kFollowUp},
    Transition{State::kCallback, Step::kContest, State::kCallback},
    Transition{State::kAssigned, Step::kContest, State::kAssigned},
    Transition{State::kResolved, Step::kContest, State::kResolved},
};

base::Status Missing(const Event& event, std::string_view what) {
  return base::InvalidArgument(std::string(EventKindName(event.kind())) + " event " +
                               std::to_string(event.seq) + " lacks " + std::string(what));
}

// Into a queue: waiting from `at` where it is open, else kept for a written reply.
void Enqueue(Conversation& conversation, const Event& event, State to, std::string queue,
             std::string requested_agent) {
  conversation.queue = std::move(queue);
  conversation.requested_agent = std::move(requested_agent);
  conversation.agent.clear();
  conversation.callback.reset();
  if (to == State::kWaiting) {
    conversation.queued_at = event.at;
  }
}

}  // namespace

std::string_view StepName(Step step) {
  for (const auto& [candidate, name] : kStepNames) {
    if (candidate == step) {
      return name;
    }
  }
  return "unknown";
}

std::optional<Step> ParseStep(std::string_view name) {
  for (const auto& [step, step_name] : kStepNames) {
    if (step_name == name) {
      return step;
    }
  }
  return std::nullopt;
}

base::Result<Step> StepOf(const Event& event) {
  if (const auto* handoff = event.As<HandoffEvent>()) {
    if (handoff->queue.id.empty()) {
      return Missing(event, "its queue");
    }
    // "staffed": false (nobody on duty in an open queue) counts as closed.
    return handoff->open && handoff->staffed ? Step::kHandoffOpen : Step::kHandoffClosed;
  }
  if (const auto* transfer = event.As<TransferredEvent>()) {
    if (transfer->queue.id.empty()) {
      return Missing(event, "its queue");
    }
    return transfer->open ? Step::kTransferredOpen : Step::kTransferredClosed;
  }
  if (const auto* choice = event.As<ChoiceEvent>()) {
    switch (choice->option) {
      case ChoiceOption::kWait:
        return Step::kChooseWait;
      case ChoiceOption::kLeaveMessage:
        return Step::kChooseLeaveMessage;
      case ChoiceOption::kAdvisorMessage:
        return Step::kChooseAdvisorMessage;
      case ChoiceOption::kCallback:
        return Step::kChooseCallback;
      case ChoiceOption::kOtherQueue:  // recorded as a hand-off to the other queue
        break;
    }
    return Missing(event, "an option a choice records");
  }
  if (const auto* outcome = event.As<CallbackOutcomeEvent>()) {
    switch (outcome->outcome) {
      case CallbackResult::kReached:
        return Step::kCallbackReached;
      case CallbackResult::kLate:
        return Step::kCallbackLate;
      case CallbackResult::kNoAnswer:
      case CallbackResult::kWrongNumber:
        return outcome->retry ? Step::kCallbackRetry : Step::kCallbackNotReached;
    }
    return Missing(event, "a known outcome");
  }
  switch (event.kind()) {
    case EventKind::kStarted:
      return Step::kStarted;
    case EventKind::kCustomerMessage:
      return Step::kCustomerMessage;
    case EventKind::kBotReply:
      return Step::kBotReply;
    case EventKind::kAgentMessage:
      return Step::kAgentMessage;
    case EventKind::kNote:
      return Step::kNote;
    case EventKind::kAssigned:
      return Step::kAssigned;
    case EventKind::kResolved:
      return Step::kResolved;
    case EventKind::kAgentJoined:
      return Step::kAgentJoined;
    case EventKind::kNotice:
      return Step::kNotice;
    case EventKind::kDecision:
      return Step::kDecision;
    case EventKind::kApproval:
      return Step::kApproval;
    case EventKind::kContest:
      return Step::kContest;
    case EventKind::kHandoff:
    case EventKind::kTransferred:
    case EventKind::kChoice:
    case EventKind::kCallbackOutcome:
      break;  // above
  }
  return Missing(event, "a known kind");
}

std::optional<ConversationState> Next(ConversationState state, Step step) {
  for (const Transition& transition : kTransitions) {
    if (transition.from == state && transition.step == step) {
      return transition.to;
    }
  }
  return std::nullopt;
}

base::Status Apply(Conversation& conversation, const Event& event) {
  if (event.seq != conversation.last_seq + 1) {
    return base::InvalidArgument("event " + std::to_string(event.seq) + " does not follow event " +
                                 std::to_string(conversation.last_seq));
  }
  auto step = StepOf(event);
  if (!step.ok()) {
    return step.status();
  }
  const std::optional<State> to = Next(conversation.state, *step);
  if (!to) {
    return base::FailedPrecondition("a conversation in state " +
                                    std::string(StateName(conversation.state)) + " cannot take " +
                                    std::string(StepName(*step)));
  }
  Conversation next = conversation;
  const auto* choice = event.As<ChoiceEvent>();
  if (choice != nullptr && !choice->queue.empty()) {
    next.queue = choice->queue;  // chosen before the conversation had a queue
  }
  switch (*step) {
    case Step::kStarted:
    case Step::kAgentMessage:
    case Step::kNote:
    case Step::kCallbackLate:
    case Step::kAgentJoined:
    case Step::kNotice:
    case Step::kDecision:
    case Step::kApproval:
    case Step::kContest:
      break;
    case Step::kCallbackReached:
      next.callback.reset();  // the call is made
      break;
    case Step::kCustomerMessage:
      if (conversation.state == State::kResolved) {
        next.agent.clear();
        next.requested_agent.clear();
      }
      next.awaiting_reply = Next(*to, Step::kBotReply).has_value();  // the bot replies
      break;
    case Step::kBotReply:
      next.awaiting_reply = false;
      // The bot replies in the question's language; from then on Balie's own sentences (the
      // status, hand-offs, notices) follow it.
      next.language = std::get<BotReplyEvent>(event.data).language;
      break;
    case Step::kHandoffOpen:
    case Step::kHandoffClosed: {
      const auto& handoff = std::get<HandoffEvent>(event.data);
      Enqueue(next, event, *to, handoff.queue.id, handoff.agent ? handoff.agent->id : "");
      break;
    }
    case Step::kTransferredOpen:
    case Step::kTransferredClosed: {
      const auto& transfer = std::get<TransferredEvent>(event.data);
      Enqueue(next, event, *to, transfer.queue.id, transfer.agent ? transfer.agent->id : "");
      next.priority = std::max(next.priority, 1);  // not to the back of the line
      break;
    }
    case Step::kChooseWait:
      next.callback.reset();
      if (conversation.state != State::kWaiting) {
        next.queued_at = event.at;  // a customer who goes on waiting keeps their place
      }
      break;
    case Step::kChooseLeaveMessage:
      next.callback.reset();
      next.requested_agent.clear();
      break;
    case Step::kChooseAdvisorMessage:
      next.callback.reset();
      next.requested_agent = conversation.advisor;
      break;
    case Step::kChooseCallback:
      if (!choice->callback) {
        return Missing(event, "its slot");
      }
      next.callback = choice->callback;
      next.agent.clear();
      next.requested_agent = choice->with_advisor ? conversation.advisor : "";
      break;
    case Step::kAssigned: {
      const auto& assigned = std::get<AssignedEvent>(event.data);
      if (assigned.agent.id.empty()) {
        return Missing(event, "its agent");
      }
      next.agent = assigned.agent.id;
      next.assigned_at = event.at;
      next.requested_agent.clear();
      // A callback's booking stays while it is assigned: it is the call to make (the number),
      // until its outcome is recorded.
      break;
    }
    case Step::kResolved:
      next.callback.reset();
      next.requested_agent.clear();
      break;
    case Step::kCallbackRetry:
      next.callback = std::get<CallbackOutcomeEvent>(event.data).retry;
      next.agent.clear();
      break;
    case Step::kCallbackNotReached:
      next.agent.clear();
      next.callback.reset();
      break;
  }
  // A left question waits from when it was left (however it came to be left): staff are shown
  // that wait, and the inbox is in that order.
  if (*to == State::kFollowUp &&
      (conversation.state != State::kFollowUp || next.queue != conversation.queue)) {
    next.queued_at = event.at;
  }
  if (!Next(*to, Step::kBotReply)) {
    next.awaiting_reply = false;  // a person has it now: the bot has nothing left to answer
  }
  next.state = *to;
  next.last_seq = event.seq;
  conversation = std::move(next);
  return base::Status::Ok();
}

base::Result<Conversation> Replay(const Conversation& conversation,
                                  const std::vector<Event>& events) {
  Conversation replayed;
  replayed.id = conversation.id;
  replayed.token_hash = conversation.token_hash;
  replayed.language = conversation.language;
  replayed.created_at = conversation.created_at;
  replayed.customer_ref = conversation.customer_ref;
  replayed.advisor = conversation.advisor;
  for (const Event& event : events) {
    if (base::Status status = Apply(replayed, event); !status.ok()) {
      return status;
    }
  }
  return replayed;
}

}  // namespace balie::model
