#ifndef BALIE_SERVICE_AGENT_DESK_H_
#define BALIE_SERVICE_AGENT_DESK_H_

// The staff's side of conversations: the inbox, a conversation with its context and knowledge
// suggestions, the actions (reply, note, transfer, resolve, callbacks and their outcomes,
// reassign), knowledge flags, the supervisor's overview and the public availability. Who gets
// which conversation is the Dispatcher's (dispatcher.h), which the desk owns: taking a
// conversation by replying and reassigning are assignments under its lock.
//
// Thread-safe; calls block on storage: call them from workers.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "base/status.h"
#include "model/staff.h"
#include "service/conversation_core.h"
#include "service/dispatcher.h"
#include "storage/staff_store.h"

namespace balie::service {

// One line of the inbox, and the head of an opened conversation.
struct InboxItem {
  model::Conversation conversation;
  std::string queue_name;
  std::string agent_name;
  std::string reason;  // why the bot handed over, in plain words
  // The same as a stable code (ConversationCore::HandOff's `cause`, or "transferred"); empty for
  // events stored before codes were.
  std::string reason_code;
  std::string last_message;  // the customer's latest message (its first 200 characters)
};

struct Inbox {
  std::vector<InboxItem> waiting;  // waiting live, or left for a reply (follow_up), oldest first
  std::vector<InboxItem> mine;     // assigned to this agent
  std::vector<InboxItem> callbacks_due;
  std::vector<InboxItem> others;  // supervisors only: assigned to someone else (to reassign)
};

// A passage of the knowledge for the agent, with its public link.
struct Suggestion {
  std::string id;
  std::string title;
  std::string url;
  std::string heading;
  std::string passage;
  double score = 0;
};

struct ConversationView {
  InboxItem item;
  std::vector<model::Event> events;  // all, internal notes included
  std::vector<InboxItem> earlier;    // the customer's other conversations
  std::vector<Suggestion> suggestions;
};

struct QueueOverview {
  std::string id;
  std::string name;
  bool open = false;
  int waiting = 0;  // in the line now (live, in the chat)
  std::optional<std::chrono::seconds> oldest_wait;
  // Questions left for a reply (follow_up, not yet taken), and how long the oldest has waited
  // since it was left: with `waiting`, what the inbox lists for the queue.
  int left = 0;
  std::optional<std::chrono::seconds> oldest_left;
  std::optional<std::chrono::seconds> estimated_wait;
  int agents_on_duty = 0;
  // Open by its hours with nobody on duty: an alarm while it lasts, and since when (as far as
  // this process saw).
  bool nobody_on_duty = false;
  std::optional<base::TimePoint> nobody_on_duty_since;
  int answered_today = 0;
  int within_target_today = 0;
  // Callbacks booked and not yet made; of those, the ones whose slot has passed without anyone
  // calling (a script that filled the slots shows here, and so does a team that falls behind).
  int callbacks_booked = 0;
  int callbacks_overdue = 0;
};

struct Overview {
  std::vector<QueueOverview> queues;
  std::vector<AgentView> agents;
  std::chrono::seconds target{60};
};

// A queue as anyone may see it. `open` is by its hours; `staffed` whether someone is there now
// (an agent serving it available, or busy with chats). Open is not someone there.
struct Availability {
  std::string id;
  std::string name;
  bool is_default = false;  // where a hand-off goes when no queue lists the article's topics
  std::string time_zone;
  bool open = false;
  bool staffed = false;
  std::optional<base::TimePoint> opens_at;
  std::optional<base::TimePoint> closes_at;
  // Open with nobody on duty: when someone is next due, where that can be said.
  std::optional<base::TimePoint> staffed_from;
  int agents_on_duty = 0;
  std::optional<std::chrono::seconds> estimated_wait;
};

// A decision a member of staff records for a customer (issue 12).
struct DecisionRequest {
  std::string decision;     // the id of a decision the configuration describes
  std::int64_t amount = 1;  // in its unit: cents, days, or 1 for an exception
  std::string reason;       // in their own words, for colleagues
  std::string rule;         // the rule it departs from; empty: the decision's own rule, if any
};

// A decision as staff see it in a list.
struct DecisionItem {
  storage::ConversationStore::DecisionRecord record;
  std::string status;  // taken, waiting, approved, refused, expired
  // Waiting ones: whether the viewer may approve or refuse it, and why not where they may not.
  bool may_answer = false;
  std::string why_not;
};

// Supervisors: how staff use their room for judgement, per decision, rule and team.
struct DecisionReportRow {
  std::string decision;
  std::string rule;
  std::string queue;
  int taken = 0;  // within the mandate
  int requested = 0;
  int approved = 0;
  int refused = 0;
  int expired = 0;
  int waiting = 0;
  // Of the answered requests (approved or refused), the median time to the answer.
  std::optional<std::chrono::seconds> median_answer;
};

struct DecisionReport {
  base::TimePoint since;
  std::vector<DecisionReportRow> rows;  // most exceptions first
  std::vector<DecisionItem> waiting;    // oldest first
};

class AgentDesk {
 public:
  AgentDesk(ConversationCore& core, storage::StaffStore& staff, DeskOptions options = {});
  AgentDesk(const AgentDesk&) = delete;
  AgentDesk& operator=(const AgentDesk&) = delete;

  // Who gets which conversation (its thread: dispatcher().Start()).
  Dispatcher& dispatcher() { return dispatcher_; }

  [[nodiscard]] base::Result<Inbox> InboxOf(const model::StaffMember& agent) const;

  // Who may see a conversation (open it, note in it, watch it, type into it, read its callback
  // slots): a supervisor (or admin) any; an agent those of their own queues (a conversation that
  // never left the bot counts as the default queue's), those assigned to them, those asked for
  // them (a transfer to them, their customer as personal advisor), and those with a request for
  // approval waiting that they may answer. kPermissionDenied otherwise,
  // saying so; kNotFound for an unknown conversation. Every call below that names a conversation
  // checks this first.
  [[nodiscard]] base::Status MaySee(const model::StaffMember& who, std::string_view id) const;

  // kNotFound for an unknown conversation. `earlier` holds only the conversations `who` may see.
  [[nodiscard]] base::Result<ConversationView> Open(const model::StaffMember& who,
                                                    std::string_view id) const;
  // The events of conversation `id` after `after` (notes included), at most `limit`: for a
  // console that watches it and may see it (checked by the caller, MaySee), to catch up with what
  // another process stored. Its last event's number: LastSeq.
  [[nodiscard]] base::Result<std::vector<model::Event>> EventsAfter(std::string_view id,
                                                                    std::int64_t after,
                                                                    size_t limit) const;
  [[nodiscard]] base::Result<std::int64_t> LastSeq(std::string_view id) const;
  std::vector<Suggestion> Suggest(std::string_view text) const;
  // `who` opened the conversation: when it is assigned to them and they have not started since,
  // the customer is told that they now help (an agent_joined event; also written before their
  // first reply). Being assigned does not tell the customer anything: an agent may get several
  // conversations at once. Idempotent.
  [[nodiscard]] base::Status Opened(const model::StaffMember& who, std::string_view id);

  // An agent may act on conversations assigned to them, and take an unassigned one in their
  // queues by replying (within their capacity); a supervisor on any. kPermissionDenied for a
  // conversation they may not see (MaySee); kFailedPrecondition (conflict) for one they may see
  // but not act on (assigned to a colleague, not yet handed over), with the reason.
  [[nodiscard]] base::Result<model::Event> Reply(const model::StaffMember& who, std::string_view id,
                                                 const std::string& client_id,
                                                 const std::string& text);
  [[nodiscard]] base::Result<model::Event> Note(const model::StaffMember& who, std::string_view id,
                                                const std::string& client_id,
                                                const std::string& text);
  // To a queue, or to one agent (then `queue` may be empty).
  [[nodiscard]] base::Result<InboxItem> Transfer(const model::StaffMember& who, std::string_view id,
                                                 const std::string& client_id,
                                                 const std::string& queue, const std::string& agent,
                                                 const std::string& note);
  [[nodiscard]] base::Result<InboxItem> Resolve(const model::StaffMember& who, std::string_view id,
                                                const std::string& client_id);
  [[nodiscard]] base::Result<std::vector<routing::Interval>> CallbackSlots(
      const model::StaffMember& who, std::string_view id) const;
  [[nodiscard]] base::Result<InboxItem> BookCallback(const model::StaffMember& who,
                                                     std::string_view id,
                                                     const std::string& client_id,
                                                     base::TimePoint slot,
                                                     const std::string& phone);
  // `outcome`: reached, no_answer, wrong_number. No answer books the next free slot (up to
  // max_callback_attempts), and the customer is told.
  [[nodiscard]] base::Result<InboxItem> CallbackOutcome(const model::StaffMember& who,
                                                        std::string_view id,
                                                        const std::string& client_id,
                                                        const std::string& outcome,
                                                        const std::string& note);
  // Supervisors: give the conversation to `agent` (within their capacity).
  [[nodiscard]] base::Result<InboxItem> Reassign(const model::StaffMember& who, std::string_view id,
                                                 const std::string& client_id,
                                                 const std::string& agent);

  [[nodiscard]] base::Result<model::KnowledgeFlag> Flag(const model::StaffMember& who,
                                                        model::FlagKind kind,
                                                        const std::string& article_id,
                                                        const std::string& conversation_id,
                                                        const std::string& note);
  [[nodiscard]] base::Result<std::vector<model::KnowledgeFlag>> Flags() const;

  // ---- decisions for customers, within a mandate or with a colleague's approval (issue 12) ----

  const model::Mandates& mandates() const { return options_.mandates; }
  // Where decisions, answers and flag changes are recorded (set before the dispatcher starts;
  // none: not recorded, as in tests of other things).
  void SetAuditTrail(AuditTrail* audit) {
    audit_ = audit;
    dispatcher_.SetAuditTrail(audit);
  }

  // Records `who`'s decision in the conversation (they must be able to act on it, as to reply):
  // within their mandate it takes effect; above it, it waits for a colleague's approval until
  // the configured expiry. The customer is told either. kInvalidArgument for a decision the
  // configuration does not describe, an amount that is not positive, or a missing reason.
  [[nodiscard]] base::Result<model::Event> RecordDecision(const model::StaffMember& who,
                                                          std::string_view id,
                                                          const std::string& client_id,
                                                          const DecisionRequest& request);
  // The requests that wait for approval: those `who` may answer, and their own.
  [[nodiscard]] base::Result<std::vector<DecisionItem>> Approvals(
      const model::StaffMember& who) const;
  // `who` answers the request recorded as event `request` of conversation `id`: "approved" or
  // "refused" (told to the customer, the refusal with `reason`), or "ask" (a question to the
  // requester, as a note; the request goes on waiting). kPermissionDenied for the requester
  // themselves or a mandate that does not cover it; kFailedPrecondition once it was answered or
  // expired; kNotFound for a seq that is no request.
  [[nodiscard]] base::Result<model::Event> AnswerApproval(const model::StaffMember& who,
                                                          std::string_view id, std::int64_t request,
                                                          const std::string& client_id,
                                                          const std::string& verdict,
                                                          const std::string& reason);
  [[nodiscard]] base::Result<DecisionReport> Decisions(base::TimePoint since) const;

  // ---- flags about customers: signals to check, not verdicts (agent_desk_flags.cc) ----

  const model::FlagRules& flag_rules() const { return options_.flags; }
  // `who` raises a flag in conversation `id` (which they may see), about its customer (or, for
  // an anonymous conversation, the conversation): model::CheckNewFlag's rules, raised by them,
  // unconfirmed. The customer is not told; it is part of what they can ask to see.
  [[nodiscard]] base::Result<model::CustomerFlag> RaiseFlag(const model::StaffMember& who,
                                                            std::string_view id,
                                                            model::CustomerFlag flag);
  // The flags about the conversation's customer and those raised in it, newest first.
  [[nodiscard]] base::Result<std::vector<model::CustomerFlag>> FlagsOf(
      const model::StaffMember& who, std::string_view id) const;
  // Confirms or dismisses flag `flag_id` (model::CheckFlagChange: never confirming one's own,
  // always with a reason); `who` must be able to see the conversation it was raised in.
  // Dismissing a flag whose contest waits upholds the contest, and the customer is told.
  [[nodiscard]] base::Result<model::CustomerFlag> ChangeFlag(const model::StaffMember& who,
                                                             std::int64_t flag_id,
                                                             model::FlagStatus to,
                                                             const std::string& reason);
  // `who` records the customer's contest of flag `flag_id`, in `words` (received in the chat, by
  // phone or by letter; model::CheckNewContest), and the customer is told in the flag's
  // conversation that a colleague not involved in the flag will review it. `client_id` makes a
  // resend harmless.
  [[nodiscard]] base::Result<model::CustomerFlag> ContestFlag(const model::StaffMember& who,
                                                              std::int64_t flag_id,
                                                              const std::string& client_id,
                                                              const std::string& words);
  // `who`, not involved in the flag (model::CheckContestReview), upholds its open contest (the
  // flag is withdrawn) or rejects it (the flag stands), with a reason the customer is told.
  [[nodiscard]] base::Result<model::CustomerFlag> ReviewContest(const model::StaffMember& who,
                                                                std::int64_t flag_id,
                                                                const std::string& client_id,
                                                                model::ContestStage outcome,
                                                                const std::string& reason);
  // The flags whose contest waits for review that `who` may review (may see, not involved),
  // oldest contest first.
  [[nodiscard]] base::Result<std::vector<model::CustomerFlag>> ContestsToReview(
      const model::StaffMember& who) const;

  Overview GetOverview() const;
  std::vector<Availability> GetAvailability(model::Language language) const;

 private:
  // The current item of a conversation (loads the context it needs).
  InboxItem ItemOf(const model::Conversation& conversation) const;
  // Checks the client id and begins the change of conversation `id` (ConversationCore::Begin:
  // its lock, the conversation, and the event stored earlier under the client id on a resend).
  base::Result<ConversationCore::Change> Begin(std::string_view id,
                                               const std::string& client_id) const;
  // Carries out an action's command (ConversationCore::Do: Decide, then Commit) and records that
  // `who` acted.
  base::Status Finish(const model::StaffMember& who, ConversationCore::Change& change,
                      const model::Command& command, std::vector<model::Event>& committed);
  // The conversation's queue, or the default queue when it names none that exists.
  QueueBoard::QueuePtr QueueOf(const model::Conversation& conversation) const;
  // MaySee for a loaded conversation; a refusal is logged (as a warning) where `log`.
  base::Status MaySee(const model::StaffMember& who, const model::Conversation& conversation,
                      bool log = true) const;
  // Whether a request for approval waits in conversation `id` that `who` may answer: an approver
  // sees the whole conversation (agent_desk_decisions.cc).
  bool MayApproveIn(const model::StaffMember& who, std::string_view id) const;
  // Changes flag `flag_id`'s contest with `change` under its conversation's lock, stores the
  // flag and tells the customer with the contest event `change` made (agent_desk_flags.cc).
  base::Result<model::CustomerFlag> ChangeContest(
      const model::StaffMember& who, std::int64_t flag_id, const std::string& client_id,
      const std::function<base::Result<model::ContestEvent>(model::CustomerFlag&)>& change);
  // Whether `who` may act on the conversation (taking it over where `taking_allowed`).
  base::Status MayAct(const model::StaffMember& who, const model::Conversation& conversation,
                      bool taking_allowed) const;

  ConversationCore& core_;
  storage::StaffStore& staff_;
  const DeskOptions options_;
  AuditTrail* audit_ = nullptr;

  Dispatcher dispatcher_;
};

}  // namespace balie::service

#endif  // BALIE_SERVICE_AGENT_DESK_H_
