#ifndef BALIE_API_RATE_LIMITER_H_
#define BALIE_API_RATE_LIMITER_H_

// Token buckets: `rate` requests per second with bursts up to `burst`. TokenBucket is for one
// holder (a WebSocket session; not thread-safe); KeyedRateLimiter keeps one bucket per key (an
// address) for a bounded number of keys, and is thread-safe.

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

namespace balie::api {

using SteadyTime = std::chrono::steady_clock::time_point;

class TokenBucket {
 public:
  TokenBucket(double rate, double burst) : rate_(rate), burst_(burst), tokens_(burst) {}
  // Takes a token if one is there; false means "too fast".
  bool Take(SteadyTime now);
  // How long until a token is there.
  std::chrono::milliseconds Wait(SteadyTime now) const;

 private:
  void Refill(SteadyTime now);
  double rate_;
  double burst_;
  double tokens_;
  SteadyTime last_{};
};

class KeyedRateLimiter {
 public:
  KeyedRateLimiter(double rate, double burst, size_t max_keys = 100000)
      : rate_(rate), burst_(burst), max_keys_(max_keys) {}
  // false: too fast for this key; `retry_after` says when to try again.
  bool Take(const std::string& key, SteadyTime now, std::chrono::milliseconds& retry_after);

 private:
  double rate_;
  double burst_;
  size_t max_keys_;
  std::mutex mutex_;
  std::unordered_map<std::string, TokenBucket> buckets_;
};

}  // namespace balie::api

#endif  // BALIE_API_RATE_LIMITER_H_
