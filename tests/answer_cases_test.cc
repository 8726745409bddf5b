// Runs the declarative answer cases in tests/answer_cases/*.tsv against the demo knowledge base:
// each line is `expected<TAB>question`, where expected is an article id (answer with it as the
// first source), `handoff`, or `handoff:<id>` (hand over with that article as the first source).

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
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
    case answer::DecisionKind::kAnswer: return first;
    case answer::DecisionKind::kClarify: return "clarify:" + first;
    case answer::DecisionKind::kHandoff: return first.empty() ? "handoff" : "handoff:" + first;
  }
  return "?";
}

bool Passes(const std::string& expected, const std::string& outcome) {
  if (expected == "handoff") return outcome.rfind("handoff", 0) == 0;
  return expected == outcome;
}

class AnswerCasesTest : public ::testing::TestWithParam<std::string> {
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

TEST_P(AnswerCasesTest, AllCasesPass) {
  const auto cases = LoadCases(SourceDir() / "tests" / "answer_cases" / GetParam());
  ASSERT_FALSE(cases.empty());
  int failed = 0;
  for (const Case& c : cases) {
    const answer::Decision decision = engine_->Ask(c.question);
    const std::string outcome = Outcome(decision);
    if (!Passes(c.expected, outcome)) {
      ++failed;
      ADD_FAILURE() << c.file << ":" << c.line << ": expected " << c.expected << ", got "
                    << outcome << " (" << decision.confidence << ")\n  question: " << c.question
                    << "\n  why: " << (decision.reasons.empty() ? "" : decision.reasons.front());
    }
  }
  std::cout << GetParam() << ": " << (cases.size() - static_cast<size_t>(failed)) << "/"
            << cases.size() << " cases pass\n";
}

INSTANTIATE_TEST_SUITE_P(Voorbeeldbank, AnswerCasesTest,
                         ::testing::Values("voorbeeldbank_nl.tsv", "voorbeeldbank_en.tsv"));

}  // namespace
}  // namespace balie
