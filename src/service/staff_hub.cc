#include "service/staff_hub.h"

#include <algorithm>

namespace balie::service {

void StaffHub::Subscribe(const std::shared_ptr<StaffListener>& listener) {
  std::lock_guard lock(mutex_);
  std::erase_if(listeners_, [](const auto& weak) { return weak.expired(); });
  listeners_.push_back(listener);
}

void StaffHub::Unsubscribe(const StaffListener* listener) {
  std::lock_guard lock(mutex_);
  std::erase_if(listeners_, [listener](const auto& weak) {
    auto strong = weak.lock();
    return !strong || strong.get() == listener;
  });
}

std::vector<std::shared_ptr<StaffListener>> StaffHub::Listeners() {
  std::vector<std::shared_ptr<StaffListener>> live;
  std::lock_guard lock(mutex_);
  for (const auto& weak : listeners_) {
    if (auto listener = weak.lock()) {
      live.push_back(std::move(listener));
    }
  }
  return live;
}

void StaffHub::PublishChanged() {
  for (const auto& listener : Listeners()) {
    listener->OnChanged();
  }
}

void StaffHub::PublishAssigned(const std::string& agent_id, const std::string& conversation_id) {
  for (const auto& listener : Listeners()) {
    listener->OnAssigned(agent_id, conversation_id);
  }
}

void StaffHub::PublishCustomerTyping(const std::string& conversation_id) {
  PublishCustomerTypingHere(conversation_id);
  if (relay_) {
    relay_(conversation_id);
  }
}

void StaffHub::PublishCustomerTypingHere(const std::string& conversation_id) {
  for (const auto& listener : Listeners()) {
    listener->OnCustomerTyping(conversation_id);
  }
}

void StaffHub::RelayCustomerTyping(std::function<void(const std::string&)> relay) {
  relay_ = std::move(relay);
}

void StaffHub::PublishSessionsEnded(const SessionsEnded& ended) {
  for (const auto& listener : Listeners()) {
    listener->OnSessionsEnded(ended);
  }
}

}  // namespace balie::service
