#include "base/log.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <memory>

namespace balie::base {
namespace {

std::atomic<LogLevel> threshold{LogLevel::kInfo};

spdlog::logger& Logger() {
  // Created on first use (a function-local static is thread-safe) and never destroyed, so that
  // threads still running at exit can log.
  static spdlog::logger* const kLogger = [] {
    auto* created = new spdlog::logger("balie", std::make_shared<spdlog::sinks::stderr_sink_mt>());
    created->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %l %v", spdlog::pattern_time_type::utc);
    created->set_level(spdlog::level::trace);
    created->flush_on(spdlog::level::trace);  // a line is out before a crash that may follow
    return created;
  }();
  return *kLogger;
}

spdlog::level::level_enum SpdlogLevel(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return spdlog::level::debug;
    case LogLevel::kInfo:
      return spdlog::level::info;
    case LogLevel::kWarning:
      return spdlog::level::warn;
    case LogLevel::kError:
      return spdlog::level::err;
  }
  return spdlog::level::err;
}

bool NeedsQuotes(std::string_view value) {
  if (value.empty()) {
    return true;
  }
  for (const char c : value) {
    if (c == ' ' || c == '"' || c == '=' || c == '\\' || static_cast<unsigned char>(c) < 0x20) {
      return true;
    }
  }
  return false;
}

void AppendValue(std::string& line, std::string_view value) {
  if (!NeedsQuotes(value)) {
    line += value;
    return;
  }
  line += '"';
  for (const char c : value) {
    switch (c) {
      case '"':
        line += "\\\"";
        break;
      case '\\':
        line += "\\\\";
        break;
      case '\n':
        line += "\\n";
        break;
      case '\r':
        line += "\\r";
        break;
      case '\t':
        line += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          line += '?';
        } else {
          line += c;
        }
    }
  }
  line += '"';
}

}  // namespace

std::string FormatLogLine(std::string_view what, const std::vector<LogField>& fields) {
  std::string line(what);
  for (const LogField& field : fields) {
    line += ' ';
    line += field.key;
    line += '=';
    AppendValue(line, field.value);
  }
  return line;
}

void LogFields(LogLevel level, std::string_view what, const std::vector<LogField>& fields) {
  if (level < threshold.load(std::memory_order_relaxed)) {
    return;
  }
  const std::string line = FormatLogLine(what, fields);
  Logger().log(SpdlogLevel(level), "{}", line);
}

void Log(LogLevel level, std::string_view what, std::initializer_list<LogField> fields) {
  if (level < threshold.load(std::memory_order_relaxed)) {
    return;
  }
  LogFields(level, what, std::vector<LogField>(fields));
}

void SetLogLevel(LogLevel level) { threshold = level; }

bool ParseLogLevel(std::string_view name, LogLevel& level) {
  if (name == "debug") {
    level = LogLevel::kDebug;
  } else if (name == "info") {
    level = LogLevel::kInfo;
  } else if (name == "warning") {
    level = LogLevel::kWarning;
  } else if (name == "error") {
    level = LogLevel::kError;
  } else {
    return false;
  }
  return true;
}

}  // namespace balie::base
