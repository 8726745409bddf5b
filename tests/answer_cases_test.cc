// Runs the declarative answer cases in tests/answer_cases/*.tsv against the demo knowledge base:
// each line is `expected<TAB>question`, where expected is an article id (answer with it as the
// first source), `handoff`, or `handoff:<id>` (hand over with that article as the first source).
//
// Every case that fails is listed, and the test fails unless all pass.

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "answer/engine.h"
#include "knowledge/knowledge_loader.h"

namespace balie {
namespace {

struct Case {
  std::string file;
  int line = 0;
  std::string expected;
  std::string question;
};

std::filesystem::path SourceDir() {
  const char* dir = std::getenv("BALIE_SOURCE_DIR");
  return dir != nullptr ? dir : BALIE_SOURCE_DIR_DEFAULT;
}

std::vector<Case> LoadCases(const std::filesystem::path& file) {
  std::vector<Case> cases;
  std::ifstream in(file);
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty() || line[0] == '#') continue;
    const auto tab = line.find('\t');
    if (tab == std::string::npos) {
      ADD_FAILURE() << file << ":" << number << ": no tab between expected and question";
      continue;
    }
    cases.push_back({file.filename().string(), number, line.substr(0, tab), line.substr(tab + 1)});
  }
  return cases;
}

// What the engine did, in the notation of the case files.
std::string Outcome(const answer::Decision& decision) {
  const std::string first = decision.sources.empty() ? "" : decision.sources.front().id;
  switch (decision.kind) {
    case answer::DecisionKind::kAnswer:
      return first;
    case answer::DecisionKind::kClarify:
      return "clarify:" + first;
    case answer::DecisionKind::kHandoff:
      return first.empty() ? "handoff" : "handoff:" + first;
  }
  return "?";
}

bool Passes(const std::string& expected, const std::string& outcome) {
  if (expected == "handoff") return outcome.rfind("handoff", 0) == 0;
  return expected == outcome;
}

struct CaseFile {
  std::string name;
};

void PrintTo(const CaseFile& file, std::ostream* out) { *out << file.name; }

class AnswerCasesTest : public ::testing::TestWithParam<CaseFile> {
 protected:
  static void SetUpTestSuite() {
    auto report = knowledge::LoadKnowledgeBase(SourceDir() / "demo" / "voorbeeldbank");
    ASSERT_TRUE(report.problems.empty()) << report.problems.front().ToString();
    auto built = answer::Engine::Build(std::move(report.knowledge));
    ASSERT_TRUE(built.ok()) << built.status().ToString();
    engine_ = std::move(built).value().release();
  }
  static void TearDownTestSuite() { delete engine_; }
  static answer::Engine* engine_;
};
answer::Engine* AnswerCasesTest::engine_ = nullptr;

TEST_P(AnswerCasesTest, CasesPass) {
  const auto cases = LoadCases(SourceDir() / "tests" / "answer_cases" / GetParam().name);
  ASSERT_FALSE(cases.empty());
  int failed = 0;
  for (const Case& c : cases) {
    const answer::Decision decision = engine_->Ask(c.question);
    const std::string outcome = Outcome(decision);
    if (!Passes(c.expected, outcome)) {
      ++failed;
      std::cout << c.file << ":" << c.line << ": expected " << c.expected << ", got " << outcome
                << " (" << decision.confidence << ")\n  question: " << c.question
                << "\n  why: " << (decision.reasons.empty() ? "" : decision.reasons.front())
                << '\n';
    }
  }
  const size_t passed = cases.size() - static_cast<size_t>(failed);
  std::cout << GetParam().name << ": " << passed << "/" << cases.size() << " cases pass\n";
  EXPECT_EQ(failed, 0) << "answer cases fail; see the list above";
}

// The confidence is a probability (calibrated on held-out example questions): within [0, 1], and
// on average higher for the cases the engine gets right than for those it gets wrong.
TEST_P(AnswerCasesTest, ConfidenceSeparatesRightFromWrong) {
  const auto cases = LoadCases(SourceDir() / "tests" / "answer_cases" / GetParam().name);
  double right_sum = 0;
  double wrong_sum = 0;
  int right = 0;
  int wrong = 0;
  for (const Case& c : cases) {
    if (c.expected.rfind("handoff", 0) == 0) continue;  // only questions an article answers
    const answer::Decision decision = engine_->Ask(c.question);
    ASSERT_GE(decision.confidence, 0.0) << c.question;
    ASSERT_LE(decision.confidence, 1.0) << c.question;
    const bool best_is_right =
        !decision.candidates.empty() && decision.candidates.front().id == c.expected;
    (best_is_right ? right_sum : wrong_sum) += decision.confidence;
    ++(best_is_right ? right : wrong);
  }
  ASSERT_GT(right, 0);
  if (wrong > 0) {
    EXPECT_GT(right_sum / right, wrong_sum / wrong + 0.1);
  }
}

INSTANTIATE_TEST_SUITE_P(Voorbeeldbank, AnswerCasesTest,
                         ::testing::Values(CaseFile{"voorbeeldbank_nl.tsv"},
                                           CaseFile{"voorbeeldbank_en.tsv"}));

}  // namespace
}  // namespace balie
