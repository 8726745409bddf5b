#ifndef BALIE_ROUTING_CALLBACK_SLOTS_H_
#define BALIE_ROUTING_CALLBACK_SLOTS_H_

// CallbackSlots: the times at which a customer can book a callback from a queue, and the check
// that a chosen slot can still be booked.
//
// Slots are laid out from the start of each open range of the queue's office hours, one slot
// length after another, and lie wholly inside the range: with 15-minute slots, "08:00-12:00" gives
// 08:00, 08:15, ... 11:45, and "13:00-17:20" gives 13:00 ... 17:00. The layout does not depend on
// the moment of asking, so a slot offered a minute ago is the same slot now.
//
// What a slot can take (its capacity: the callbacks the agents on duty then can make) and what is
// booked already are the caller's: the capacity as a function of the slot, the bookings as the
// start times of the callbacks booked on this queue (a booking counts for the slot in which it
// starts). The service layer calls CheckBooking and stores the booking under one lock, so that of
// two customers who pick the last place one gets it and the other a clear refusal.
//
// Immutable after Create; safe to share between threads for reading (the capacity function is
// called on the caller's thread). Pure: no clock reads, no I/O.

#include <chrono>
#include <functional>
#include <span>
#include <utility>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "routing/office_hours.h"

namespace balie::routing {

struct CallbackRules {
  std::chrono::minutes slot_length{15};
  // The earliest slot offered starts at least this long after now (time to prepare the call).
  std::chrono::minutes lead_time{30};
  // A booking is accepted until this long before its slot starts. Shorter than lead_time, so that a
  // customer who took a minute to choose is not refused the slot they were offered.
  std::chrono::minutes booking_notice{5};
  // Slots offered and accepted start within this long after now.
  std::chrono::hours horizon{24 * 7};
  // At most this many slots are offered.
  int max_slots = 20;
};

// How many callbacks can be made in a slot; values below zero count as zero.
using SlotCapacity = std::function<int(const Interval& slot)>;

// The same number of places in every slot (until the agents' schedules supply it per slot).
inline SlotCapacity SameCapacity(int places) {
  return [places](const Interval&) { return places; };
}

class CallbackSlots {
 public:
  // Refuses rules that cannot work (a slot length or horizon of zero or less, a negative lead
  // time or notice, max_slots below 1), saying which.
  static base::Result<CallbackSlots> Create(OfficeHours hours, CallbackRules rules);

  // The slots a customer can book now: in time order, starting no earlier than now + lead_time and
  // before now + horizon, each with fewer bookings than its capacity; at most max_slots. Empty when
  // the queue has no open time in that window.
  std::vector<Interval> Bookable(TimePoint now, const SlotCapacity& capacity,
                                 std::span<const TimePoint> booked) const;

  // Whether the slot that starts at `start` can be booked now. Returns the slot, or
  //   invalid argument: no slot starts then (outside office hours, or not on the slot layout), or
  //                     it starts beyond the horizon;
  //   failed precondition: the slot has begun or starts within booking_notice, or it is full.
  // Each message names the slot in the queue's local time and says what to do.
  base::Result<Interval> CheckBooking(TimePoint now, TimePoint start, const SlotCapacity& capacity,
                                      std::span<const TimePoint> booked) const;

  const OfficeHours& hours() const { return hours_; }
  const CallbackRules& rules() const { return rules_; }

 private:
  CallbackSlots(OfficeHours hours, CallbackRules rules) : hours_(std::move(hours)), rules_(rules) {}

  OfficeHours hours_;
  CallbackRules rules_;
};

}  // namespace balie::routing

#endif  // BALIE_ROUTING_CALLBACK_SLOTS_H_
