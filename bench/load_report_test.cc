#include "load_report.h"

#include <gtest/gtest.h>

#include <csignal>

#include <sys/wait.h>
#include <unistd.h>

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

namespace balie::bench {
namespace {

// Several server processes are summed; a database's main process is sampled with its children.
TEST(SampleServerTest, SumsTheServersAndSamplesTheDatabaseWithItsChildren) {
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    pause();
    _exit(0);
  }
  const int self = static_cast<int>(getpid());
  const ServerSample one = SampleServer({self}, 0, {});
  const ServerSample two = SampleServer({self, static_cast<int>(child)}, self, {});
  kill(child, SIGKILL);
  waitpid(child, nullptr, 0);
  ASSERT_GT(one.rss_kib, 0);
  EXPECT_GT(two.rss_kib, one.rss_kib);
  EXPECT_GE(two.cpu_seconds, one.cpu_seconds);
  EXPECT_LT(one.database_pss_kib, 0);  // no database given
  EXPECT_GT(two.database_pss_kib, 0);
  EXPECT_GE(two.database_cpu_seconds, 0);
  // A server that is gone leaves its figures unknown rather than too small.
  EXPECT_LT(SampleServer({self, static_cast<int>(child)}, 0, {}).rss_kib, 0);
}

}  // namespace
}  // namespace balie::bench
