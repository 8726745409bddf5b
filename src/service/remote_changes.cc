#include "service/remote_changes.h"

#include "base/log.h"

namespace balie::service {

void RemoteChanges::Apply(std::span<const storage::StoredChange> changes) {
  for (const storage::StoredChange& change : changes) {
    // The line first, then the watchers: a status sent with the events is the new one.
    if (change.situation) {
      const base::Status settled =
          core_.SettleElsewhere(change.conversation_id, change.first_seq, change.last_seq);
      if (!settled.ok()) {
        // The lines may be off for this conversation until the next change of it or Reconcile.
        base::Log(base::LogLevel::kWarning, "another process's change not settled here",
                  {{"conversation", change.conversation_id},
                   {"seq", change.last_seq},
                   {"cause", settled.message()}});
      }
    }
    core_.hub().PublishStoredElsewhere(change.conversation_id, change.last_seq);
  }
}

void RemoteChanges::Connected() {
  // What other processes changed since Recover read storage, or while the bus was lost.
  if (connected_before_) {
    base::Log(base::LogLevel::kInfo,
              "catching up with the changes of other processes (the bus was lost a while)");
  }
  connected_before_ = true;
  if (base::Status status = core_.Reconcile(); !status.ok()) {
    base::Log(base::LogLevel::kWarning, "the lines were not rebuilt from storage",
              {{"cause", status.message()}});
  }
  core_.hub().CatchUpEverywhere();
}

void RemoteChanges::OnDutyElsewhere(std::span<const std::string> staff_ids) {
  core_.roster().SetOnDutyElsewhere(staff_ids, core_.clock().Now() + kOnDutyFor);
}

storage::ChangeHandlers RemoteChanges::Handlers() {
  return {[this](std::span<const storage::StoredChange> changes) { Apply(changes); },
          [this] { Connected(); },
          [this](std::span<const std::string> staff_ids) { OnDutyElsewhere(staff_ids); },
          /*taken=*/nullptr};  // (the rate limits: api::SharedLimits, set by `balie serve`)
}

}  // namespace balie::service
