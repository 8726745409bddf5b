#include "api/open_streams.h"

#include <algorithm>
#include <map>

namespace balie::api {

// One open stream's place; given back when the last holder lets go of it.
class OpenStreams::Place {
 public:
  Place(OpenStreams& streams, std::string id) : streams_(streams), id_(std::move(id)) {}
  ~Place() { streams_.Close(id_); }
  Place(const Place&) = delete;
  Place& operator=(const Place&) = delete;

 private:
  OpenStreams& streams_;
  const std::string id_;
};

std::shared_ptr<void> OpenStreams::Open(const std::string& id) {
  const base::TimePoint now = clock_.Now();
  std::lock_guard lock(mutex_);
  size_t& here = here_[id];
  if (here + ElsewhereLocked(id, now) >= most_) {
    if (here == 0) here_.erase(id);
    return nullptr;
  }
  ++here;
  if (sharing_) changed_.insert(id);
  return std::make_shared<Place>(*this, id);
}

void OpenStreams::Close(const std::string& id) {
  std::lock_guard lock(mutex_);
  if (auto found = here_.find(id); found != here_.end() && --found->second == 0) {
    here_.erase(found);
  }
  if (sharing_) changed_.insert(id);
}

size_t OpenStreams::open(const std::string& id) const {
  const base::TimePoint now = clock_.Now();
  std::lock_guard lock(mutex_);
  const auto found = here_.find(id);
  return (found == here_.end() ? 0 : found->second) + ElsewhereLocked(id, now);
}

size_t OpenStreams::ElsewhereLocked(const std::string& id, base::TimePoint now) const {
  const auto found = elsewhere_.find(id);
  if (found == elsewhere_.end()) {
    return 0;
  }
  std::vector<Remote>& remotes = found->second;
  std::erase_if(remotes, [now](const Remote& r) { return now - r.heard >= kForgetAfter; });
  if (remotes.empty()) {
    elsewhere_.erase(found);
    return 0;
  }
  size_t count = 0;
  for (const Remote& remote : remotes) count += static_cast<size_t>(remote.count);
  return count;
}

void OpenStreams::Share() {
  std::lock_guard lock(mutex_);
  sharing_ = true;
}

std::vector<std::pair<std::string, std::int64_t>> OpenStreams::Told(base::TimePoint now) {
  std::map<std::string, std::int64_t> tell;
  std::lock_guard lock(mutex_);
  for (const std::string& id : changed_) {
    const auto here = here_.find(id);
    const std::int64_t count = here == here_.end() ? 0 : static_cast<std::int64_t>(here->second);
    const std::int64_t value = count >= kToldFrom ? count : 0;
    const auto told = told_.find(id);
    if (value == (told == told_.end() ? 0 : told->second)) {
      continue;
    }
    tell[id] = value;
    if (value == 0) {
      told_.erase(told);
    } else {
      told_[id] = value;
    }
  }
  changed_.clear();
  if (now - last_retold_ >= kRetell) {
    last_retold_ = now;
    tell.insert(told_.begin(), told_.end());  // (keeps what changed just now)
    for (auto it = elsewhere_.begin(); it != elsewhere_.end();) {
      std::erase_if(it->second, [now](const Remote& r) { return now - r.heard >= kForgetAfter; });
      it = it->second.empty() ? elsewhere_.erase(it) : std::next(it);
    }
  }
  return {tell.begin(), tell.end()};
}

void OpenStreams::Elsewhere(std::string_view origin, const std::string& key, std::int64_t value,
                            base::TimePoint now) {
  std::lock_guard lock(mutex_);
  auto found = elsewhere_.find(key);
  if (value <= 0) {
    if (found != elsewhere_.end()) {
      std::erase_if(found->second, [origin](const Remote& r) { return r.origin == origin; });
      if (found->second.empty()) elsewhere_.erase(found);
    }
    return;
  }
  value =
      std::min(value, static_cast<std::int64_t>(most_));  // (a count past the most says no more)
  std::vector<Remote>& remotes = elsewhere_[key];
  const auto remote = std::find_if(remotes.begin(), remotes.end(),
                                   [origin](const Remote& r) { return r.origin == origin; });
  if (remote == remotes.end()) {
    remotes.push_back({std::string(origin), value, now});
  } else {
    remote->count = value;
    remote->heard = now;
  }
}

}  // namespace balie::api
