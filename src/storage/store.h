#ifndef BALIE_STORAGE_STORE_H_
#define BALIE_STORAGE_STORE_H_

// Everything Balie keeps, in one database: its conversations, staff and audit trail, with one
// Health() for /readyz. SqliteStore (embedded, the default) and PostgresStore (for several
// processes or machines) implement it; `balie serve` and the commands open one by its URL
// (store_url.h) and hand it to the services as the interface each needs.

#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "base/status.h"
#include "storage/audit_store.h"
#include "storage/change_feed.h"
#include "storage/conversation_store.h"
#include "storage/staff_store.h"
#include "storage/store_url.h"

namespace balie::storage {

class Store : public ConversationStore, public StaffStore, public AuditStore {
 public:
  // Follows what other processes sharing this database commit (change_feed.h) until the feed is
  // destroyed; nullptr where no other process can share it (SQLite: one process per data
  // directory).
  virtual std::unique_ptr<ChangeFeed> FollowChanges(const ChangeHandlers& handlers) {
    (void)handlers;
    return nullptr;
  }
  // Tells the other processes' feeds (ChangeHandlers::presence) how this one sees its staff;
  // nothing where no other process shares the database. Waits for the next group commit.
  virtual base::Status AnnouncePresence(std::span<const StaffPresence> staff) {
    (void)staff;
    return base::Status::Ok();
  }
  // The same for typing (ChangeHandlers::typing): a notification, nothing stored.
  virtual base::Status AnnounceTyping(std::span<const Typing> typing) {
    (void)typing;
    return base::Status::Ok();
  }
  // Tells the other processes' feeds (ChangeHandlers::taken) what this one took from its shared
  // rate limits; nothing where no other process shares the database. Waits for the next group
  // commit.
  virtual base::Status AnnounceTaken(std::span<const LimitTaken> taken) {
    (void)taken;
    return base::Status::Ok();
  }
};

}  // namespace balie::storage

#endif  // BALIE_STORAGE_STORE_H_
