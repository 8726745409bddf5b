#ifndef BALIE_SERVICE_CONVERSATION_CORE_H_
#define BALIE_SERVICE_CONVERSATION_CORE_H_

// What the customer's and the staff's use cases share (ConversationService, AgentDesk): the lock
// of each conversation, storing events, the hand-off, the status the customer is told, and the
// side effects of a change of state — the queues' order, callback bookings, the agents' loads,
// the wait observations, and telling customers, consoles and the dispatcher.
//
// Every change of a conversation, on every side (customer, staff, dispatcher), is one Change:
// Begin takes the conversation's lock (one of 256, by id), loads it and looks up its client id
// (idempotency); Commit applies the events through the state machine, stores them, runs the side
// effects (Settle) — or, when nothing was stored, the change's undo steps. No caller writes a
// rollback. A customer's message on an I/O thread (ConversationService::PostMessageThen) goes
// without waiting: TryBegin, then CommitThen, whose second half runs on the store's writer thread
// once the events are durable, and releases the lock there. QueueBoard, AgentRoster and the hubs
// have their own locks, held for in-memory work only and never while calling out. Nothing here
// takes the dispatcher's lock (Dispatcher), which is taken before any conversation lock.
// Thread-safe.

#include <array>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <limits>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "answer/engine.h"
#include "base/clock.h"
#include "base/status.h"
#include "model/conversation.h"
#include "model/conversation_commands.h"
#include "model/voice.h"
#include "service/agent_roster.h"
#include "service/conversation_hub.h"
#include "service/conversation_status.h"
#include "service/queue_board.h"
#include "service/staff_hub.h"
#include "storage/conversation_store.h"

namespace balie::service {

// The lock of a conversation: a mutex that another thread than the one that took it may release
// (a std::mutex may not), for a change whose commit completes on the store's writer thread.
class ConversationLock {
 public:
  void lock() {
    std::unique_lock guard(mutex_);
    released_.wait(guard, [this] { return !held_; });
    held_ = true;
  }
  bool try_lock() {
    std::lock_guard guard(mutex_);
    return !std::exchange(held_, true);
  }
  void unlock() {
    {
      std::lock_guard guard(mutex_);
      held_ = false;
    }
    released_.notify_one();
  }

 private:
  std::mutex mutex_;
  std::condition_variable released_;
  bool held_ = false;
};

class ConversationCore {
 public:
  ConversationCore(storage::ConversationStore& store, const answer::Engine& engine,
                   const base::Clock& clock, QueueBoard& queues, AgentRoster& roster,
                   ConversationHub& hub, StaffHub& staff_hub);
  // Waits for the changes still being committed (CommitThen).
  ~ConversationCore();
  ConversationCore(const ConversationCore&) = delete;
  ConversationCore& operator=(const ConversationCore&) = delete;

  // One change of one conversation, as every use case makes it (Begin, then Commit): under the
  // conversation's lock, the conversation loaded, and the event stored earlier under the change's
  // client id if there is one — a resend, which the caller answers as it did the first time,
  // doing nothing twice.
  struct Change {
    std::unique_lock<ConversationLock> lock;
    model::Conversation conversation;
    std::optional<model::Event> resent;
    // Loaded from the store's memory, not read (TryBegin on PostgreSQL): the conversation may be
    // stale and a resend is not known as one; an append made from it is refused where it would be
    // wrong (ConversationStore::GetForChangeNow).
    bool unchecked = false;
    // Run when the change is not stored (a callback slot booked for it is released).
    std::vector<std::function<void()>> undo;
  };
  // Takes the lock of conversation `id` and loads it; with a `client_id`, looks up the event stored
  // under it (the one idempotency of every side: a failed look-up fails the change, so that a
  // resent action is never done twice). kNotFound for an unknown conversation.
  [[nodiscard]] base::Result<Change> Begin(std::string_view id, std::string_view client_id) const;
  // Begin without waiting: kUnavailable when another change of the conversation (or of one sharing
  // its lock) is under way, or when loading it would wait (ConversationStore::GetForChangeNow; the
  // change may then be `unchecked`). For a thread that must not wait (an I/O thread).
  [[nodiscard]] base::Result<Change> TryBegin(std::string_view id,
                                              std::string_view client_id) const;

  // Applies `events` to `conversation` (model::Apply: the state machine), stores them, calls
  // `stored` (once they are durable: where a receipt goes out, before anything else is told),
  // publishes them (with a fresh status after a bot reply: the queue a hand-off would go to may
  // have changed), and applies the side effects of the change (Settle). A change that assigns the
  // conversation to an agent is stored only while storage counts fewer of theirs than their
  // capacity (ConversationStore::AppendAssignment: whichever process assigns, kFailedPrecondition
  // when full), and one that books a callback (booked here first, QueueBoard::BookCallback) only
  // while its slot has room in storage (AppendBooking). On failure — a step the state machine
  // refuses, or storage — nothing changed.
  [[nodiscard]] base::Status Commit(model::Conversation& conversation,
                                    std::vector<model::Event> events,
                                    std::vector<model::Event>& committed,
                                    const std::function<void()>& stored = nullptr);
  // Commit without waiting for storage (ConversationStore::AppendThen): returns at once, and once
  // the events are durable does what Commit does after storing them — `stored`, publishing, Settle
  // — then releases the change's lock and calls `done` with the result and the events committed.
  // All of that runs on the store's writer thread (or at once on this one, when the change is
  // refused before storing), so `stored` and `done` must be short and must not wait for storage.
  // For a change that neither assigns nor books (a customer's message); kInternal for one that
  // does, which must go through Commit.
  using CommitDone = std::function<void(const base::Status&, std::vector<model::Event> committed)>;
  // How many CommitThen calls are waiting for storage now.
  size_t commits_in_flight() const {
    std::lock_guard lock(in_flight_mutex_);
    return in_flight_;
  }
  void CommitThen(Change change, std::vector<model::Event> events, std::function<void()> stored,
                  CommitDone done);

  // For a change that booked a callback slot: when it is not stored, the new slot is freed and
  // the booking the conversation had before (if any) is counted again.
  void UndoBookingOnFailure(Change& change) const;
  // Runs a change's undo steps: it will not be stored.
  void Undo(Change& change) const;
  // The same for a change begun with Begin; when it is not stored, its undo steps run.
  [[nodiscard]] base::Status Commit(Change& change, std::vector<model::Event> events,
                                    std::vector<model::Event>& committed,
                                    const std::function<void()>& stored = nullptr);

  // The events of `command` in `conversation` now (model::Decide: the pure part of every change),
  // or why not. `max_events`: the most events a customer may add to (ServiceOptions).
  base::Result<std::vector<model::Event>> Decide(
      const model::Conversation& conversation, const model::Command& command,
      std::int64_t max_events = std::numeric_limits<std::int64_t>::max()) const;

  // Decide, then Commit: the whole of a change whose command needs nothing else. A command that
  // makes no events changes nothing.
  [[nodiscard]] base::Status Do(model::Conversation& conversation, const model::Command& command,
                                std::vector<model::Event>& committed);
  [[nodiscard]] base::Status Do(Change& change, const model::Command& command,
                                std::vector<model::Event>& committed);

  // A hand-off to `queue` as a command, with the facts of the queue now: whether it is open, and
  // staffed (someone on duty, or it goes to one agent); where nobody can take it, Decide keeps the
  // question for a reply (follow_up, recorded as a choice `by: system`). `cause`: why, as a stable
  // code (Decision's handoff_cause, or "customer_request", "advisor_request"). `agent`: only that
  // agent may take it.
  model::AskForPerson HandOff(const model::Conversation& conversation,
                              const QueueBoard::QueuePtr& queue, std::string_view cause,
                              std::vector<std::string> reasons, model::Author by,
                              std::string_view client_id, const std::string& agent = "") const;

  // Whether someone is there for `queue` now: it is open and an agent serving it is on duty.
  bool Staffed(const QueueConfig& queue, base::TimePoint now) const;

  // The request for approval recorded as event `request` of conversation `id`, and whether it
  // still waits (no approval event answers it). kNotFound when that event is no request. Read it
  // under the conversation's lock (after Begin) to decide on it.
  struct Request {
    model::DecisionEvent decision;
    bool waiting = true;
  };
  [[nodiscard]] base::Result<Request> RequestFor(std::string_view id, std::int64_t request) const;
  // A queue other than `queue` that is open with someone on duty now and serves `language`
  // (the default queue first, then in the configuration's order); nullptr when there is none.
  QueueBoard::QueuePtr Alternative(const QueueConfig& queue, model::Language language,
                                   base::TimePoint now) const;
  // A notice to the customer (waiting in `queue`, or with their question left there) of what
  // they can do instead of waiting: `reason` is "nobody_on_duty" (no one serves the queue any
  // more: the question is kept for a reply, `keep_for_reply`) or "long_wait" (longer than
  // expected). `client_id`: the notice's own, so that it is told once.
  model::Notify Notice(const model::Conversation& conversation, std::string_view reason,
                       bool keep_for_reply, std::string client_id) const;

  // In state bot, the queue and hours in the status are those a hand-off would go to now
  // (HandOffQueue); `bot_queue`, when given, is that queue already chosen.
  ConversationStatus StatusOf(const model::Conversation& conversation,
                              const QueueBoard::QueuePtr& bot_queue = nullptr) const;
  // The topics of the article a bot reply answered from (its first source); empty for none.
  std::vector<std::string> TopicsOf(const model::Event& bot_reply) const;
  // The topics of the bot's latest reply among the conversation's recent events.
  std::vector<std::string> RecentTopics(const model::Conversation& conversation) const;
  // Where a hand-off would go now: the queue of RecentTopics, else the default queue.
  QueueBoard::QueuePtr HandOffQueue(const model::Conversation& conversation) const;
  void PublishStatus(const model::Conversation& conversation);
  // Sends a fresh status to the watched conversations waiting in a queue, where it changed.
  void RefreshQueue(const std::string& queue);
  void RefreshWaiting();

  // Puts the in-memory state right after a stored change: the line, bookings, loads,
  // observations; and tells the consoles and the dispatcher. `here`: the change was made by this
  // process (which stores the wait observations; another process's change has them stored).
  void Settle(const model::Conversation& before, const model::Conversation& after,
              bool here = true);

  // A change another process sharing the database stored (remote_changes.h): the conversation's
  // events `first_seq` to `last_seq`. Under the conversation's lock, the conversation before and
  // after them (replayed from storage) settle this process's state as its own change would —
  // the line, the booked callback, the agents' loads, statuses, consoles, the dispatcher —; then
  // the line is put right by the conversation as stored now, should a later change of it have
  // been settled here first.
  [[nodiscard]] base::Status SettleElsewhere(std::string_view id, std::int64_t first_seq,
                                             std::int64_t last_seq);
  // The lines, bookings and loads rebuilt from storage's conversations that wait, have a
  // callback booked or are assigned: after changes of other processes may have been missed.
  [[nodiscard]] base::Status Reconcile();

  // The agent whose load conversation `id` counts in (AgentRoster's chats); empty: none. Setting
  // what is already set changes nothing, so that a change settled twice (here and from another
  // process's notification, or by Reconcile) counts once.
  void CountFor(const std::string& id, const std::string& agent);

  // Feeds the wait estimates with what the queues observed before a restart.
  void RestoreObservations();

  // Called after changes that may allow an assignment (set by AgentDesk); must not block.
  void SetDispatchHook(std::function<void()> hook) { dispatch_hook_ = std::move(hook); }

  storage::ConversationStore& store() const { return store_; }
  const answer::Engine& engine() const { return engine_; }
  // How Balie addresses this customer: the conversation's language and, in Dutch, the
  // organisation's register (the engine's, so that the bot and the service say "u" or "je" alike).
  model::Voice VoiceOf(const model::Conversation& conversation) const {
    return {conversation.language, engine_.config().dutch_register};
  }
  const base::Clock& clock() const { return clock_; }
  QueueBoard& queues() const { return queues_; }
  AgentRoster& roster() const { return roster_; }
  ConversationHub& hub() const { return hub_; }
  StaffHub& staff_hub() const { return staff_hub_; }

 private:
  // The lock of a conversation (one of 256, by id): Begin holds it while loading, changing and
  // committing.
  ConversationLock& LockFor(std::string_view id) const;
  // Begin's load, under `lock`.
  base::Result<Change> Load(std::unique_lock<ConversationLock> lock, std::string_view id,
                            std::string_view client_id) const;
  // The change of what was loaded under `lock`, or why it was not.
  static base::Result<Change> Loaded(std::unique_lock<ConversationLock> lock,
                                     base::Result<storage::ConversationStore::ForChange> loaded);
  // The state machine's conversation after `events`, or why not (Commit's first step).
  base::Result<model::Conversation> Applied(const model::Conversation& conversation,
                                            const std::vector<model::Event>& events) const;
  // What Commit does once `updated` (from `before`) is stored with `events`.
  void Committed(const model::Conversation& before, model::Conversation& conversation,
                 model::Conversation updated, std::vector<model::Event>& events,
                 std::vector<model::Event>& committed, const std::function<void()>& stored);
  // The status of `conversation` as if in `state`.
  ConversationStatus StatusIn(model::ConversationState state,
                              const model::Conversation& conversation,
                              const QueueBoard::QueuePtr& bot_queue = nullptr) const;
  // Keeps an observation of a queue (for wait estimates after a restart).
  void Observe(const std::string& queue, const std::string& kind,
               std::chrono::system_clock::duration duration);

  storage::ConversationStore& store_;
  const answer::Engine& engine_;
  const base::Clock& clock_;
  QueueBoard& queues_;
  AgentRoster& roster_;
  ConversationHub& hub_;
  StaffHub& staff_hub_;
  std::function<void()> dispatch_hook_;
  mutable std::array<ConversationLock, 256> locks_;
  // Changes whose CommitThen has not finished.
  mutable std::mutex in_flight_mutex_;
  std::condition_variable in_flight_done_;
  size_t in_flight_ = 0;

  std::mutex counted_mutex_;
  std::unordered_map<std::string, std::string> counted_for_;  // CountFor: conversation → agent

  std::mutex published_mutex_;
  // The last status sent to each waiting conversation, so that RefreshQueue sends changes only.
  std::unordered_map<std::string, ConversationStatus> last_published_;
};

}  // namespace balie::service

#endif  // BALIE_SERVICE_CONVERSATION_CORE_H_
