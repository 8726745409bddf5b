#ifndef BALIE_SERVICE_REMOTE_CHANGES_H_
#define BALIE_SERVICE_REMOTE_CHANGES_H_

// What this process does with the changes other `balie serve` processes on the same database
// commit (storage::ChangeFeed: PostgreSQL LISTEN/NOTIFY, one notification per group commit):
// every stream and console here that watches a changed conversation reads the events it has not
// sent from storage (ConversationHub::PublishStoredElsewhere), and a change of a conversation's
// situation (a queue, an agent, a callback) settles this process's lines, bookings and loads
// (ConversationCore::SettleElsewhere). A change that leaves a conversation with the bot is told
// only to the processes that watch it (ConversationStore::Watch, noted when a conversation gets
// its first listener here: app/serve_command.cc). When the feed (re)connects, notifications may
// have been missed: every watcher catches up and the lines are rebuilt from storage (Reconcile).
// Presence and typing travel on the bus too, never stored: what arrives is applied here
// (RemoteChanges), what happens here is sent (Announcer).
//
// Called on the feed's thread, one call at a time, in commit order; the work blocks on storage
// reads there, never on the I/O threads.

#include <chrono>
#include <functional>
#include <mutex>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "service/conversation_core.h"
#include "storage/change_feed.h"
#include "storage/store.h"

namespace balie::service {

class RemoteChanges {
 public:
  explicit RemoteChanges(ConversationCore& core) : core_(core) {}

  // Changes another process committed.
  void Apply(std::span<const storage::StoredChange> changes);
  // The feed connected (first, or again after a loss): the lines, bookings and loads are rebuilt
  // from storage and every watcher catches up.
  void Connected();

  // How another process sees its staff (announced every second, and at once after a choice):
  // their choices are taken over, and their presence there counts here for kPresenceFor — for
  // "someone is there", the estimates, the overview and the watch over the waits; this process
  // still assigns only to the agents connected to it.
  void Presence(std::string_view origin, std::span<const storage::StaffPresence> staff);
  static constexpr std::chrono::seconds kPresenceFor{3};
  // Someone typed in another process: to the streams and consoles watching here.
  void Typing(std::span<const storage::Typing> typing);

  // For ChangeFeed: the handlers, calling this object (which must outlive the feed).
  storage::ChangeHandlers Handlers();

 private:
  ConversationCore& core_;
  bool connected_before_ = false;  // the feed's thread only: for the log
};

// What this process tells the others sharing the database: how it sees its staff (Presence:
// every second, and at once after a choice) and who types here (Typing). One announcement at a
// time, on a worker (it waits for a group commit: a NOTIFY in it, nothing stored); what comes
// meanwhile is gathered into the next one, so typing costs at most one notification per group
// commit however fast it comes, and at most kTypingGathered conversations wait (more are
// dropped: typing is a hint).
class Announcer {
 public:
  // `post` runs a task on a worker; false when the workers stop.
  Announcer(storage::Store& store, const AgentRoster& roster,
            std::function<bool(std::function<void()>)> post)
      : store_(store), roster_(roster), post_(std::move(post)) {}

  void Presence();
  void Typing(std::string_view conversation_id, model::Author author);
  static constexpr size_t kTypingGathered = 1000;

 private:
  // Posts Send unless it runs (lock held on entry: released before posting).
  void Schedule(std::unique_lock<std::mutex>& lock);
  void Send();

  storage::Store& store_;
  const AgentRoster& roster_;
  const std::function<bool(std::function<void()>)> post_;
  std::mutex mutex_;
  bool sending_ = false;                                  // guarded by mutex_
  bool presence_ = false;                                 // guarded by mutex_
  std::set<std::pair<std::string, std::string>> typing_;  // guarded by mutex_
};

}  // namespace balie::service

#endif  // BALIE_SERVICE_REMOTE_CHANGES_H_
