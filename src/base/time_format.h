#ifndef BALIE_BASE_TIME_FORMAT_H_
#define BALIE_BASE_TIME_FORMAT_H_

// ISO 8601 instants as the API writes and reads them. Pure and thread-safe.

#include <optional>
#include <string>
#include <string_view>

#include "base/clock.h"

namespace balie::base {

// "2026-11-24T09:30:00Z": UTC, whole seconds (sub-seconds are truncated).
std::string FormatTime(TimePoint time);

// Reads "2026-11-24T09:30:00Z", "2026-11-24T10:30:00+01:00" or with fractional seconds
// ("…:00.250Z"); nullopt for anything else, including impossible dates and years outside
// 1970-2200.
std::optional<TimePoint> ParseTime(std::string_view text);

// Milliseconds since 1970-01-01 UTC, the form the storage keeps.
std::int64_t ToUnixMillis(TimePoint time);
TimePoint FromUnixMillis(std::int64_t millis);

}  // namespace balie::base

#endif  // BALIE_BASE_TIME_FORMAT_H_
