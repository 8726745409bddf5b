#ifndef BALIE_ROUTING_WAIT_ESTIMATOR_H_
#define BALIE_ROUTING_WAIT_ESTIMATOR_H_

// WaitEstimator: the honest estimate of how long a customer in one queue will wait for a person,
// from what the queue measured, or "unknown" when it has not measured enough.
//
// The method (docs/quality.md, "Estimated wait", has the reasoning and the measured accuracy):
// the agents on duty for the queue offer N = sum of their capacities parallel places (chats at
// once). With h the mean handling time of the last `window` chats handled, a place frees up every
// D = h / N on average while all are busy. A customer at position k, with f places free now, waits
// 0 when k <= f (an agent takes them at once); otherwise the k - f - 1 customers ahead of them
// that need a place must go, and then one more place must free up. Customers ahead also leave
// before an agent comes (abandon), at a rate theta per waiting customer, measured as abandonments
// per unit of time spent waiting (the maximum-likelihood rate of an exponential patience). The line
// ahead shrinks as dn/dt = -(1/D + theta * n), which empties after (1/theta) * ln(1 + theta * n0 *
// D), so the estimate is
//     D + ln(1 + theta * n0 * D) / theta     (n0 = k - f - 1; D * (k - f) when theta = 0).
// The arrival rate is not an input: customers who arrive later queue behind, and only the people
// ahead and the speed of service decide a wait. Later arrivals that go before a customer (due
// callbacks, higher priority) are not foreseen; the service refreshes estimates as the line moves.
//
// An agent who also serves other queues counts with their whole capacity for each queue they are
// passed to, so the estimate is on the short side when those queues are busy too.
//
// "Unknown" (nullopt): fewer than `min_handled` chats handled, or no place on duty (no agent, or
// only agents with capacity 0). Abandonment counts only once `min_handled` customers have left the
// line; until then theta is 0, which errs towards a longer estimate.
//
// Not thread-safe: the service layer serialises access (one estimator per queue). Pure: times are
// passed in, nothing is read from a clock.

#include <chrono>
#include <cstddef>
#include <deque>
#include <optional>
#include <span>

#include "base/status.h"

namespace balie::routing {

struct WaitEstimatorConfig {
  // Handled chats needed before an estimate is given.
  int min_handled = 20;
  // The most recent handled chats, and the most recent customers who left the line, that the
  // estimate rests on.
  int window = 200;
};

// An agent on duty for the queue (available or busy: away and offline agents are not on duty):
// how many chats they can handle at once and how many they handle now.
struct AgentLoad {
  int capacity = 3;
  int chats = 0;
};

class WaitEstimator {
 public:
  using Duration = std::chrono::system_clock::duration;

  // Refuses min_handled < 1 and window < min_handled, saying so.
  static base::Result<WaitEstimator> Create(WaitEstimatorConfig config = {});

  // A chat of this queue ended; `handling` is the time from assignment to the end.
  void RecordHandled(Duration handling);

  // A customer left this queue's line after waiting `waited`: taken by an agent, or abandoned
  // (left before an agent came). Call it for every customer who waited in the line.
  void RecordLeftLine(Duration waited, bool abandoned);

  // The expected wait of the customer at `position` (1 = next) of the line, given the agents on
  // duty now. nullopt when unknown (see above). A position below 1 counts as 1.
  std::optional<std::chrono::seconds> EstimateAt(int position,
                                                 std::span<const AgentLoad> on_duty) const;

  // The expected wait of a customer who joins now behind `waiting` others.
  std::optional<std::chrono::seconds> EstimateForNewcomer(
      int waiting, std::span<const AgentLoad> on_duty) const {
    return EstimateAt(waiting + 1, on_duty);
  }

  // What the estimate rests on, for status pages and metrics.
  struct Basis {
    int handled = 0;                        // handled chats in the window
    std::optional<Duration> mean_handling;  // nullopt while fewer than min_handled
    int left_line = 0;                      // customers who left the line, in the window
    int abandoned = 0;                      // of whom abandoned
    double abandonment_per_hour = 0;  // theta: abandonments per hour of waiting (0 until known)
  };
  Basis basis() const;

 private:
  explicit WaitEstimator(WaitEstimatorConfig config) : config_(config) {}

  struct Exit {
    Duration waited{};
    bool abandoned = false;
  };

  // Abandonments per second of waiting, or 0 while fewer than min_handled customers left the line.
  double AbandonmentRate() const;

  WaitEstimatorConfig config_;
  // Sums are kept in whole clock ticks, so that they stay exact however long the window slides.
  std::deque<Duration> handled_;
  Duration handled_sum_{};
  std::deque<Exit> exits_;
  Duration waited_sum_{};
  int abandoned_ = 0;
};

}  // namespace balie::routing

#endif  // BALIE_ROUTING_WAIT_ESTIMATOR_H_
