#ifndef BALIE_API_RATE_LIMITER_H_
#define BALIE_API_RATE_LIMITER_H_

// Token buckets: `rate` requests per second with bursts up to `burst`. TokenBucket is for one
// holder (a WebSocket session; not thread-safe); KeyedRateLimiter keeps one bucket per key (an
// address, a conversation, a name) for a bounded number of keys, and is thread-safe. The time
// comes from the caller (a base::Clock), so that limits are tested with an injected clock.

#include <chrono>
#include <list>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>

#include "base/clock.h"

namespace balie::api {

class TokenBucket {
 public:
  TokenBucket(double rate, double burst) : rate_(rate), burst_(burst), tokens_(burst) {}
  // Takes a token if one is there; false means "too fast".
  bool Take(base::TimePoint now);
  // Gives back a token taken earlier (for what turned out not to count, e.g. a good log-in).
  void Refund() { tokens_ = std::min(burst_, tokens_ + 1.0); }
  // How long until a token is there.
  std::chrono::milliseconds Wait(base::TimePoint now) const;

 private:
  void Refill(base::TimePoint now);
  double rate_;
  double burst_;
  double tokens_;
  base::TimePoint last_{};
};

class KeyedRateLimiter {
 public:
  // At most `max_keys` buckets are kept: when a new key comes, the one unused the longest is
  // forgotten (one at a time: a flood of new keys never resets every key at once).
  KeyedRateLimiter(double rate, double burst, size_t max_keys = 100000)
      : rate_(rate), burst_(burst), max_keys_(max_keys) {}
  // false: too fast for this key; `retry_after` says when to try again.
  bool Take(const std::string& key, base::TimePoint now, std::chrono::milliseconds& retry_after);
  // Gives back a token taken for `key` (if it is still kept).
  void Refund(const std::string& key);
  // How long until `key` has a token (0 when it has one, or is not kept); takes nothing.
  std::chrono::milliseconds Wait(const std::string& key, base::TimePoint now) const;
  size_t size() const;

 private:
  using Entry = std::pair<std::string, TokenBucket>;
  double rate_;
  double burst_;
  size_t max_keys_;
  mutable std::mutex mutex_;
  std::list<Entry> by_use_;  // the most recently used first
  std::unordered_map<std::string, std::list<Entry>::iterator> buckets_;
};

}  // namespace balie::api

#endif  // BALIE_API_RATE_LIMITER_H_
