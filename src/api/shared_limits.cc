#include "api/shared_limits.h"

#include <algorithm>
#include <limits>

#include "base/log.h"

namespace balie::api {

SharedLimits::~SharedLimits() { Stop(); }

void SharedLimits::Stop() {
  {
    std::lock_guard lock(run_mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) {
    thread_.join();
  }
  std::lock_guard lock(mutex_);
  limits_.clear();
  counts_.clear();
}

void SharedLimits::Add(const std::string& name, KeyedRateLimiter& limiter, size_t max_pending) {
  limiter.Share(max_pending);
  std::lock_guard lock(mutex_);
  limits_[name] = &limiter;
}

void SharedLimits::AddCount(const std::string& name, SharedCount& count) {
  count.Share();
  std::lock_guard lock(mutex_);
  counts_[name] = &count;
}

std::vector<model::LimitTaken> SharedLimits::Drain() {
  const base::TimePoint now = clock_.Now();
  std::vector<model::LimitTaken> taken;
  std::lock_guard lock(mutex_);
  for (const auto& [name, limiter] : limits_) {
    for (auto& [key, count] : limiter->DrainTaken()) {
      taken.push_back({name, std::move(key), count});
    }
  }
  for (const auto& [name, count] : counts_) {
    for (auto& [key, value] : count->Told(now)) {
      taken.push_back({name, std::move(key), value});
    }
  }
  return taken;
}

void SharedLimits::TakenElsewhere(std::string_view origin,
                                  std::span<const model::LimitTaken> taken) {
  const base::TimePoint now = clock_.Now();
  std::lock_guard lock(mutex_);
  for (const model::LimitTaken& one : taken) {
    if (auto count = counts_.find(one.limit); count != counts_.end()) {
      count->second->Elsewhere(origin, one.key, one.count, now);
      continue;
    }
    auto found = limits_.find(one.limit);
    if (found == limits_.end()) {
      continue;  // a limit this process does not know (another version)
    }
    constexpr std::int64_t kMost = std::numeric_limits<int>::max();
    found->second->TakeElsewhere(one.key, static_cast<int>(std::clamp(one.count, -kMost, kMost)),
                                 now);
  }
}

void SharedLimits::Start(Announce announce, std::chrono::milliseconds interval) {
  std::lock_guard lock(run_mutex_);
  if (!thread_.joinable() && !stopping_) {
    thread_ =
        std::thread([this, announce = std::move(announce), interval] { Run(announce, interval); });
  }
}

void SharedLimits::Run(const Announce& announce, std::chrono::milliseconds interval) {
  bool failing = false;
  for (bool stopping = false; !stopping;) {
    {
      std::unique_lock lock(run_mutex_);
      stopping = wake_.wait_for(lock, interval, [this] { return stopping_; });
    }
    // Stopping, what is left is told once more: the streams closed since (0), what was taken.
    const std::vector<model::LimitTaken> taken = Drain();
    if (taken.empty()) {
      continue;
    }
    // Not told is not taken elsewhere: the limits count per process until the bus is back.
    const base::Status status = announce(taken);
    if (!status.ok() && !failing) {
      base::Log(base::LogLevel::kWarning,
                "cannot tell the other processes what this one took from the rate limits: they "
                "count per process meanwhile",
                {{"cause", status.message()}});
    } else if (status.ok() && failing) {
      base::Log(base::LogLevel::kInfo, "the rate limits are shared with the other processes again");
    }
    failing = !status.ok();
  }
}

}  // namespace balie::api
