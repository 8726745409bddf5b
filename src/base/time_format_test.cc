#include "base/time_format.h"

#include <gtest/gtest.h>

namespace balie::base {
namespace {

TEST(TimeFormat, FormatsUtcWholeSeconds) {
  const TimePoint time = FromUnixMillis(1795512600250);  // 2026-11-24T09:30:00.250Z
  EXPECT_EQ(FormatTime(time), "2026-11-24T09:30:00Z");
  EXPECT_EQ(FormatTime(FromUnixMillis(0)), "1970-01-01T00:00:00Z");
}

TEST(TimeFormat, ParsesWhatItFormats) {
  const TimePoint time = FromUnixMillis(1795512600000);
  EXPECT_EQ(ParseTime(FormatTime(time)), time);
}

TEST(TimeFormat, ParsesOffsetsAndFractions) {
  const TimePoint utc = *ParseTime("2026-11-24T09:30:00Z");
  EXPECT_EQ(ParseTime("2026-11-24T10:30:00+01:00"), utc);
  EXPECT_EQ(ParseTime("2026-11-24T07:00:00-02:30"), utc);
  EXPECT_EQ(ToUnixMillis(*ParseTime("2026-11-24T09:30:00.5Z")) - ToUnixMillis(utc), 500);
}

TEST(TimeFormat, RefusesMalformedAndImpossibleTimes) {
  for (const char* bad :
       {"", "2026-11-24", "2026-11-24T09:30:00", "2026-02-30T09:30:00Z", "2026-11-24T24:00:00Z",
        "2026-11-24T09:30:00Zjunk", "2026-11-24T09:30:00+1", "2026-1x-24T09:30:00Z",
        "2026-11-24T09:30:00.Z"}) {
    EXPECT_FALSE(ParseTime(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace balie::base
