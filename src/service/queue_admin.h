#ifndef BALIE_SERVICE_QUEUE_ADMIN_H_
#define BALIE_SERVICE_QUEUE_ADMIN_H_

// An admin's changes to the configured queues (names, topics, languages, office hours): checked as
// the configuration file is (BuildQueueHours), kept in storage, each change on top of the earlier
// ones, and applied to the live queues. Thread-safe as the store and the board are; changes to one
// queue are not meant to race (one admin page).

#include "base/status.h"
#include "model/queue_settings.h"
#include "service/queue_board.h"
#include "storage/staff_store.h"

namespace balie::service {

class QueueAdmin {
 public:
  QueueAdmin(storage::StaffStore& store, QueueBoard& queues);

  // At start: applies what admins changed before. A stored change whose hours the configuration
  // no longer allows is logged and applied without them; a queue gone from the configuration keeps
  // its settings for when it comes back. Fails only when storage cannot be read.
  [[nodiscard]] base::Status Restore();

  // Applies and keeps `change` (its queue_id names the queue; unset fields keep what they were).
  // kNotFound for an unknown queue, kInvalidArgument for hours the configuration would refuse;
  // then nothing changed.
  [[nodiscard]] base::Result<QueueBoard::QueuePtr> Change(const model::QueueSettings& change);

 private:
  storage::StaffStore& store_;
  QueueBoard& queues_;
};

}  // namespace balie::service

#endif  // BALIE_SERVICE_QUEUE_ADMIN_H_
