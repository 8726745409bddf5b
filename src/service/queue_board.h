#ifndef BALIE_SERVICE_QUEUE_BOARD_H_
#define BALIE_SERVICE_QUEUE_BOARD_H_

// The live state of the queues: who waits where and in what order, which callback slots are
// booked, and what the queues' hours and recent handling say about waits. Rebuilt from storage on
// start (ConversationService::Recover); storage stays the source of truth. Thread-safe: one mutex,
// held only for in-memory work.

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "model/article.h"
#include "routing/callback_slots.h"
#include "routing/office_hours.h"
#include "routing/wait_queue.h"

namespace balie::service {

struct QueueConfig {
  std::string id;                    // "algemeen"
  std::string name_nl;               // "Klantenservice"
  std::string name_en;               // "Customer service"
  std::vector<std::string> topics;   // an article with one of these topics goes here
  routing::CallbackSlots callbacks;  // the queue's office hours and callback slot rules
  int callbacks_per_slot = 2;        // callbacks the queue can make in one slot

  const routing::OfficeHours& hours() const { return callbacks.hours(); }
  const std::string& Name(model::Language language) const {
    return language == model::Language::kDutch ? name_nl : name_en;
  }
};

// A conversation waiting in a queue.
struct WaitingEntry {
  std::string conversation_id;
  model::Language language = model::Language::kDutch;
  int priority = 0;
  base::TimePoint queued_at;
};

class QueueBoard {
 public:
  // `queues` must be non-empty with unique ids, and `default_queue` one of them (the
  // configuration loader checks this).
  QueueBoard(std::vector<QueueConfig> queues, const std::string& default_queue);

  // The queue for an article's topics: the first queue that lists one of them, else the default.
  const QueueConfig& Choose(const std::vector<std::string>& topics) const;
  // nullptr for an unknown id.
  const QueueConfig* Find(std::string_view id) const;
  const std::vector<QueueConfig>& queues() const { return queues_; }

  // Waiting order (routing::WaitQueue): higher priority first, then earlier arrival. Joining
  // again moves the conversation to its new place.
  void Join(const std::string& queue, const WaitingEntry& entry);
  void Leave(const std::string& queue, std::string_view conversation_id);
  // 1 = next; nullopt when not waiting there.
  std::optional<int> Position(const std::string& queue, std::string_view conversation_id) const;
  // Everyone waiting in the queue, next first.
  std::vector<WaitingEntry> Waiting(const std::string& queue) const;

  // The wait ahead of the customer at `position`, when it can be estimated honestly; nullopt
  // while there are no agents on duty or too few observations.
  std::optional<std::chrono::seconds> EstimatedWait(const std::string& queue, int position,
                                                    base::TimePoint now) const;

  // Callback slots that can be booked now (routing::CallbackSlots::Bookable).
  std::vector<routing::Interval> CallbackSlots(const std::string& queue, base::TimePoint now) const;
  // Books the slot that starts at `start` if it can still be booked; otherwise the reason
  // (routing::CallbackSlots::CheckBooking), and the customer picks another.
  [[nodiscard]] base::Result<routing::Interval> BookCallback(const std::string& queue,
                                                             base::TimePoint start,
                                                             base::TimePoint now);
  // Counts a booking that storage already holds (on recovery), without checks.
  void RestoreCallback(const std::string& queue, base::TimePoint start);
  void ReleaseCallback(const std::string& queue, base::TimePoint start);

 private:
  struct Live {
    routing::WaitQueue line;
    std::unordered_map<std::string, model::Language> languages;
    std::vector<base::TimePoint> booked;  // slot starts, one per booked callback
  };
  routing::SlotCapacity CapacityOf(const QueueConfig& queue) const;

  std::vector<QueueConfig> queues_;
  size_t default_index_ = 0;
  mutable std::mutex mutex_;
  std::map<std::string, Live, std::less<>> live_;
};

}  // namespace balie::service

#endif  // BALIE_SERVICE_QUEUE_BOARD_H_
