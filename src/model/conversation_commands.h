#ifndef BALIE_MODEL_CONVERSATION_COMMANDS_H_
#define BALIE_MODEL_CONVERSATION_COMMANDS_H_

// What each command does to a conversation: Decide(conversation, command, context) → the events
// to store, or a refusal. Pure: the services gather the facts a command needs (the queue's hours
// and who is on duty, the booked slot, the engine's answer, the sentences in the customer's
// language) and put them in the command; Decide chooses the events from the conversation's state
// and those facts, and checks them against the state machine (Apply), so what it returns is
// always a change Commit can store. conversation_commands.txt beside this file is the table of
// what each command makes in each state, read by a test.
//
// A new command is a struct here, an alternative of Command, a Decide case in the .cc and rows
// in the table. A new event kind starts in event.h.

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "model/conversation.h"

namespace balie::model {

// Where a hand-off or transfer goes, as the service found it.
struct Destination {
  QueueRef queue;
  bool open = true;               // by the queue's hours
  bool staffed = true;            // someone serving it is on duty (or it goes to one agent)
  std::optional<AgentRef> agent;  // only this agent may take it
};

// ---- the customer's ----

struct SendMessage {
  std::string client_id;
  std::string text;
  std::string article_id;  // picked from a "did you mean"
};

// To a person: the customer asks (for anyone, or their advisor), or the bot hands over.
struct AskForPerson {
  std::string client_id;
  Author by = Author::kCustomer;
  bool to_advisor = false;
  Destination to;
  std::string cause;  // a stable code: customer_request, advisor_request, upset, …
  std::vector<std::string> reasons;
};

struct Choose {
  std::string client_id;
  ChoiceOption option = ChoiceOption::kWait;
  bool with_advisor = false;
  std::string queue;  // the conversation's queue, or where a hand-off would go
  bool open = true;   // that queue, now
  bool staffed = true;
  std::optional<base::TimePoint> opens_at;  // when it opens, if closed
  std::optional<CallbackBooking> booked;    // option kCallback: the slot booked for it
  std::optional<Destination> alternative;   // option kOtherQueue: a queue with someone on duty
};

// ---- Balie's ----

struct BotAnswer {
  BotReplyEvent reply;
  std::string text;
  // reply.decision kHandoff: where to (unless the question already waits for a written reply),
  // and the sentence for a question that already waits.
  std::optional<AskForPerson> handoff;
  std::string already_left_text;
};

// A due booking's slot passed without a call.
struct LateCallback {
  std::string client_id;
  std::string text;
};

// Told about the wait: nobody is on duty any more (kept for a reply) or it is long.
struct Notify {
  std::string client_id;
  bool keep_for_reply = false;  // nobody on duty any more: the question is kept for a reply
  NoticeEvent notice;
  std::string text;
};

// ---- staff's ----

struct Assign {
  std::string client_id;
  Author by = Author::kSystem;  // the dispatcher, or a member of staff
  AgentRef agent;
};

// The assigned agent really starts (opens it, or writes): said once per assignment.
struct Join {
  AgentRef agent;
  bool started = false;  // already said since the assignment
  std::string text;
};

// A member of staff writes to the customer (the assigned agent, or a supervisor).
struct AgentReply {
  std::string client_id;
  std::string text;
  Join join;  // who writes; said first if they are the assigned agent and have not started
};

struct AddNote {
  std::string client_id;
  AgentRef by;
  std::string text;
};

struct Transfer {
  std::string client_id;
  AgentRef by;
  Destination to;
  std::string text;  // for the customer
  std::string note;  // for colleagues; empty for none
};

struct Resolve {
  std::string client_id;
  AgentRef by;
};

struct BookCallback {
  std::string client_id;
  AgentRef by;
  std::string queue;
  CallbackBooking booked;
};

struct RecordCallback {
  std::string client_id;
  AgentRef by;
  CallbackResult result = CallbackResult::kReached;
  int attempt = 1;
  std::optional<CallbackBooking> retry;  // not reached: the next slot booked
  std::string text;                      // for the customer
  std::string note;                      // for colleagues; empty for none
};

// A member of staff decides for the customer (model/mandate.h judged it): taken at once within
// their mandate, or asked of a colleague above it (`decision.needs_approval`).
struct RecordDecision {
  std::string client_id;
  DecisionEvent decision;
  std::string text;  // for the customer
};

// A colleague approves or refuses a requested decision, or Balie records that it expired.
struct AnswerApproval {
  std::string client_id;
  ApprovalEvent approval;
  // The fact the service found: the request still waits (asked, not yet answered nor expired).
  bool waiting = true;
  std::string text;  // for the customer
};

// The customer is told in the conversation that their contest of a flag was received, or how a
// colleague not involved in the flag reviewed it (model/customer_flag.h judged it). In any state:
// a resolved conversation is where the customer reads it too.
struct RecordContest {
  std::string client_id;
  ContestEvent contest;
  std::string text;  // for the customer
};

using Command = std::variant<SendMessage, AskForPerson, Choose, BotAnswer, LateCallback, Notify,
                             Assign, Join, AgentReply, AddNote, Transfer, Resolve, BookCallback,
                             RecordCallback, RecordDecision, AnswerApproval, RecordContest>;

struct DecideContext {
  base::TimePoint now;
  std::int64_t max_events = 10000;  // a conversation holds at most this many events
};

// The events `command` makes in `conversation` (numbered after its last, at `context.now`), or
// kFailedPrecondition saying why not in words a client can show. Never an event list the state
// machine would refuse.
base::Result<std::vector<Event>> Decide(const Conversation& conversation, const Command& command,
                                        const DecideContext& context);

// The choice Balie records when nobody can take a question now (`reason`: "closed" or
// "nobody_on_duty"): it is kept for a written reply.
ChoiceEvent KeptForReply(std::string reason);

// Whether a person has the conversation or has it coming (waiting, follow_up, callback,
// assigned).
bool WithPerson(ConversationState state);

}  // namespace balie::model

#endif  // BALIE_MODEL_CONVERSATION_COMMANDS_H_
