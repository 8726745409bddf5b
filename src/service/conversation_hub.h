#ifndef BALIE_SERVICE_CONVERSATION_HUB_H_
#define BALIE_SERVICE_CONVERSATION_HUB_H_

// Delivers what happens in a conversation to everyone watching it right now in this process: the
// customer's open chat windows and the staff consoles. A listener subscribes for one conversation
// and gets every new event and status from then on; what happened before it subscribed comes from
// storage, and so does what another process stored (OnStoredElsewhere). Thread-safe.

#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "model/conversation.h"
#include "service/conversation_status.h"

namespace balie::service {

// Called on the thread that published, possibly several threads at once: implementations must
// be thread-safe and must not block (queue the work and return).
class ConversationListener {
 public:
  virtual ~ConversationListener() = default;
  virtual void OnEvent(const model::Event& event) = 0;
  virtual void OnStatus(const ConversationStatus& status) = 0;
  virtual void OnTyping(model::Author author) = 0;
  // Events of the conversation up to `last_seq` were stored by another process (a process sharing
  // the database, remote_changes.h): read from storage those not sent yet, and send them in order
  // with the live ones, each seq once. kEverything: whatever storage holds (the bus was lost a
  // while).
  virtual void OnStoredElsewhere(std::int64_t last_seq) = 0;
  static constexpr std::int64_t kEverything = std::numeric_limits<std::int64_t>::max();
};

class ConversationHub {
 public:
  // `listener` is held weakly: a listener that is gone is dropped.
  void Subscribe(const std::string& conversation_id,
                 const std::shared_ptr<ConversationListener>& listener);
  void Unsubscribe(const std::string& conversation_id, const ConversationListener* listener);

  void PublishEvent(std::string_view conversation_id, const model::Event& event);
  void PublishStatus(std::string_view conversation_id, const ConversationStatus& status);
  // To the listeners here, and to the processes sharing the database (RelayTyping).
  void PublishTyping(std::string_view conversation_id, model::Author author);
  // Typing that arrived in another process: to the listeners here only.
  void PublishTypingHere(std::string_view conversation_id, model::Author author);
  // Hands each PublishTyping to `relay` too (several processes on one database). Set once,
  // before anything is published.
  void RelayTyping(std::function<void(std::string_view, model::Author)> relay);
  // Hands the id of a conversation that gets its first listener here to `first` (several
  // processes on one database: the store notes that it is watched here, ConversationStore::Watch).
  // Called on the subscribing thread, which must not wait: `first` queues its work. Set once,
  // before anyone subscribes.
  void OnFirstListener(std::function<void(const std::string&)> first);
  // Another process stored events of the conversation up to `last_seq` (OnStoredElsewhere).
  void PublishStoredElsewhere(std::string_view conversation_id, std::int64_t last_seq);
  // Every listener of every conversation catches up from storage (after the bus was lost).
  void CatchUpEverywhere();

  // Whether anyone watches the conversation now.
  bool HasListeners(std::string_view conversation_id) const;
  size_t conversations_watched() const;

 private:
  std::vector<std::shared_ptr<ConversationListener>> ListenersOf(std::string_view id);

  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::vector<std::weak_ptr<ConversationListener>>> listeners_;
  std::function<void(std::string_view, model::Author)> relay_;
  std::function<void(const std::string&)> first_listener_;
};

}  // namespace balie::service

#endif  // BALIE_SERVICE_CONVERSATION_HUB_H_
