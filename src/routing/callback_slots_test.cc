#include "routing/callback_slots.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/test_time.h"

namespace balie::routing {
namespace {

using std::chrono::minutes;
using testing::FormatUtc;
using testing::Utc;

// Monday to Friday 08:00-12:00 and 13:00-17:30, Europe/Amsterdam (CET = UTC+1 in November).
OfficeHours Weekdays() {
  OfficeHoursConfig config;
  for (const char* day : {"monday", "tuesday", "wednesday", "thursday", "friday"}) {
    config.weekly[day] = {"08:00-12:00", "13:00-17:30"};
  }
  return *OfficeHours::Create(config);
}

CallbackSlots Make(OfficeHours hours, CallbackRules rules = {}) {
  base::Result<CallbackSlots> slots = CallbackSlots::Create(std::move(hours), rules);
  EXPECT_TRUE(slots.ok()) << slots.status().ToString();
  return std::move(slots).value();
}

SlotCapacity Places(int n) { return SameCapacity(n); }

// The starts of 15-minute slots as UTC "HH:MM".
std::string Starts(const std::vector<Interval>& slots) {
  std::string text;
  for (const Interval& slot : slots) {
    EXPECT_EQ(slot.end - slot.start, minutes{15});
    if (!text.empty()) text += " ";
    text += FormatUtc(slot.start).substr(11);
  }
  return text;
}

TEST(CallbackSlotsTest, FirstSlotAfterTheLeadTimeOnTheLayoutOfTheRange) {
  CallbackRules rules;
  rules.max_slots = 5;
  const CallbackSlots slots = Make(Weekdays(), rules);
  // Tuesday 24 November 2026 09:50 CET: earliest 10:20, the layout from 08:00 gives 10:30 CET.
  EXPECT_EQ(Starts(slots.Bookable(Utc("2026-11-24 08:50"), Places(2), {})),
            "09:30 09:45 10:00 10:15 10:30");
  // On the layout exactly: 09:30 CET + 30 minutes = 10:00 CET is offered.
  EXPECT_EQ(Starts(slots.Bookable(Utc("2026-11-24 08:30"), Places(2), {})).substr(0, 5), "09:00");
}

TEST(CallbackSlotsTest, SkipsTheLunchBreakAndFullSlots) {
  CallbackRules rules;
  rules.max_slots = 4;
  const CallbackSlots slots = Make(Weekdays(), rules);
  const std::vector<TimePoint> booked = {
      Utc("2026-11-24 10:45"),  // 11:45 CET: one of two places
      Utc("2026-11-24 12:00"),  // 13:00 CET: both places
      Utc("2026-11-24 12:07"),  // (a booking counts for the slot in which it starts)
  };
  // 11:00 CET now: 11:30, 11:45 (one place left), lunch, 13:00 full, 13:15, 13:30.
  EXPECT_EQ(Starts(slots.Bookable(Utc("2026-11-24 10:00"), Places(2), booked)),
            "10:30 10:45 12:15 12:30");
}

TEST(CallbackSlotsTest, CapacityPerSlotComesFromTheCaller) {
  CallbackRules rules;
  rules.max_slots = 3;
  const CallbackSlots slots = Make(Weekdays(), rules);
  // Nobody scheduled for callbacks before 14:00 CET (13:00Z).
  const SlotCapacity from_two = [](const Interval& slot) {
    return slot.start >= Utc("2026-11-24 13:00") ? 1 : -1;
  };
  EXPECT_EQ(Starts(slots.Bookable(Utc("2026-11-24 08:00"), from_two, {})), "13:00 13:15 13:30");
  EXPECT_TRUE(slots.Bookable(Utc("2026-11-24 08:00"), SlotCapacity{}, {}).empty());
}

TEST(CallbackSlotsTest, EndOfRangeNotAMultipleOfTheSlotLength) {
  OfficeHoursConfig config;
  config.weekly["tuesday"] = {"16:20-17:20"};
  CallbackRules rules;
  rules.lead_time = minutes{0};
  const CallbackSlots slots = Make(*OfficeHours::Create(config), rules);
  // 16:20, 16:35, 16:50 CET; 17:05-17:20 fits exactly; nothing after.
  EXPECT_EQ(Starts(slots.Bookable(Utc("2026-11-24 15:00"), Places(1), {})),
            "15:20 15:35 15:50 16:05");
}

TEST(CallbackSlotsTest, HorizonAndWeekend) {
  CallbackRules rules;
  rules.horizon = std::chrono::hours{24};
  const CallbackSlots slots = Make(Weekdays(), rules);
  // Friday 27 November 16:00 CET: 16:30 .. 17:15 today; Monday is beyond 24 hours.
  EXPECT_EQ(Starts(slots.Bookable(Utc("2026-11-27 15:00"), Places(1), {})),
            "15:30 15:45 16:00 16:15");
  rules.horizon = std::chrono::hours{24 * 3};
  rules.max_slots = 6;
  const std::vector<Interval> next =
      Make(Weekdays(), rules).Bookable(Utc("2026-11-27 15:00"), Places(1), {});
  ASSERT_EQ(next.size(), 6u);
  EXPECT_EQ(FormatUtc(next[4].start), "2026-11-30 07:00");  // Monday 08:00 CET
}

TEST(CallbackSlotsTest, NoneWhenTheQueueNeverOpens) {
  const CallbackSlots slots = Make(*OfficeHours::Create(OfficeHoursConfig{}));
  EXPECT_TRUE(slots.Bookable(Utc("2026-11-24 08:00"), Places(5), {}).empty());
}

TEST(CallbackSlotsTest, SlotsOnTheDaylightSavingTimeNight) {
  OfficeHoursConfig config;
  config.weekly["sunday"] = {"01:00-04:00"};
  CallbackRules rules;
  rules.slot_length = minutes{30};
  rules.lead_time = minutes{0};
  rules.horizon = std::chrono::hours{24};
  const CallbackSlots slots = Make(*OfficeHours::Create(config), rules);
  // 29 March: two hours of real time, four slots; 25 October: four hours, eight slots.
  EXPECT_EQ(slots.Bookable(Utc("2026-03-28 12:00"), Places(1), {}).size(), 4u);
  const std::vector<Interval> autumn = slots.Bookable(Utc("2026-10-24 12:00"), Places(1), {});
  ASSERT_EQ(autumn.size(), 8u);
  EXPECT_EQ(FormatUtc(autumn.front().start), "2026-10-24 23:00");
  EXPECT_EQ(FormatUtc(autumn.back().end), "2026-10-25 03:00");
}

TEST(CallbackSlotsTest, CheckBookingAcceptsAnOfferedSlot) {
  const CallbackSlots slots = Make(Weekdays());
  const TimePoint now = Utc("2026-11-24 08:50");
  const std::vector<Interval> offered = slots.Bookable(now, Places(1), {});
  ASSERT_FALSE(offered.empty());
  base::Result<Interval> slot = slots.CheckBooking(now, offered.front().start, Places(1), {});
  ASSERT_TRUE(slot.ok()) << slot.status().ToString();
  EXPECT_EQ(*slot, offered.front());
  // A customer who took a few minutes to choose still gets it (booking notice 5 minutes).
  EXPECT_TRUE(slots.CheckBooking(now + minutes{20}, offered.front().start, Places(1), {}).ok());
}

TEST(CallbackSlotsTest, CheckBookingRefusesWithReasons) {
  const CallbackSlots slots = Make(Weekdays());
  const TimePoint now = Utc("2026-11-24 08:50");  // 09:50 CET
  struct Case {
    const char* name;
    const char* start;
    std::vector<TimePoint> booked;
    base::StatusCode code;
    const char* message;
  };
  const std::vector<Case> cases = {
      {"full",
       "2026-11-24 10:00",
       {Utc("2026-11-24 10:00")},
       base::StatusCode::kFailedPrecondition,
       "the callback slot at 2026-11-24 11:00 CET is full; pick another slot"},
      {"past",
       "2026-11-24 08:00",
       {},
       base::StatusCode::kFailedPrecondition,
       "the callback slot at 2026-11-24 09:00 CET has begun or starts within 5 minutes; pick a "
       "later slot"},
      {"too soon",
       "2026-11-24 08:45",
       {},
       base::StatusCode::kFailedPrecondition,
       "has begun or starts within 5 minutes"},
      {"off the layout",
       "2026-11-24 10:05",
       {},
       base::StatusCode::kInvalidArgument,
       "no callback slot starts at 2026-11-24 11:05 CET: the queue is closed then, or its slots of "
       "15 minutes start at other times; pick one of the offered slots"},
      {"lunch",
       "2026-11-24 11:15",
       {},
       base::StatusCode::kInvalidArgument,
       "no callback slot starts at 2026-11-24 12:15 CET"},
      {"last slot before lunch is fine, after it not",
       "2026-11-24 11:00",
       {},
       base::StatusCode::kInvalidArgument,
       "no callback slot starts at 2026-11-24 12:00 CET"},
      {"weekend",
       "2026-11-28 10:00",
       {},
       base::StatusCode::kInvalidArgument,
       "no callback slot starts"},
      {"beyond the horizon",
       "2026-12-01 10:00",
       {},
       base::StatusCode::kInvalidArgument,
       "further ahead than callbacks can be booked"},
  };
  for (const Case& c : cases) {
    base::Result<Interval> slot = slots.CheckBooking(now, Utc(c.start), Places(1), c.booked);
    ASSERT_FALSE(slot.ok()) << c.name;
    EXPECT_EQ(slot.status().code(), c.code) << c.name;
    EXPECT_NE(slot.status().message().find(c.message), std::string::npos)
        << c.name << ": " << slot.status().message();
  }
  EXPECT_TRUE(slots.CheckBooking(now, Utc("2026-11-24 10:45"), Places(1), {}).ok());
}

TEST(CallbackSlotsTest, TwoCustomersPickTheLastPlace) {
  const CallbackSlots slots = Make(Weekdays());
  const TimePoint now = Utc("2026-11-24 08:50");
  const TimePoint start = Utc("2026-11-24 10:00");
  std::vector<TimePoint> booked = {start};  // one of two places taken
  // Both were offered the slot; the service checks and stores one booking at a time.
  ASSERT_TRUE(slots.CheckBooking(now, start, Places(2), booked).ok());
  booked.push_back(start);
  base::Result<Interval> second = slots.CheckBooking(now, start, Places(2), booked);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), base::StatusCode::kFailedPrecondition);
  // And the slot is no longer offered.
  for (const Interval& slot : slots.Bookable(now, Places(2), booked)) EXPECT_NE(slot.start, start);
}

TEST(CallbackSlotsTest, CreateRefusesRulesThatCannotWork) {
  struct Case {
    const char* name;
    CallbackRules rules;
    const char* message;
  };
  CallbackRules zero_length;
  zero_length.slot_length = minutes{0};
  CallbackRules no_horizon;
  no_horizon.horizon = std::chrono::hours{0};
  CallbackRules negative_lead;
  negative_lead.lead_time = minutes{-5};
  CallbackRules no_slots;
  no_slots.max_slots = 0;
  const std::vector<Case> cases = {
      {"length", zero_length, "the slot length must be at least 1 minute"},
      {"horizon", no_horizon, "the horizon must be at least 1 hour"},
      {"lead", negative_lead, "cannot be negative"},
      {"max", no_slots, "offer at least 1 slot"},
  };
  for (const Case& c : cases) {
    base::Result<CallbackSlots> slots = CallbackSlots::Create(Weekdays(), c.rules);
    ASSERT_FALSE(slots.ok()) << c.name;
    EXPECT_NE(slots.status().message().find(c.message), std::string::npos)
        << c.name << ": " << slots.status().message();
  }
}

}  // namespace
}  // namespace balie::routing
