#ifndef BALIE_API_OPEN_STREAMS_H_
#define BALIE_API_OPEN_STREAMS_H_

// The open streams per conversation (CustomerLimits), at most `most` of them on all the processes
// of one database together. Each process counts its own; shared (SharedLimits::AddCount), it tells
// the others its count of a conversation where it holds at least kToldFrom of its streams (and 0
// when that ends), and each adds what the others told to its own. A count told is told again every
// kRetell while it lasts, and one not told again within kForgetAfter is forgotten: a process that
// ended (killed, or its bus lost) holds nothing for long.
//
// What it costs and lets through: a conversation with one stream (nearly all of them) is never
// told, so that holding 100,000 conversations costs no message and no memory elsewhere; a client
// spread over N processes may thus hold `most` plus one on each of the N - 1 others, and a stream
// opened in the last announcement interval is not yet known elsewhere.
//
// Thread-safe; the time comes from the clock given.

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "api/shared_limits.h"
#include "base/clock.h"

namespace balie::api {

class OpenStreams final : public SharedCount {
 public:
  static constexpr std::int64_t kToldFrom = 2;
  static constexpr std::chrono::seconds kRetell{5};
  static constexpr std::chrono::seconds kForgetAfter{15};

  OpenStreams(size_t most, const base::Clock& clock) : most_(most), clock_(clock) {}

  // A place for one more open stream on conversation `id`, held as long as the returned object
  // lives; null when `most` are open here and elsewhere together.
  [[nodiscard]] std::shared_ptr<void> Open(const std::string& id);
  // The streams open on conversation `id`, here and as the others told.
  size_t open(const std::string& id) const;

  // SharedCount: from now on, what changes is told.
  void Share() override;
  std::vector<std::pair<std::string, std::int64_t>> Told(base::TimePoint now) override;
  void Elsewhere(std::string_view origin, const std::string& key, std::int64_t value,
                 base::TimePoint now) override;

 private:
  class Place;
  struct Remote {
    std::string origin;
    std::int64_t count = 0;
    base::TimePoint heard;
  };
  void Close(const std::string& id);
  // Streams of `id` told by the others and not yet forgotten at `now` (forgets the rest).
  size_t ElsewhereLocked(const std::string& id, base::TimePoint now) const;

  const size_t most_;
  const base::Clock& clock_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, size_t> here_;  // guarded by mutex_
  // What the others told, by conversation; only counts of kToldFrom and more.
  mutable std::unordered_map<std::string, std::vector<Remote>> elsewhere_;  // guarded by mutex_
  bool sharing_ = false;                                                    // guarded by mutex_
  std::unordered_set<std::string> changed_;             // since the last Told; guarded by mutex_
  std::unordered_map<std::string, std::int64_t> told_;  // the counts the others hold; guarded
  base::TimePoint last_retold_{};                       // guarded by mutex_
};

}  // namespace balie::api

#endif  // BALIE_API_OPEN_STREAMS_H_
