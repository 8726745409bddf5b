#ifndef BALIE_STORAGE_CONVERSATION_STORE_H_
#define BALIE_STORAGE_CONVERSATION_STORE_H_

// Where conversations are kept: each as an append-only history of events plus a summary row
// (model::Conversation) that is replaced with every append. Implementations: SqliteStore (the
// default, embedded) and PostgresStore (postgres_store.h, for several processes or machines); one
// contract test suite runs against both (conversation_store_test.cc).
//
// Contract for every implementation:
// - A call that returns ok has made its change durable: it survives a crash of the process.
// - Append is atomic: all of its events and the new summary, or nothing.
// - Events are never changed or removed, with one exception: retention (AuditStore::EraseTexts,
//   audit_store.h) may, once per event, empty its `text`, keeping the SHA-256 of what it was
//   (model::Event::erased_text_sha256), and empty its personal fields (model::ErasePersonalFields);
//   its seq, kind, time, author and client id stay.
//   The erasure is an audit entry written in the same transaction (docs/accountability.md).
// - All methods are thread-safe; they block the calling thread (call them from a worker pool,
//   never from an I/O thread), except AppendThen, which returns at once and calls back.

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "model/conversation.h"

namespace balie::storage {

class ConversationStore {
 public:
  virtual ~ConversationStore() = default;

  // Stores a new conversation with its first events (seq 1, 2, …; `conversation.last_seq` is
  // the last of them). kAlreadyExists if the id is taken.
  [[nodiscard]] virtual base::Status Create(const model::Conversation& conversation,
                                            std::span<const model::Event> events) = 0;

  // kNotFound for an unknown id.
  [[nodiscard]] virtual base::Result<model::Conversation> Get(std::string_view id) = 0;

  // Appends `events`, whose seqs must follow the stored conversation's last_seq without a gap,
  // and replaces the summary with `updated` (whose last_seq is the last new event's). Fails,
  // writing nothing, with kAlreadyExists when an event's non-empty client_id is already stored
  // in this conversation, kAborted when the stored last_seq is not the one the events follow
  // (another writer came first), kNotFound for an unknown conversation.
  [[nodiscard]] virtual base::Status Append(const model::Conversation& updated,
                                            std::span<const model::Event> events) = 0;

  // Append without waiting: returns at once, and `done` is called with what Append would have
  // returned once the events are durable (or refused). SqliteStore and PostgresStore call it on
  // their writer thread, which commits nothing else meanwhile: `done` must be short and must not
  // wait for a write of this store (a write of its own goes with a later group). This default
  // appends and waits, then calls `done` on the caller's thread.
  using AppendDone = std::function<void(const base::Status&)>;
  // (By value: the stores keep them until their writer calls back.)
  // NOLINTBEGIN(performance-unnecessary-value-param)
  virtual void AppendThen(model::Conversation updated, std::vector<model::Event> events,
                          AppendDone done) {
    done(Append(updated, events));
  }
  // NOLINTEND(performance-unnecessary-value-param)
  // Notes that this process has a stream or console on the conversation, so that the processes
  // sharing the database tell it of every change of the conversation, even one that leaves it
  // with the bot (which they otherwise keep to themselves: PostgresStore). True when noted now:
  // changes committed before may not have been told, and the watchers here catch up from storage;
  // false when noted before, or when nothing needs noting (one process, the default). Waits for
  // a commit.
  virtual base::Result<bool> Watch(std::string_view /*id*/) { return false; }
  // Whether reads never wait for another process or for writes (SQLite in WAL mode: a read is of
  // local files): then a thread that must not wait long may read.
  virtual bool ReadsNeverWait() const { return false; }

  // Append for a change that assigns `updated` to its agent (state assigned, `agent` set): stored
  // only while the conversations assigned to that agent in storage, other than this one, number
  // fewer than `capacity`; otherwise kFailedPrecondition saying so, writing nothing. The count
  // and the append are one step for every process sharing the database (PostgreSQL: under a lock
  // per agent held until the commit), so that however many processes assign at once, no agent is
  // ever assigned past their capacity. Fails as Append does besides.
  [[nodiscard]] virtual base::Status AppendAssignment(const model::Conversation& updated,
                                                      std::span<const model::Event> events,
                                                      int capacity) = 0;
  // The same for a change that books a callback (`updated` in state callback with its slot):
  // stored only while the callbacks booked in the slot ([start, end) of `updated.callback`), other
  // than this conversation's, number fewer than `room` — in the conversation's queue, or with its
  // requested agent when it has one (a personal advisor's own slots). kFailedPrecondition when
  // the slot is full.
  [[nodiscard]] virtual base::Status AppendBooking(const model::Conversation& updated,
                                                   std::span<const model::Event> events,
                                                   int room) = 0;

  // Events with seq > after_seq, oldest first, at most `limit`.
  [[nodiscard]] virtual base::Result<std::vector<model::Event>> Events(std::string_view id,
                                                                       std::int64_t after_seq,
                                                                       size_t limit) = 0;

  // The event stored with this client id, if any.
  [[nodiscard]] virtual base::Result<std::optional<model::Event>> EventByClientId(
      std::string_view id, std::string_view client_id) = 0;

  // Get, and EventByClientId when `client_id` is not empty (a command that may be a resend): what
  // a change of the conversation starts from. A store where a read is a round trip reads both at
  // once.
  struct ForChange {
    model::Conversation conversation;
    std::optional<model::Event> resent;  // the event stored with client_id
    bool unchecked = false;              // from memory, not read (GetForChangeNow): may be stale
  };
  [[nodiscard]] virtual base::Result<ForChange> GetForChange(std::string_view id,
                                                             std::string_view client_id) {
    auto conversation = Get(id);
    if (!conversation.ok()) {
      return conversation.status();
    }
    ForChange found{std::move(conversation).value(), std::nullopt};
    if (!client_id.empty()) {
      auto resent = EventByClientId(id, client_id);
      if (!resent.ok()) {
        return resent.status();
      }
      found.resent = std::move(resent).value();
    }
    return found;
  }

  // GetForChange for a thread that must not wait (an I/O thread): std::nullopt where it would wait.
  // Where reads never wait it is GetForChange. A store whose reads are round trips
  // (PostgresStore) may answer from the conversations its process stored or read last, without
  // reading: such a ForChange is `unchecked` — it may be stale (another process changed the
  // conversation meanwhile) and its `resent` is unknown — and an append made from it is refused
  // where it would be wrong (kAborted: changed meanwhile; kAlreadyExists: the client id is stored),
  // after which the store forgets it, so that the next GetForChangeNow waits and GetForChange
  // reads the truth.
  [[nodiscard]] virtual std::optional<base::Result<ForChange>> GetForChangeNow(
      std::string_view id, std::string_view client_id) {
    if (!ReadsNeverWait()) {
      return std::nullopt;
    }
    return GetForChange(id, client_id);
  }

  // Every conversation in one of `states` (to rebuild the queues after a restart).
  [[nodiscard]] virtual base::Result<std::vector<model::Conversation>> InStates(
      std::span<const model::ConversationState> states) = 0;

  // Every conversation with a customer message still awaiting the bot's reply.
  [[nodiscard]] virtual base::Result<std::vector<model::Conversation>> AwaitingReply() = 0;

  // What a queue observed, for wait estimates that survive a restart: `kind` is "handled" (a
  // chat from assignment to its end), "taken" (a wait that ended with an agent) or "abandoned"
  // (a wait that ended without one).
  struct QueueObservation {
    std::string queue;
    std::string kind;
    std::chrono::milliseconds duration{0};
    base::TimePoint at;
  };
  [[nodiscard]] virtual base::Status AddQueueObservation(const QueueObservation& observation) = 0;
  // The latest `limit` observations of each kind of every queue, oldest first.
  [[nodiscard]] virtual base::Result<std::vector<QueueObservation>> RecentQueueObservations(
      size_t limit) = 0;
  // Per queue, the waits that ended with an agent ("taken") at or after `since`: how many, and
  // how many of them lasted at most `target` (the service level, after a restart too).
  struct TakenCount {
    std::string queue;
    int taken = 0;
    int within_target = 0;
  };
  [[nodiscard]] virtual base::Result<std::vector<TakenCount>> TakenSince(
      base::TimePoint since, std::chrono::milliseconds target) = 0;

  // Ok while the store can take writes; kUnavailable saying what fails (a full disk, an I/O
  // error, a damaged database) otherwise, for /readyz. Cheap and never blocks on I/O.
  [[nodiscard]] virtual base::Status Health() const { return base::Status::Ok(); }

  // A decision recorded in a conversation (an event of kind decision) and, where it needed
  // approval and got an answer, that answer (an event of kind approval naming its seq).
  struct DecisionRecord {
    std::string conversation_id;
    std::string queue;  // the conversation's queue now: the team it is with
    model::Event decision;
    std::optional<model::Event> answer;
  };
  // The decisions recorded at or after `since`, oldest first, at most `limit` (the latest);
  // `waiting_only`: only those that still wait for approval.
  [[nodiscard]] virtual base::Result<std::vector<DecisionRecord>> Decisions(base::TimePoint since,
                                                                            bool waiting_only,
                                                                            size_t limit) = 0;

  // The conversations of one customer (by customer reference), newest first, at most `limit`.
  [[nodiscard]] virtual base::Result<std::vector<model::Conversation>> OfCustomer(
      std::string_view customer_ref, size_t limit) = 0;
};

}  // namespace balie::storage

#endif  // BALIE_STORAGE_CONVERSATION_STORE_H_
