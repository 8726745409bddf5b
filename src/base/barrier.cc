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

}  // namespace

Status ReportEscaped(std::string_view what, std::initializer_list<LogField> context,
                     const std::exception_ptr& failure) {
  const std::string incident = IncidentReference();
  const std::string cause = Describe(failure);
  std::vector<LogField> fields(context);
  fields.emplace_back("incident", incident);
  fields.emplace_back("cause", cause);
  LogFields(LogLevel::kError, what, fields);
  return Internal("Balie could not finish this (a fault on our side, reference " + incident +
                  "); try again, and if it keeps failing, give this reference to the support "
                  "desk");
}

}  // namespace balie::base
