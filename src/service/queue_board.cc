#include "service/queue_board.h"

#include <algorithm>

namespace balie::service {

QueueBoard::QueueBoard(std::vector<QueueConfig> queues, const std::string& default_queue,
                       Capacity capacity)
    : capacity_(std::move(capacity)) {
  for (size_t i = 0; i < queues.size(); ++i) {
    if (queues[i].id == default_queue) {
      default_index_ = i;
    }
    live_[queues[i].id];
    queues_.push_back(std::make_shared<const QueueConfig>(std::move(queues[i])));
  }
  if (!capacity_) {
    capacity_ = [](const QueueConfig& queue, const routing::Interval&) {
      return queue.callbacks_per_agent;
    };
  }
}

QueueBoard::QueuePtr QueueBoard::Choose(const std::vector<std::string>& topics) const {
  std::lock_guard lock(mutex_);
  // The article's topics in its order (its main topic first: a complaint's "klachten" before
  // "service"), each to the first queue that lists it.
  for (const std::string& topic : topics) {
    for (const QueuePtr& queue : queues_) {
      if (std::find(queue->topics.begin(), queue->topics.end(), topic) != queue->topics.end()) {
        return queue;
      }
    }
  }
  return queues_[default_index_];
}

QueueBoard::QueuePtr QueueBoard::FindLocked(std::string_view id) const {
  for (const QueuePtr& queue : queues_) {
    if (queue->id == id) {
      return queue;
    }
  }
  return nullptr;
}

QueueBoard::QueuePtr QueueBoard::Find(std::string_view id) const {
  std::lock_guard lock(mutex_);
  return FindLocked(id);
}

std::vector<QueueBoard::QueuePtr> QueueBoard::queues() const {
  std::lock_guard lock(mutex_);
  return queues_;
}

base::Status QueueBoard::Update(const std::string& id, const std::optional<std::string>& name_nl,
                                const std::optional<std::string>& name_en,
                                const std::optional<std::vector<std::string>>& topics,
                                const std::optional<std::vector<model::Language>>& languages,
                                const std::optional<routing::OfficeHoursConfig>& hours) {
  std::lock_guard lock(mutex_);
  for (QueuePtr& queue : queues_) {
    if (queue->id != id) {
      continue;
    }
    auto changed = std::make_shared<QueueConfig>(*queue);
    if (hours) {
      auto callbacks = BuildQueueHours(*hours, queue->callbacks.rules());
      if (!callbacks.ok()) {
        return callbacks.status();
      }
      changed->callbacks = std::move(callbacks).value();
    }
    if (name_nl) changed->name_nl = *name_nl;
    if (name_en) changed->name_en = *name_en;
    if (topics) changed->topics = *topics;
    if (languages) changed->languages = *languages;
    queue = std::move(changed);
    return base::Status::Ok();
  }
  return base::NotFound("no queue " + id);
}

void QueueBoard::Join(const std::string& queue, const WaitingEntry& entry) {
  std::lock_guard lock(mutex_);
  Live& live = live_[queue];
  live.line.Remove(entry.conversation_id);
  // Ordered by the arrival as storage keeps it (milliseconds): another process sharing the
  // database learns of this arrival from storage, and must put it in the same place.
  const base::TimePoint arrived = std::chrono::floor<std::chrono::milliseconds>(entry.queued_at);
  // Add fails only for an empty id, which conversations never have.
  (void)live.line.Add({entry.conversation_id, entry.priority, arrived, entry.callback});
  WaitingEntry& kept = live.entries[entry.conversation_id];
  const std::optional<std::chrono::seconds> estimate =
      !entry.estimate && kept.queued_at == entry.queued_at ? kept.estimate : entry.estimate;
  kept = entry;
  kept.estimate = estimate;
}

void QueueBoard::Leave(const std::string& queue, std::string_view conversation_id) {
  std::lock_guard lock(mutex_);
  auto live = live_.find(queue);
  if (live != live_.end() && live->second.line.Remove(conversation_id)) {
    live->second.entries.erase(std::string(conversation_id));
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
    waiting.push_back(live->second.entries.at(item.id));
  }
  return waiting;
}

void QueueBoard::RecordHandled(const std::string& queue,
                               std::chrono::system_clock::duration handling) {
  std::lock_guard lock(mutex_);
  live_[queue].estimator.RecordHandled(handling);
}

void QueueBoard::RecordLeftLine(const std::string& queue,
                                std::chrono::system_clock::duration waited, bool abandoned) {
  std::lock_guard lock(mutex_);
  live_[queue].estimator.RecordLeftLine(waited, abandoned);
}

std::optional<std::chrono::seconds> QueueBoard::EstimatedWait(
    const std::string& queue, int position, const std::vector<routing::AgentLoad>& on_duty) const {
  std::lock_guard lock(mutex_);
  auto live = live_.find(queue);
  if (live == live_.end()) {
    return std::nullopt;
  }
  return live->second.estimator.EstimateAt(position, on_duty);
}

std::vector<base::TimePoint> QueueBoard::BookedLocked(const std::string& queue,
                                                      const std::string& agent) const {
  std::vector<base::TimePoint> booked;
  for (const auto& [id, booking] : bookings_) {
    if ((!queue.empty() && booking.queue == queue) || (!agent.empty() && booking.agent == agent)) {
      booked.push_back(booking.slot.start);
    }
  }
  return booked;
}

routing::SlotCapacity QueueBoard::CapacityOf(const QueuePtr& queue) const {
  return [this, queue](const routing::Interval& slot) { return capacity_(*queue, slot); };
}

std::vector<routing::Interval> QueueBoard::CallbackSlots(const std::string& queue,
                                                         base::TimePoint now) const {
  std::lock_guard lock(mutex_);
  const QueuePtr config = FindLocked(queue);
  if (config == nullptr) {
    return {};
  }
  return config->callbacks.Bookable(now, CapacityOf(config), BookedLocked(queue, ""));
}

std::vector<routing::Interval> QueueBoard::AgentCallbackSlots(const std::string& agent,
                                                              const routing::OfficeHours& schedule,
                                                              base::TimePoint now) const {
  std::lock_guard lock(mutex_);
  auto slots = routing::CallbackSlots::Create(schedule, queues_[default_index_]->callbacks.rules());
  if (!slots.ok()) {
    return {};
  }
  return slots->Bookable(now, routing::SameCapacity(1), BookedLocked("", agent));
}

base::Result<routing::Interval> QueueBoard::BookCallback(
    const Booking& booking, base::TimePoint start, base::TimePoint now,
    const routing::OfficeHours* agent_schedule) {
  std::lock_guard lock(mutex_);
  const QueuePtr config = FindLocked(booking.queue);
  if (config == nullptr) {
    return base::NotFound("no queue " + booking.queue);
  }
  base::Result<routing::Interval> slot = base::Internal("unset");
  if (agent_schedule != nullptr) {
    auto slots = routing::CallbackSlots::Create(*agent_schedule, config->callbacks.rules());
    if (!slots.ok()) {
      return slots.status();
    }
    slot =
        slots->CheckBooking(now, start, routing::SameCapacity(1), BookedLocked("", booking.agent));
  } else {
    slot = config->callbacks.CheckBooking(now, start, CapacityOf(config),
                                          BookedLocked(booking.queue, ""));
  }
  if (slot.ok()) {
    Booking stored = booking;
    stored.slot = *slot;
    bookings_[booking.conversation_id] = stored;
  }
  return slot;
}

std::optional<int> QueueBoard::RoomOf(std::string_view conversation_id) const {
  std::lock_guard lock(mutex_);
  const auto found = bookings_.find(conversation_id);
  if (found == bookings_.end()) {
    return std::nullopt;
  }
  if (!found->second.agent.empty()) {
    return 1;  // an agent's own slot (BookCallback's SameCapacity(1))
  }
  const QueuePtr config = FindLocked(found->second.queue);
  if (config == nullptr) {
    return std::nullopt;
  }
  return capacity_(*config, found->second.slot);
}

void QueueBoard::RestoreCallback(const Booking& booking) {
  std::lock_guard lock(mutex_);
  bookings_[booking.conversation_id] = booking;
}

void QueueBoard::ReleaseCallback(std::string_view conversation_id) {
  std::lock_guard lock(mutex_);
  if (auto found = bookings_.find(conversation_id); found != bookings_.end()) {
    bookings_.erase(found);
  }
}

std::optional<Booking> QueueBoard::BookingOf(std::string_view conversation_id) const {
  std::lock_guard lock(mutex_);
  auto found = bookings_.find(conversation_id);
  return found == bookings_.end() ? std::nullopt : std::optional<Booking>(found->second);
}

std::vector<Booking> QueueBoard::Bookings(const std::string& queue) const {
  std::vector<Booking> all;
  std::lock_guard lock(mutex_);
  for (const auto& [id, booking] : bookings_) {
    if (booking.queue == queue) {
      all.push_back(booking);
    }
  }
  return all;
}

std::vector<Booking> QueueBoard::DueCallbacks(base::TimePoint now) const {
  std::vector<Booking> due;
  std::lock_guard lock(mutex_);
  for (const auto& [id, booking] : bookings_) {
    if (booking.slot.start <= now) {
      due.push_back(booking);
    }
  }
  std::sort(due.begin(), due.end(),
            [](const Booking& a, const Booking& b) { return a.slot.start < b.slot.start; });
  return due;
}

}  // namespace balie::service
