#include "service/queue_board.h"

#include <algorithm>

namespace balie::service {

QueueBoard::QueueBoard(std::vector<QueueConfig> queues, const std::string& default_queue)
    : queues_(std::move(queues)) {
  for (size_t i = 0; i < queues_.size(); ++i) {
    if (queues_[i].id == default_queue) {
      default_index_ = i;
    }
    live_[queues_[i].id];
  }
}

const QueueConfig& QueueBoard::Choose(const std::vector<std::string>& topics) const {
  for (const QueueConfig& queue : queues_) {
    for (const std::string& topic : topics) {
      if (std::find(queue.topics.begin(), queue.topics.end(), topic) != queue.topics.end()) {
        return queue;
      }
    }
  }
  return queues_[default_index_];
}

const QueueConfig* QueueBoard::Find(std::string_view id) const {
  for (const QueueConfig& queue : queues_) {
    if (queue.id == id) {
      return &queue;
    }
  }
  return nullptr;
}

void QueueBoard::Join(const std::string& queue, const WaitingEntry& entry) {
  std::lock_guard lock(mutex_);
  Live& live = live_[queue];
  live.line.Remove(entry.conversation_id);
  // Add fails only for an empty id, which conversations never have.
  (void)live.line.Add({entry.conversation_id, entry.priority, entry.queued_at, false});
  live.languages[entry.conversation_id] = entry.language;
}

void QueueBoard::Leave(const std::string& queue, std::string_view conversation_id) {
  std::lock_guard lock(mutex_);
  auto live = live_.find(queue);
  if (live != live_.end() && live->second.line.Remove(conversation_id)) {
    live->second.languages.erase(std::string(conversation_id));
  }
}

std::optional<int> QueueBoard::Position(const std::string& queue,
                                        std::string_view conversation_id) const {
  std::lock_guard lock(mutex_);
  auto live = live_.find(queue);
  return live == live_.end() ? std::nullopt : live->second.line.Position(conversation_id);
}

std::vector<WaitingEntry> QueueBoard::Waiting(const std::string& queue) const {
  std::vector<WaitingEntry> waiting;
  std::lock_guard lock(mutex_);
  auto live = live_.find(queue);
  if (live == live_.end()) {
    return waiting;
  }
  for (const routing::WaitingItem& item : live->second.line.Items()) {
    waiting.push_back({item.id, live->second.languages.at(item.id), item.priority, item.arrived});
  }
  return waiting;
}

std::optional<std::chrono::seconds> QueueBoard::EstimatedWait(const std::string&, int,
                                                              base::TimePoint) const {
  // No agent is on duty in any queue until the agents' side exists, and without agents no wait
  // can be estimated honestly.
  return std::nullopt;
}

routing::SlotCapacity QueueBoard::CapacityOf(const QueueConfig& queue) const {
  return [per_slot = queue.callbacks_per_slot](const routing::Interval&) { return per_slot; };
}

std::vector<routing::Interval> QueueBoard::CallbackSlots(const std::string& queue,
                                                         base::TimePoint now) const {
  const QueueConfig* config = Find(queue);
  if (config == nullptr) {
    return {};
  }
  std::lock_guard lock(mutex_);
  return config->callbacks.Bookable(now, CapacityOf(*config), live_.at(queue).booked);
}

base::Result<routing::Interval> QueueBoard::BookCallback(const std::string& queue,
                                                         base::TimePoint start,
                                                         base::TimePoint now) {
  const QueueConfig* config = Find(queue);
  if (config == nullptr) {
    return base::NotFound("no queue " + queue);
  }
  std::lock_guard lock(mutex_);
  Live& live = live_.at(queue);
  auto slot = config->callbacks.CheckBooking(now, start, CapacityOf(*config), live.booked);
  if (slot.ok()) {
    live.booked.push_back(slot->start);
  }
  return slot;
}

void QueueBoard::RestoreCallback(const std::string& queue, base::TimePoint start) {
  std::lock_guard lock(mutex_);
  live_[queue].booked.push_back(start);
}

void QueueBoard::ReleaseCallback(const std::string& queue, base::TimePoint start) {
  std::lock_guard lock(mutex_);
  auto live = live_.find(queue);
  if (live == live_.end()) {
    return;
  }
  auto& booked = live->second.booked;
  if (auto found = std::find(booked.begin(), booked.end(), start); found != booked.end()) {
    booked.erase(found);
  }
}

}  // namespace balie::service
