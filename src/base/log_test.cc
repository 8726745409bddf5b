#include "base/log.h"

#include <gtest/gtest.h>

namespace balie::base {
namespace {

TEST(LogTest, FieldsAreKeyValuePairsQuotedWhereNeeded) {
  EXPECT_EQ(
      FormatLogLine("handler failed", {{"route", "GET /x"},
                                       {"conversation", "c_12"},
                                       {"seq", std::int64_t{7}},
                                       {"cause", "say \"no\"\nnow"},
                                       {"empty", ""}}),
      "handler failed route=\"GET /x\" conversation=c_12 seq=7 cause=\"say \\\"no\\\"\\nnow\" "
      "empty=\"\"");
}

TEST(LogTest, LevelsByName) {
  LogLevel level = LogLevel::kInfo;
  EXPECT_TRUE(ParseLogLevel("warning", level));
  EXPECT_EQ(level, LogLevel::kWarning);
  EXPECT_FALSE(ParseLogLevel("loud", level));
  EXPECT_EQ(level, LogLevel::kWarning);
}

}  // namespace
}  // namespace balie::base
