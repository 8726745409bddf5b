#ifndef BALIE_ROUTING_OFFICE_HOURS_H_
#define BALIE_ROUTING_OFFICE_HOURS_H_

// OfficeHours: when a queue is open. A weekly schedule (zero or more local time ranges per weekday)
// and holidays (dates on which the queue is closed, or open with special hours), in one time zone
// (default Europe/Amsterdam). Built from the strings of the configuration file; answers whether
// the queue is open at an instant, when it next opens, when it closes, and the open periods
// between two instants (for callback slots).
//
// Local times and daylight saving time: every range is local wall-clock time on its date. A local
// time is turned into an instant like this:
//   - a time that exists once is that instant (08:00 in winter is 07:00Z, in summer 06:00Z);
//   - a time the clock skips (02:00-03:00 on the last Sunday of March in Europe/Amsterdam) is the
//     moment of the change, 03:00 summer time: a range "01:00-04:00" on that day is open two hours
//     (00:00Z-02:00Z), and a range inside the skipped hour ("02:15-02:45") is not open at all;
//   - a time the clock shows twice (02:00-03:00 on the last Sunday of October) is its first
//     occurrence, in summer time: "01:00-04:00" on that day is open four hours (23:00Z-03:00Z),
//     and a range ending at 02:30 ends at the first 02:30 (00:30Z).
// One rule for starts and ends keeps ranges that touch ("08:00-12:00", "12:00-17:00") seamless.
//
// A value type: copyable, immutable once built, and safe to share between threads for reading.
// Pure: no clock reads, no I/O after construction (the time zone is loaded once, in Create).

#include <array>
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <cctz/civil_time.h>
#include <cctz/time_zone.h>

#include "base/clock.h"
#include "base/status.h"

namespace balie::routing {

using base::TimePoint;

// The half-open span of time [start, end).
struct Interval {
  TimePoint start;
  TimePoint end;

  friend bool operator==(const Interval&, const Interval&) = default;
};

// A range of local wall-clock time on one day, [begin_minute, end_minute) in minutes after local
// midnight: 0 <= begin_minute < end_minute <= 1440 (24:00).
struct LocalRange {
  int begin_minute = 0;
  int end_minute = 0;

  friend bool operator==(const LocalRange&, const LocalRange&) = default;
};

// Parses "HH:MM-HH:MM" ("08:00-12:00", "13:00-17:30", "00:00-24:00"). Hours 00-24 with two
// digits, minutes 00-59; 24:00 only as an end. A range cannot cross midnight: the end must be
// later than the start.
base::Result<LocalRange> ParseLocalRange(std::string_view text);

// Parses an English weekday name, "monday" .. "sunday" (case does not matter).
base::Result<cctz::weekday> ParseWeekday(std::string_view text);

// Parses a real calendar date written "YYYY-MM-DD".
base::Result<cctz::civil_day> ParseDate(std::string_view text);

// The office hours as the configuration file writes them.
struct OfficeHoursConfig {
  // An IANA time zone name, loaded from the system's zoneinfo (tzdata).
  std::string time_zone = "Europe/Amsterdam";
  // Weekday name ("monday" .. "sunday") -> ranges ("08:00-12:00"). A day not listed, or listed
  // with no ranges, is closed.
  std::map<std::string, std::vector<std::string>> weekly;
  // Date ("2026-12-24") -> the ranges of that date, which replace the weekday's; no ranges: closed
  // all day ("2026-12-25" -> {}).
  std::map<std::string, std::vector<std::string>> holidays;
};

class OfficeHours {
 public:
  // How far ahead NextOpening and ClosesAt look, in days: more than a year, so that a schedule
  // closed for a long holiday still finds its next opening, and still a bound for schedules that
  // never open (or never close).
  static constexpr int kSearchDays = 400;

  // Checks and converts the configuration. Every error names the weekday or date and the text
  // that is wrong, and says how to write it.
  static base::Result<OfficeHours> Create(const OfficeHoursConfig& config);

  // Whether the queue is open at t.
  bool IsOpen(TimePoint t) const;

  // The first instant at or after t at which the queue is open: t itself while it is open.
  // nullopt when it does not open within kSearchDays (an empty schedule never opens).
  std::optional<TimePoint> NextOpening(TimePoint t) const;

  // While the queue is open at t: the instant it closes, after any ranges that follow without a
  // gap (17:00 for "08:00-12:00" and "12:00-17:00"; across midnight too). nullopt when it is
  // closed at t, or when it stays open for kSearchDays (a queue open around the clock; finding
  // that out takes about 0.1 ms, so cache it per queue rather than ask for every customer).
  std::optional<TimePoint> ClosesAt(TimePoint t) const;

  // The open periods that overlap [from, to), in time order: one per configured range of each
  // date, not merged with their neighbours and not cut at from or to (callback slots are laid
  // out from the start of each range).
  std::vector<Interval> OpenPeriods(TimePoint from, TimePoint to) const;

  // The local midnight that began t's date in this time zone (for "today" in counts).
  TimePoint StartOfDay(TimePoint t) const;

  // t as local time in this time zone, for messages: "2026-12-24 14:00 CET".
  std::string FormatLocal(TimePoint t) const;

  const std::string& time_zone_name() const { return time_zone_name_; }
  // The configuration these hours were created from (to show and edit them).
  const OfficeHoursConfig& config() const { return config_; }

 private:
  OfficeHours() = default;

  const std::vector<LocalRange>& RangesOf(cctz::civil_day day) const;
  TimePoint ToInstant(cctz::civil_day day, int minute) const;
  // The non-empty open periods of one local date, in time order.
  std::vector<Interval> PeriodsOf(cctz::civil_day day) const;
  cctz::civil_day LocalDay(TimePoint t) const;

  OfficeHoursConfig config_;
  std::string time_zone_name_;
  cctz::time_zone time_zone_;
  std::array<std::vector<LocalRange>, 7> weekly_;  // indexed by cctz::weekday, monday = 0
  std::map<cctz::civil_day, std::vector<LocalRange>> holidays_;
};

}  // namespace balie::routing

#endif  // BALIE_ROUTING_OFFICE_HOURS_H_
