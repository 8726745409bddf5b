#ifndef BALIE_TESTS_SUPPORT_TEST_TIME_H_
#define BALIE_TESTS_SUPPORT_TEST_TIME_H_

// Test-only helpers (compiled into routing_test, not into the library): instants written as UTC
// text, so that tests read like the timetable they check.

#include <cstdlib>
#include <iostream>
#include <string>

#include <cctz/time_zone.h>

#include "base/clock.h"

namespace balie::routing::testing {

// "2026-03-29 06:00" (UTC) -> the instant. Aborts on a typo in the test itself.
inline base::TimePoint Utc(const std::string& text) {
  std::chrono::time_point<std::chrono::system_clock, std::chrono::seconds> t;
  if (!cctz::parse("%Y-%m-%d %H:%M", text, cctz::utc_time_zone(), &t)) {
    std::cerr << "test_time: cannot parse \"" << text << "\"\n";
    std::abort();
  }
  return t;
}

// The instant as "2026-03-29 06:00" (UTC), for readable failures.
inline std::string FormatUtc(base::TimePoint t) {
  return cctz::format("%Y-%m-%d %H:%M", t, cctz::utc_time_zone());
}

}  // namespace balie::routing::testing

#endif  // BALIE_TESTS_SUPPORT_TEST_TIME_H_
