#include "routing/wait_estimator.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace balie::routing {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

WaitEstimator Make(WaitEstimatorConfig config = {}) {
  base::Result<WaitEstimator> estimator = WaitEstimator::Create(config);
  EXPECT_TRUE(estimator.ok()) << estimator.status().ToString();
  return std::move(estimator).value();
}

// An estimator that has seen `n` chats of `each` handling time.
WaitEstimator Handled(int n, WaitEstimator::Duration each, WaitEstimatorConfig config = {}) {
  WaitEstimator estimator = Make(config);
  for (int i = 0; i < n; ++i) estimator.RecordHandled(each);
  return estimator;
}

// `n` agents, each with `capacity` places and `chats` chats.
std::vector<AgentLoad> Agents(int n, int capacity, int chats) {
  return std::vector<AgentLoad>(static_cast<std::size_t>(n), AgentLoad{capacity, chats});
}

TEST(WaitEstimatorTest, UnknownUntilEnoughChatsWereHandled) {
  const std::vector<AgentLoad> busy = Agents(2, 3, 3);
  WaitEstimator estimator = Handled(19, minutes{6});
  EXPECT_EQ(estimator.EstimateAt(1, busy), std::nullopt);
  EXPECT_EQ(estimator.basis().mean_handling, std::nullopt);
  estimator.RecordHandled(minutes{6});
  EXPECT_NE(estimator.EstimateAt(1, busy), std::nullopt);
  // Configurable.
  EXPECT_EQ(Handled(5, minutes{6}, {.min_handled = 5}).EstimateAt(1, busy), seconds{60});
}

TEST(WaitEstimatorTest, UnknownWithoutAnyoneOnDuty) {
  const WaitEstimator estimator = Handled(50, minutes{6});
  EXPECT_EQ(estimator.EstimateAt(1, {}), std::nullopt);
  EXPECT_EQ(estimator.EstimateAt(1, Agents(3, 0, 0)), std::nullopt);  // capacity 0 each
}

TEST(WaitEstimatorTest, PlacesAndPositions) {
  // Mean handling 6 minutes; no abandonment measured.
  const WaitEstimator estimator = Handled(20, minutes{6});
  struct Case {
    const char* name;
    int position;
    std::vector<AgentLoad> agents;
    seconds expected;
  };
  const std::vector<Case> cases = {
      {"a free place: taken at once", 1, {{3, 2}, {3, 3}}, seconds{0}},
      {"two free places, position 2", 2, {{3, 1}, {3, 3}}, seconds{0}},
      {"two free places, position 3: the first place to free up", 3, {{3, 1}, {3, 3}}, seconds{60}},
      {"all 6 places busy, next in line: 6 min / 6", 1, Agents(2, 3, 3), seconds{60}},
      {"position 5 behind 6 busy places: 5 x 1 min", 5, Agents(2, 3, 3), seconds{300}},
      {"one agent with one place, position 3: 3 x 6 min", 3, Agents(1, 1, 1), seconds{1080}},
      {"position 0 counts as 1", 0, Agents(2, 3, 3), seconds{60}},
      {"an agent over capacity frees nothing", 1, {{3, 5}, {3, 3}}, seconds{60}},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(estimator.EstimateAt(c.position, c.agents), c.expected) << c.name;
  }
  EXPECT_EQ(estimator.EstimateForNewcomer(4, Agents(2, 3, 3)), seconds{300});
}

TEST(WaitEstimatorTest, AbandonmentAheadShortensTheWait) {
  WaitEstimator estimator = Handled(20, minutes{6});
  const std::vector<AgentLoad> busy = Agents(2, 3, 3);
  EXPECT_EQ(estimator.EstimateAt(11, busy), seconds{660});
  // 20 customers left the line after 3 minutes each, 5 of them abandoned: 5 abandonments per
  // hour of waiting.
  for (int i = 0; i < 20; ++i) estimator.RecordLeftLine(minutes{3}, i % 4 == 0);
  EXPECT_DOUBLE_EQ(estimator.basis().abandonment_per_hour, 5.0);
  // 60 s + ln(1 + theta * 10 * 60 s) / theta, theta = 5 / 3600 s.
  const double theta = 5.0 / 3600;
  const auto expected = seconds{std::llround(60 + std::log1p(theta * 600) / theta)};
  EXPECT_EQ(estimator.EstimateAt(11, busy), expected);
  EXPECT_LT(expected, seconds{660});
  // Nobody ahead: abandonment changes nothing.
  EXPECT_EQ(estimator.EstimateAt(1, busy), seconds{60});
}

TEST(WaitEstimatorTest, AbandonmentCountsOnlyOnceEnoughLeftTheLine) {
  WaitEstimator estimator = Handled(20, minutes{6});
  for (int i = 0; i < 19; ++i) estimator.RecordLeftLine(minutes{1}, true);
  EXPECT_EQ(estimator.basis().abandonment_per_hour, 0);
  EXPECT_EQ(estimator.EstimateAt(11, Agents(2, 3, 3)), seconds{660});
  estimator.RecordLeftLine(minutes{1}, true);
  EXPECT_DOUBLE_EQ(estimator.basis().abandonment_per_hour, 60.0);
  EXPECT_LT(estimator.EstimateAt(11, Agents(2, 3, 3)), seconds{660});
}

TEST(WaitEstimatorTest, TheWindowForgetsOldObservations) {
  WaitEstimator estimator = Handled(10, minutes{30}, {.min_handled = 5, .window = 10});
  EXPECT_EQ(estimator.basis().mean_handling, minutes{30});
  for (int i = 0; i < 10; ++i) estimator.RecordHandled(minutes{6});
  EXPECT_EQ(estimator.basis().mean_handling, minutes{6});
  EXPECT_EQ(estimator.basis().handled, 10);
  for (int i = 0; i < 10; ++i) estimator.RecordLeftLine(minutes{2}, true);
  for (int i = 0; i < 10; ++i) estimator.RecordLeftLine(minutes{2}, false);
  EXPECT_EQ(estimator.basis().left_line, 10);
  EXPECT_EQ(estimator.basis().abandoned, 0);
  EXPECT_EQ(estimator.basis().abandonment_per_hour, 0);
}

TEST(WaitEstimatorTest, NegativeDurationsCountAsZero) {
  // A clock step backwards must not make the mean negative.
  WaitEstimator estimator = Handled(20, minutes{6}, {.min_handled = 20, .window = 20});
  estimator.RecordHandled(-minutes{6});
  EXPECT_EQ(estimator.basis().mean_handling, seconds{360 * 19 / 20});
  estimator.RecordLeftLine(-minutes{1}, false);
  EXPECT_EQ(estimator.basis().left_line, 1);
}

TEST(WaitEstimatorTest, CreateRefusesConfigurationsThatCannotWork) {
  base::Result<WaitEstimator> zero = WaitEstimator::Create({.min_handled = 0, .window = 10});
  ASSERT_FALSE(zero.ok());
  EXPECT_EQ(zero.status().message(), "wait estimate: min_handled must be at least 1");
  base::Result<WaitEstimator> small = WaitEstimator::Create({.min_handled = 20, .window = 10});
  ASSERT_FALSE(small.ok());
  EXPECT_EQ(small.status().message(),
            "wait estimate: the window (10) must hold at least min_handled (20) observations");
}

}  // namespace
}  // namespace balie::routing
