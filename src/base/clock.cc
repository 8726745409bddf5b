#include "base/clock.h"

namespace balie::base {

TimePoint SystemClock::Now() const { return std::chrono::system_clock::now(); }

TimePoint ManualClock::Now() const {
  const std::lock_guard lock(mutex_);
  return now_;
}

void ManualClock::Set(TimePoint now) {
  const std::lock_guard lock(mutex_);
  now_ = now;
}

void ManualClock::Advance(std::chrono::system_clock::duration by) {
  const std::lock_guard lock(mutex_);
  now_ += by;
}

}  // namespace balie::base
