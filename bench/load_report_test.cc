#include "load_report.h"

#include <gtest/gtest.h>

namespace balie::bench {
namespace {

TEST(PercentileTest, NearestRank) {
  std::vector<std::uint32_t> samples = {50, 10, 40, 20, 30};
  EXPECT_EQ(Percentile(samples, 50), 30u);
  EXPECT_EQ(Percentile(samples, 99), 50u);
  EXPECT_EQ(Percentile(samples, 100), 50u);
  EXPECT_EQ(Percentile(samples, 1), 10u);
  std::vector<std::uint32_t> none;
  EXPECT_EQ(Percentile(none, 99), 0u);
}

TEST(WorkerReportTest, JsonRoundTripAndMerge) {
  WorkerReport a;
  a.conversations_wanted = 3;
  a.conversations_opened = 2;
  a.open_failures["POST: HTTP 429"] = 1;
  a.questions_sent = 4;
  a.answered = 3;
  a.timeouts = 1;
  a.answer_us = {1000, 2000, 3000};
  a.question_seconds = 10;
  auto copy = WorkerReportFromJson(ToJson(a));
  ASSERT_TRUE(copy.ok()) << copy.status().message();
  EXPECT_EQ(copy->open_failures, a.open_failures);
  EXPECT_EQ(copy->answer_us, a.answer_us);

  WorkerReport merged;
  Merge(merged, a);
  Merge(merged, *copy);
  EXPECT_EQ(merged.conversations_opened, 4u);
  EXPECT_EQ(merged.open_failures["POST: HTTP 429"], 2u);
  EXPECT_EQ(merged.answer_us.size(), 6u);
  EXPECT_EQ(merged.question_seconds, 10);

  const auto figures = Figures(merged, {}, {}, {}, {});
  EXPECT_EQ(figures.at("answers_per_second"), 0.6);
  EXPECT_EQ(figures.at("answer_p50_ms"), 2.0);
  EXPECT_EQ(figures.at("timeouts"), 2);
  EXPECT_FALSE(figures.contains("memory_per_conversation_kib"));  // nothing sampled
}

TEST(WorkerReportTest, RefusesMalformedJson) {
  EXPECT_FALSE(WorkerReportFromJson(nlohmann::json::array()).ok());
  EXPECT_FALSE(WorkerReportFromJson({{"conversations_wanted", "many"}}).ok());
}

}  // namespace
}  // namespace balie::bench
