#include "routing/callback_slots.h"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>

namespace balie::routing {
namespace {

std::string Minutes(std::chrono::minutes minutes) {
  const auto count = minutes.count();
  return std::to_string(count) + (count == 1 ? " minute" : " minutes");
}

// The number of bookings that start in [slot.start, slot.end); `booked` is sorted.
int BookingsIn(const Interval& slot, const std::vector<TimePoint>& booked) {
  const auto first = std::lower_bound(booked.begin(), booked.end(), slot.start);
  const auto last = std::lower_bound(first, booked.end(), slot.end);
  return static_cast<int>(last - first);
}

int CapacityOf(const Interval& slot, const SlotCapacity& capacity) {
  return capacity ? std::max(0, capacity(slot)) : 0;
}

std::vector<TimePoint> Sorted(std::span<const TimePoint> booked) {
  std::vector<TimePoint> sorted(booked.begin(), booked.end());
  std::sort(sorted.begin(), sorted.end());
  return sorted;
}

}  // namespace

base::Result<CallbackSlots> CallbackSlots::Create(OfficeHours hours, CallbackRules rules) {
  if (rules.slot_length <= std::chrono::minutes::zero()) {
    return base::InvalidArgument("callback slots: the slot length must be at least 1 minute");
  }
  if (rules.horizon <= std::chrono::hours::zero()) {
    return base::InvalidArgument("callback slots: the horizon must be at least 1 hour");
  }
  if (rules.lead_time < std::chrono::minutes::zero() ||
      rules.booking_notice < std::chrono::minutes::zero()) {
    return base::InvalidArgument(
        "callback slots: the lead time and the booking notice cannot be negative; use 0 for none");
  }
  if (rules.max_slots < 1) {
    return base::InvalidArgument("callback slots: offer at least 1 slot (max_slots)");
  }
  return CallbackSlots(std::move(hours), rules);
}

std::vector<Interval> CallbackSlots::Bookable(TimePoint now, const SlotCapacity& capacity,
                                              std::span<const TimePoint> booked) const {
  std::vector<Interval> slots;
  const std::vector<TimePoint> bookings = Sorted(booked);
  const TimePoint earliest = now + rules_.lead_time;
  const TimePoint latest = now + rules_.horizon;  // slots start before this
  const auto length = std::chrono::duration_cast<TimePoint::duration>(rules_.slot_length);
  for (const Interval& period : hours_.OpenPeriods(earliest, latest)) {
    // The first slot of the layout that starts at or after `earliest`.
    TimePoint start = period.start;
    if (start < earliest)
      start += (earliest - period.start + length - TimePoint::duration{1}) / length * length;
    for (; start + length <= period.end && start < latest; start += length) {
      const Interval slot{start, start + length};
      if (BookingsIn(slot, bookings) < CapacityOf(slot, capacity)) {
        slots.push_back(slot);
        if (static_cast<int>(slots.size()) == rules_.max_slots) return slots;
      }
    }
  }
  return slots;
}

base::Result<Interval> CallbackSlots::CheckBooking(TimePoint now, TimePoint start,
                                                   const SlotCapacity& capacity,
                                                   std::span<const TimePoint> booked) const {
  const auto length = std::chrono::duration_cast<TimePoint::duration>(rules_.slot_length);
  const std::string when = hours_.FormatLocal(start);
  std::optional<Interval> slot;
  for (const Interval& period : hours_.OpenPeriods(start, start + length)) {
    if (period.start <= start && start + length <= period.end &&
        (start - period.start) % length == TimePoint::duration::zero()) {
      slot = Interval{start, start + length};
    }
  }
  if (!slot) {
    return base::InvalidArgument(
        "no callback slot starts at " + when + ": the queue is closed then, or its slots of " +
        Minutes(rules_.slot_length) + " start at other times; pick one of the offered slots");
  }
  if (start < now + rules_.booking_notice) {
    return base::FailedPrecondition("the callback slot at " + when +
                                    " has begun or starts within " +
                                    Minutes(rules_.booking_notice) + "; pick a later slot");
  }
  if (start >= now + rules_.horizon) {
    return base::InvalidArgument("the callback slot at " + when +
                                 " is further ahead than callbacks can be booked; pick one of "
                                 "the offered slots");
  }
  if (BookingsIn(*slot, Sorted(booked)) >= CapacityOf(*slot, capacity)) {
    return base::FailedPrecondition("the callback slot at " + when + " is full; pick another slot");
  }
  return *slot;
}

}  // namespace balie::routing
