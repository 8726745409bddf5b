#include "base/barrier.h"

#include <cstdio>
#include <random>
#include <string>
#include <vector>

namespace balie::base {
namespace {

// What an exception says about itself. Exceptions that do not derive from std::exception (e.g.
// Xapian::Error, which base cannot know) are reported by kind only.
std::string Describe(const std::exception_ptr& failure) {
  try {
    std::rethrow_exception(failure);
  } catch (const std::exception& error) {
    return error.what();
  } catch (...) {
    return "an exception that is not a std::exception";
  }
}

// A short random reference that ties what a user is told to the log line.
std::string IncidentReference() {
  std::random_device random;
  char text[16];
  std::snprintf(text, sizeof text, "e-%08x", random());
  return text;
}

constexpr std::string_view kReferenced = "Balie could not finish this (a fault on our side, ";

Status Report(std::string_view what, std::vector<LogField> fields, std::string cause) {
  const std::string incident = IncidentReference();
  fields.emplace_back("incident", incident);
  fields.emplace_back("cause", std::move(cause));
  LogFields(LogLevel::kError, what, fields);
  return Internal(std::string(kReferenced) + "reference " + incident +
                  "); try again, and if it keeps failing, give this reference to the support "
                  "desk");
}

}  // namespace

Status ReportEscaped(std::string_view what, std::initializer_list<LogField> context,
                     const std::exception_ptr& failure) {
  return Report(what, std::vector<LogField>(context), Describe(failure));
}

Status ForClient(const Status& status) {
  if (status.code() != StatusCode::kInternal || status.message().starts_with(kReferenced)) {
    return status;
  }
  return Report("a request failed on an internal error", {}, status.message());
}

}  // namespace balie::base
