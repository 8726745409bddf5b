#ifndef BALIE_BASE_STATUS_H_
#define BALIE_BASE_STATUS_H_

// Status and Result<T>: expected failures as values. Exceptions never cross a library boundary;
// a function that can fail for a reason the caller should handle returns one of these.
// Both are plain values: copyable, movable, safe to pass between threads.

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace balie::base {

enum class StatusCode {
  kOk,
  kInvalidArgument,     // the input is malformed; the message says what and where
  kNotFound,            // a named thing does not exist
  kAlreadyExists,       // a unique name or id is taken
  kFailedPrecondition,  // the system is not in a state that allows the operation
  kAborted,             // another writer changed the data first; worked out again, it may succeed
  kUnauthenticated,     // no valid credentials were presented
  kPermissionDenied,    // the credentials do not allow this
  kResourceExhausted,   // a rate or size limit was reached; try later or send less
  kUnavailable,         // a resource (file, store) cannot be reached now
  kInternal,            // a bug or an unexpected library failure
};

// Returns a stable lower-case name, e.g. "invalid argument".
const char* StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return {}; }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // "invalid argument: <message>", or "ok".
  std::string ToString() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

inline Status InvalidArgument(std::string message) {
  return {StatusCode::kInvalidArgument, std::move(message)};
}
inline Status NotFound(std::string message) { return {StatusCode::kNotFound, std::move(message)}; }
inline Status AlreadyExists(std::string message) {
  return {StatusCode::kAlreadyExists, std::move(message)};
}
inline Status FailedPrecondition(std::string message) {
  return {StatusCode::kFailedPrecondition, std::move(message)};
}
inline Status Aborted(std::string message) { return {StatusCode::kAborted, std::move(message)}; }
inline Status Unauthenticated(std::string message) {
  return {StatusCode::kUnauthenticated, std::move(message)};
}
inline Status PermissionDenied(std::string message) {
  return {StatusCode::kPermissionDenied, std::move(message)};
}
inline Status ResourceExhausted(std::string message) {
  return {StatusCode::kResourceExhausted, std::move(message)};
}
inline Status Unavailable(std::string message) {
  return {StatusCode::kUnavailable, std::move(message)};
}
inline Status Internal(std::string message) { return {StatusCode::kInternal, std::move(message)}; }

// Either a value or a non-ok Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}        // NOLINT(google-explicit-constructor)
  Result(Status status) : state_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    assert(!std::get<Status>(state_).ok() && "a Result holds a value or an error, not Ok");
  }

  bool ok() const { return std::holds_alternative<T>(state_); }
  const Status& status() const {
    static const Status kOkStatus;
    return ok() ? kOkStatus : std::get<Status>(state_);
  }
  const T& value() const& { return std::get<T>(state_); }
  T& value() & { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

 private:
  std::variant<T, Status> state_;
};

}  // namespace balie::base

#endif  // BALIE_BASE_STATUS_H_
