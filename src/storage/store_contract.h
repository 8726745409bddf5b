#ifndef BALIE_STORAGE_STORE_CONTRACT_H_
#define BALIE_STORAGE_STORE_CONTRACT_H_

// The parts of ConversationStore's contract that every implementation checks and assembles the
// same way, whatever its database. Internal to storage/.

#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "model/conversation.h"
#include "storage/conversation_store.h"

namespace balie::storage {

// kInvalidArgument unless the events are numbered on from `first_seq` and end at the
// conversation's last_seq; kAlreadyExists when two of them have one client id.
base::Status CheckNumbering(const model::Conversation& conversation,
                            std::span<const model::Event> events, std::int64_t first_seq);

// An append's checks before anything is written: kInvalidArgument for no events, and
// CheckNumbering's from the first event's seq.
base::Status CheckAppend(const model::Conversation& updated, std::span<const model::Event> events);

// What an append without waiting (AppendThen) writes, kept until the writer has called back.
struct PendingAppend {
  model::Conversation updated;
  std::vector<model::Event> events;
};
// AppendThen's start: the append to queue, or null once `done` has been told why not (CheckAppend).
std::shared_ptr<PendingAppend> CheckedAppend(model::Conversation updated,
                                             std::vector<model::Event> events,
                                             const ConversationStore::AppendDone& done);

// What an append that must stay within a limit counts (AppendAssignment, AppendBooking): the
// conversations in storage, other than the one appended, that hold a place of the same kind.
struct AppendLimit {
  enum class Kind {
    kAgentLoad,  // assigned to agent `key`
    kQueueSlot,  // a callback booked in queue `key` in [from, until)
    kAgentSlot,  // a callback booked with agent `key` (their own slot) in [from, until)
  };
  Kind kind = Kind::kAgentLoad;
  std::string key;
  base::TimePoint from;
  base::TimePoint until;
  int room = 0;  // places: the append is stored only while fewer are taken
};
// The limit of an assignment (`updated` assigned to an agent) or of a booking (`updated` with a
// callback booked, with its advisor when it has a requested agent); kInvalidArgument when
// `updated` holds no such place.
base::Result<AppendLimit> AssignmentLimit(const model::Conversation& updated, int capacity);
base::Result<AppendLimit> BookingLimit(const model::Conversation& updated, int room);
// What the append answers when `taken` places of `limit` are taken, `limit.room` or more.
base::Status Full(const AppendLimit& limit, std::int64_t taken);
// The same text for every append that counts the same places (a lock's name).
std::string LimitName(const AppendLimit& limit);

// Builds the answer of ConversationStore::Decisions from the events of kinds decision and approval
// in the order of the query (time, conversation, seq): pairs each approval with the decision it
// answers. Not thread-safe.
class DecisionCollector {
 public:
  void Add(std::string conversation_id, std::string queue, model::Event event);
  // The decisions, only those still waiting when `waiting_only`, the latest `limit`.
  std::vector<ConversationStore::DecisionRecord> Take(bool waiting_only, size_t limit) &&;

 private:
  std::vector<ConversationStore::DecisionRecord> records_;
  std::map<std::pair<std::string, std::int64_t>, size_t> by_event_;  // (conversation, seq)
};

}  // namespace balie::storage

#endif  // BALIE_STORAGE_STORE_CONTRACT_H_
