#ifndef BALIE_ROUTING_WAIT_SIMULATION_H_
#define BALIE_ROUTING_WAIT_SIMULATION_H_

// Test-only (compiled into routing_test, not into balie_routing): a seeded discrete-event
// simulation of one queue, to measure how close WaitEstimator's estimate, given to each customer
// when they arrive, comes to the wait they then get.
//
// The model: customers arrive as a Poisson process; a free place (an agent under capacity) takes
// a customer at once, otherwise they join a first-come-first-served line; handling times are
// log-normal (or exponential); each waiting customer has an exponential patience and abandons when
// it runs out before an agent comes. Every agent is on duty all the time. The estimator learns
// only what the service layer would tell it: handled chats, customers leaving the line (served or
// abandoned), and the agents' loads at the moment of the estimate.
//
// Abandonment: a customer who abandons never gets a wait to compare with, so the accuracy counts
// served customers only; abandonments are counted, and they teach the estimator the rate at which
// the line ahead of a customer thins out.

#include <cstdint>
#include <string>

#include "routing/wait_estimator.h"

namespace balie::routing::testing {

struct WaitScenario {
  std::string name;
  int agents = 4;
  int capacity = 3;          // chats per agent at once
  double utilisation = 0.8;  // arrival rate x mean handling time / (agents x capacity)
  double mean_handling_seconds = 360;
  double handling_sigma = 0.5;  // sigma of the log of a log-normal handling time; 0: exponential
  double mean_patience_seconds = 600;  // exponential; 0: nobody abandons
  int customers = 20000;
  int warm_up = 1000;  // the first customers are not counted (the system starts empty)
  std::uint64_t seed = 20261124;
};

struct WaitAccuracy {
  int counted = 0;        // customers after the warm-up
  int abandoned = 0;      // of whom abandoned
  int served = 0;         // of whom served
  int unknown = 0;        // served customers who were told "unknown"
  int estimated = 0;      // served customers who got an estimate
  int waited = 0;         // of whom waited at all
  int within = 0;         // of the estimated: |estimate - wait| <= 25% of the wait
  int within_or_30s = 0;  // ... or at most 30 seconds off
  // The share that an estimator that knew the exact distribution of each wait could reach if
  // places freed up as a Poisson process and nobody abandoned: for a customer who needs the k-th
  // free place, the best chance that an Erlang-k wait falls within 25% of one fixed estimate.
  double ceiling = 0;
  double mean_wait_seconds = 0;      // of the estimated customers who waited
  double mean_estimate_seconds = 0;  // of the same customers

  double Share() const { return estimated == 0 ? 0 : static_cast<double>(within) / estimated; }
  double ShareOr30s() const {
    return estimated == 0 ? 0 : static_cast<double>(within_or_30s) / estimated;
  }
};

// Runs the scenario with a new estimator made from `config`.
WaitAccuracy SimulateWaits(const WaitScenario& scenario, const WaitEstimatorConfig& config = {});

// The best chance, over every fixed estimate e, that a wait W with an Erlang-k distribution
// (k >= 1) lies within 25% of it: max over e of P(|e - W| <= W / 4).
double ErlangWithinQuarterCeiling(int k);

}  // namespace balie::routing::testing

#endif  // BALIE_ROUTING_WAIT_SIMULATION_H_
