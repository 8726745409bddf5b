#ifndef BALIE_SERVICE_REMOTE_CHANGES_H_
#define BALIE_SERVICE_REMOTE_CHANGES_H_

// What this process does with the changes other `balie serve` processes on the same database
// commit (storage::ChangeFeed: PostgreSQL LISTEN/NOTIFY, one notification per group commit):
// every stream and console here that watches a changed conversation reads the events it has not
// sent from storage (ConversationHub::PublishStoredElsewhere), and a change of a conversation's
// situation (a queue, an agent, a callback) settles this process's lines, bookings and loads
// (ConversationCore::SettleElsewhere). When the feed (re)connects, notifications may have been
// missed: every watcher catches up and the lines are rebuilt from storage (Reconcile).
//
// Called on the feed's thread, one call at a time, in commit order; the work blocks on storage
// reads there, never on the I/O threads.

#include <chrono>
#include <span>
#include <string>

#include "service/conversation_core.h"
#include "storage/change_feed.h"

namespace balie::service {

class RemoteChanges {
 public:
  explicit RemoteChanges(ConversationCore& core) : core_(core) {}

  // Changes another process committed.
  void Apply(std::span<const storage::StoredChange> changes);
  // The feed connected (first, or again after a loss): the lines, bookings and loads are rebuilt
  // from storage and every watcher catches up.
  void Connected();

  // Another process's staff on duty (announced every second): counted as on duty here for
  // kOnDutyFor — for "someone is there", the estimates and the watch over the waits; this
  // process still assigns only to the agents connected to it.
  void OnDutyElsewhere(std::span<const std::string> staff_ids);
  static constexpr std::chrono::seconds kOnDutyFor{3};

  // For ChangeFeed: the handlers, calling this object (which must outlive the feed).
  storage::ChangeHandlers Handlers();

 private:
  ConversationCore& core_;
  bool connected_before_ = false;  // the feed's thread only: for the log
};

}  // namespace balie::service

#endif  // BALIE_SERVICE_REMOTE_CHANGES_H_
