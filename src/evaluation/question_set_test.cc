#include "evaluation/question_set.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include <unistd.h>

namespace balie::evaluation {
namespace {

TEST(QuestionSetTest, ParsesTheFieldsAndTheLabels) {
  const auto parsed = ParseQuestionSet(
      "# a comment\n"
      "\n"
      "nl-0001\tplain\tpas-blokkeren\tik ben mijn pas kwijt\n"
      "nl-0002\tdouble\tpas-blokkeren|nieuwe-pas\tpas gestolen en een nieuwe?\r\n"
      "nl-0003\tdeath\thandoff:overlijden\tmijn vader is overleden\n"
      "nl-0004\tasks-person\thandoff\tmedewerker\n"
      "en-0005\ttrap\tincasso-terugboeken-en|handoff:betalingsproblemen-en\tdebit failed\n"
      "en-0006\tofftopic\tofftopic\twhat is the capital of France\n",
      "set.tsv");
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  const std::vector<LabelledQuestion>& questions = parsed.value();
  ASSERT_EQ(questions.size(), 6U);
  EXPECT_EQ(questions[0].id, "nl-0001");
  EXPECT_EQ(questions[0].language, "nl");
  EXPECT_EQ(questions[0].category, "plain");
  EXPECT_EQ(questions[0].line, 3);
  EXPECT_EQ(questions[0].file, "set.tsv");
  EXPECT_EQ(questions[0].text, "ik ben mijn pas kwijt");
  EXPECT_EQ(questions[0].label.articles, std::vector<std::string>{"pas-blokkeren"});
  EXPECT_FALSE(questions[0].label.NeedsPerson());

  EXPECT_EQ(questions[1].label.articles, (std::vector<std::string>{"pas-blokkeren", "nieuwe-pas"}));
  EXPECT_EQ(questions[1].text, "pas gestolen en een nieuwe?");  // the \r is dropped

  EXPECT_TRUE(questions[2].label.handoff);
  EXPECT_EQ(questions[2].label.handoff_articles, std::vector<std::string>{"overlijden"});
  EXPECT_TRUE(questions[2].label.NeedsPerson());

  EXPECT_TRUE(questions[3].label.NeedsPerson());
  EXPECT_TRUE(questions[3].label.handoff_articles.empty());

  EXPECT_EQ(questions[4].language, "en");
  EXPECT_TRUE(questions[4].label.handoff);
  EXPECT_FALSE(questions[4].label.NeedsPerson());  // an article is right too

  EXPECT_TRUE(questions[5].label.offtopic);
  EXPECT_FALSE(questions[5].label.NeedsPerson());
}

// Every malformed line is an error that names the file and the line, and says what to write.
TEST(QuestionSetTest, MalformedLinesAreClearErrors) {
  const std::map<std::string, std::string> cases = {
      {"nl-0001\tplain\tpas-blokkeren\n", "set.tsv:2: expected 4 tab-separated fields"},
      {"nl-0001\tplain\tpas-blokkeren\tvraag\textra\n", "found 5"},
      {"de-0001\tplain\tpas-blokkeren\tvraag\n", "set.tsv:2: id 'de-0001' must be"},
      {"nl-\tplain\tpas-blokkeren\tvraag\n", "id 'nl-' must be"},
      {"nl-12a\tplain\tpas-blokkeren\tvraag\n", "id 'nl-12a' must be"},
      {"nl-0001\tPlain\tpas-blokkeren\tvraag\n", "category 'Plain'"},
      {"nl-0001\tplain\t\tvraag\n", "the expected field is empty"},
      {"nl-0001\tplain\tPas Blokkeren\tvraag\n", "'Pas Blokkeren' is not a label"},
      {"nl-0001\tplain\tofftopic|handoff\tvraag\n", "offtopic stands alone"},
      {"nl-0001\tplain\thandoff:\tvraag\n", "'' is not an article id"},
      {"nl-0001\tplain\ta||b\tvraag\n", "'' is not a label"},
      {"nl-0001\tplain\tpas-blokkeren\t  \n", "the question is empty"},
  };
  for (const auto& [line, message] : cases) {
    const auto parsed = ParseQuestionSet("# header\n" + line, "set.tsv");
    ASSERT_FALSE(parsed.ok()) << line;
    EXPECT_NE(parsed.status().message().find(message), std::string::npos)
        << line << " -> " << parsed.status().message();
    EXPECT_NE(parsed.status().message().find("set.tsv:2: "), std::string::npos)
        << parsed.status().message();
  }
}

std::vector<LabelledQuestion> Questions(const std::string& language, const std::string& category,
                                        int from, int to) {
  std::vector<LabelledQuestion> questions;
  for (int i = from; i <= to; ++i) {
    LabelledQuestion question;
    question.id = language + "-" + std::to_string(i);
    question.language = language;
    question.category = category;
    questions.push_back(question);
  }
  return questions;
}

std::map<std::string, Split> SplitsById(const std::vector<LabelledQuestion>& questions) {
  std::map<std::string, Split> splits;
  for (const LabelledQuestion& question : questions) splits[question.id] = question.split;
  return splits;
}

TEST(QuestionSplitTest, IsBalancedPerLanguageAndCategory) {
  std::vector<LabelledQuestion> questions = Questions("nl", "typo", 1, 41);
  for (auto more : {Questions("nl", "fraud", 42, 47), Questions("en", "typo", 1, 7)}) {
    questions.insert(questions.end(), more.begin(), more.end());
  }
  AssignSplits(questions);
  std::map<std::pair<std::string, std::string>, int> test;
  std::map<std::pair<std::string, std::string>, int> all;
  for (const LabelledQuestion& question : questions) {
    ++all[{question.language, question.category}];
    if (question.split == Split::kTest) ++test[{question.language, question.category}];
  }
  for (const auto& [stratum, n] : all) {
    EXPECT_LE(std::abs(2 * test[stratum] - n), 1) << stratum.first << " " << stratum.second;
  }
}

// Questions added later (higher ids) never move the questions that were there before, and the
// order of the files or lines does not matter.
TEST(QuestionSplitTest, IsStableWhenQuestionsAreAddedOrReordered) {
  std::vector<LabelledQuestion> before = Questions("nl", "lay", 1, 30);
  AssignSplits(before);
  std::vector<LabelledQuestion> after = Questions("nl", "lay", 31, 45);
  after.insert(after.end(), before.begin(), before.end());
  AssignSplits(after);
  const auto splits_after = SplitsById(after);
  for (const auto& [id, split] : SplitsById(before)) {
    EXPECT_EQ(splits_after.at(id), split) << id;
  }
}

// The coin is specified (FNV-1a, SplitMix64), so it does not change with the compiler or the
// library. The values were computed by an independent implementation (Python, in
// tests/realistic_questions/README.md); a change here would silently move questions between dev
// and test.
TEST(QuestionSplitTest, CoinIsPinned) {
  EXPECT_DOUBLE_EQ(SplitCoin("a", 0), 0.3717309634354091);
  EXPECT_DOUBLE_EQ(SplitCoin("nl-0001", 20261125), 0.8051172517738401);
  EXPECT_DOUBLE_EQ(SplitCoin("en-0042", 20261125), 0.8418564372012683);
  EXPECT_EQ(kQuestionSplitSeed, 20261125U);
}

TEST(QuestionSplitTest, DependsOnTheSeed) {
  std::vector<LabelledQuestion> a = Questions("en", "plain", 1, 20);
  std::vector<LabelledQuestion> b = a;
  AssignSplits(a, 1);
  AssignSplits(b, 2);
  EXPECT_NE(SplitsById(a), SplitsById(b));
}

class ScratchDir {
 public:
  ScratchDir()
      : path_(std::filesystem::temp_directory_path() /
              ("balie-question-set-test-" + std::to_string(::getpid()))) {
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() { std::filesystem::remove_all(path_); }
  const std::filesystem::path& path() const { return path_; }
  void Write(const std::string& name, const std::string& text) const {
    std::ofstream(path_ / name) << text;
  }

 private:
  std::filesystem::path path_;
};

TEST(LoadQuestionSetTest, ReadsEveryTsvFileInADirectory) {
  ScratchDir dir;
  dir.Write("b_en.tsv", "en-1\tplain\tpas-blokkeren-en\tlost my card\n");
  dir.Write("a_nl.tsv", "nl-1\tplain\tpas-blokkeren\tpas kwijt\nnl-2\tplain\thandoff\tmens\n");
  dir.Write("README.md", "not a question file\n");
  const auto loaded = LoadQuestionSet(dir.path());
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  ASSERT_EQ(loaded.value().size(), 3U);
  EXPECT_EQ(loaded.value()[0].id, "nl-1");  // files in name order
  EXPECT_EQ(loaded.value()[2].id, "en-1");
  EXPECT_EQ(loaded.value()[2].file, (dir.path() / "b_en.tsv").string());
}

TEST(LoadQuestionSetTest, MissingPathsAndDuplicateIdsAreClearErrors) {
  ScratchDir dir;
  const auto missing = LoadQuestionSet(dir.path() / "nothing.tsv");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("nothing.tsv: no such file or directory"),
            std::string::npos);
  const auto empty = LoadQuestionSet(dir.path());
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.status().message().find("no .tsv question files"), std::string::npos);

  dir.Write("a.tsv", "nl-1\tplain\tpas-blokkeren\tpas kwijt\n");
  dir.Write("b.tsv", "# header\nnl-1\tplain\tnieuwe-pas\tnieuwe pas\n");
  const auto duplicate = LoadQuestionSet(dir.path());
  ASSERT_FALSE(duplicate.ok());
  EXPECT_NE(duplicate.status().message().find("b.tsv:2: id 'nl-1' is already used at"),
            std::string::npos)
      << duplicate.status().message();
  EXPECT_NE(duplicate.status().message().find("a.tsv:1"), std::string::npos);
}

TEST(CheckLabelsTest, UnknownArticlesAndPlainLabelsOfPersonTopicsAreErrors) {
  const ArticleCatalogue articles = {{"pas-blokkeren", false}, {"overlijden", true}};
  auto parsed = ParseQuestionSet(
      "nl-1\tplain\tpas-blokkeren\tpas kwijt\n"
      "nl-2\tdeath\thandoff:overlijden\tvader overleden\n",
      "ok.tsv");
  ASSERT_TRUE(parsed.ok());
  EXPECT_TRUE(CheckLabels(parsed.value(), articles).ok());

  parsed = ParseQuestionSet(
      "nl-1\tplain\tpas-blokkerne\tpas kwijt\n"
      "nl-2\tdeath\toverlijden\tvader overleden\n"
      "nl-3\tdeath\thandoff:overleiden\tmoeder overleden\n",
      "bad.tsv");
  ASSERT_TRUE(parsed.ok());
  const base::Status status = CheckLabels(parsed.value(), articles);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("bad.tsv:1: unknown article 'pas-blokkerne'"), std::string::npos)
      << status.message();
  EXPECT_NE(
      status.message().find("bad.tsv:2: article 'overlijden' always goes to a person; label it "
                            "handoff:overlijden"),
      std::string::npos)
      << status.message();
  EXPECT_NE(status.message().find("bad.tsv:3: unknown article 'overleiden'"), std::string::npos);
}

}  // namespace
}  // namespace balie::evaluation
