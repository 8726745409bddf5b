#ifndef BALIE_API_SHARED_LIMITS_H_
#define BALIE_API_SHARED_LIMITS_H_

// Rate limits (and counts, SharedCount) that several `balie serve` processes on one PostgreSQL
// database keep as one: every `interval` (a few hundred milliseconds) each process tells the
// others, over the bus (Store::AnnounceTaken: NOTIFY), what it took per limit and key since it last
// told them, and takes as much from its own buckets when told (KeyedRateLimiter::TakeElsewhere). A
// client spread over N processes thus gets the limit once, give or take what it takes in one
// interval on each; no request waits for the database. Only keys that took something are told, at
// most `max_pending` per limit an interval. While the bus is down, what was taken is not told and
// the limits count per process again. SQLite (one process) shares nothing: nothing is started.
//
// Thread-safe: limits are added once (HttpApi), told from the change feed's thread, and
// announced on a thread of this object's own.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "api/rate_limiter.h"
#include "base/clock.h"
#include "base/status.h"
#include "model/limit_taken.h"

namespace balie::api {

// A count per key that each process keeps of its own, not a rate (OpenStreams: the open streams
// per conversation). Each tells the others the values it chooses (absolute, not what changed:
// told again, a value says the same), and adds theirs to its own until it forgets them.
class SharedCount {
 public:
  virtual ~SharedCount() = default;
  // From now on, what changes here is to be told (SharedLimits::AddCount).
  virtual void Share() = 0;
  // The values to tell the others now, by key; 0: none any more.
  virtual std::vector<std::pair<std::string, std::int64_t>> Told(base::TimePoint now) = 0;
  // Process `origin` told `value` for `key`.
  virtual void Elsewhere(std::string_view origin, const std::string& key, std::int64_t value,
                         base::TimePoint now) = 0;
};

class SharedLimits {
 public:
  explicit SharedLimits(const base::Clock& clock) : clock_(clock) {}
  ~SharedLimits();  // stops announcing
  SharedLimits(const SharedLimits&) = delete;
  SharedLimits& operator=(const SharedLimits&) = delete;

  // Shares `limiter` (which must outlive this object) under `name`, the same in every process
  // (no spaces).
  void Add(const std::string& name, KeyedRateLimiter& limiter, size_t max_pending = 10000);
  // Shares `count` (which must outlive this object) under `name`, as Add; told on the same
  // notifications, a line's count being the value.
  void AddCount(const std::string& name, SharedCount& count);

  // What was taken here since the last call, for every limit added, and the counts to tell.
  std::vector<model::LimitTaken> Drain();
  // What process `origin` took or counts (ChangeHandlers::taken); names not added here are
  // ignored.
  void TakenElsewhere(std::string_view origin, std::span<const model::LimitTaken> taken);

  // Tells the others what is left to tell (a last Drain: the streams closed since, as 0), stops
  // announcing and forgets every limit added; call it before they go. Idempotent.
  void Stop();

  // Calls `announce` with Drain() every `interval` (when something was taken), on a thread of its
  // own, until stopped.
  using Announce = std::function<base::Status(std::span<const model::LimitTaken>)>;
  void Start(Announce announce,
             std::chrono::milliseconds interval = std::chrono::milliseconds(200));

 private:
  void Run(const Announce& announce, std::chrono::milliseconds interval);

  const base::Clock& clock_;
  mutable std::mutex mutex_;
  std::map<std::string, KeyedRateLimiter*, std::less<>> limits_;  // guarded by mutex_
  std::map<std::string, SharedCount*, std::less<>> counts_;       // guarded by mutex_
  std::mutex run_mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by run_mutex_
  std::thread thread_;
};

}  // namespace balie::api

#endif  // BALIE_API_SHARED_LIMITS_H_
