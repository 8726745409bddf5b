#include "api/rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace balie::api {

void TokenBucket::Refill(SteadyTime now) {
  if (last_ != SteadyTime{}) {
    const double seconds = std::chrono::duration<double>(now - last_).count();
    tokens_ = std::min(burst_, tokens_ + std::max(0.0, seconds) * rate_);
  }
  last_ = now;
}

bool TokenBucket::Take(SteadyTime now) {
  Refill(now);
  if (tokens_ < 1.0) {
    return false;
  }
  tokens_ -= 1.0;
  return true;
}

std::chrono::milliseconds TokenBucket::Wait(SteadyTime now) const {
  TokenBucket copy = *this;
  copy.Refill(now);
  if (copy.tokens_ >= 1.0 || rate_ <= 0) {
    return std::chrono::milliseconds(0);
  }
  return std::chrono::milliseconds(
      static_cast<long>(std::ceil((1.0 - copy.tokens_) / rate_ * 1000.0)));
}

bool KeyedRateLimiter::Take(const std::string& key, SteadyTime now,
                            std::chrono::milliseconds& retry_after) {
  std::lock_guard lock(mutex_);
  auto found = buckets_.find(key);
  if (found == buckets_.end()) {
    if (buckets_.size() >= max_keys_) {
      buckets_.clear();  // a flood of addresses: forget them all rather than grow without bound
    }
    found = buckets_.emplace(key, TokenBucket(rate_, burst_)).first;
  }
  if (found->second.Take(now)) {
    return true;
  }
  retry_after = found->second.Wait(now);
  return false;
}

}  // namespace balie::api
