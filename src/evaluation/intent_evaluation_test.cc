#include "evaluation/intent_evaluation.h"

#include <gtest/gtest.h>

namespace balie::evaluation {
namespace {

TEST(ComputeIntentMetricsTest, ScoresInScopeAndOutOfScope) {
  // 4 in scope (2 right, 1 wrong intent, 1 sent to oos), 2 out of scope (1 caught).
  const std::vector<std::string> gold = {"a", "a", "b", "b", "oos", "oos"};
  const std::vector<std::string> predicted = {"a", "b", "b", "oos", "oos", "a"};
  const auto m = ComputeIntentMetrics(gold, predicted, {5, 1, 3, 2, 4, 100});
  EXPECT_EQ(m.n_test, 6U);
  EXPECT_EQ(m.n_in_scope, 4U);
  EXPECT_EQ(m.n_out_of_scope, 2U);
  EXPECT_EQ(m.in_scope_correct, 2U);
  EXPECT_DOUBLE_EQ(*m.in_scope_accuracy, 0.5);
  EXPECT_DOUBLE_EQ(*m.oos_recall, 0.5);
  EXPECT_DOUBLE_EQ(*m.oos_precision, 0.5);
  EXPECT_DOUBLE_EQ(m.median_us, 3);
  EXPECT_DOUBLE_EQ(m.p99_us, 100);

  const auto json = ToJson(m);
  EXPECT_DOUBLE_EQ(json["in_scope_accuracy"].get<double>(), 0.5);
  EXPECT_EQ(json["n_test"].get<int>(), 6);
}

TEST(ComputeIntentMetricsTest, UndefinedRatesAreUnset) {
  const auto m = ComputeIntentMetrics({"a", "b"}, {"a", "a"});
  EXPECT_DOUBLE_EQ(*m.in_scope_accuracy, 0.5);
  EXPECT_FALSE(m.oos_recall.has_value());
  EXPECT_FALSE(m.oos_precision.has_value());
  EXPECT_TRUE(ToJson(m)["oos_recall"].is_null());
}

TEST(RunIntentEvaluationTest, TrainsThenScoresAndKeepsErrors) {
  const std::vector<IntentExample> train = {{"hello there", "greeting"}, {"bye now", "goodbye"}};
  const std::vector<IntentExample> test = {
      {"hello", "greeting"}, {"bye", "goodbye"}, {"weather?", "oos"}, {"ciao", "goodbye"}};
  size_t trained_on = 0;
  auto evaluation = RunIntentEvaluation(
      train, test,
      [&](const std::vector<IntentExample>& examples) -> base::Result<IntentPredictor> {
        trained_on = examples.size();
        return IntentPredictor([](std::string_view question) -> std::string {
          if (question.starts_with("hello")) return "greeting";
          if (question.starts_with("bye")) return "goodbye";
          return std::string(kOutOfScopeIntent);
        });
      },
      /*max_errors=*/5);
  ASSERT_TRUE(evaluation.ok()) << evaluation.status().ToString();
  EXPECT_EQ(trained_on, 2U);
  EXPECT_DOUBLE_EQ(*evaluation->metrics.in_scope_accuracy, 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(*evaluation->metrics.oos_recall, 1.0);
  EXPECT_DOUBLE_EQ(*evaluation->metrics.oos_precision, 0.5);
  ASSERT_EQ(evaluation->errors.size(), 1U);
  EXPECT_EQ(evaluation->errors[0].text, "ciao");
  EXPECT_EQ(evaluation->errors[0].predicted, "oos");
  EXPECT_EQ(ToJson(*evaluation)["errors"].size(), 1U);
}

TEST(RunIntentEvaluationTest, PassesOnTheFactorysError) {
  auto evaluation = RunIntentEvaluation(
      {}, {{"x", "y"}}, [](const std::vector<IntentExample>&) -> base::Result<IntentPredictor> {
        return base::InvalidArgument("no training data");
      });
  ASSERT_FALSE(evaluation.ok());
  EXPECT_EQ(evaluation.status().message(), "no training data");
}

}  // namespace
}  // namespace balie::evaluation
