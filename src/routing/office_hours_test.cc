#include "routing/office_hours.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/test_time.h"

namespace balie::routing {
namespace {

using testing::FormatUtc;
using testing::Utc;

// "2026-03-28 07:00" or "none": failures then show readable times.
std::string Show(const std::optional<TimePoint>& t) { return t ? FormatUtc(*t) : "none"; }

std::string Show(const std::vector<Interval>& periods) {
  std::string text;
  for (const Interval& period : periods) {
    if (!text.empty()) text += ", ";
    text += FormatUtc(period.start) + " - " + FormatUtc(period.end);
  }
  return text;
}

OfficeHours Make(const OfficeHoursConfig& config) {
  base::Result<OfficeHours> hours = OfficeHours::Create(config);
  EXPECT_TRUE(hours.ok()) << hours.status().ToString();
  return std::move(hours).value();
}

OfficeHoursConfig EveryDay(const std::vector<std::string>& ranges) {
  OfficeHoursConfig config;
  for (const char* day :
       {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}) {
    config.weekly[day] = ranges;
  }
  return config;
}

// Monday to Friday 08:00-17:30, closed at weekends: a typical customer service.
OfficeHoursConfig Weekdays() {
  OfficeHoursConfig config;
  for (const char* day : {"monday", "tuesday", "wednesday", "thursday", "friday"}) {
    config.weekly[day] = {"08:00-12:00", "12:00-17:30"};
  }
  return config;
}

TEST(ParseLocalRangeTest, AcceptsRangesWithinADay) {
  struct Case {
    const char* text;
    int begin;
    int end;
  };
  const std::vector<Case> cases = {
      {"08:00-12:00", 8 * 60, 12 * 60},
      {"13:00-17:30", 13 * 60, 17 * 60 + 30},
      {"00:00-24:00", 0, 24 * 60},
      {" 07:45-08:15 ", 7 * 60 + 45, 8 * 60 + 15},
  };
  for (const Case& c : cases) {
    base::Result<LocalRange> range = ParseLocalRange(c.text);
    ASSERT_TRUE(range.ok()) << c.text << ": " << range.status().ToString();
    EXPECT_EQ(*range, (LocalRange{c.begin, c.end})) << c.text;
  }
}

TEST(ParseLocalRangeTest, RefusesWithAMessageThatSaysWhatToWrite) {
  struct Case {
    const char* text;
    const char* message;
  };
  const std::vector<Case> cases = {
      {"08:00-25:00", "\"08:00-25:00\": 25:00 is not a time of day; times run from 00:00 to 24:00"},
      {"08:60-12:00", "08:60 is not a time of day"},
      {"24:30-24:45", "24:30 is not a time of day"},
      {"24:00-24:00", "cannot start at 24:00"},
      {"8:00-12:00", "write a range as HH:MM-HH:MM, e.g. 08:00-17:30"},
      {"08:00 - 12:00", "write a range as HH:MM-HH:MM"},
      {"0a:00-12:00", "write a range as HH:MM-HH:MM"},
      {"", "write a range as HH:MM-HH:MM"},
      {"12:00-12:00", "the range is empty"},
      {"22:00-02:00", "split it into 22:00-24:00 and 00:00-02:00 on the next day"},
  };
  for (const Case& c : cases) {
    base::Result<LocalRange> range = ParseLocalRange(c.text);
    ASSERT_FALSE(range.ok()) << c.text;
    EXPECT_EQ(range.status().code(), base::StatusCode::kInvalidArgument);
    EXPECT_NE(range.status().message().find(c.message), std::string::npos)
        << c.text << ": " << range.status().message();
  }
}

TEST(ParseWeekdayTest, KnowsTheSevenNames) {
  EXPECT_EQ(*ParseWeekday("monday"), cctz::weekday::monday);
  EXPECT_EQ(*ParseWeekday("Sunday"), cctz::weekday::sunday);
  EXPECT_EQ(*ParseWeekday("WEDNESDAY"), cctz::weekday::wednesday);
  base::Result<cctz::weekday> bad = ParseWeekday("maandag");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(),
            "\"maandag\" is not a weekday; use monday, tuesday, wednesday, thursday, friday, "
            "saturday or sunday");
}

TEST(ParseDateTest, AcceptsOnlyCalendarDates) {
  EXPECT_EQ(*ParseDate("2026-12-24"), cctz::civil_day(2026, 12, 24));
  EXPECT_EQ(*ParseDate("2028-02-29"), cctz::civil_day(2028, 2, 29));
  for (const char* bad : {"2026-02-29", "2026-13-01", "2026-04-31", "2026-00-10"}) {
    base::Result<cctz::civil_day> date = ParseDate(bad);
    ASSERT_FALSE(date.ok()) << bad;
    EXPECT_NE(date.status().message().find("is not a date in the calendar"), std::string::npos);
  }
  for (const char* bad : {"24-12-2026", "2026/12/24", "2026-12-4", "", "2026-12-24x"}) {
    base::Result<cctz::civil_day> date = ParseDate(bad);
    ASSERT_FALSE(date.ok()) << bad;
    EXPECT_NE(date.status().message().find("write it as YYYY-MM-DD"), std::string::npos);
  }
}

TEST(OfficeHoursCreateTest, ExplainsEveryConfigurationError) {
  struct Case {
    const char* name;
    OfficeHoursConfig config;
    const char* message;
  };
  std::vector<Case> cases;
  {
    OfficeHoursConfig config;
    config.time_zone = "Europe/Amsterdan";
    cases.push_back({"zone", config,
                     "office hours: unknown time zone \"Europe/Amsterdan\"; use an IANA name such "
                     "as Europe/Amsterdam"});
  }
  {
    OfficeHoursConfig config;
    config.time_zone = "";
    cases.push_back({"empty zone", config, "the time zone is empty"});
  }
  {
    OfficeHoursConfig config;
    config.weekly["monday"] = {"08:00-25:00"};
    cases.push_back(
        {"range", config, "office hours, monday: \"08:00-25:00\": 25:00 is not a time of day"});
  }
  {
    OfficeHoursConfig config;
    config.weekly["mon"] = {"08:00-12:00"};
    cases.push_back({"weekday", config, "office hours: \"mon\" is not a weekday"});
  }
  {
    OfficeHoursConfig config;
    config.weekly["monday"] = {"08:00-12:00"};
    config.weekly["Monday"] = {"13:00-17:00"};
    cases.push_back({"twice", config, "office hours: monday is listed twice"});
  }
  {
    OfficeHoursConfig config;
    config.weekly["tuesday"] = {"11:00-13:00", "08:00-12:00"};
    cases.push_back({"overlap", config,
                     "office hours, tuesday: the ranges 08:00-12:00 and 11:00-13:00 overlap; "
                     "merge them into one range"});
  }
  {
    OfficeHoursConfig config;
    config.holidays["2026-12-32"] = {};
    cases.push_back({"holiday date", config,
                     "office hours, holidays: \"2026-12-32\" is not a date in the calendar"});
  }
  {
    OfficeHoursConfig config;
    config.holidays["2026-12-24"] = {"08:00-14:00", "bis 16 Uhr"};
    cases.push_back(
        {"holiday range", config, "office hours, holiday 2026-12-24: \"bis 16 Uhr\" is not"});
  }
  for (const Case& c : cases) {
    base::Result<OfficeHours> hours = OfficeHours::Create(c.config);
    ASSERT_FALSE(hours.ok()) << c.name;
    EXPECT_EQ(hours.status().code(), base::StatusCode::kInvalidArgument) << c.name;
    EXPECT_NE(hours.status().message().find(c.message), std::string::npos)
        << c.name << ": " << hours.status().message();
  }
}

// The DST weekends of 2026 in Europe/Amsterdam: summer time from Sunday 29 March 01:00Z (02:00 ->
// 03:00 local), winter time from Sunday 25 October 01:00Z (03:00 -> 02:00 local).
TEST(OfficeHoursTest, DaytimeScheduleFollowsDaylightSavingTime) {
  const OfficeHours hours = Make(EveryDay({"08:00-20:00"}));
  struct Case {
    const char* from;
    const char* opens;
    const char* closes;
  };
  const std::vector<Case> cases = {
      {"2026-03-28 00:00", "2026-03-28 07:00", "2026-03-28 19:00"},  // Saturday, winter time
      {"2026-03-29 00:00", "2026-03-29 06:00", "2026-03-29 18:00"},  // the change: summer time
      {"2026-03-30 00:00", "2026-03-30 06:00", "2026-03-30 18:00"},
      {"2026-10-24 00:00", "2026-10-24 06:00", "2026-10-24 18:00"},  // Saturday, summer time
      {"2026-10-25 00:00", "2026-10-25 07:00", "2026-10-25 19:00"},  // the change: winter time
      {"2026-10-26 00:00", "2026-10-26 07:00", "2026-10-26 19:00"},
  };
  for (const Case& c : cases) {
    const TimePoint opens = Utc(c.opens);
    EXPECT_EQ(Show(hours.NextOpening(Utc(c.from))), c.opens) << c.from;
    EXPECT_FALSE(hours.IsOpen(opens - std::chrono::seconds{1})) << c.opens;
    EXPECT_TRUE(hours.IsOpen(opens)) << c.opens;
    EXPECT_EQ(Show(hours.ClosesAt(opens)), c.closes) << c.opens;
    EXPECT_TRUE(hours.IsOpen(Utc(c.closes) - std::chrono::seconds{1})) << c.closes;
    EXPECT_FALSE(hours.IsOpen(Utc(c.closes))) << c.closes;
  }
}

TEST(OfficeHoursTest, RangeAcrossTheSkippedHourLosesIt) {
  OfficeHoursConfig config;
  config.weekly["sunday"] = {"01:00-04:00"};
  const OfficeHours hours = Make(config);
  // 01:00 CET is 00:00Z; 04:00 CEST is 02:00Z: two hours open.
  EXPECT_EQ(Show(hours.OpenPeriods(Utc("2026-03-29 00:00"), Utc("2026-03-29 12:00"))),
            "2026-03-29 00:00 - 2026-03-29 02:00");
  EXPECT_TRUE(hours.IsOpen(Utc("2026-03-29 01:30")));  // 03:30 CEST
  EXPECT_EQ(Show(hours.ClosesAt(Utc("2026-03-29 00:10"))), "2026-03-29 02:00");
  // The Sunday before: three hours, in winter time.
  EXPECT_EQ(Show(hours.OpenPeriods(Utc("2026-03-22 00:00"), Utc("2026-03-22 12:00"))),
            "2026-03-22 00:00 - 2026-03-22 03:00");
}

TEST(OfficeHoursTest, TheDayStartsAtLocalMidnight) {
  const OfficeHours hours = Make(EveryDay({"08:00-20:00"}));
  EXPECT_EQ(FormatUtc(hours.StartOfDay(Utc("2026-03-29 12:00"))), "2026-03-28 23:00");  // CET
  EXPECT_EQ(FormatUtc(hours.StartOfDay(Utc("2026-03-29 22:30"))), "2026-03-29 22:00");  // CEST
  EXPECT_EQ(FormatUtc(hours.StartOfDay(Utc("2026-10-25 12:00"))), "2026-10-24 22:00");  // CEST
  EXPECT_EQ(FormatUtc(hours.StartOfDay(Utc("2026-10-25 23:30"))), "2026-10-25 23:00");  // CET
}

TEST(OfficeHoursTest, RangeInsideTheSkippedHourNeverOpens) {
  OfficeHoursConfig config;
  config.weekly["sunday"] = {"02:15-02:45"};
  const OfficeHours hours = Make(config);
  EXPECT_TRUE(hours.OpenPeriods(Utc("2026-03-28 12:00"), Utc("2026-03-30 00:00")).empty());
  // The next opening after the change is the following Sunday, 02:15 CEST = 00:15Z.
  EXPECT_EQ(Show(hours.NextOpening(Utc("2026-03-28 12:00"))), "2026-04-05 00:15");
}

TEST(OfficeHoursTest, RangeAcrossTheRepeatedHourGainsIt) {
  OfficeHoursConfig config;
  config.weekly["sunday"] = {"01:00-04:00"};
  const OfficeHours hours = Make(config);
  // 01:00 CEST is 23:00Z the day before; 04:00 CET is 03:00Z: four hours open.
  EXPECT_EQ(Show(hours.OpenPeriods(Utc("2026-10-24 12:00"), Utc("2026-10-25 12:00"))),
            "2026-10-24 23:00 - 2026-10-25 03:00");
  // The repeated 02:30: both occurrences (00:30Z in summer time, 01:30Z in winter time) are open.
  EXPECT_TRUE(hours.IsOpen(Utc("2026-10-25 00:30")));
  EXPECT_TRUE(hours.IsOpen(Utc("2026-10-25 01:30")));
}

TEST(OfficeHoursTest, EndInTheRepeatedHourIsItsFirstOccurrence) {
  OfficeHoursConfig config;
  config.weekly["sunday"] = {"00:00-02:30", "02:30-05:00"};
  const OfficeHours hours = Make(config);
  // 02:30 is its first occurrence, 02:30 CEST = 00:30Z; the two ranges still touch.
  EXPECT_EQ(Show(hours.OpenPeriods(Utc("2026-10-24 12:00"), Utc("2026-10-25 12:00"))),
            "2026-10-24 22:00 - 2026-10-25 00:30, 2026-10-25 00:30 - 2026-10-25 04:00");
  EXPECT_EQ(Show(hours.ClosesAt(Utc("2026-10-24 22:00"))), "2026-10-25 04:00");
}

TEST(OfficeHoursTest, HolidaysCloseOrShortenTheDay) {
  OfficeHoursConfig config = Weekdays();
  config.holidays["2026-12-24"] = {"08:00-14:00"};  // Thursday: shorter
  config.holidays["2026-12-25"] = {};               // Friday: closed
  const OfficeHours hours = Make(config);
  EXPECT_TRUE(hours.IsOpen(Utc("2026-12-24 12:59")));  // 13:59 CET
  EXPECT_EQ(Show(hours.ClosesAt(Utc("2026-12-24 09:00"))), "2026-12-24 13:00");
  EXPECT_FALSE(hours.IsOpen(Utc("2026-12-24 13:00")));  // 14:00 CET
  EXPECT_FALSE(hours.IsOpen(Utc("2026-12-25 10:00")));
  // After the short day: past Christmas and the weekend to Monday 08:00 CET.
  EXPECT_EQ(Show(hours.NextOpening(Utc("2026-12-24 13:00"))), "2026-12-28 07:00");
  // A holiday with hours opens on a day the weekly schedule is closed.
  config.holidays["2026-12-27"] = {"10:00-12:00"};  // a Sunday
  EXPECT_EQ(Show(Make(config).NextOpening(Utc("2026-12-24 13:00"))), "2026-12-27 09:00");
}

TEST(OfficeHoursTest, EveOfTheWeekendOpensOnMonday) {
  const OfficeHours hours = Make(Weekdays());
  // Friday 27 November 2026, 17:29 and 17:30 CET.
  EXPECT_TRUE(hours.IsOpen(Utc("2026-11-27 16:29")));
  EXPECT_EQ(Show(hours.ClosesAt(Utc("2026-11-27 16:29"))), "2026-11-27 16:30");
  EXPECT_FALSE(hours.IsOpen(Utc("2026-11-27 16:30")));
  EXPECT_EQ(Show(hours.ClosesAt(Utc("2026-11-27 16:30"))), "none");
  EXPECT_EQ(Show(hours.NextOpening(Utc("2026-11-27 16:30"))), "2026-11-30 07:00");
  EXPECT_EQ(Show(hours.NextOpening(Utc("2026-11-29 12:00"))), "2026-11-30 07:00");
}

TEST(OfficeHoursTest, AcrossTheYearEnd) {
  OfficeHoursConfig config = Weekdays();
  config.holidays["2026-12-31"] = {"08:00-16:00"};
  config.holidays["2027-01-01"] = {};
  const OfficeHours hours = Make(config);
  EXPECT_EQ(Show(hours.ClosesAt(Utc("2026-12-31 08:00"))), "2026-12-31 15:00");
  // Thursday 31 December after 16:00 -> New Year's Day closed -> the weekend -> Monday 4 January.
  EXPECT_EQ(Show(hours.NextOpening(Utc("2026-12-31 15:00"))), "2027-01-04 07:00");
  EXPECT_EQ(Show(hours.NextOpening(Utc("2026-12-31 23:30"))), "2027-01-04 07:00");  // 00:30 CET
}

TEST(OfficeHoursTest, TouchingRangesCloseOnlyAtTheRealEnd) {
  OfficeHoursConfig config;
  config.weekly["monday"] = {"08:00-12:00", "12:00-17:00", "18:00-20:00"};
  config.weekly["tuesday"] = {"00:00-02:00"};
  config.weekly["sunday"] = {"22:00-24:00"};
  const OfficeHours hours = Make(config);
  // Monday 30 November 2026 (CET).
  EXPECT_EQ(Show(hours.ClosesAt(Utc("2026-11-30 08:00"))), "2026-11-30 16:00");
  EXPECT_EQ(Show(hours.NextOpening(Utc("2026-11-30 16:00"))), "2026-11-30 17:00");
  // Monday 18:00-20:00 does not touch Tuesday 00:00: closes at 20:00.
  EXPECT_EQ(Show(hours.ClosesAt(Utc("2026-11-30 17:00"))), "2026-11-30 19:00");
  // Sunday 22:00-24:00 does not reach Monday 08:00: it closes at 24:00.
  EXPECT_EQ(Show(hours.ClosesAt(Utc("2026-11-29 21:30"))), "2026-11-29 23:00");
}

TEST(OfficeHoursTest, RangesAcrossMidnightJoin) {
  OfficeHoursConfig config;
  config.weekly["monday"] = {"20:00-24:00"};
  config.weekly["tuesday"] = {"00:00-02:00"};
  const OfficeHours hours = Make(config);
  // Monday 30 November 2026 21:00 CET -> Tuesday 02:00 CET.
  EXPECT_EQ(Show(hours.ClosesAt(Utc("2026-11-30 20:00"))), "2026-12-01 01:00");
  EXPECT_TRUE(hours.IsOpen(Utc("2026-11-30 23:00")));  // 00:00 CET Tuesday
}

TEST(OfficeHoursTest, AroundTheClock) {
  OfficeHoursConfig config = EveryDay({"00:00-24:00"});
  const OfficeHours always = Make(config);
  const TimePoint t = Utc("2026-10-25 01:30");
  EXPECT_TRUE(always.IsOpen(t));
  EXPECT_EQ(Show(always.NextOpening(t)), FormatUtc(t));
  EXPECT_EQ(Show(always.ClosesAt(t)), "none");  // does not close within the search bound
  config.holidays["2026-12-25"] = {};
  EXPECT_EQ(Show(Make(config).ClosesAt(Utc("2026-12-20 10:00"))), "2026-12-24 23:00");
}

TEST(OfficeHoursTest, EmptyScheduleNeverOpens) {
  const OfficeHours never = Make(OfficeHoursConfig{});
  const TimePoint t = Utc("2026-11-24 09:00");
  EXPECT_FALSE(never.IsOpen(t));
  EXPECT_EQ(Show(never.NextOpening(t)), "none");
  EXPECT_EQ(Show(never.ClosesAt(t)), "none");
  EXPECT_TRUE(never.OpenPeriods(t, t + std::chrono::hours{24 * 30}).empty());
}

TEST(OfficeHoursTest, OnlyAHoliday) {
  OfficeHoursConfig config;
  config.holidays["2027-06-01"] = {"10:00-12:00"};
  const OfficeHours hours = Make(config);
  EXPECT_EQ(Show(hours.NextOpening(Utc("2026-11-24 09:00"))), "2027-06-01 08:00");
  EXPECT_EQ(Show(hours.ClosesAt(Utc("2027-06-01 09:00"))), "2027-06-01 10:00");
}

TEST(OfficeHoursTest, OpenPeriodsOverlappingAWindowAreWhole) {
  const OfficeHours hours = Make(Weekdays());
  // Tuesday 24 November 2026 10:00 CET to Wednesday 09:00 CET.
  EXPECT_EQ(Show(hours.OpenPeriods(Utc("2026-11-24 09:00"), Utc("2026-11-25 08:00"))),
            "2026-11-24 07:00 - 2026-11-24 11:00, 2026-11-24 11:00 - 2026-11-24 16:30, "
            "2026-11-25 07:00 - 2026-11-25 11:00");
  EXPECT_EQ(hours.OpenPeriods(Utc("2026-11-23 00:00"), Utc("2026-11-30 00:00")).size(), 10u);
  EXPECT_TRUE(hours.OpenPeriods(Utc("2026-11-24 09:00"), Utc("2026-11-24 09:00")).empty());
}

TEST(OfficeHoursTest, OtherTimeZones) {
  OfficeHoursConfig config = EveryDay({"09:00-17:00"});
  config.time_zone = "UTC";
  EXPECT_EQ(Show(Make(config).NextOpening(Utc("2026-03-29 00:00"))), "2026-03-29 09:00");
  config.time_zone = "America/New_York";  // summer time since 8 March 2026: UTC-4
  EXPECT_EQ(Show(Make(config).NextOpening(Utc("2026-03-29 00:00"))), "2026-03-29 13:00");
}

TEST(OfficeHoursTest, FormatsLocalTimeForMessages) {
  const OfficeHours hours = Make(Weekdays());
  EXPECT_EQ(hours.FormatLocal(Utc("2026-12-24 13:00")), "2026-12-24 14:00 CET");
  EXPECT_EQ(hours.FormatLocal(Utc("2026-06-01 06:00")), "2026-06-01 08:00 CEST");
  EXPECT_EQ(hours.time_zone_name(), "Europe/Amsterdam");
}

}  // namespace
}  // namespace balie::routing
