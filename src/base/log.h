#ifndef BALIE_BASE_LOG_H_
#define BALIE_BASE_LOG_H_

// Balie's log: one line per event on standard error, for the person on call — the time (UTC), a
// level, what happened, and key=value fields with the context ids (request, conversation, staff
// member, route) and the cause:
//
//   2026-12-04T10:15:02.120Z error handler failed route="POST /api/v1/…" request=r42 cause="…"
//
// Never log customers' texts, tokens, passwords or phone numbers: ids and causes only.
// Thread-safe; spdlog does the writing (kept out of this header).

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace balie::base {

enum class LogLevel { kDebug, kInfo, kWarning, kError };

// One key=value pair of a log line.
struct LogField {
  LogField(std::string_view field_key, std::string_view field_value)
      : key(field_key), value(field_value) {}
  LogField(std::string_view field_key, const char* field_value)
      : key(field_key), value(field_value) {}
  LogField(std::string_view field_key, std::string field_value)
      : key(field_key), value(std::move(field_value)) {}
  LogField(std::string_view field_key, std::int64_t field_value)
      : key(field_key), value(std::to_string(field_value)) {}
  LogField(std::string_view field_key, std::uint64_t field_value)
      : key(field_key), value(std::to_string(field_value)) {}
  LogField(std::string_view field_key, int field_value)
      : key(field_key), value(std::to_string(field_value)) {}

  std::string_view key;
  std::string value;
};

// Writes one line when `level` is at or above the threshold (SetLogLevel; default kInfo).
void Log(LogLevel level, std::string_view what, std::initializer_list<LogField> fields = {});
// The same with fields gathered at run time.
void LogFields(LogLevel level, std::string_view what, const std::vector<LogField>& fields);
void SetLogLevel(LogLevel level);
// "debug", "info", "warning" or "error"; false for anything else.
bool ParseLogLevel(std::string_view name, LogLevel& level);

// The line Log writes after its time and level: `what` and the fields, values quoted where they
// hold spaces, quotes or control characters (which are escaped). Exposed for tests.
std::string FormatLogLine(std::string_view what, const std::vector<LogField>& fields);

}  // namespace balie::base

#endif  // BALIE_BASE_LOG_H_
