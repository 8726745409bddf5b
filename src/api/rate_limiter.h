#ifndef BALIE_API_RATE_LIMITER_H_
#define BALIE_API_RATE_LIMITER_H_

// Token buckets: `rate` requests per second with bursts up to `burst`. TokenBucket is for one
// holder (a WebSocket session; not thread-safe); KeyedRateLimiter keeps one bucket per key (an
// address, a conversation, a name) for a bounded number of keys, and is thread-safe. The time
// comes from the caller (a base::Clock), so that limits are tested with an injected clock.
//
// Several processes on one database share a KeyedRateLimiter's keys (SharedLimits,
// shared_limits.h): each tells the others what it took per key, and takes as much from its own
// buckets when told (TakeElsewhere), so that a client spread over processes gets the limit once.

#include <chrono>
#include <list>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

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
  // `count` tokens taken elsewhere (another process; negative: given back there): taken from
  // this bucket too, into debt down to -burst, so that what was taken at once in several places
  // is paid for by waiting.
  void TakeElsewhere(double count, base::TimePoint now);

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

  // From now on, what is taken here (less what is given back) is kept per key until DrainTaken,
  // for at most `max_pending` keys at a time (a key beyond them is not told to the others).
  void Share(size_t max_pending = 10000);
  // What was taken here per key since the last call (keys whose takes and refunds cancel out
  // are left out); nothing unless Share was called.
  std::vector<std::pair<std::string, int>> DrainTaken();
  // `count` tokens of `key` taken by another process (negative: given back there).
  void TakeElsewhere(const std::string& key, int count, base::TimePoint now);

 private:
  using Entry = std::pair<std::string, TokenBucket>;
  // The bucket of `key`, made (forgetting the one unused the longest when full) if new, and
  // marked as used now. Under mutex_.
  TokenBucket& Bucket(const std::string& key);
  // Adds `count` to what was taken here of `key`, when shared. Under mutex_.
  void Note(const std::string& key, int count);

  double rate_;
  double burst_;
  size_t max_keys_;
  mutable std::mutex mutex_;
  bool shared_ = false;
  size_t max_pending_ = 0;
  std::unordered_map<std::string, int> taken_;  // since the last DrainTaken, when shared
  std::list<Entry> by_use_;                     // the most recently used first
  std::unordered_map<std::string, std::list<Entry>::iterator> buckets_;
};

}  // namespace balie::api

#endif  // BALIE_API_RATE_LIMITER_H_
