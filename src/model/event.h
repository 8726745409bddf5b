#ifndef BALIE_MODEL_EVENT_H_
#define BALIE_MODEL_EVENT_H_

// The events of a conversation's history, typed: one struct per kind, held by `Event` in a
// variant. A new kind is a struct here, a name in event.cc, a step in conversation_machine.h, its
// JSON in event_json.cc (stored and shown to staff) and its customer view in api/frames.cc; the
// compiler points out each place a visit misses it. The meaning of each field on the wire is in
// docs/api.md and docs/staff-api.md.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "base/clock.h"
#include "model/article.h"

namespace balie::model {

enum class EventKind {
  kStarted,
  kCustomerMessage,
  kBotReply,
  kHandoff,
  kChoice,
  kAgentMessage,
  kNote,  // an internal note of staff: never shown to the customer
  kAssigned,
  kTransferred,
  kResolved,
  kCallbackOutcome,
  // The assigned agent really started: opened the conversation or wrote (once per assignment).
  kAgentJoined,
  // Balie tells the customer something about their wait and what they can do instead (nobody is
  // on duty any more, or the wait is longer than expected). The state does not change.
  kNotice,
  // A member of staff decided something for the customer within the organisation's described
  // decisions (model/mandate.h): taken at once within their mandate, or requested for a
  // colleague's approval above it. The state does not change.
  kDecision,
  // A requested decision was approved or refused by a colleague, or expired unanswered.
  kApproval,
  // A customer's contest of a flag about them (model/customer_flag.h): received, or reviewed by
  // a colleague not involved in the flag. The state does not change.
  kContest,
};
std::string_view EventKindName(EventKind kind);  // "started", "customer_message", …
std::optional<EventKind> ParseEventKind(std::string_view name);
// Whether the customer sees events of this kind.
bool VisibleToCustomer(EventKind kind);

enum class Author { kCustomer, kBot, kSystem, kAgent };
std::string_view AuthorName(Author author);  // "customer", "bot", "system", "agent"
std::optional<Author> ParseAuthor(std::string_view name);

// How a customer can go on while a person is needed. kOtherQueue: to the status's `alternative`,
// a queue with someone on duty, while nobody is in the conversation's own (recorded as a
// hand-off to that queue, not as a choice).
enum class ChoiceOption { kWait, kLeaveMessage, kCallback, kAdvisorMessage, kOtherQueue };
// "wait", "leave_message", "callback", "advisor_message", "other_queue"
std::string_view ChoiceName(ChoiceOption option);
std::optional<ChoiceOption> ParseChoice(std::string_view name);

// What the bot did with a customer message.
// kDecline: not about the organisation; the bot said what it can help with (no hand-off).
enum class ReplyDecision { kAnswer, kClarify, kHandoff, kDecline };
// "answer", "clarify", "handoff", "decline"
std::string_view ReplyDecisionName(ReplyDecision decision);
std::optional<ReplyDecision> ParseReplyDecision(std::string_view name);

// How a callback went: made by an agent (reached, no answer, wrong number), or its slot passed
// without a call (late, recorded by Balie).
enum class CallbackResult { kReached, kNoAnswer, kWrongNumber, kLate };
// "reached", "no_answer", "wrong_number", "late"
std::string_view CallbackResultName(CallbackResult result);
std::optional<CallbackResult> ParseCallbackResult(std::string_view name);

// A requested decision's outcome.
enum class ApprovalVerdict { kApproved, kRefused, kExpired };
std::string_view ApprovalVerdictName(ApprovalVerdict verdict);  // "approved", "refused", "expired"
std::optional<ApprovalVerdict> ParseApprovalVerdict(std::string_view name);

// Where a customer's contest of a flag stands: received (open, waiting for review), or reviewed:
// upheld (the customer is right: the flag is withdrawn) or rejected (the flag stands).
enum class ContestStage { kReceived, kUpheld, kRejected };
std::string_view ContestStageName(ContestStage stage);  // "received", "upheld", "rejected"
std::optional<ContestStage> ParseContestStage(std::string_view name);

// A member of staff as an event names them: the id (for colleagues) and the display name.
struct AgentRef {
  std::string id;
  std::string name;  // empty where unknown

  friend bool operator==(const AgentRef&, const AgentRef&) = default;
};

struct QueueRef {
  std::string id;
  std::string name;  // in the conversation's language; empty where not recorded (a choice's)

  friend bool operator==(const QueueRef&, const QueueRef&) = default;
};

struct CallbackBooking {
  base::TimePoint start;
  base::TimePoint end;
  std::string phone;
  std::string name;

  friend bool operator==(const CallbackBooking&, const CallbackBooking&) = default;
};

// ---- one struct per kind, in the order of EventKind ----

struct StartedEvent {
  Language language = Language::kDutch;

  friend bool operator==(const StartedEvent&, const StartedEvent&) = default;
};

struct CustomerMessageEvent {
  std::string article_id;  // the option picked from a "did you mean"; empty for typed text

  friend bool operator==(const CustomerMessageEvent&, const CustomerMessageEvent&) = default;
};

struct BotReplyEvent {
  ReplyDecision decision = ReplyDecision::kAnswer;
  std::vector<SourceRef> sources;  // the article answered from first, then the options offered
  double confidence = 0;
  std::vector<std::string> reasons;  // the engine's, for staff
  Language language = Language::kDutch;
  std::string heading;  // the passage answered from; empty for the article's opening

  friend bool operator==(const BotReplyEvent&, const BotReplyEvent&) = default;
};

struct HandoffEvent {
  QueueRef queue;
  std::string cause;  // a stable code (docs/openapi.yaml, HandoffCause); empty in old events
  std::vector<std::string> reasons;
  bool open = true;  // open by the queue's hours
  // Someone was on duty there (or it went to one agent): false keeps the question for a reply.
  bool staffed = true;
  std::optional<AgentRef> agent;  // to this agent only (the personal advisor)

  friend bool operator==(const HandoffEvent&, const HandoffEvent&) = default;
};

struct ChoiceEvent {
  ChoiceOption option = ChoiceOption::kWait;
  Author by = Author::kCustomer;            // customer, agent, or system (a choice Balie recorded)
  std::string reason;                       // by system: "closed" or "nobody_on_duty"
  std::string queue;                        // the queue's id where the choice named it
  std::optional<CallbackBooking> callback;  // option kCallback: the slot, phone and name
  bool with_advisor = false;                // the callback or message is for the advisor

  friend bool operator==(const ChoiceEvent&, const ChoiceEvent&) = default;
};

struct AgentMessageEvent {
  AgentRef agent;

  friend bool operator==(const AgentMessageEvent&, const AgentMessageEvent&) = default;
};

struct NoteEvent {
  AgentRef agent;

  friend bool operator==(const NoteEvent&, const NoteEvent&) = default;
};

struct AssignedEvent {
  AgentRef agent;
  bool callback = false;  // a due callback was assigned: the call to make
  std::string phone;      // the number to call, for a callback

  friend bool operator==(const AssignedEvent&, const AssignedEvent&) = default;
};

struct TransferredEvent {
  QueueRef queue;
  bool open = true;  // the queue was open by its hours
  AgentRef by;       // the member of staff who transferred it
  std::vector<std::string> reasons;
  std::optional<AgentRef> agent;  // to this agent only

  friend bool operator==(const TransferredEvent&, const TransferredEvent&) = default;
};

struct ResolvedEvent {
  std::optional<AgentRef> agent;  // who resolved it

  friend bool operator==(const ResolvedEvent&, const ResolvedEvent&) = default;
};

struct CallbackOutcomeEvent {
  CallbackResult outcome = CallbackResult::kReached;
  int attempt = 0;                       // 1, 2, … for a call made; 0 for kLate
  std::optional<AgentRef> agent;         // who called
  std::optional<CallbackBooking> retry;  // not reached: the next slot booked, and the number

  friend bool operator==(const CallbackOutcomeEvent&, const CallbackOutcomeEvent&) = default;
};

struct AgentJoinedEvent {
  AgentRef agent;

  friend bool operator==(const AgentJoinedEvent&, const AgentJoinedEvent&) = default;
};

struct NoticeEvent {
  std::string reason;                   // "nobody_on_duty" or "long_wait"
  std::vector<ChoiceOption> options;    // what the customer can do now
  std::optional<QueueRef> alternative;  // a queue with someone on duty, where offered

  friend bool operator==(const NoticeEvent&, const NoticeEvent&) = default;
};

// What was decided (the event's text tells the customer). The unit and the amount are recorded
// as they were then, whatever the configuration says later.
struct DecisionEvent {
  std::string decision;  // the described decision's id: "waive_fee"
  std::string unit;      // its unit's name then: "euro" (cents), "days", "exception"
  std::int64_t amount = 0;
  std::string reason;  // the member of staff's own words, for colleagues
  std::string rule;    // the rule it departs from, if any
  AgentRef by;
  // Above their mandate: waits for a colleague's approval (an approval event naming this event's
  // seq) until `expires`.
  bool needs_approval = false;
  std::optional<base::TimePoint> expires;

  friend bool operator==(const DecisionEvent&, const DecisionEvent&) = default;
};

struct ApprovalEvent {
  std::int64_t request = 0;  // the seq of the decision event that asked for it
  ApprovalVerdict verdict = ApprovalVerdict::kApproved;
  std::string reason;          // the approver's; empty for kExpired
  std::optional<AgentRef> by;  // the approver; absent for kExpired

  friend bool operator==(const ApprovalEvent&, const ApprovalEvent&) = default;
};

// A contest of flag `flag` received (by = who recorded it for the customer) or reviewed (by = the
// reviewer, never someone involved in the flag, with their reason). The event's text tells the
// customer; the customer's own words are kept with the flag, not here.
struct ContestEvent {
  std::int64_t flag = 0;
  ContestStage stage = ContestStage::kReceived;
  std::string reason;  // the reviewer's; empty when received
  AgentRef by;

  friend bool operator==(const ContestEvent&, const ContestEvent&) = default;
};

// The fields of an event of each kind; the alternative's index is its EventKind.
using EventData =
    std::variant<StartedEvent, CustomerMessageEvent, BotReplyEvent, HandoffEvent, ChoiceEvent,
                 AgentMessageEvent, NoteEvent, AssignedEvent, TransferredEvent, ResolvedEvent,
                 CallbackOutcomeEvent, AgentJoinedEvent, NoticeEvent, DecisionEvent, ApprovalEvent,
                 ContestEvent>;
static_assert(std::variant_size_v<EventData> == static_cast<size_t>(EventKind::kContest) + 1,
              "one alternative of EventData per EventKind, in its order");
static_assert(
    std::is_same_v<std::variant_alternative_t<static_cast<size_t>(EventKind::kContest), EventData>,
                   ContestEvent>);

// The fields of an event of `kind`, each at its default.
EventData DefaultData(EventKind kind);

// Retention (storage/audit_store.h, EraseTexts): empties the fields of `data` that hold what a
// customer told: a callback's phone number and name (a choice, an assignment of the call, an
// outcome's next booking), and the customer's own sentences that earlier engines quoted in a
// reply's or hand-off's reasons. Everything else stays: kinds, times, queues, articles, staff,
// decisions. True where something was emptied.
bool ErasePersonalFields(EventData& data);

// The SHA-256 (hex) of an empty text: what retention records for an event that had no text when
// it erased the event's personal fields (Event::erased_text_sha256).
inline constexpr std::string_view kSha256OfNoText =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

struct Event {
  std::int64_t seq = 0;  // 1, 2, … within the conversation
  base::TimePoint at;
  Author author = Author::kSystem;
  // The client's id of the frame that caused the event (idempotency); empty for none.
  std::string client_id;
  std::string text;
  EventData data;  // the fields of its kind
  // Set when retention erased the event (its text, now empty, and its personal fields): the SHA-256
  // of the text that was, so that a copy of it can still be matched (storage/audit_store.h,
  // EraseTexts); kSha256OfNoText where it had none.
  std::string erased_text_sha256;

  EventKind kind() const { return static_cast<EventKind>(data.index()); }
  // Retention erased a text of this event (not only its personal fields).
  bool text_erased() const {
    return !erased_text_sha256.empty() && erased_text_sha256 != kSha256OfNoText;
  }
  // The fields if the event is of kind `T`; nullptr otherwise.
  template <typename T>
  const T* As() const {
    return std::get_if<T>(&data);
  }

  friend bool operator==(const Event&, const Event&) = default;
};

}  // namespace balie::model

#endif  // BALIE_MODEL_EVENT_H_
