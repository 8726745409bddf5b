#ifndef BALIE_SERVICE_QUEUE_BOARD_H_
#define BALIE_SERVICE_QUEUE_BOARD_H_

// The live state of the queues: who waits where and in what order, which callbacks are booked in
// which slots (and with whom), and what recent handling says about waits. Rebuilt from storage on
// start (ConversationService::Recover); storage stays the source of truth. Thread-safe: one mutex,
// held only for in-memory work (the capacity function is called under it, and must not call back
// into the board).

#include <chrono>
#include <functional>
#include <map>
#include <memory>
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
#include "routing/wait_estimator.h"
#include "routing/wait_queue.h"

namespace balie::service {

struct QueueConfig {
  std::string id;                    // "algemeen"
  std::string name_nl;               // "Klantenservice"
  std::string name_en;               // "Customer service"
  std::vector<std::string> topics;   // an article with one of these topics goes here
  routing::CallbackSlots callbacks;  // the queue's office hours and callback slot rules
  int callbacks_per_agent = 1;       // callbacks one scheduled agent can make in one slot
  std::vector<model::Language> languages = {model::Language::kDutch, model::Language::kEnglish};

  const routing::OfficeHours& hours() const { return callbacks.hours(); }
  const std::string& Name(model::Language language) const {
    return language == model::Language::kDutch ? name_nl : name_en;
  }
};

// A conversation waiting in a queue, or a booked callback whose slot has begun.
struct WaitingEntry {
  std::string conversation_id;
  model::Language language = model::Language::kDutch;
  int priority = 0;
  base::TimePoint queued_at;    // for a due callback: the start of its slot
  std::string requested_agent;  // only this agent may take it
  bool callback = false;
  // The wait estimated as it joined (what the customer was told); kept when it joins again at
  // the same place.
  std::optional<std::chrono::seconds> estimate;
};

// A booked callback.
struct Booking {
  std::string conversation_id;
  std::string queue;
  routing::Interval slot;
  std::string agent;  // a callback with a particular agent (a personal advisor); empty: anyone
  model::Language language = model::Language::kDutch;
};

// A queue's office hours and callback slots, built and checked as the configuration file's are
// (routing::OfficeHours::Create, routing::CallbackSlots::Create): the one check for hours and
// holidays, from the file and from an admin alike. kInvalidArgument says what is wrong. (Inline:
// the configuration loader uses it without linking the service.)
[[nodiscard]] inline base::Result<routing::CallbackSlots> BuildQueueHours(
    const routing::OfficeHoursConfig& hours, const routing::CallbackRules& rules) {
  auto office_hours = routing::OfficeHours::Create(hours);
  if (!office_hours.ok()) {
    return office_hours.status();
  }
  return routing::CallbackSlots::Create(std::move(office_hours).value(), rules);
}

class QueueBoard {
 public:
  // How many callbacks a queue can make in a slot, before bookings are subtracted.
  using Capacity = std::function<int(const QueueConfig& queue, const routing::Interval& slot)>;

  // `queues` must be non-empty with unique ids, and `default_queue` one of them (the
  // configuration loader checks this). Without `capacity`, each slot takes callbacks_per_agent.
  QueueBoard(std::vector<QueueConfig> queues, const std::string& default_queue,
             Capacity capacity = nullptr);

  // Queues are shared, immutable snapshots: an admin's change replaces the snapshot, and those
  // who hold the old one keep a consistent view.
  using QueuePtr = std::shared_ptr<const QueueConfig>;
  // The queue for an article's topics: for its first topic that a queue lists (an article lists
  // its main topic first), the first queue that lists it; else the default.
  QueuePtr Choose(const std::vector<std::string>& topics) const;
  // nullptr for an unknown id.
  QueuePtr Find(std::string_view id) const;
  std::vector<QueuePtr> queues() const;
  // An admin's changes to names, topics, languages and office hours (storage::QueueSettings):
  // kNotFound for an unknown queue; kInvalidArgument (and nothing changed) for hours that
  // BuildQueueHours refuses. The callback rules and the time zone stay the configuration's.
  [[nodiscard]] base::Status Update(const std::string& id,
                                    const std::optional<std::string>& name_nl,
                                    const std::optional<std::string>& name_en,
                                    const std::optional<std::vector<std::string>>& topics,
                                    const std::optional<std::vector<model::Language>>& languages,
                                    const std::optional<routing::OfficeHoursConfig>& hours = {});

  // Waiting order (routing::WaitQueue): due callbacks, then higher priority, then earlier
  // arrival. Joining again moves the conversation to its new place.
  void Join(const std::string& queue, const WaitingEntry& entry);
  void Leave(const std::string& queue, std::string_view conversation_id);
  // 1 = next; nullopt when not waiting there.
  std::optional<int> Position(const std::string& queue, std::string_view conversation_id) const;
  // Everyone waiting in the queue, next first.
  std::vector<WaitingEntry> Waiting(const std::string& queue) const;

  // What the queue observed: a chat handled (from assignment to its end), a customer who left
  // the line (taken by an agent, or gone before one came).
  void RecordHandled(const std::string& queue, std::chrono::system_clock::duration handling);
  void RecordLeftLine(const std::string& queue, std::chrono::system_clock::duration waited,
                      bool abandoned);
  // The wait of the customer at `position` with these agents on duty; nullopt when it cannot be
  // estimated honestly (too few observations, nobody on duty).
  std::optional<std::chrono::seconds> EstimatedWait(
      const std::string& queue, int position, const std::vector<routing::AgentLoad>& on_duty) const;

  // Callback slots of the queue that can be booked now.
  std::vector<routing::Interval> CallbackSlots(const std::string& queue, base::TimePoint now) const;
  // Slots of one agent's schedule (a personal advisor) not yet booked with them.
  std::vector<routing::Interval> AgentCallbackSlots(const std::string& agent,
                                                    const routing::OfficeHours& schedule,
                                                    base::TimePoint now) const;
  // Books a slot that starts at `start` if it can still be booked; otherwise the reason, and
  // the customer picks another. With `agent` (and their `schedule`), the slot is theirs.
  [[nodiscard]] base::Result<routing::Interval> BookCallback(
      const Booking& booking, base::TimePoint start, base::TimePoint now,
      const routing::OfficeHours* agent_schedule = nullptr);
  // How many callbacks the slot booked for `conversation_id` (BookCallback) holds in all: its
  // queue's capacity then, or 1 for an agent's own slot; nullopt without a booking here.
  std::optional<int> RoomOf(std::string_view conversation_id) const;
  // Counts a booking that storage already holds (on recovery), without checks.
  void RestoreCallback(const Booking& booking);
  void ReleaseCallback(std::string_view conversation_id);
  std::optional<Booking> BookingOf(std::string_view conversation_id) const;
  // Bookings whose slot has begun, earliest first.
  std::vector<Booking> DueCallbacks(base::TimePoint now) const;
  // Every booking of the queue not yet made or released.
  std::vector<Booking> Bookings(const std::string& queue) const;

 private:
  struct Live {
    routing::WaitQueue line;
    std::unordered_map<std::string, WaitingEntry> entries;
    routing::WaitEstimator estimator = routing::WaitEstimator::Create().value();
  };
  std::vector<base::TimePoint> BookedLocked(const std::string& queue,
                                            const std::string& agent) const;
  routing::SlotCapacity CapacityOf(const QueuePtr& queue) const;
  QueuePtr FindLocked(std::string_view id) const;

  std::vector<QueuePtr> queues_;
  size_t default_index_ = 0;
  Capacity capacity_;
  mutable std::mutex mutex_;
  std::map<std::string, Live, std::less<>> live_;
  std::map<std::string, Booking, std::less<>> bookings_;  // by conversation id
};

}  // namespace balie::service

#endif  // BALIE_SERVICE_QUEUE_BOARD_H_
