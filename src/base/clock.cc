#include "base/clock.h"

namespace balie::base {

TimePoint ManualClock::Now() const {
  std::lock_guard lock(mutex_);
  return now_;
}

void ManualClock::Set(TimePoint now) {
  std::lock_guard lock(mutex_);
  now_ = now;
}

void ManualClock::Advance(std::chrono::system_clock::duration by) {
  std::lock_guard lock(mutex_);
  now_ += by;
}

}  // namespace balie::base
