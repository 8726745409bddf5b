#include "routing/wait_simulation.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <deque>
#include <queue>
#include <random>
#include <vector>

namespace balie::routing::testing {
namespace {

using Seconds = std::chrono::duration<double>;

WaitEstimator::Duration ToDuration(double seconds) {
  return std::chrono::duration_cast<WaitEstimator::Duration>(Seconds{seconds});
}

// P(W <= x) for W ~ Erlang(k, rate 1): 1 - sum_{i<k} e^-x x^i / i!, the terms in log space so that
// large k do not overflow.
double ErlangCdf(int k, double x) {
  if (x <= 0) return 0;
  double below = 0;
  for (int i = 0; i < k; ++i) {
    below += std::exp(i * std::log(x) - x - std::lgamma(i + 1.0));
  }
  return std::max(0.0, 1 - below);
}

enum class EventKind { kArrival, kChatEnd, kPatienceEnd };

struct Event {
  double time = 0;
  std::uint64_t order = 0;  // ties in time are taken in the order they were scheduled
  EventKind kind = EventKind::kArrival;
  int customer = 0;
  int agent = 0;

  bool operator>(const Event& other) const {
    return time != other.time ? time > other.time : order > other.order;
  }
};

struct Customer {
  double arrived = 0;
  std::optional<std::chrono::seconds> estimate;
  int needs_place = 0;  // at arrival: the free place this customer needs (0: one is free now)
  bool served = false;
  bool abandoned = false;
  double wait = 0;
};

}  // namespace

double ErlangWithinQuarterCeiling(int k) {
  // |e - W| <= W/4  <=>  0.8 e <= W <= 4e/3. The best e lies near the mean k; a fine grid from
  // 0.3k to 1.5k finds the maximum to well under a tenth of a percent.
  double best = 0;
  for (int step = 0; step <= 1200; ++step) {
    const double e = k * (0.3 + step * 0.001);
    best = std::max(best, ErlangCdf(k, e * 4 / 3) - ErlangCdf(k, e * 0.8));
  }
  return best;
}

WaitAccuracy SimulateWaits(const WaitScenario& scenario, const WaitEstimatorConfig& config) {
  WaitEstimator estimator = *WaitEstimator::Create(config);
  std::mt19937_64 random(scenario.seed);
  const int places = scenario.agents * scenario.capacity;
  const double arrival_rate = scenario.utilisation * places / scenario.mean_handling_seconds;
  std::exponential_distribution<double> interarrival(arrival_rate);
  const double sigma = scenario.handling_sigma;
  std::lognormal_distribution<double> lognormal_handling(
      std::log(scenario.mean_handling_seconds) - sigma * sigma / 2, sigma);
  std::exponential_distribution<double> exponential_handling(1 / scenario.mean_handling_seconds);
  std::exponential_distribution<double> patience(
      scenario.mean_patience_seconds > 0 ? 1 / scenario.mean_patience_seconds : 1);
  auto handling = [&] {
    return sigma > 0 ? lognormal_handling(random) : exponential_handling(random);
  };

  std::vector<AgentLoad> agents(static_cast<std::size_t>(scenario.agents),
                                AgentLoad{scenario.capacity, 0});
  std::vector<Customer> customers;
  customers.reserve(static_cast<std::size_t>(scenario.customers));
  std::deque<int> line;  // customer indices, first come first served
  std::priority_queue<Event, std::vector<Event>, std::greater<>> events;
  std::uint64_t order = 0;
  auto schedule = [&](double time, EventKind kind, int customer, int agent) {
    events.push(Event{time, order++, kind, customer, agent});
  };
  // The agent with the most free places (the first of them), or -1 when all are full.
  auto free_agent = [&] {
    int best = -1;
    for (std::size_t a = 0; a < agents.size(); ++a) {
      const int free = agents[a].capacity - agents[a].chats;
      if (free > 0 && (best < 0 || free > agents[static_cast<std::size_t>(best)].capacity -
                                              agents[static_cast<std::size_t>(best)].chats)) {
        best = static_cast<int>(a);
      }
    }
    return best;
  };
  auto start_chat = [&](int customer, int agent, double now) {
    Customer& c = customers[static_cast<std::size_t>(customer)];
    c.served = true;
    c.wait = now - c.arrived;
    ++agents[static_cast<std::size_t>(agent)].chats;
    schedule(now + handling(), EventKind::kChatEnd, customer, agent);
  };

  schedule(interarrival(random), EventKind::kArrival, 0, 0);
  while (!events.empty()) {
    const Event event = events.top();
    events.pop();
    const double now = event.time;
    switch (event.kind) {
      case EventKind::kArrival: {
        const int id = static_cast<int>(customers.size());
        customers.push_back(Customer{now, std::nullopt, 0, false, false, 0});
        Customer& c = customers.back();
        const int position = static_cast<int>(line.size()) + 1;
        c.estimate = estimator.EstimateAt(position, agents);
        int free = 0;
        for (const AgentLoad& agent : agents) free += agent.capacity - agent.chats;
        c.needs_place = std::max(0, position - free);
        const int agent = line.empty() ? free_agent() : -1;
        if (agent >= 0) {
          start_chat(id, agent, now);
        } else {
          line.push_back(id);
          if (scenario.mean_patience_seconds > 0) {
            schedule(now + patience(random), EventKind::kPatienceEnd, id, 0);
          }
        }
        if (static_cast<int>(customers.size()) < scenario.customers) {
          schedule(now + interarrival(random), EventKind::kArrival, 0, 0);
        }
        break;
      }
      case EventKind::kChatEnd: {
        const Customer& done = customers[static_cast<std::size_t>(event.customer)];
        estimator.RecordHandled(ToDuration(now - done.arrived - done.wait));
        --agents[static_cast<std::size_t>(event.agent)].chats;
        if (!line.empty()) {
          const int next = line.front();
          line.pop_front();
          estimator.RecordLeftLine(
              ToDuration(now - customers[static_cast<std::size_t>(next)].arrived), false);
          start_chat(next, event.agent, now);
        }
        break;
      }
      case EventKind::kPatienceEnd: {
        Customer& c = customers[static_cast<std::size_t>(event.customer)];
        if (c.served) break;
        c.abandoned = true;
        line.erase(std::find(line.begin(), line.end(), event.customer));
        estimator.RecordLeftLine(ToDuration(now - c.arrived), true);
        break;
      }
    }
  }

  WaitAccuracy accuracy;
  double wait_sum = 0;
  double estimate_sum = 0;
  double ceiling_sum = 0;
  std::vector<double> ceiling_of;  // by needs_place, computed once each
  for (auto i = static_cast<std::size_t>(scenario.warm_up); i < customers.size(); ++i) {
    const Customer& c = customers[i];
    ++accuracy.counted;
    if (c.abandoned) ++accuracy.abandoned;
    if (!c.served) continue;
    ++accuracy.served;
    if (!c.estimate) {
      ++accuracy.unknown;
      continue;
    }
    ++accuracy.estimated;
    const auto estimate = static_cast<double>(c.estimate->count());
    const double off = std::abs(estimate - c.wait);
    if (off <= c.wait / 4) ++accuracy.within;
    if (off <= std::max(c.wait / 4, 30.0)) ++accuracy.within_or_30s;
    if (c.needs_place == 0) {
      ceiling_sum += 1;  // a free place: the wait is 0, and so can the estimate be
    } else {
      const auto k = static_cast<std::size_t>(c.needs_place);
      if (ceiling_of.size() <= k) ceiling_of.resize(k + 1, -1);
      if (ceiling_of[k] < 0) ceiling_of[k] = ErlangWithinQuarterCeiling(c.needs_place);
      ceiling_sum += ceiling_of[k];
    }
    if (c.wait > 0) {
      ++accuracy.waited;
      wait_sum += c.wait;
      estimate_sum += estimate;
    }
  }
  if (accuracy.estimated > 0) ceiling_sum /= accuracy.estimated;
  accuracy.ceiling = ceiling_sum;
  if (accuracy.waited > 0) {
    accuracy.mean_wait_seconds = wait_sum / accuracy.waited;
    accuracy.mean_estimate_seconds = estimate_sum / accuracy.waited;
  }
  return accuracy;
}

}  // namespace balie::routing::testing
