#ifndef BALIE_BASE_BARRIER_H_
#define BALIE_BASE_BARRIER_H_

// The exception barrier: where a bug in one handler stops, so that it costs one request and
// never the process. Balie's own code reports expected failures as Status values; an exception
// that reaches a barrier is a bug (or a library's surprise). Contain logs it as an error with the
// context given (ids, a route; never customers' texts or tokens) and an incident reference, and
// returns it as kInternal whose message carries that reference, for the caller to answer with.
// Thread-safe.

#include <exception>
#include <initializer_list>
#include <string_view>
#include <utility>

#include "base/log.h"
#include "base/status.h"

namespace balie::base {

// Logs the exception `failure` that escaped `what` and returns kInternal with a reference.
[[nodiscard]] Status ReportEscaped(std::string_view what, std::initializer_list<LogField> context,
                                   const std::exception_ptr& failure);

// A failure as a client may be told it: an internal one (a bug, or a storage error whose text may
// name tables, files or the database) is logged with a new reference, which replaces its message
// (one from ReportEscaped already carries its own and is kept); any other is returned as it is.
[[nodiscard]] Status ForClient(const Status& status);

// Runs `work()`; OK when it returns, kInternal (logged) when anything escapes it.
template <typename Work>
[[nodiscard]] Status Contain(std::string_view what, std::initializer_list<LogField> context,
                             Work&& work) {
  try {
    std::forward<Work>(work)();
    return Status::Ok();
  } catch (...) {
    return ReportEscaped(what, context, std::current_exception());
  }
}

}  // namespace balie::base

#endif  // BALIE_BASE_BARRIER_H_
