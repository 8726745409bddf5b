#ifndef BALIE_BASE_CLOCK_H_
#define BALIE_BASE_CLOCK_H_

// Clock: where the time comes from. Code that needs the current time takes a `const Clock&` (or
// is handed a time point) instead of reading the system clock, so that office hours, waits and
// callbacks can be tested at any instant. The owner of a Clock outlives every user of it.
// All clocks here are thread-safe.

#include <chrono>
#include <mutex>

namespace balie::base {

// An instant, in UTC. Every time Balie passes around is one of these.
using TimePoint = std::chrono::system_clock::time_point;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint Now() const = 0;
};

// The real wall clock (std::chrono::system_clock).
class SystemClock final : public Clock {
 public:
  TimePoint Now() const override;
};

// A clock that moves only when told to, for tests. Thread-safe: one thread may Set or Advance it
// while others read it.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(TimePoint start = TimePoint{}) : now_(start) {}

  TimePoint Now() const override;
  void Set(TimePoint now);
  void Advance(std::chrono::system_clock::duration by);

 private:
  mutable std::mutex mutex_;
  TimePoint now_;
};

}  // namespace balie::base

#endif  // BALIE_BASE_CLOCK_H_
