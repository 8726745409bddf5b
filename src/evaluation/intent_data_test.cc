#include "evaluation/intent_data.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <string>

namespace balie::evaluation {
namespace {

TEST(ParseIntentCsvTest, ReadsPlainRows) {
  auto examples = ParseIntentCsv("text,category\nI lost my card,lost_card\nhello,greeting\n", "t");
  ASSERT_TRUE(examples.ok()) << examples.status().ToString();
  ASSERT_EQ(examples->size(), 2U);
  EXPECT_EQ((*examples)[0], (IntentExample{"I lost my card", "lost_card"}));
  EXPECT_EQ((*examples)[1], (IntentExample{"hello", "greeting"}));
}

TEST(ParseIntentCsvTest, QuotedFieldsHoldCommasQuotesAndLineBreaks) {
  const std::string csv =
      "text,category\r\n"
      "\"Hi, is my card \"\"on its way\"\"?\",card_arrival\r\n"
      "\"two\nlines\",\"multi\"\r\n"
      "last,no_final_newline";
  auto examples = ParseIntentCsv(csv, "t");
  ASSERT_TRUE(examples.ok()) << examples.status().ToString();
  ASSERT_EQ(examples->size(), 3U);
  EXPECT_EQ((*examples)[0].text, "Hi, is my card \"on its way\"?");
  EXPECT_EQ((*examples)[0].intent, "card_arrival");
  EXPECT_EQ((*examples)[1].text, "two\nlines");
  EXPECT_EQ((*examples)[1].intent, "multi");
  EXPECT_EQ((*examples)[2].intent, "no_final_newline");
}

TEST(ParseIntentCsvTest, ColumnOrderAndExtraColumnsAreFree) {
  auto examples = ParseIntentCsv("\xEF\xBB\xBFid,category,text\n1,a,hello\n", "t");
  ASSERT_TRUE(examples.ok()) << examples.status().ToString();
  ASSERT_EQ(examples->size(), 1U);
  EXPECT_EQ((*examples)[0], (IntentExample{"hello", "a"}));
}

TEST(ParseIntentCsvTest, ErrorsNameTheSourceAndLine) {
  struct Case {
    std::string csv;
    std::string expected;  // part of the message
  };
  const Case cases[] = {
      {"", "t.csv:1:"},
      {"question,label\nx,y\n", "t.csv:1: the header must name"},
      {"text,category\nok,a\n\"open,b\n", "t.csv:3: quoted field is not closed"},
      {"text,category\nok,a\n\"x\"y,b\n", "t.csv:3: unexpected text after a closing quote"},
      {"text,category\n\"multi\nline\",a\nonly_text\n", "t.csv:4: expected 2 fields, found 1"},
      {"text,category\nsay \"hi\",a\n", "t.csv:2: a quote inside an unquoted field"},
      {"text,category\nhello,\n", "t.csv:2: empty category"},
  };
  for (const auto& c : cases) {
    auto examples = ParseIntentCsv(c.csv, "t.csv");
    ASSERT_FALSE(examples.ok()) << c.csv;
    EXPECT_EQ(examples.status().code(), base::StatusCode::kInvalidArgument);
    EXPECT_NE(examples.status().message().find(c.expected), std::string::npos)
        << examples.status().message();
  }
}

TEST(ParseIntentJsonTest, ReadsEveryListInFileOrder) {
  auto examples = ParseIntentJson(
      R"({"train": [["book a flight", "book_flight"], ["hi", "greeting"]],
          "oos_train": [["what is the meaning of life", "oos"]]})",
      "t.json");
  ASSERT_TRUE(examples.ok()) << examples.status().ToString();
  ASSERT_EQ(examples->size(), 3U);
  EXPECT_EQ((*examples)[0], (IntentExample{"book a flight", "book_flight"}));
  EXPECT_EQ((*examples)[2], (IntentExample{"what is the meaning of life", "oos"}));
}

TEST(ParseIntentJsonTest, RejectsMalformedInput) {
  const std::pair<std::string, std::string> cases[] = {
      {R"({"train": [["a", "b"],)", "t.json: invalid JSON"},
      {R"([["a", "b"]])", "expected an object"},
      {R"({"train": {"a": "b"}})", "member \"train\" is not a list"},
      {R"({"train": [["a", "b"], ["c"]]})", "train[1]: expected a pair"},
      {R"({"train": [["a", 3]]})", "train[0]: expected a pair"},
  };
  for (const auto& [json, expected] : cases) {
    auto examples = ParseIntentJson(json, "t.json");
    ASSERT_FALSE(examples.ok()) << json;
    EXPECT_NE(examples.status().message().find(expected), std::string::npos)
        << examples.status().message();
  }
}

TEST(ParseIntentJsonTest, SyntaxErrorsNameTheLine) {
  auto examples = ParseIntentJson("{\"train\": [\n[\"a\", \"b\"]\n[\"c\", \"d\"]]}", "t.json");
  ASSERT_FALSE(examples.ok());
  EXPECT_NE(examples.status().message().find("line 3"), std::string::npos)
      << examples.status().message();
}

TEST(LoadIntentFileTest, ReadsByExtensionAndReportsMissingFiles) {
  const std::string path = ::testing::TempDir() + "balie_intents_test.csv";
  {
    std::ofstream out(path);
    out << "text,category\nhello,greeting\n";
  }
  auto examples = LoadIntentFile(path);
  ASSERT_TRUE(examples.ok()) << examples.status().ToString();
  EXPECT_EQ(examples->size(), 1U);
  std::remove(path.c_str());

  auto missing = LoadIntentFile(path);
  EXPECT_EQ(missing.status().code(), base::StatusCode::kNotFound);
  EXPECT_EQ(LoadIntentFile("intents.txt").status().code(), base::StatusCode::kInvalidArgument);
}

std::vector<IntentExample> MakeExamples() {
  std::vector<IntentExample> examples;
  const std::pair<const char*, int> sizes[] = {{"a", 10}, {"b", 5}, {"c", 2}, {"d", 1}};
  for (const auto& [intent, n] : sizes) {
    for (int i = 0; i < n; ++i) examples.push_back({intent + std::to_string(i), intent});
  }
  return examples;
}

TEST(SplitTrainTestTest, IsStratified) {
  const auto split = SplitTrainTest(MakeExamples(), 0.2, 7);
  std::map<std::string, int> train;
  std::map<std::string, int> test;
  for (const auto& e : split.train) ++train[e.intent];
  for (const auto& e : split.test) ++test[e.intent];
  EXPECT_EQ(test["a"], 2);
  EXPECT_EQ(train["a"], 8);
  EXPECT_EQ(test["b"], 1);
  EXPECT_EQ(test["c"], 1);  // at least one to test when there are two
  EXPECT_EQ(train["c"], 1);
  EXPECT_EQ(test["d"], 0);  // a single example stays in train
  EXPECT_EQ(train["d"], 1);
  EXPECT_EQ(split.train.size() + split.test.size(), MakeExamples().size());
}

TEST(SplitTrainTestTest, IsDeterministicAndDependsOnTheSeed) {
  const auto examples = MakeExamples();
  const auto a = SplitTrainTest(examples, 0.5, 1);
  const auto b = SplitTrainTest(examples, 0.5, 1);
  EXPECT_EQ(a.train, b.train);
  EXPECT_EQ(a.test, b.test);
  bool differs = false;
  for (std::uint64_t seed = 2; seed < 10 && !differs; ++seed) {
    differs = SplitTrainTest(examples, 0.5, seed).test != a.test;
  }
  EXPECT_TRUE(differs);
  // Every example lands on exactly one side, in input order.
  std::set<std::string> seen;
  for (const auto& e : a.train) EXPECT_TRUE(seen.insert(e.text).second);
  for (const auto& e : a.test) EXPECT_TRUE(seen.insert(e.text).second);
  EXPECT_EQ(seen.size(), examples.size());
}

TEST(SplitTrainTestTest, FixedSeedGivesAFixedSplit) {
  // Guards the portability promise: the split must not change with the standard library.
  const auto split = SplitTrainTest(MakeExamples(), 0.2, kDefaultSplitSeed);
  std::string test;
  for (const auto& e : split.test) test += e.text + " ";
  EXPECT_EQ(test, "a6 a8 b1 c0 ");
}

}  // namespace
}  // namespace balie::evaluation
