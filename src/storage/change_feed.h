#ifndef BALIE_STORAGE_CHANGE_FEED_H_
#define BALIE_STORAGE_CHANGE_FEED_H_

// What other processes sharing the database committed, told to this one as they commit: the bus of
// several `balie serve` processes on one PostgreSQL database (PostgresStore: LISTEN/NOTIFY, one
// notification per group commit, sent inside the commit's transaction, so that a notification
// exists if and only if its commit does). A notification says which conversations changed, up to
// which event; the events themselves are read from storage, which stays the truth.
//
// Notifications arrive in the order of their commits. One lost while the feed's connection was
// down is not sent again: when the feed (re)connects it calls `connected`, and whoever follows it
// catches up from storage then.

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "model/limit_taken.h"

namespace balie::storage {

// One conversation's events of one committed write: seq first_seq to last_seq.
struct StoredChange {
  std::string conversation_id;
  std::int64_t first_seq = 0;
  std::int64_t last_seq = 0;
  // Whether the conversation is out of state bot after the change, or was before it (a queue,
  // an agent, a callback): a change that never leaves the bot touches no shared state but its
  // watchers.
  bool situation = false;
};

// A member of staff as one process sees them (Store::AnnouncePresence, every second and at once
// after a choice): the presence there, and the state they last chose, wherever they chose it.
struct StaffPresence {
  std::string staff_id;
  // "available", "busy" or "away" in that process; "offline" when not there (the line tells the
  // choice only).
  std::string state;
  std::string chosen = "available";        // "available", "away" or "offline"
  base::TimePoint chosen_at{};             // when; the epoch when no choice is known (the default)
  std::optional<base::TimePoint> back_at;  // said with "away"
};

// Someone typing into a conversation: "customer" or "agent". Never stored.
struct Typing {
  std::string conversation_id;
  std::string author;
};

// What one process took from one of its shared rate limits (model/limit_taken.h).
using model::LimitTaken;

// Called on the feed's own thread, one call at a time, in commit order.
struct ChangeHandlers {
  // Changes committed by another process (never this process's own).
  std::function<void(std::span<const StoredChange>)> changed;
  // The feed connected, or connected again after a loss: notifications may have been missed.
  std::function<void()> connected;
  // Another process (`origin`) says how it sees these members of staff (Store::AnnouncePresence,
  // every second: those present there, and those whose choice it knows). May be empty.
  std::function<void(std::string_view origin, std::span<const StaffPresence>)> presence;
  // Someone typed in another process (Store::AnnounceTyping).
  std::function<void(std::span<const Typing>)> typing;
  // Another process (`origin`) took this from its shared rate limits, or counts this
  // (Store::AnnounceTaken, every few hundred milliseconds while clients take something). May be
  // unset.
  std::function<void(std::string_view origin, std::span<const LimitTaken>)> taken;
};

// Follows the changes while it lives; the destructor stops and joins its thread.
class ChangeFeed {
 public:
  virtual ~ChangeFeed() = default;
};

// The most bytes of a notification's text (PostgreSQL takes payloads under 8000 bytes).
constexpr size_t kMaxNotificationBytes = 7900;

// The notification's text: `origin`, then one line per change ("id first_seq last_seq 0|1").
// Split into texts of at most `max_bytes` each, each with the origin. (PostgreSQL's group of plain
// appends builds the same text in SQL, balie_append_group in postgres_store.cc, after the head.)
std::vector<std::string> EncodeChanges(std::string_view origin,
                                       std::span<const StoredChange> changes,
                                       size_t max_bytes = kMaxNotificationBytes);
// The first line of EncodeChanges's texts, its newline included.
std::string ChangesHead(std::string_view origin);
// The origin and the changes of a notification's text; false when it is not one.
bool DecodeChanges(std::string_view text, std::string& origin, std::vector<StoredChange>& changes);

// The same for the staff as a process sees them: `origin`, then one member a line (id, state,
// chosen state, when chosen and the return, in milliseconds since the epoch, or "-").
std::vector<std::string> EncodePresence(std::string_view origin,
                                        std::span<const StaffPresence> staff,
                                        size_t max_bytes = kMaxNotificationBytes);
bool DecodePresence(std::string_view text, std::string& origin, std::vector<StaffPresence>& staff);

// And for typing: `origin`, then one conversation and author a line.
std::vector<std::string> EncodeTyping(std::string_view origin, std::span<const Typing> typing,
                                      size_t max_bytes = kMaxNotificationBytes);
bool DecodeTyping(std::string_view text, std::string& origin, std::vector<Typing>& typing);

// The same for what a process took from its rate limits: `origin`, then one line per limit and
// key: the limit, the count and the key, with '%', control characters and every byte past ASCII
// escaped (%XX), as a key may hold any text (an account's name) and a payload must be valid in the
// database's encoding. No text when nothing was taken.
std::vector<std::string> EncodeTaken(std::string_view origin, std::span<const LimitTaken> taken,
                                     size_t max_bytes = kMaxNotificationBytes);
bool DecodeTaken(std::string_view text, std::string& origin, std::vector<LimitTaken>& taken);

}  // namespace balie::storage

#endif  // BALIE_STORAGE_CHANGE_FEED_H_
