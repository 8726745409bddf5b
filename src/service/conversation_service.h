#ifndef BALIE_SERVICE_CONVERSATION_SERVICE_H_
#define BALIE_SERVICE_CONVERSATION_SERVICE_H_

// The customer's side of a conversation, as use cases: start, send a message (and get the bot's
// reply), ask for a person (or one's personal advisor), choose how to go on while a person is
// needed, read the history, the status and the advisor's status. Every change is stored before it
// is reported, and published to the conversation's listeners (ConversationHub).
//
// Never a dead end: a customer message in state `bot` always gets a reply (an answer, a "did you
// mean", or a hand-off); a hand-off always leaves the conversation waiting in a queue, or — when
// the queue is closed — with the question recorded for a reply (state `follow_up`); and Recover
// answers on start what a crash left unanswered.
//
// Thread-safe. Calls block on storage and search: call them from a worker pool, never from an I/O
// thread (PostMessageThen excepted). Calls for one conversation are serialised; different
// conversations run in parallel.

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "model/conversation.h"
#include "service/conversation_core.h"
#include "service/conversation_status.h"

namespace balie::service {

struct ServiceOptions {
  size_t max_message_chars = 4000;  // Unicode code points
  size_t max_history_page = 500;
  // A customer's frames are refused (kFailedPrecondition) once the conversation holds this many
  // events; what they cause (a reply, a hand-off) may go a few beyond.
  size_t max_events_per_conversation = 10000;
  // The secret shared with the organisation's site that signs customer references; empty: none
  // are accepted.
  std::string customer_reference_secret;
  // Messages answered on an I/O thread whose commit is under way (PostMessageThen); beyond it,
  // messages wait their turn on the workers, so that an overloaded writer slows the intake down
  // instead of every customer's commit queuing behind it.
  size_t max_commits_in_flight = 64;
};

// That a frame with `client_id` is durably stored as event `seq`.
struct Receipt {
  std::string client_id;
  std::int64_t seq = 0;
  bool duplicate = false;  // stored earlier; nothing new was done
};

// What a call did: its receipt and the events it stored, in order.
struct Outcome {
  Receipt receipt;
  std::vector<model::Event> events;
  ConversationStatus status;
};

struct CustomerMessage {
  std::string client_id;
  std::string text;
  std::string article_id;  // the option picked from a "did you mean", if any
};

struct Choice {
  std::string client_id;
  ChoiceOption option = ChoiceOption::kWait;
  std::optional<base::TimePoint> slot;  // callback: the start of an offered slot
  std::string phone;                    // callback
  std::string name;                     // callback, optional
  bool with_advisor = false;            // callback by the personal advisor
};

// The truth about a customer's personal advisor (docs/api.md).
struct AdvisorStatus {
  enum class State { kAvailable, kBusy, kAway, kOffDuty };
  std::string name;  // display name
  State state = State::kOffDuty;
  std::optional<std::chrono::seconds> estimated_wait;
  std::optional<base::TimePoint> back_at;
  std::optional<base::TimePoint> next_shift;
  std::vector<std::string> options;  // advisor, colleague, advisor_message, advisor_callback
  std::vector<routing::Interval> slots;
  std::string message;
};
// (Inline: the frame decoders use it without linking the service.)
constexpr std::string_view AdvisorStateName(AdvisorStatus::State state) {
  switch (state) {
    case AdvisorStatus::State::kAvailable:
      return "available";
    case AdvisorStatus::State::kBusy:
      return "busy";
    case AdvisorStatus::State::kAway:
      return "away";
    case AdvisorStatus::State::kOffDuty:
      return "off_duty";
  }
  return "off_duty";
}

class ConversationService {
 public:
  // Called once the customer's own frame is durably stored, before anything of the change is
  // published (so that the receipt reaches the client first). A message and the bot's reply to it
  // are stored in one commit: the receipt is called once both are durable.
  using OnStored = std::function<void(const Receipt&)>;

  ConversationService(ConversationCore& core, ServiceOptions options = {});

  struct Started {
    model::Conversation conversation;
    std::string token;  // the customer token; only its hash is stored
  };
  // `customer_reference`: the signed reference from the organisation's site, or empty.
  // kInvalidArgument for a reference that is not valid (the message says why).
  [[nodiscard]] base::Result<Started> Start(model::Language language,
                                            std::string_view customer_reference = {});

  // The conversation, if `token` is its customer token: kUnauthenticated for a wrong or empty
  // token, kNotFound for an unknown conversation.
  [[nodiscard]] base::Result<model::Conversation> Authorize(std::string_view id,
                                                            std::string_view token) const;

  // kInvalidArgument for a bad client id or text (the message says which), kNotFound. Here and in
  // RequestPerson and Choose, a change that another process made meanwhile (kAborted from
  // the store) is worked out again on the stored conversation, up to three tries in all.
  [[nodiscard]] base::Result<Outcome> PostMessage(std::string_view id,
                                                  const CustomerMessage& message,
                                                  const OnStored& on_stored = {});
  // PostMessage for a thread that must not wait (an I/O thread): returns false, having done
  // nothing, where it would wait — another change of the conversation under way, a resend, a
  // conversation the store must read (ConversationStore::GetForChangeNow), max_commits_in_flight
  // commits under way —; call PostMessage on a worker then. Otherwise returns true, and `done` is
  // called with what PostMessage would return (its status) once the message and the reply are
  // stored and published, on the store's writer thread — or at once, when the message is refused
  // before storing —, or with kAborted, nothing stored, where the store answered from a copy that
  // was stale or the message is a resend: call PostMessage on a worker then. The question is
  // answered on this thread. `on_stored` and `done` must be short and must not wait for storage.
  using Done = std::function<void(const base::Status&)>;
  [[nodiscard]] bool PostMessageThen(std::string_view id, const CustomerMessage& message,
                                     OnStored on_stored, Done done);
  // The customer asks for a person (or, `to_advisor`, their personal advisor).
  // kFailedPrecondition when a person is already on it, or there is no advisor.
  [[nodiscard]] base::Result<Outcome> RequestPerson(std::string_view id, std::string_view client_id,
                                                    bool to_advisor = false,
                                                    const OnStored& on_stored = {});
  // kFailedPrecondition when there is nothing to choose (no person is needed) or the choice is
  // not possible now (waiting while closed, a callback slot that is no longer free).
  [[nodiscard]] base::Result<Outcome> Choose(std::string_view id, const Choice& choice,
                                             const OnStored& on_stored = {});
  // The customer is typing (for the agent's console).
  void Typing(const std::string& id);

  // The events the customer may see with seq > after, oldest first: `limit` of them (capped at
  // max_history_page) unless the conversation ends sooner. Internal events (notes) are passed
  // over without shortening the page, so a page shorter than asked is the last.
  [[nodiscard]] base::Result<std::vector<model::Event>> History(std::string_view id,
                                                                std::int64_t after,
                                                                size_t limit) const;
  struct HistoryPage {
    std::vector<model::Event> events;  // as History returns them
    bool more = false;                 // events the customer may see follow the last of them
  };
  // History, and whether more follows (for GET …/messages).
  [[nodiscard]] base::Result<HistoryPage> Page(std::string_view id, std::int64_t after,
                                               size_t limit) const;
  [[nodiscard]] base::Result<ConversationStatus> Status(std::string_view id) const;

  // How Balie addresses customers in Dutch ([organisation] register): the widget's own labels
  // follow it.
  model::Register dutch_register() const { return core_.engine().config().dutch_register; }
  // The callback slots the customer can book now (from the conversation's queue, or the queue a
  // hand-off would choose).
  [[nodiscard]] base::Result<std::vector<routing::Interval>> CallbackSlots(
      std::string_view id) const;
  // kNotFound when the customer has no personal advisor.
  [[nodiscard]] base::Result<AdvisorStatus> Advisor(std::string_view id) const;

  // On start, before serving: rebuilds the queues, callback bookings and agents' loads from
  // storage, and replies to customer messages that a crash left without one (one that another
  // process on the same database answers meanwhile is left to it). Returns how many it answered.
  [[nodiscard]] base::Result<size_t> Recover();

  const ServiceOptions& options() const { return options_; }

 private:
  // The events of a customer's `command` (model::Decide), refused once the conversation holds
  // max_events_per_conversation events.
  base::Result<std::vector<model::Event>> Decide(const model::Conversation& conversation,
                                                 const model::Command& command) const;
  // The events of a customer's message and of the bot's reply to it, worked out on the
  // conversation before anything is stored; `replied` says why there is no reply (the message is
  // then stored alone, awaiting it: Recover).
  struct MessageAndReplyEvents {
    std::vector<model::Event> events;
    std::int64_t message_seq = 0;  // the message's own event (or the last, when it adds none)
    base::Status replied;
  };
  base::Result<MessageAndReplyEvents> MessageAndReply(const model::Conversation& conversation,
                                                      const CustomerMessage& message) const;
  // PostMessage, RequestPerson and Choose once: those retry what another process changed
  // meanwhile.
  base::Result<Outcome> PostMessageOnce(std::string_view id, const CustomerMessage& message,
                                        const OnStored& on_stored);
  base::Result<Outcome> RequestPersonOnce(std::string_view id, std::string_view client_id,
                                          bool to_advisor, const OnStored& on_stored);
  base::Result<Outcome> ChooseOnce(std::string_view id, const Choice& choice,
                                   const OnStored& on_stored);
  // The answer to a resend: the receipt of the event stored the first time, and the status now.
  Outcome Resent(const model::Conversation& conversation, const model::Event& resent) const;
  // The events of the bot's reply to `message` in `conversation` (as the message left it), and
  // of the hand-off it may cause: worked out before anything is stored.
  base::Result<std::vector<model::Event>> Answer(const model::Conversation& conversation,
                                                 const CustomerMessage& message) const;
  // The bot's reply to the customer's latest message, stored (Answer, then Commit).
  base::Status Reply(model::Conversation& conversation, const CustomerMessage& message,
                     std::vector<model::Event>& committed);
  // The option of a "did you mean" that the message picked, if the knowledge base has it. An id
  // it does not have (an option of an older knowledge base, or one a client made up) is not
  // kept: the message is stored and asked as typed.
  const model::Article* PickedArticle(const CustomerMessage& message) const;
  answer::Decision AnswerFromArticle(const model::Article& article) const;
  // Where the bot's last reply offered a person (answer::kSaidWhatTheBotIs or
  // answer::kOfferedAPersonForNoHelp) and `text` says yes to it: that reply's language. Nothing
  // otherwise.
  std::optional<model::Language> AcceptsOfferedPerson(const model::Conversation& conversation,
                                                      std::string_view text) const;
  // The topics of the article the bot last answered from, to choose a queue.
  std::vector<std::string> RecentTopics(const model::Conversation& conversation) const;

  ConversationCore& core_;
  const ServiceOptions options_;
};

}  // namespace balie::service

#endif  // BALIE_SERVICE_CONVERSATION_SERVICE_H_
