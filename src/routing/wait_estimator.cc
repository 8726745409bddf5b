#include "routing/wait_estimator.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace balie::routing {

base::Result<WaitEstimator> WaitEstimator::Create(WaitEstimatorConfig config) {
  if (config.min_handled < 1) {
    return base::InvalidArgument("wait estimate: min_handled must be at least 1");
  }
  if (config.window < config.min_handled) {
    return base::InvalidArgument("wait estimate: the window (" + std::to_string(config.window) +
                                 ") must hold at least min_handled (" +
                                 std::to_string(config.min_handled) + ") observations");
  }
  return WaitEstimator(config);
}

void WaitEstimator::RecordHandled(Duration handling) {
  handling = std::max(handling, Duration::zero());
  handled_.push_back(handling);
  handled_sum_ += handling;
  if (static_cast<int>(handled_.size()) > config_.window) {
    handled_sum_ -= handled_.front();
    handled_.pop_front();
  }
}

void WaitEstimator::RecordLeftLine(Duration waited, bool abandoned) {
  waited = std::max(waited, Duration::zero());
  exits_.push_back({waited, abandoned});
  waited_sum_ += waited;
  abandoned_ += abandoned ? 1 : 0;
  if (static_cast<int>(exits_.size()) > config_.window) {
    waited_sum_ -= exits_.front().waited;
    abandoned_ -= exits_.front().abandoned ? 1 : 0;
    exits_.pop_front();
  }
}

double WaitEstimator::AbandonmentRate() const {
  if (static_cast<int>(exits_.size()) < config_.min_handled || waited_sum_ <= Duration::zero()) {
    return 0;
  }
  return abandoned_ / std::chrono::duration<double>(waited_sum_).count();
}

std::optional<std::chrono::seconds> WaitEstimator::EstimateAt(
    int position, std::span<const AgentLoad> on_duty) const {
  if (static_cast<int>(handled_.size()) < config_.min_handled) return std::nullopt;
  long places = 0;
  long free = 0;
  for (const AgentLoad& agent : on_duty) {
    const int capacity = std::max(agent.capacity, 0);
    places += capacity;
    free += std::max(capacity - std::max(agent.chats, 0), 0);
  }
  if (places == 0) return std::nullopt;
  const long needing_a_place = std::max(position, 1) - free;
  if (needing_a_place <= 0) return std::chrono::seconds{0};

  const double mean_handling =
      std::chrono::duration<double>(handled_sum_).count() / static_cast<double>(handled_.size());
  const double gap = mean_handling / static_cast<double>(places);  // D: one place frees up
  const auto ahead = static_cast<double>(needing_a_place - 1);     // n0
  const double theta = AbandonmentRate();
  double wait = gap * (ahead + 1);
  if (theta * gap * ahead > 1e-9) wait = gap + std::log1p(theta * ahead * gap) / theta;
  return std::chrono::seconds{std::llround(wait)};
}

WaitEstimator::Basis WaitEstimator::basis() const {
  Basis basis;
  basis.handled = static_cast<int>(handled_.size());
  if (basis.handled >= config_.min_handled) {
    basis.mean_handling = handled_sum_ / basis.handled;
  }
  basis.left_line = static_cast<int>(exits_.size());
  basis.abandoned = abandoned_;
  basis.abandonment_per_hour = AbandonmentRate() * 3600;
  return basis;
}

}  // namespace balie::routing
