#ifndef BALIE_SERVICE_STAFF_HUB_H_
#define BALIE_SERVICE_STAFF_HUB_H_

// Tells the staff consoles that their view may be stale: the queues or assignments changed, an
// agent's presence changed, a conversation was assigned; and that a member's sessions ended.
// Consoles then fetch what they show (throttled on their side). Thread-safe; listeners are held
// weakly.

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace balie::service {

// Why a member's console streams must end.
enum class SessionEnd {
  kLoggedOut,        // that one session logged out
  kDisabled,         // the account was disabled: every session
  kPasswordChanged,  // a new password: every session
  kRightsChanged,    // the role or the queues changed: every stream, to reconnect with the new ones
};

struct SessionsEnded {
  std::string staff_id;
  std::string session;  // the session's key (StaffAccounts: the token's hash); empty: every one
  SessionEnd why = SessionEnd::kLoggedOut;
};

// Called on the thread that published; must not block.
class StaffListener {
 public:
  virtual ~StaffListener() = default;
  // The inbox or the overview may have changed.
  virtual void OnChanged() = 0;
  // `conversation_id` was just assigned to `agent_id`.
  virtual void OnAssigned(const std::string& agent_id, const std::string& conversation_id) = 0;
  // The customer of `conversation_id` is typing.
  virtual void OnCustomerTyping(const std::string& conversation_id) = 0;
  // A member's sessions (or one of them) ended, or their rights changed: their streams end.
  virtual void OnSessionsEnded(const SessionsEnded& ended) = 0;
};

class StaffHub {
 public:
  void Subscribe(const std::shared_ptr<StaffListener>& listener);
  void Unsubscribe(const StaffListener* listener);
  void PublishChanged();
  void PublishAssigned(const std::string& agent_id, const std::string& conversation_id);
  // To the consoles here, and to the processes sharing the database (RelayCustomerTyping).
  void PublishCustomerTyping(const std::string& conversation_id);
  // Typing that arrived in another process: to the consoles here only.
  void PublishCustomerTypingHere(const std::string& conversation_id);
  // Hands each PublishCustomerTyping to `relay` too. Set once, before anything is published.
  void RelayCustomerTyping(std::function<void(const std::string&)> relay);
  void PublishSessionsEnded(const SessionsEnded& ended);

 private:
  std::vector<std::shared_ptr<StaffListener>> Listeners();

  std::mutex mutex_;
  std::vector<std::weak_ptr<StaffListener>> listeners_;
  std::function<void(const std::string&)> relay_;
};

}  // namespace balie::service

#endif  // BALIE_SERVICE_STAFF_HUB_H_
