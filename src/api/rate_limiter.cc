#include "api/rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace balie::api {

void TokenBucket::Refill(base::TimePoint now) {
  if (last_ != base::TimePoint{}) {
    // A clock that went back (the wall clock was set) refills nothing.
    const double seconds = std::chrono::duration<double>(now - last_).count();
    tokens_ = std::min(burst_, tokens_ + std::max(0.0, seconds) * rate_);
  }
  last_ = std::max(last_, now);
}

bool TokenBucket::Take(base::TimePoint now) {
  Refill(now);
  if (tokens_ < 1.0) {
    return false;
  }
  tokens_ -= 1.0;
  return true;
}

std::chrono::milliseconds TokenBucket::Wait(base::TimePoint now) const {
  TokenBucket copy = *this;
  copy.Refill(now);
  if (copy.tokens_ >= 1.0 || rate_ <= 0) {
    return std::chrono::milliseconds(0);
  }
  return std::chrono::milliseconds(
      static_cast<long>(std::ceil((1.0 - copy.tokens_) / rate_ * 1000.0)));
}

void TokenBucket::TakeElsewhere(double count, base::TimePoint now) {
  Refill(now);
  tokens_ = std::clamp(tokens_ - count, -burst_, burst_);
}

TokenBucket& KeyedRateLimiter::Bucket(const std::string& key) {
  auto found = buckets_.find(key);
  if (found == buckets_.end()) {
    if (buckets_.size() >= max_keys_ && !by_use_.empty()) {
      buckets_.erase(by_use_.back().first);
      by_use_.pop_back();
    }
    by_use_.emplace_front(key, TokenBucket(rate_, burst_));
    found = buckets_.emplace(key, by_use_.begin()).first;
  } else {
    by_use_.splice(by_use_.begin(), by_use_, found->second);
  }
  return found->second->second;
}

void KeyedRateLimiter::Note(const std::string& key, int count) {
  if (!shared_) {
    return;
  }
  if (auto found = taken_.find(key); found != taken_.end()) {
    found->second += count;
  } else if (taken_.size() < max_pending_) {
    taken_.emplace(key, count);
  }
}

bool KeyedRateLimiter::Take(const std::string& key, base::TimePoint now,
                            std::chrono::milliseconds& retry_after) {
  std::lock_guard lock(mutex_);
  TokenBucket& bucket = Bucket(key);
  if (bucket.Take(now)) {
    Note(key, 1);
    return true;
  }
  retry_after = bucket.Wait(now);
  return false;
}

void KeyedRateLimiter::Refund(const std::string& key) {
  std::lock_guard lock(mutex_);
  if (auto found = buckets_.find(key); found != buckets_.end()) {
    found->second->second.Refund();
    Note(key, -1);
  }
}

void KeyedRateLimiter::Share(size_t max_pending) {
  std::lock_guard lock(mutex_);
  shared_ = true;
  max_pending_ = max_pending;
}

std::vector<std::pair<std::string, int>> KeyedRateLimiter::DrainTaken() {
  std::unordered_map<std::string, int> taken;
  {
    std::lock_guard lock(mutex_);
    taken.swap(taken_);
  }
  std::vector<std::pair<std::string, int>> drained;
  drained.reserve(taken.size());
  for (auto& [key, count] : taken) {
    if (count != 0) {
      drained.emplace_back(key, count);
    }
  }
  return drained;
}

void KeyedRateLimiter::TakeElsewhere(const std::string& key, int count, base::TimePoint now) {
  std::lock_guard lock(mutex_);
  Bucket(key).TakeElsewhere(count, now);
}

std::chrono::milliseconds KeyedRateLimiter::Wait(const std::string& key,
                                                 base::TimePoint now) const {
  std::lock_guard lock(mutex_);
  auto found = buckets_.find(key);
  return found == buckets_.end() ? std::chrono::milliseconds(0) : found->second->second.Wait(now);
}

size_t KeyedRateLimiter::size() const {
  std::lock_guard lock(mutex_);
  return buckets_.size();
}

}  // namespace balie::api
