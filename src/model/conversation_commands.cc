#include "model/conversation_commands.h"

#include <utility>

#include "base/time_format.h"
#include "model/conversation_machine.h"

namespace balie::model {
namespace {

using State = ConversationState;

// The events of one command, numbered after the conversation's.
class Events {
 public:
  Events(const Conversation& conversation, base::TimePoint now)
      : conversation_(conversation), now_(now) {}

  Event& Add(Author author, EventData data, std::string text = "", std::string client_id = "") {
    Event& event = events_.emplace_back();
    event.seq = conversation_.last_seq + static_cast<std::int64_t>(events_.size());
    event.at = now_;
    event.author = author;
    event.data = std::move(data);
    event.text = std::move(text);
    event.client_id = std::move(client_id);
    return event;
  }

  // The events, if the state machine takes them in order; its refusal otherwise.
  base::Result<std::vector<Event>> Checked() && {
    Conversation after = conversation_;
    for (const Event& event : events_) {
      if (base::Status status = Apply(after, event); !status.ok()) {
        return base::FailedPrecondition(status.message());
      }
    }
    return std::move(events_);
  }

 private:
  const Conversation& conversation_;
  base::TimePoint now_;
  std::vector<Event> events_;
};

base::Status Refuse(std::string why) { return base::FailedPrecondition(std::move(why)); }

// A hand-off, and where nobody can take it now, the question kept for a reply.
void HandOff(Events& events, const AskForPerson& ask) {
  const Destination& to = ask.to;
  events.Add(ask.by, HandoffEvent{to.queue, ask.cause, ask.reasons, to.open, to.staffed, to.agent},
             "", ask.client_id);
  if (!to.staffed || !to.open) {
    events.Add(Author::kSystem, KeptForReply(to.open ? "nobody_on_duty" : "closed"));
  }
}

class Decider {
 public:
  Decider(const Conversation& conversation, const DecideContext& context)
      : conversation_(conversation), context_(context), events_(conversation, context.now) {}

  base::Status operator()(const SendMessage& command) {
    if (base::Status status = Room(); !status.ok()) {
      return status;
    }
    events_.Add(Author::kCustomer, CustomerMessageEvent{command.article_id}, command.text,
                command.client_id);
    return base::Status::Ok();
  }

  base::Status operator()(const AskForPerson& command) {
    if (base::Status status = Room(); !status.ok()) {
      return status;
    }
    if (command.to_advisor && conversation_.advisor.empty()) {
      return Refuse("this customer has no personal advisor");
    }
    const State state = conversation_.state;
    if (command.by == Author::kCustomer && WithPerson(state) &&
        !(command.to_advisor && state != State::kAssigned)) {
      return Refuse("a person already has this conversation, or it is already waiting for one");
    }
    HandOff(events_, command);
    return base::Status::Ok();
  }

  base::Status operator()(const Choose& command) {
    if (base::Status status = Room(); !status.ok()) {
      return status;
    }
    const State state = conversation_.state;
    const bool advisor = command.option == ChoiceOption::kAdvisorMessage || command.with_advisor;
    if (advisor && conversation_.advisor.empty()) {
      return Refuse("this customer has no personal advisor");
    }
    const bool handing_over =
        state == State::kWaiting || state == State::kFollowUp || state == State::kCallback;
    if (!handing_over && !(advisor && state == State::kBot)) {
      return Refuse("there is nothing to choose: this conversation is not waiting for a person");
    }
    switch (command.option) {
      case ChoiceOption::kWait:
        if (!command.open) {
          return Refuse(
              "the queue is closed" +
              (command.opens_at ? " until " + base::FormatTime(*command.opens_at) : std::string()) +
              "; leave the question for a reply or book a callback");
        }
        if (!advisor && !command.staffed && state != State::kWaiting) {
          return Refuse(
              "nobody from this queue is on duty now; leave the question for a reply, book a "
              "callback, or choose other_queue where the status offers it");
        }
        break;
      case ChoiceOption::kOtherQueue:
        if (command.staffed) {
          return Refuse("someone from this queue is on duty: there is no need for another queue");
        }
        if (!handing_over || !command.alternative) {
          return Refuse("no other queue has someone on duty now");
        }
        HandOff(events_,
                AskForPerson{command.client_id,
                             Author::kCustomer,
                             false,
                             *command.alternative,
                             "other_queue",
                             {"nobody from " + command.queue + " was on duty; the customer chose " +
                              command.alternative->queue.id + ", where someone is"}});
        return base::Status::Ok();
      case ChoiceOption::kCallback:
        if (!command.booked) {
          return Refuse("a callback needs a booked slot");
        }
        break;
      case ChoiceOption::kLeaveMessage:
      case ChoiceOption::kAdvisorMessage:
        break;
    }
    ChoiceEvent chosen;
    chosen.option = command.option;
    chosen.by = Author::kCustomer;
    chosen.queue = command.queue;
    if (command.option == ChoiceOption::kCallback) {
      chosen.callback = command.booked;
      chosen.with_advisor = command.with_advisor;
    }
    events_.Add(Author::kCustomer, std::move(chosen), "", command.client_id);
    return base::Status::Ok();
  }

  base::Status operator()(const BotAnswer& command) {
    if (!Next(conversation_.state, Step::kBotReply)) {
      return Refuse("the bot does not answer in state " +
                    std::string(StateName(conversation_.state)));
    }
    const bool handoff = command.reply.decision == ReplyDecision::kHandoff;
    // A question left for a written reply already waits for a person: what the bot would hand
    // over reaches that person without a second hand-off, and the reply says so.
    const bool already_left = handoff && conversation_.state == State::kFollowUp;
    events_.Add(Author::kBot, command.reply,
                already_left ? command.already_left_text : command.text);
    if (handoff && !already_left) {
      if (!command.handoff) {
        return Refuse("a hand-off needs where to");
      }
      HandOff(events_, *command.handoff);
    }
    return base::Status::Ok();
  }

  base::Status operator()(const LateCallback& command) {
    if (conversation_.state != State::kCallback) {
      return Refuse("no callback is booked");
    }
    events_.Add(Author::kSystem,
                CallbackOutcomeEvent{CallbackResult::kLate, 0, std::nullopt, std::nullopt},
                command.text, command.client_id);
    return base::Status::Ok();
  }

  base::Status operator()(const Notify& command) {
    if (command.keep_for_reply) {
      if (conversation_.state != State::kWaiting) {
        return Refuse("the conversation is not waiting");
      }
      events_.Add(Author::kSystem, KeptForReply(command.notice.reason));
    }
    events_.Add(Author::kSystem, command.notice, command.text, command.client_id);
    return base::Status::Ok();
  }

  base::Status operator()(const Assign& command) {
    if (conversation_.state == State::kBot || conversation_.state == State::kResolved) {
      return Refuse("the conversation is not waiting for a person");
    }
    // The number of a due callback goes with it: the call to make.
    const bool callback = conversation_.state == State::kCallback;
    events_.Add(
        command.by,
        AssignedEvent{command.agent, callback,
                      callback && conversation_.callback ? conversation_.callback->phone : ""},
        "", command.client_id);
    return base::Status::Ok();
  }

  base::Status operator()(const Join& command) {
    if (conversation_.state == State::kAssigned && conversation_.agent == command.agent.id &&
        !command.started) {
      events_.Add(Author::kAgent, AgentJoinedEvent{command.agent}, command.text);
    }
    return base::Status::Ok();
  }

  base::Status operator()(const AgentReply& command) {
    if (conversation_.state != State::kAssigned) {
      return Refuse("a person replies once the conversation is assigned");
    }
    if (base::Status status = (*this)(command.join); !status.ok()) {
      return status;
    }
    events_.Add(Author::kAgent, AgentMessageEvent{command.join.agent}, command.text,
                command.client_id);
    return base::Status::Ok();
  }

  base::Status operator()(const AddNote& command) {
    events_.Add(Author::kAgent, NoteEvent{command.by}, command.text, command.client_id);
    return base::Status::Ok();
  }

  base::Status operator()(const Transfer& command) {
    if (conversation_.state == State::kResolved) {
      return Refuse("the conversation is resolved");
    }
    events_.Add(Author::kAgent,
                TransferredEvent{command.to.queue,
                                 command.to.open,
                                 command.by,
                                 {"transferred by " + command.by.name +
                                  (command.note.empty() ? "" : ": " + command.note)},
                                 command.to.agent},
                command.text, command.client_id);
    Note(command.by, command.note);
    return base::Status::Ok();
  }

  base::Status operator()(const Resolve& command) {
    if (conversation_.state == State::kResolved) {
      return Refuse("the conversation is already resolved");
    }
    events_.Add(Author::kAgent, ResolvedEvent{command.by}, "", command.client_id);
    return base::Status::Ok();
  }

  base::Status operator()(const BookCallback& command) {
    ChoiceEvent choice;
    choice.option = ChoiceOption::kCallback;
    choice.by = Author::kAgent;
    choice.queue = command.queue;
    choice.callback = command.booked;
    events_.Add(Author::kAgent, std::move(choice), "", command.client_id);
    return base::Status::Ok();
  }

  base::Status operator()(const RecordCallback& command) {
    if (conversation_.state != State::kAssigned) {
      return Refuse("nobody is calling this conversation back: it is not assigned");
    }
    events_.Add(Author::kAgent,
                CallbackOutcomeEvent{command.result, command.attempt, command.by, command.retry},
                command.text, command.client_id);
    Note(command.by, command.note);
    return base::Status::Ok();
  }

  base::Status operator()(const RecordDecision& command) {
    if (conversation_.state == State::kBot) {
      return Refuse("staff decide once the conversation has reached a person");
    }
    if (conversation_.state == State::kResolved) {
      return Refuse("the conversation is resolved");
    }
    events_.Add(Author::kAgent, command.decision, command.text, command.client_id);
    return base::Status::Ok();
  }

  base::Status operator()(const AnswerApproval& command) {
    if (!command.waiting) {
      return Refuse("this request no longer waits for approval: it was answered or expired");
    }
    events_.Add(command.approval.by ? Author::kAgent : Author::kSystem, command.approval,
                command.text, command.client_id);
    return base::Status::Ok();
  }

  base::Status operator()(const RecordContest& command) {
    events_.Add(Author::kAgent, command.contest, command.text, command.client_id);
    return base::Status::Ok();
  }

  Events& events() { return events_; }

 private:
  // A customer adds to a conversation only while it holds fewer than the most events one may
  // hold (what answers them still fits).
  base::Status Room() const {
    if (conversation_.last_seq < context_.max_events) {
      return base::Status::Ok();
    }
    return Refuse("this conversation is full: it holds " + std::to_string(conversation_.last_seq) +
                  " events, the most one may hold; start a new conversation to go on");
  }

  void Note(const AgentRef& by, const std::string& note) {
    if (!note.empty()) {
      events_.Add(Author::kAgent, NoteEvent{by}, note);
    }
  }

  const Conversation& conversation_;
  const DecideContext& context_;
  Events events_;
};

}  // namespace

ChoiceEvent KeptForReply(std::string reason) {
  ChoiceEvent choice;
  choice.option = ChoiceOption::kLeaveMessage;
  choice.by = Author::kSystem;
  choice.reason = std::move(reason);
  return choice;
}

bool WithPerson(ConversationState state) {
  return state == State::kWaiting || state == State::kFollowUp || state == State::kCallback ||
         state == State::kAssigned;
}

base::Result<std::vector<Event>> Decide(const Conversation& conversation, const Command& command,
                                        const DecideContext& context) {
  Decider decider(conversation, context);
  if (base::Status status = std::visit(decider, command); !status.ok()) {
    return status;
  }
  return std::move(decider.events()).Checked();
}

}  // namespace balie::model
