#include "service/conversation_hub.h"

#include <algorithm>

namespace balie::service {

void ConversationHub::Subscribe(const std::string& conversation_id,
                                const std::shared_ptr<ConversationListener>& listener) {
  bool first = false;
  {
    std::lock_guard lock(mutex_);
    auto& listeners = listeners_[conversation_id];
    std::erase_if(listeners, [](const auto& weak) { return weak.expired(); });
    first = listeners.empty();
    listeners.push_back(listener);
  }
  if (first && first_listener_) {
    first_listener_(conversation_id);
  }
}

void ConversationHub::OnFirstListener(std::function<void(const std::string&)> first) {
  first_listener_ = std::move(first);
}

void ConversationHub::Unsubscribe(const std::string& conversation_id,
                                  const ConversationListener* listener) {
  std::lock_guard lock(mutex_);
  auto found = listeners_.find(conversation_id);
  if (found == listeners_.end()) {
    return;
  }
  std::erase_if(found->second, [listener](const auto& weak) {
    auto strong = weak.lock();
    return !strong || strong.get() == listener;
  });
  if (found->second.empty()) {
    listeners_.erase(found);
  }
}

std::vector<std::shared_ptr<ConversationListener>> ConversationHub::ListenersOf(
    std::string_view id) {
  std::vector<std::shared_ptr<ConversationListener>> live;
  std::lock_guard lock(mutex_);
  auto found = listeners_.find(std::string(id));
  if (found == listeners_.end()) {
    return live;
  }
  for (const auto& weak : found->second) {
    if (auto listener = weak.lock()) {
      live.push_back(std::move(listener));
    }
  }
  return live;
}

void ConversationHub::PublishEvent(std::string_view conversation_id, const model::Event& event) {
  for (const auto& listener : ListenersOf(conversation_id)) {
    listener->OnEvent(event);
  }
}

void ConversationHub::PublishStatus(std::string_view conversation_id,
                                    const ConversationStatus& status) {
  for (const auto& listener : ListenersOf(conversation_id)) {
    listener->OnStatus(status);
  }
}

void ConversationHub::PublishTyping(std::string_view conversation_id, model::Author author) {
  PublishTypingHere(conversation_id, author);
  if (relay_) {
    relay_(conversation_id, author);
  }
}

void ConversationHub::PublishTypingHere(std::string_view conversation_id, model::Author author) {
  for (const auto& listener : ListenersOf(conversation_id)) {
    listener->OnTyping(author);
  }
}

void ConversationHub::RelayTyping(std::function<void(std::string_view, model::Author)> relay) {
  relay_ = std::move(relay);
}

void ConversationHub::PublishStoredElsewhere(std::string_view conversation_id,
                                             std::int64_t last_seq) {
  for (const auto& listener : ListenersOf(conversation_id)) {
    listener->OnStoredElsewhere(last_seq);
  }
}

void ConversationHub::CatchUpEverywhere() {
  std::vector<std::shared_ptr<ConversationListener>> live;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [id, listeners] : listeners_) {
      for (const auto& weak : listeners) {
        if (auto listener = weak.lock()) {
          live.push_back(std::move(listener));
        }
      }
    }
  }
  for (const auto& listener : live) {
    listener->OnStoredElsewhere(ConversationListener::kEverything);
  }
}

bool ConversationHub::HasListeners(std::string_view conversation_id) const {
  std::lock_guard lock(mutex_);
  return listeners_.contains(std::string(conversation_id));
}

size_t ConversationHub::conversations_watched() const {
  std::lock_guard lock(mutex_);
  return listeners_.size();
}

}  // namespace balie::service
