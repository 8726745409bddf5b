#ifndef BALIE_BASE_CLOCK_H_
#define BALIE_BASE_CLOCK_H_

// Where Balie reads the time. Every component that needs "now" takes a `const Clock&`, so that
// office hours, waits and callbacks can be tested at any instant (ManualClock).

#include <chrono>
#include <mutex>

namespace balie::base {

using TimePoint = std::chrono::system_clock::time_point;

// Thread-safe: Now() may be called from any thread.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint Now() const = 0;
};

// The real wall clock.
class SystemClock final : public Clock {
 public:
  TimePoint Now() const override { return std::chrono::system_clock::now(); }
};

// A clock that moves only when told to. Thread-safe.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(TimePoint start) : now_(start) {}
  TimePoint Now() const override;
  void Set(TimePoint now);
  void Advance(std::chrono::system_clock::duration by);

 private:
  mutable std::mutex mutex_;
  TimePoint now_;
};

}  // namespace balie::base

#endif  // BALIE_BASE_CLOCK_H_
