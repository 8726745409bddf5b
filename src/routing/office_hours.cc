#include "routing/office_hours.h"

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <string>
#include <utility>

namespace balie::routing {
namespace {

constexpr int kMinutesPerDay = 24 * 60;
constexpr std::array<std::string_view, 7> kWeekdayNames = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};

std::string Quoted(std::string_view text) { return "\"" + std::string(text) + "\""; }

std::string_view Trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return text;
}

// The value of the digits text[pos, pos + count), or -1 when one of them is not a digit.
int Digits(std::string_view text, std::size_t pos, std::size_t count) {
  int value = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (i >= text.size() || !std::isdigit(static_cast<unsigned char>(text[i]))) return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

std::string FormatMinute(int minute) {
  std::string text = "00:00";
  text[0] = static_cast<char>('0' + minute / 60 / 10);
  text[1] = static_cast<char>('0' + minute / 60 % 10);
  text[3] = static_cast<char>('0' + minute % 60 / 10);
  text[4] = static_cast<char>('0' + minute % 10);
  return text;
}

std::string FormatRange(const LocalRange& range) {
  return FormatMinute(range.begin_minute) + "-" + FormatMinute(range.end_minute);
}

// Parses a list of ranges of one day, sorted, refusing overlaps. `where` names the day for
// messages ("monday", "holiday 2026-12-24").
base::Result<std::vector<LocalRange>> ParseRanges(const std::vector<std::string>& texts,
                                                  const std::string& where) {
  std::vector<LocalRange> ranges;
  for (const std::string& text : texts) {
    base::Result<LocalRange> range = ParseLocalRange(text);
    if (!range.ok()) {
      return base::InvalidArgument("office hours, " + where + ": " + range.status().message());
    }
    ranges.push_back(*range);
  }
  std::sort(ranges.begin(), ranges.end(), [](const LocalRange& a, const LocalRange& b) {
    return a.begin_minute < b.begin_minute;
  });
  for (std::size_t i = 1; i < ranges.size(); ++i) {
    if (ranges[i].begin_minute < ranges[i - 1].end_minute) {
      return base::InvalidArgument("office hours, " + where + ": the ranges " +
                                   FormatRange(ranges[i - 1]) + " and " + FormatRange(ranges[i]) +
                                   " overlap; merge them into one range");
    }
  }
  return ranges;
}

}  // namespace

base::Result<LocalRange> ParseLocalRange(std::string_view text) {
  const std::string_view range = Trim(text);
  const std::string how = "write a range as HH:MM-HH:MM, e.g. 08:00-17:30";
  if (range.size() != 11 || range[2] != ':' || range[5] != '-' || range[8] != ':') {
    return base::InvalidArgument(Quoted(text) + " is not a time range; " + how);
  }
  std::array<int, 2> minutes = {0, 0};
  for (std::size_t i = 0; i < 2; ++i) {
    const std::size_t pos = i == 0 ? 0 : 6;
    const int hour = Digits(range, pos, 2);
    const int minute = Digits(range, pos + 3, 2);
    if (hour < 0 || minute < 0) {
      return base::InvalidArgument(Quoted(text) + " is not a time range; " + how);
    }
    if (hour > 24 || minute > 59 || (hour == 24 && minute != 0)) {
      return base::InvalidArgument(Quoted(text) + ": " + std::string(range.substr(pos, 5)) +
                                   " is not a time of day; times run from 00:00 to 24:00");
    }
    minutes[i] = hour * 60 + minute;
  }
  if (minutes[0] == kMinutesPerDay) {
    return base::InvalidArgument(Quoted(text) +
                                 ": a range cannot start at 24:00; start it at 00:00 of the next "
                                 "day");
  }
  if (minutes[1] == minutes[0]) {
    return base::InvalidArgument(Quoted(text) + ": the range is empty; leave it out");
  }
  if (minutes[1] < minutes[0]) {
    return base::InvalidArgument(
        Quoted(text) +
        ": the range ends before it starts. A range cannot cross midnight: split it "
        "into " +
        std::string(range.substr(0, 5)) + "-24:00 and 00:00-" + std::string(range.substr(6, 5)) +
        " on the next day");
  }
  return LocalRange{minutes[0], minutes[1]};
}

base::Result<cctz::weekday> ParseWeekday(std::string_view text) {
  std::string name(Trim(text));
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (std::size_t i = 0; i < kWeekdayNames.size(); ++i) {
    if (name == kWeekdayNames[i]) return static_cast<cctz::weekday>(i);
  }
  return base::InvalidArgument(Quoted(text) +
                               " is not a weekday; use monday, tuesday, wednesday, thursday, "
                               "friday, saturday or sunday");
}

base::Result<cctz::civil_day> ParseDate(std::string_view text) {
  const std::string_view date = Trim(text);
  const int year = Digits(date, 0, 4);
  const int month = Digits(date, 5, 2);
  const int day = Digits(date, 8, 2);
  if (date.size() != 10 || date[4] != '-' || date[7] != '-' || year < 0 || month < 0 || day < 0) {
    return base::InvalidArgument(Quoted(text) +
                                 " is not a date; write it as YYYY-MM-DD, e.g. 2026-12-24");
  }
  const cctz::civil_day civil(year, month, day);
  // civil_day normalises 2026-02-30 to 2026-03-02; a real date survives unchanged.
  if (civil.year() != year || civil.month() != month || civil.day() != day) {
    return base::InvalidArgument(Quoted(text) + " is not a date in the calendar");
  }
  return civil;
}

base::Result<OfficeHours> OfficeHours::Create(const OfficeHoursConfig& config) {
  OfficeHours hours;
  if (config.time_zone.empty()) {
    return base::InvalidArgument(
        "office hours: the time zone is empty; name one, e.g. Europe/Amsterdam");
  }
  if (!cctz::load_time_zone(config.time_zone, &hours.time_zone_)) {
    return base::InvalidArgument(
        "office hours: unknown time zone " + Quoted(config.time_zone) +
        "; use an IANA name such as Europe/Amsterdam (and check that tzdata is installed)");
  }
  hours.time_zone_name_ = config.time_zone;

  std::array<bool, 7> seen{};
  for (const auto& [name, texts] : config.weekly) {
    base::Result<cctz::weekday> weekday = ParseWeekday(name);
    if (!weekday.ok()) {
      return base::InvalidArgument("office hours: " + weekday.status().message());
    }
    const auto index = static_cast<std::size_t>(*weekday);
    if (seen[index]) {
      return base::InvalidArgument("office hours: " + std::string(kWeekdayNames[index]) +
                                   " is listed twice; list each weekday once");
    }
    seen[index] = true;
    base::Result<std::vector<LocalRange>> ranges =
        ParseRanges(texts, std::string(kWeekdayNames[index]));
    if (!ranges.ok()) return ranges.status();
    hours.weekly_[index] = std::move(*ranges);
  }

  for (const auto& [text, texts] : config.holidays) {
    base::Result<cctz::civil_day> date = ParseDate(text);
    if (!date.ok()) {
      return base::InvalidArgument("office hours, holidays: " + date.status().message());
    }
    if (hours.holidays_.count(*date) > 0) {
      return base::InvalidArgument("office hours, holidays: " + Quoted(text) +
                                   " is listed twice; list each date once");
    }
    base::Result<std::vector<LocalRange>> ranges =
        ParseRanges(texts, "holiday " + std::string(Trim(text)));
    if (!ranges.ok()) return ranges.status();
    hours.holidays_.emplace(*date, std::move(*ranges));
  }
  hours.config_ = config;
  return hours;
}

const std::vector<LocalRange>& OfficeHours::RangesOf(cctz::civil_day day) const {
  const auto holiday = holidays_.find(day);
  if (holiday != holidays_.end()) return holiday->second;
  return weekly_[static_cast<std::size_t>(cctz::get_weekday(day))];
}

TimePoint OfficeHours::ToInstant(cctz::civil_day day, int minute) const {
  const cctz::time_zone::civil_lookup lookup =
      time_zone_.lookup(cctz::civil_second(day) + std::int64_t{minute} * 60);
  // The rules of the header: a skipped time is the moment of the change; a repeated time is its
  // first occurrence (`pre`, the instant with the offset in force before the change).
  if (lookup.kind == cctz::time_zone::civil_lookup::SKIPPED) return lookup.trans;
  return lookup.pre;
}

std::vector<Interval> OfficeHours::PeriodsOf(cctz::civil_day day) const {
  std::vector<Interval> periods;
  for (const LocalRange& range : RangesOf(day)) {
    const Interval period{ToInstant(day, range.begin_minute), ToInstant(day, range.end_minute)};
    if (period.start < period.end) periods.push_back(period);
  }
  return periods;
}

TimePoint OfficeHours::StartOfDay(TimePoint t) const { return ToInstant(LocalDay(t), 0); }

cctz::civil_day OfficeHours::LocalDay(TimePoint t) const {
  return cctz::civil_day(
      cctz::convert(std::chrono::time_point_cast<std::chrono::seconds>(t), time_zone_));
}

bool OfficeHours::IsOpen(TimePoint t) const {
  // A date's periods lie between its local midnight and the next, so the dates around t's own
  // suffice; the neighbours are checked for safety at midnight transitions.
  const cctz::civil_day today = LocalDay(t);
  for (cctz::civil_day day = today - 1; day <= today + 1; ++day) {
    for (const Interval& period : PeriodsOf(day)) {
      if (period.start <= t && t < period.end) return true;
    }
  }
  return false;
}

std::optional<TimePoint> OfficeHours::NextOpening(TimePoint t) const {
  if (IsOpen(t)) return t;
  const cctz::civil_day today = LocalDay(t);
  for (cctz::civil_day day = today - 1; day <= today + kSearchDays; ++day) {
    for (const Interval& period : PeriodsOf(day)) {
      if (period.start >= t) return period.start;
    }
  }
  return std::nullopt;
}

std::optional<TimePoint> OfficeHours::ClosesAt(TimePoint t) const {
  const cctz::civil_day today = LocalDay(t);
  std::optional<TimePoint> closes;  // the end of the open stretch that holds t, so far
  for (cctz::civil_day day = today - 1; day <= today + kSearchDays; ++day) {
    // The period holding t, if any, belongs to t's own date or a neighbour.
    if (!closes && day > today + 1) return std::nullopt;
    const std::vector<Interval> periods = PeriodsOf(day);
    // A whole date without periods after the stretch began is a gap.
    if (closes && periods.empty()) return closes;
    for (const Interval& period : periods) {
      if (!closes) {
        if (period.start > t) return std::nullopt;  // closed at t
        if (t < period.end) closes = period.end;
      } else if (period.start <= *closes) {
        closes = std::max(*closes, period.end);
      } else {
        return closes;
      }
    }
  }
  return std::nullopt;
}

std::vector<Interval> OfficeHours::OpenPeriods(TimePoint from, TimePoint to) const {
  std::vector<Interval> periods;
  if (!(from < to)) return periods;
  const cctz::civil_day last = LocalDay(to) + 1;
  for (cctz::civil_day day = LocalDay(from) - 1; day <= last; ++day) {
    for (const Interval& period : PeriodsOf(day)) {
      if (period.end > from && period.start < to) periods.push_back(period);
    }
  }
  return periods;
}

std::string OfficeHours::FormatLocal(TimePoint t) const {
  return cctz::format("%Y-%m-%d %H:%M %Z", t, time_zone_);
}

}  // namespace balie::routing
