// Runs the declarative answer cases in tests/answer_cases/*.tsv against the demo knowledge base:
// each line is `expected<TAB>question`, where expected is an article id (answer with it as the
// first source), `handoff`, or `handoff:<id>` (hand over with that article as the first source).
//
// Every case that fails is listed, and the test fails unless all pass.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <iostream>
#include <memory>
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
    case answer::DecisionKind::kDecline:
      return "decline";
  }
  return "?";
}

bool Passes(const std::string& expected, const std::string& outcome) {
  if (expected == "handoff") return outcome.rfind("handoff", 0) == 0;
  // Off-topic: never answered from an article; declined, or handed over where the message speaks
  // to "you" (the engine does not decline what might be a question to the organisation).
  if (expected == "offtopic") return outcome == "decline" || outcome.rfind("handoff", 0) == 0;
  return expected == outcome;
}

struct CaseFile {
  std::string name;
};

void PrintTo(const CaseFile& file, std::ostream* out) { *out << file.name; }

// The engine over the demo knowledge base, built once for all tests of this file.
const answer::Engine* DemoEngine() {
  static const std::unique_ptr<answer::Engine> engine = [] {
    auto report = knowledge::LoadKnowledgeBase(SourceDir() / "demo" / "voorbeeldbank");
    EXPECT_TRUE(report.problems.empty()) << report.problems.front().ToString();
    auto built = answer::Engine::Build(std::move(report.knowledge));
    EXPECT_TRUE(built.ok()) << built.status().ToString();
    return built.ok() ? std::move(built).value() : nullptr;
  }();
  return engine.get();
}

class AnswerCasesTest : public ::testing::TestWithParam<CaseFile> {
 protected:
  static void SetUpTestSuite() {
    engine_ = DemoEngine();
    ASSERT_NE(engine_, nullptr);
  }
  static const answer::Engine* engine_;
};
const answer::Engine* AnswerCasesTest::engine_ = nullptr;

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
    // Only questions an article answers.
    if (c.expected.rfind("handoff", 0) == 0 || c.expected == "decline" ||
        c.expected == "offtopic") {
      continue;
    }
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

// The passage that answers (issue 11, item 4): not only the right article, but the part of it
// that answers what was asked.
class PassageTest : public ::testing::Test {
 protected:
  static answer::Decision Ask(const std::string& question) {
    const answer::Engine* engine = DemoEngine();
    return engine != nullptr ? engine->Ask(question) : answer::Decision{};
  }
  static bool Has(const std::string& text, std::initializer_list<const char*> any_of) {
    return std::any_of(any_of.begin(), any_of.end(),
                       [&text](const char* part) { return text.find(part) != std::string::npos; });
  }
};

// A cost question gets the cost, and where it depends on a condition (at the end of the fixed
// period free, during it a fee can apply), both cases: never one side.
TEST_F(PassageTest, ACostQuestionGetsTheCostInBothCases) {
  struct Expected {
    const char* question;
    const char* article;
    std::initializer_list<const char*> fee;
    std::initializer_list<const char*> free;
  };
  for (const Expected& expected : {
           Expected{"Wat kost het om mijn rentevaste periode te wijzigen?",
                    "rentevaste-periode-wijzigen",
                    {"een vergoeding", "boete"},
                    {"zonder kosten", "gratis", "kosteloos"}},
           Expected{"What does it cost to change my fixed-rate period?",
                    "rentevaste-periode-wijzigen-en",
                    {"a fee", "charge a fee"},
                    {"no cost", "free of charge"}},
       }) {
    const answer::Decision decision = Ask(expected.question);
    ASSERT_EQ(decision.kind, answer::DecisionKind::kAnswer) << expected.question;
    ASSERT_FALSE(decision.sources.empty());
    EXPECT_EQ(decision.sources.front().id, expected.article);
    EXPECT_TRUE(Has(decision.answer, expected.fee)) << expected.question << ": no fee case in\n"
                                                    << decision.answer;
    EXPECT_TRUE(Has(decision.answer, expected.free)) << expected.question << ": no free case in\n"
                                                     << decision.answer;
  }
}

// "I lost my card" is answered with "block it now", not with what the new card costs.
TEST_F(PassageTest, ALostCardIsBlockedFirst) {
  for (const char* question : {"I lost my card", "pas kwijt", "ik ben mijn pinpas kwijt"}) {
    const answer::Decision decision = Ask(question);
    ASSERT_EQ(decision.kind, answer::DecisionKind::kAnswer) << question;
    ASSERT_FALSE(decision.sources.empty());
    EXPECT_TRUE(decision.sources.front().id.starts_with("pas-blokkeren")) << question;
    EXPECT_TRUE(Has(decision.answer, {"Block", "Blokkeer", "blokkeren", "Blokkeren"}))
        << question << ": " << decision.passage_heading;
    EXPECT_FALSE(Has(decision.answer, {"7.50", "7,50"}))
        << question << ": " << decision.passage_heading;
  }
}

// A question that does not ask what something is does not get the definition.
TEST_F(PassageTest, ADefinitionAnswersOnlyWhatSomethingIs) {
  const answer::Decision decision = Ask("kan ik 2 leningdelen apart vastzetten");
  ASSERT_EQ(decision.kind, answer::DecisionKind::kAnswer);
  EXPECT_NE(decision.passage_heading, "Wat is een leningdeel?");
  EXPECT_TRUE(Has(decision.answer, {"rentevaste periode"})) << decision.passage_heading;
}

// A message that is only a word several articles have as their topic asks which of them is
// meant, the best matching first, with the titles quoted (they hold "?" and "of"); a word of one
// article's topic, or a word with more, is decided as before.
TEST_F(PassageTest, ATopicWordAloneAsksWhichArticleIsMeant) {
  const answer::Engine* engine = DemoEngine();
  ASSERT_NE(engine, nullptr);
  const std::pair<const char*, const char*> asked[] = {
      {"pas", "pas"}, {"mijn pas?", "pas"}, {"Hypotheek", "hypotheek"}, {"rekening", "rekening"}};
  for (const auto& [question, topic] : asked) {
    const answer::Decision decision = Ask(question);
    ASSERT_EQ(decision.kind, answer::DecisionKind::kClarify) << question;
    EXPECT_EQ(decision.sources.size(), 3U) << question;
    EXPECT_TRUE(decision.answer.starts_with("Waarover gaat uw vraag: \"")) << decision.answer;
    EXPECT_TRUE(decision.answer.ends_with("\"? Of stel uw vraag in een paar woorden."))
        << decision.answer;
    for (const answer::SourceRef& source : decision.sources) {
      const model::Article* article = engine->knowledge().Find(source.id);
      ASSERT_NE(article, nullptr) << source.id;
      EXPECT_EQ(article->language, model::Language::kDutch) << source.id;
      EXPECT_NE(std::find(article->topics.begin(), article->topics.end(), std::string(topic)),
                article->topics.end())
          << question << ": " << source.id;
    }
    ASSERT_FALSE(decision.candidates.empty());
    EXPECT_EQ(decision.candidates.front().id, decision.sources.front().id) << question;
  }
  EXPECT_EQ(Ask("limiet").kind, answer::DecisionKind::kAnswer);  // one article's topic
  // A plural is the same topic, though its words suit the examples of reporting a death (an
  // article that goes to a person): "rekeningen" was handed over as a bereavement.
  const answer::Decision accounts = Ask("rekeningen");
  ASSERT_EQ(accounts.kind, answer::DecisionKind::kClarify) << accounts.answer;
  EXPECT_EQ(accounts.sources.size(), 3U);
  for (const answer::SourceRef& source : accounts.sources) EXPECT_NE(source.id, "overlijden");
  // One article's topic, whose words suit another article best: "kosten" was declined as
  // off-topic, "mijn kosten" answered from the business account. The article about it is offered
  // first, the best match second.
  for (const char* question : {"kosten", "mijn kosten"}) {
    const answer::Decision costs = Ask(question);
    ASSERT_EQ(costs.kind, answer::DecisionKind::kClarify) << question << ": " << costs.answer;
    ASSERT_EQ(costs.sources.size(), 2U) << question;
    EXPECT_EQ(costs.sources.front().id, "kosten-betaalrekening") << question;
    EXPECT_EQ(costs.sources.back().id, costs.candidates.front().id) << question;
    EXPECT_TRUE(costs.answer.starts_with("Waarover gaat uw vraag: \"Kosten van")) << costs.answer;
  }
  // The contact article has "telefoonnummer" and "bellen" as topics: "wat is jullie
  // telefoonnummer" was answered from changing one's own details, "bellen" from blocking a card.
  for (const char* question : {"wat is jullie telefoonnummer", "bellen"}) {
    const answer::Decision contact = Ask(question);
    ASSERT_EQ(contact.kind, answer::DecisionKind::kClarify) << question << ": " << contact.answer;
    EXPECT_EQ(contact.sources.front().id, "bereikbaarheid") << question;
  }
  const answer::Decision lost = Ask("pas kwijt");
  ASSERT_EQ(lost.kind, answer::DecisionKind::kAnswer);
  EXPECT_EQ(lost.sources.front().id, "pas-blokkeren");
  // In English too: the English articles' topics have the English words ("card" was answered from
  // ordering a new card, "mortgage" from extra repayments, "interest" from savings interest).
  for (const char* question : {"card", "my card", "mortgage", "interest", "account"}) {
    const answer::Decision decision = Ask(question);
    ASSERT_EQ(decision.kind, answer::DecisionKind::kClarify) << question << ": " << decision.answer;
    EXPECT_EQ(decision.sources.size(), 3U) << question;
    EXPECT_TRUE(decision.answer.starts_with("What is your question about: \"")) << decision.answer;
    for (const answer::SourceRef& source : decision.sources) {
      const model::Article* article = engine->knowledge().Find(source.id);
      ASSERT_NE(article, nullptr) << source.id;
      EXPECT_EQ(article->language, model::Language::kEnglish) << question << ": " << source.id;
    }
  }
  EXPECT_EQ(Ask("fees").kind, answer::DecisionKind::kAnswer);  // one article's topic, the best
}

// An opening is no question: on the demo bank "ik heb een vraag" was answered from the article
// about a wrong transfer, "kunt u mij helpen" from the power of attorney, and "can you help me"
// was handed to the desk for payment trouble. The bot asks for the question instead.
TEST_F(PassageTest, AnOpeningIsAskedForItsQuestion) {
  for (const char* message : {"Hallo, ik heb een vraag", "ik heb een vraag", "kunt u mij helpen",
                              "hulp nodig", "can you help me", "Good morning, I need help"}) {
    const answer::Decision decision = Ask(message);
    EXPECT_EQ(decision.kind, answer::DecisionKind::kClarify) << message;
    EXPECT_TRUE(decision.sources.empty()) << message << ": " << decision.sources.front().id;
  }
}

// Issue 11, item 2: the demo knowledge base has a calibration.txt, so the confidence it reports
// (the estimated probability that the answer is right) is the number that decides.
TEST_F(PassageTest, TheConfidenceDecides) {
  const answer::Engine* engine = DemoEngine();
  ASSERT_NE(engine, nullptr);
  ASSERT_TRUE(engine->confidence_decides());
  const answer::Decision decision = Ask("kan ik 2 leningdelen apart vastzetten");
  ASSERT_EQ(decision.kind, answer::DecisionKind::kAnswer);
  ASSERT_FALSE(decision.candidates.empty());
  EXPECT_EQ(decision.score, decision.candidates.front().score);
  EXPECT_GE(decision.confidence, engine->config().answer_probability);
  ASSERT_FALSE(decision.reasons.empty());
  EXPECT_NE(decision.reasons.back().find("probability right"), std::string::npos)
      << decision.reasons.back();
}

// Issue 11, item 5: a situation that needs a person, told indirectly, goes to a person with the
// knowledge base's article for it (whose topics choose the queue), and the customer is told why in
// plain words; an angry customer is not sent to the fraud or bereavement desk.
TEST(SituationTest, AFraudToldIndirectlyGetsTheFraudArticleAndItsUrgentLine) {
  const answer::Engine* engine = DemoEngine();
  ASSERT_NE(engine, nullptr);
  const answer::Decision decision = engine->Ask(
      "er stond een man aan de deur en hij heeft mijn pas meegenomen om hem te vervangen");
  EXPECT_EQ(decision.kind, answer::DecisionKind::kHandoff);
  EXPECT_EQ(decision.handoff_cause, "always_person");
  ASSERT_FALSE(decision.sources.empty());
  EXPECT_EQ(decision.sources.front().id, "phishing-melden");
  EXPECT_NE(std::find(decision.topics.begin(), decision.topics.end(), "fraude"),
            decision.topics.end());
  EXPECT_NE(decision.answer.find("fraude"), std::string::npos) << decision.answer;
  EXPECT_NE(decision.answer.find("24 uur per dag"), std::string::npos) << decision.answer;
}

TEST(SituationTest, ADeathIsMetWithCondolencesInTheCustomersLanguage) {
  const answer::Engine* engine = DemoEngine();
  ASSERT_NE(engine, nullptr);
  const answer::Decision dutch = engine->Ask("wat als ik doodga, wie krijgt dan mijn spaargeld");
  EXPECT_EQ(dutch.kind, answer::DecisionKind::kHandoff);
  ASSERT_FALSE(dutch.sources.empty());
  EXPECT_EQ(dutch.sources.front().id, "overlijden");
  EXPECT_EQ(dutch.answer.rfind("Gecondoleerd", 0), 0U) << dutch.answer;
  const answer::Decision english = engine->Ask("my husband passed away last month");
  ASSERT_FALSE(english.sources.empty());
  EXPECT_EQ(english.sources.front().id, "overlijden-en");
  EXPECT_EQ(english.answer.rfind("I am sorry for your loss", 0), 0U) << english.answer;
}

TEST(SituationTest, AnAngryCustomerGetsAnApologyAndNoSensitiveContext) {
  const answer::Engine* engine = DemoEngine();
  ASSERT_NE(engine, nullptr);
  const answer::Decision decision =
      engine->Ask("dit is echt belachelijk, ik heb een verdacht sms'je gehad en nu werkt niks");
  EXPECT_EQ(decision.kind, answer::DecisionKind::kHandoff);
  EXPECT_EQ(decision.handoff_cause, "upset");
  EXPECT_EQ(decision.answer.rfind("Het spijt me", 0), 0U) << decision.answer;
  for (const answer::SourceRef& source : decision.sources) {
    EXPECT_NE(source.id, "phishing-melden");
    EXPECT_NE(source.id, "overlijden");
  }
  for (const std::string& topic : decision.topics) {
    EXPECT_NE(topic, "fraude");
    EXPECT_NE(topic, "overlijden");
  }
}

TEST(SituationTest, OrdinaryQuestionsThatShareTheirWordsAreAnswered) {
  const answer::Engine* engine = DemoEngine();
  ASSERT_NE(engine, nullptr);
  EXPECT_EQ(engine->Ask("mag ik met pinnen betalen in het buitenland").kind,
            answer::DecisionKind::kAnswer);
  EXPECT_EQ(engine->Ask("hoeveel rente betaal ik als ik rood sta").kind,
            answer::DecisionKind::kAnswer);
}

}  // namespace
}  // namespace balie
