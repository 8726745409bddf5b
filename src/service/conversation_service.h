#ifndef BALIE_SERVICE_CONVERSATION_SERVICE_H_
#define BALIE_SERVICE_CONVERSATION_SERVICE_H_

// The customer's side of a conversation, as use cases: start, send a message (and get the bot's
// reply), ask for a person, choose how to go on while a person is needed, read the history and
// the status. Every change is stored before it is reported, and published to the conversation's
// listeners (ConversationHub).
//
// Never a dead end: a customer message in state `bot` always gets a reply (an answer, a "did you
// mean", or a hand-off); a hand-off always leaves the conversation waiting in a queue, or — when
// the queue is closed — with the question recorded for a reply (state `follow_up`); and Recover
// answers on start what a crash left unanswered.
//
// Thread-safe. Calls block on storage and search: call them from a worker pool, never from an I/O
// thread. Calls for one conversation are serialised; different conversations run in parallel.

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "answer/engine.h"
#include "base/clock.h"
#include "base/status.h"
#include "model/conversation.h"
#include "service/conversation_hub.h"
#include "service/conversation_status.h"
#include "service/queue_board.h"
#include "storage/conversation_store.h"

namespace balie::service {

struct ServiceOptions {
  size_t max_message_chars = 4000;  // Unicode code points
  size_t max_history_page = 500;
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
};

class ConversationService {
 public:
  // Called once the customer's own frame is durably stored, before the reply is worked out (so
  // that the receipt reaches the client first).
  using OnStored = std::function<void(const Receipt&)>;

  ConversationService(storage::ConversationStore& store, const answer::Engine& engine,
                      const base::Clock& clock, QueueBoard& queues, ConversationHub& hub,
                      ServiceOptions options = {});

  struct Started {
    model::Conversation conversation;
    std::string token;  // the customer token; only its hash is stored
  };
  [[nodiscard]] base::Result<Started> Start(model::Language language);

  // The conversation, if `token` is its customer token: kUnauthenticated for a wrong or empty
  // token, kNotFound for an unknown conversation.
  [[nodiscard]] base::Result<model::Conversation> Authorize(std::string_view id,
                                                            std::string_view token) const;

  // kInvalidArgument for a bad client id or text (the message says which), kNotFound.
  [[nodiscard]] base::Result<Outcome> PostMessage(std::string_view id,
                                                  const CustomerMessage& message,
                                                  const OnStored& on_stored = {});
  // The customer asks for a person. kFailedPrecondition when a person is already on it.
  [[nodiscard]] base::Result<Outcome> RequestPerson(std::string_view id, std::string_view client_id,
                                                    const OnStored& on_stored = {});
  // kFailedPrecondition when there is nothing to choose (no person is needed) or the choice is
  // not possible now (waiting while closed, a callback slot that is no longer free).
  [[nodiscard]] base::Result<Outcome> Choose(std::string_view id, const Choice& choice,
                                             const OnStored& on_stored = {});

  // The events the customer may see with seq > after, at most `limit` (capped).
  [[nodiscard]] base::Result<std::vector<model::Event>> History(std::string_view id,
                                                                std::int64_t after,
                                                                size_t limit) const;
  [[nodiscard]] base::Result<ConversationStatus> Status(std::string_view id) const;
  // The callback slots the customer can book now (from the conversation's queue, or the queue a
  // hand-off would choose).
  [[nodiscard]] base::Result<std::vector<routing::Interval>> CallbackSlots(
      std::string_view id) const;

  // On start, before serving: rebuilds the queues and callback bookings from storage, and
  // replies to customer messages that a crash left without one. Returns how many it answered.
  [[nodiscard]] base::Result<size_t> Recover();

  // Sends a fresh status to every watched conversation waiting in a queue whose position,
  // estimate or opening changed. Call it now and then (e.g. every 15 s).
  void RefreshWaiting();

  const ServiceOptions& options() const { return options_; }

 private:
  std::mutex& LockFor(std::string_view id) const;
  base::Result<model::Conversation> Load(std::string_view id) const;
  // Appends `events` to `conversation` (updated in place) and publishes them.
  base::Status Commit(model::Conversation& conversation, std::vector<model::Event> events,
                      std::vector<model::Event>& committed);
  model::Event NewEvent(const model::Conversation& conversation, model::EventKind kind,
                        model::Author author, std::int64_t offset = 1) const;
  // The duplicate's outcome when `client_id` is stored already.
  base::Result<std::optional<Outcome>> FindDuplicate(const model::Conversation& conversation,
                                                     std::string_view client_id) const;
  // The bot's reply to the customer's latest message, and the hand-off it may cause.
  base::Status Reply(model::Conversation& conversation, const CustomerMessage& message,
                     std::vector<model::Event>& committed);
  // Events and state change of a hand-off to `queue`; `by` is who asked.
  void HandOff(model::Conversation& conversation, const QueueConfig& queue,
               std::vector<std::string> reasons, model::Author by, std::string_view client_id,
               std::vector<model::Event>& events);
  answer::Decision AnswerFromArticle(std::string_view article_id, std::string_view text) const;
  ConversationStatus StatusOf(const model::Conversation& conversation) const;
  ConversationStatus WaitingStatus(const WaitingEntry& entry, const QueueConfig& queue,
                                   base::TimePoint now) const;
  // Puts a conversation in state kWaiting in its queue's order (after its state is stored).
  void EnterQueueIfWaiting(const model::Conversation& conversation);
  void PublishStatus(const model::Conversation& conversation);
  void RefreshQueue(const std::string& queue);

  storage::ConversationStore& store_;
  const answer::Engine& engine_;
  const base::Clock& clock_;
  QueueBoard& queues_;
  ConversationHub& hub_;
  const ServiceOptions options_;
  mutable std::array<std::mutex, 256> locks_;

  std::mutex published_mutex_;
  // The last status sent to each waiting conversation, so that RefreshWaiting sends changes only.
  std::unordered_map<std::string, ConversationStatus> last_published_;
};

}  // namespace balie::service

#endif  // BALIE_SERVICE_CONVERSATION_SERVICE_H_
