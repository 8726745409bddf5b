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

void RemoteChanges::Presence(std::string_view origin,
                             std::span<const storage::StaffPresence> staff) {
  const std::uint64_t before = core_.roster().version();
  core_.roster().SetPresenceElsewhere(origin, staff, core_.clock().Now() + kPresenceFor);
  if (core_.roster().version() != before) {
    core_.staff_hub().PublishChanged();  // a choice made elsewhere
  }
}

void RemoteChanges::Typing(std::span<const storage::Typing> typing) {
  for (const storage::Typing& one : typing) {
    if (one.author == "customer") {
      core_.staff_hub().PublishCustomerTypingHere(one.conversation_id);
    } else if (const auto author = model::ParseAuthor(one.author)) {
      core_.hub().PublishTypingHere(one.conversation_id, *author);
    }
  }
}

storage::ChangeHandlers RemoteChanges::Handlers() {
  return {[this](std::span<const storage::StoredChange> changes) { Apply(changes); },
          [this] { Connected(); },
          [this](std::string_view origin, std::span<const storage::StaffPresence> staff) {
            Presence(origin, staff);
          },
          [this](std::span<const storage::Typing> typing) { Typing(typing); },
          /*taken=*/nullptr};  // (the rate limits: api::SharedLimits, set by `balie serve`)
}

void Announcer::Presence() {
  std::unique_lock lock(mutex_);
  presence_ = true;
  Schedule(lock);
}

void Announcer::Typing(std::string_view conversation_id, model::Author author) {
  std::unique_lock lock(mutex_);
  if (typing_.size() >= kTypingGathered) {
    return;
  }
  typing_.emplace(std::string(conversation_id), std::string(model::AuthorName(author)));
  Schedule(lock);
}

void Announcer::Schedule(std::unique_lock<std::mutex>& lock) {
  if (sending_) {
    return;  // gathered into the next announcement
  }
  sending_ = true;
  lock.unlock();
  if (!post_([this] { Send(); })) {
    lock.lock();
    sending_ = false;
  }
}

void Announcer::Send() {
  for (;;) {
    bool with_presence = false;
    std::vector<storage::Typing> typed;
    {
      std::lock_guard lock(mutex_);
      if (!presence_ && typing_.empty()) {
        sending_ = false;
        return;
      }
      with_presence = std::exchange(presence_, false);
      for (const auto& [conversation_id, author] : typing_) {
        typed.push_back({conversation_id, author});
      }
      typing_.clear();
    }
    // Failures are not retried: the next second's presence replaces this one, and typing is a
    // hint.
    if (!typed.empty()) {
      (void)store_.AnnounceTyping(typed);
    }
    if (with_presence) {
      (void)store_.AnnouncePresence(roster_.PresenceHere());
    }
  }
}

}  // namespace balie::service
