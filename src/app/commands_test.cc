#include "app/commands.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <utility>
#include <vector>

#include <unistd.h>

#include "knowledge/knowledge_loader.h"
#include "knowledge/list_files.h"

namespace balie::app {
namespace {

namespace fs = std::filesystem;

fs::path DemoKnowledge() {
  const char* dir = std::getenv("BALIE_SOURCE_DIR");
  return fs::path(dir != nullptr ? dir : ".") / "demo" / "voorbeeldbank";
}

// A scratch directory, removed when the test ends.
class ScratchDir {
 public:
  ScratchDir()
      : path_(fs::temp_directory_path() / ("balie-app-test-" + std::to_string(::getpid()))) {
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~ScratchDir() { fs::remove_all(path_); }
  const fs::path& path() const { return path_; }
  void Write(const std::string& name, const std::string& text) const {
    std::ofstream(path_ / name) << text;
  }

 private:
  fs::path path_;
};

TEST(KbCheckTest, ListsEveryProblemWithFileAndLine) {
  ScratchDir dir;
  dir.Write("a.md", "---\nid: a\ntitle: A\nurl: https://x.nl/a\nlanguage: de\n---\nBody\n");
  dir.Write("b.md", "---\nid: b\ntitle: B\n---\nBody\n");
  std::ostringstream out;
  std::ostringstream err;
  EXPECT_EQ(KbCheck(dir.path().string(), model::Register::kFormal, out, err), 1);
  EXPECT_NE(err.str().find("a.md:5: language 'de' is not supported"), std::string::npos)
      << err.str();
  EXPECT_NE(err.str().find("b.md"), std::string::npos);
  EXPECT_NE(err.str().find("missing required field 'url'"), std::string::npos);
}

TEST(KbCheckTest, DemoKnowledgeBaseIsClean) {
  std::ostringstream out;
  std::ostringstream err;
  EXPECT_EQ(KbCheck(DemoKnowledge().string(), model::Register::kInformal, out, err), 0)
      << err.str();
  EXPECT_NE(out.str().find("ok"), std::string::npos);
  EXPECT_EQ(err.str(), "");
}

// Without a register to check against, the knowledge base's own is the one: the demo bank says
// "je" throughout, so nothing is warned of; a file in "u" among articles in "je" is.
TEST(KbCheckTest, WithoutARegisterEachFileIsCheckedAgainstMostOfTheKnowledgeBase) {
  std::ostringstream out;
  std::ostringstream err;
  EXPECT_EQ(KbCheck(DemoKnowledge().string(), std::nullopt, out, err), 0);
  EXPECT_EQ(err.str(), "");

  ScratchDir dir;
  auto article = [](const std::string& id, const std::string& body) {
    return "---\nid: " + id + "\ntitle: T\nurl: https://x.nl/" + id + "\nlanguage: nl\n---\n" +
           body + "\n";
  };
  dir.Write("a.md",
            article("a", "Je kunt je pas blokkeren in de app. Jouw pas is dan direct dicht."));
  dir.Write("b.md", article("b", "Je vindt je jaaroverzicht in de app."));
  dir.Write("c.md", article("c", "U kunt uw adres wijzigen in de app."));
  std::ostringstream out2;
  std::ostringstream err2;
  EXPECT_EQ(KbCheck(dir.path().string(), std::nullopt, out2, err2), 0) << err2.str();
  EXPECT_NE(err2.str().find("c.md: addresses readers with \"u\""), std::string::npos) << err2.str();
  EXPECT_EQ(err2.str().find("a.md"), std::string::npos) << err2.str();
}

// Balie's own sentences follow the knowledge base unless the register is configured: the demo
// bank says "je".
TEST(LoadEngineTest, TheRegisterIsTheKnowledgeBasesUnlessConfigured) {
  std::ostringstream err;
  const auto unset = LoadEngine(DemoKnowledge().string(), {}, err);
  ASSERT_NE(unset, nullptr) << err.str();
  EXPECT_EQ(unset->config().dutch_register, model::Register::kInformal);
  EXPECT_NE(unset->Ask("wat is de hoofdstad van Frankrijk").answer.find("kan ik je"),
            std::string::npos);
  const auto formal = LoadEngine(DemoKnowledge().string(), {}, err, model::Register::kFormal);
  ASSERT_NE(formal, nullptr) << err.str();
  EXPECT_EQ(formal->config().dutch_register, model::Register::kFormal);
}

// The demo bank says "je"; checked for "u", the check names the files (and still passes).
TEST(KbCheckTest, WarnsWhenTheKnowledgeBaseUsesAnotherRegister) {
  std::ostringstream out;
  std::ostringstream err;
  EXPECT_EQ(KbCheck(DemoKnowledge().string(), model::Register::kFormal, out, err), 0);
  EXPECT_EQ(err.str().rfind("warning: the knowledge base addresses readers with \"je\"", 0), 0u)
      << err.str();
  EXPECT_NE(err.str().find("app-inloggen.md: addresses readers with \"je\""), std::string::npos);
}

TEST(AskTest, PrintsOneJsonDecisionWithTheLink) {
  AskOptions options;
  options.kb_dir = DemoKnowledge().string();
  options.json = true;
  options.question = "Help, mijn pinpas is gestolen!";
  std::istringstream in;
  std::ostringstream out;
  std::ostringstream err;
  ASSERT_EQ(Ask(options, in, out, err), 0) << err.str();
  const auto json = nlohmann::json::parse(out.str());
  EXPECT_EQ(json["decision"], "answer");
  EXPECT_EQ(json["language"], "nl");
  ASSERT_FALSE(json["sources"].empty());
  EXPECT_EQ(json["sources"][0]["id"], "pas-blokkeren");
  EXPECT_EQ(json["sources"][0]["url"], "https://www.voorbeeldbank.nl/betalen/pas-blokkeren");
  EXPECT_TRUE(json["confidence"].is_number());
  EXPECT_TRUE(json["reasons"].is_array());
  EXPECT_FALSE(json["answer"].get<std::string>().empty());
}

// The first line `balie ask` prints for one question (the decision and the number that decided it).
std::string FirstLineOfAsk(const AskOptions& options) {
  std::istringstream in;
  std::ostringstream out;
  std::ostringstream err;
  EXPECT_EQ(Ask(options, in, out, err), 0) << err.str();
  return out.str().substr(0, out.str().find('\n'));
}

// The number that decides is shown, named, against its threshold: with the demo knowledge base's
// calibration.txt the confidence (the estimated probability of being right) against the answer
// probability, and that same number is the confidence sent (issue 11, item 2).
TEST(AskTest, ShowsTheDecidingConfidenceByName) {
  AskOptions options;
  options.kb_dir = DemoKnowledge().string();
  options.question = "kan ik 2 leningdelen apart vastzetten";
  const std::string first_line = FirstLineOfAsk(options);
  EXPECT_NE(first_line.find("% that it is right, against answer probability 30%"),
            std::string::npos)
      << first_line;

  options.json = true;
  std::istringstream in;
  std::ostringstream json_out;
  std::ostringstream err;
  ASSERT_EQ(Ask(options, in, json_out, err), 0) << err.str();
  const auto json = nlohmann::json::parse(json_out.str());
  EXPECT_GE(json["confidence"].get<double>(), 0.3);
  EXPECT_TRUE(json["score"].is_number());
}

// Without a calibration.txt the score decides, and the line says so.
TEST(AskTest, WithoutACalibrationTheScoreDecidesByName) {
  AskOptions options;
  options.kb_dir = DemoKnowledge().string();
  options.engine.use_knowledge_calibration = false;
  options.question = "kan ik 2 leningdelen apart vastzetten";
  const std::string first_line = FirstLineOfAsk(options);
  EXPECT_NE(first_line.find("score 0."), std::string::npos) << first_line;
  EXPECT_NE(first_line.find("against answer score 0.35; no calibration.txt"), std::string::npos)
      << first_line;
}

TEST(AskTest, AnswersEveryLineOfStandardInputInOrder) {
  AskOptions options;
  options.kb_dir = DemoKnowledge().string();
  std::istringstream in("ik wil een mens spreken\n\nHow do I block my card?\r\n");
  std::ostringstream out;
  std::ostringstream err;
  ASSERT_EQ(Ask(options, in, out, err), 0) << err.str();
  std::istringstream lines(out.str());
  std::vector<nlohmann::json> results;
  for (std::string line; std::getline(lines, line);) results.push_back(nlohmann::json::parse(line));
  ASSERT_EQ(results.size(), 3U);
  EXPECT_EQ(results[0]["decision"], "handoff");
  EXPECT_EQ(results[0]["handoff_cause"], "asked_for_person");
  EXPECT_EQ(results[0]["question"], "ik wil een mens spreken");
  EXPECT_EQ(results[1]["decision"], "clarify");  // an empty line asks what the question is
  EXPECT_EQ(results[2]["language"], "en");
  EXPECT_EQ(results[2]["question"], "How do I block my card?");
}

TEST(AskTest, RefusesAKnowledgeBaseWithProblems) {
  ScratchDir dir;
  dir.Write("a.md", "no front matter\n");
  AskOptions options;
  options.kb_dir = dir.path().string();
  options.question = "hallo";
  std::istringstream in;
  std::ostringstream out;
  std::ostringstream err;
  EXPECT_EQ(Ask(options, in, out, err), 1);
  EXPECT_TRUE(out.str().empty());
  EXPECT_NE(err.str().find("a.md"), std::string::npos);
}

TEST(EvalIntentsTest, ScoresAnEngineBuiltFromIntents) {
  ScratchDir dir;
  dir.Write(
      "train.json",
      R"({"train": [["how do i block my card", "block_card"], ["my card was stolen", "block_card"],
                 ["lost my card", "block_card"], ["what is my balance", "balance"],
                 ["how much money do i have", "balance"], ["show my balance", "balance"]],
                "oos_train": [["what is the weather", "oos"], ["tell me a joke", "oos"]]})");
  dir.Write("test.csv",
            "text,category\n\"someone stole my card\",block_card\n"
            "\"how much is on my account, my balance\",balance\n");
  EvalOptions options;
  options.train_file = (dir.path() / "train.json").string();
  options.test_file = (dir.path() / "test.csv").string();
  std::ostringstream out;
  std::ostringstream err;
  ASSERT_EQ(EvalIntents(options, out, err), 0) << err.str();
  const auto json = nlohmann::json::parse(out.str());
  EXPECT_EQ(json["n_test"], 2);
  EXPECT_TRUE(json["in_scope_accuracy"].is_number());
  EXPECT_TRUE(json.contains("calibration"));
}

TEST(EvalIntentsTest, BadFileIsAClearError) {
  ScratchDir dir;
  dir.Write("train.csv", "text,category\n\"unterminated,block_card\n");
  EvalOptions options;
  options.train_file = (dir.path() / "train.csv").string();
  options.test_fraction = 0.2;
  std::ostringstream out;
  std::ostringstream err;
  EXPECT_EQ(EvalIntents(options, out, err), 1);
  EXPECT_NE(err.str().find("train.csv"), std::string::npos) << err.str();
}

EvalQuestionsOptions DemoQuestions(const fs::path& questions) {
  EvalQuestionsOptions options;
  options.kb_dir = DemoKnowledge().string();
  options.questions_path = questions.string();
  return options;
}

TEST(EvalQuestionsTest, ReportsFiguresPerSplitLanguageAndCategory) {
  ScratchDir dir;
  dir.Write("set_nl.tsv",
            "# two per category: one goes to dev, one to test\n"
            "nl-1\tplain\tpas-blokkeren\tHelp, mijn pinpas is gestolen!\n"
            "nl-2\tplain\tpas-blokkeren\tik ben mijn betaalpas kwijt, hoe blokkeer ik hem\n"
            "nl-3\tasks-person\thandoff\tik wil een mens spreken\n"
            "nl-4\tasks-person\thandoff\tik wil een medewerker spreken\n");
  dir.Write("set_en.tsv", "en-1\tplain\tpas-blokkeren-en\tHow do I block my card?\n");
  EvalQuestionsOptions options = DemoQuestions(dir.path());
  options.split = "all";
  std::ostringstream out;
  std::ostringstream err;
  ASSERT_EQ(EvalQuestions(options, out, err), 0) << err.str();
  for (const char* heading : {"dev, nl", "test, nl", "dev, all", "test, all", "asks-person"}) {
    EXPECT_NE(out.str().find(heading), std::string::npos) << heading << "\n" << out.str();
  }

  options.json = true;
  options.split = "dev";
  std::ostringstream json_out;
  ASSERT_EQ(EvalQuestions(options, json_out, err), 0) << err.str();
  const auto json = nlohmann::json::parse(json_out.str());
  EXPECT_EQ(json["split"], "dev");
  EXPECT_FALSE(json["report"].contains("test"));  // only what was asked for
  const auto& dev = json["report"]["dev"]["nl"];
  EXPECT_EQ(dev["all"]["questions"], 2);
  EXPECT_EQ(dev["plain"]["questions"], 1);
  EXPECT_EQ(dev["asks-person"]["needs_person"], 1);
  EXPECT_EQ(dev["asks-person"]["needs_person_handed_off"], 1);
  EXPECT_TRUE(dev["all"]["right_share"].is_number());
}

// A question labelled wrongly on purpose in each split fails; only the dev one is listed.
TEST(EvalQuestionsTest, ListsTheFailuresOfTheDevSplitOnly) {
  ScratchDir dir;
  dir.Write("set.tsv",
            "nl-1\tplain\tofftopic\tHelp, mijn pinpas is gestolen!\n"
            "nl-2\tplain\tofftopic\tik ben mijn betaalpas kwijt, hoe blokkeer ik hem\n");
  EvalQuestionsOptions options = DemoQuestions(dir.path() / "set.tsv");
  options.split = "all";
  options.show_failures = true;
  options.json = true;
  std::ostringstream out;
  std::ostringstream err;
  ASSERT_EQ(EvalQuestions(options, out, err), 0) << err.str();
  const auto json = nlohmann::json::parse(out.str());
  EXPECT_EQ(json["report"]["dev"]["all"]["all"]["right"], 0);
  EXPECT_EQ(json["report"]["test"]["all"]["all"]["right"], 0);
  ASSERT_EQ(json["dev_failures"].size(), 1U);
  EXPECT_EQ(json["dev_failures"][0]["verdict"], "wrong_answer");
  EXPECT_EQ(json["dev_failures"][0]["got"], "pas-blokkeren");
  EXPECT_NE(json["dev_failures"][0]["file"].get<std::string>().find("set.tsv"), std::string::npos);

  options.split = "test";
  std::ostringstream test_out;
  std::ostringstream test_err;
  EXPECT_EQ(EvalQuestions(options, test_out, test_err), 2);
  EXPECT_NE(test_err.str().find("dev split only"), std::string::npos) << test_err.str();
  EXPECT_TRUE(test_out.str().empty());
}

// --fit-calibration writes a calibration.txt that the knowledge loader reads back, fitted on the
// dev split only, with the knowledge base's own calibration.txt ignored while fitting.
TEST(EvalQuestionsTest, FitsTheKnowledgeBasesCalibrationOnTheDevSplit) {
  ScratchDir dir;
  EvalQuestionsOptions options =
      DemoQuestions(DemoKnowledge().parent_path().parent_path() / "tests" / "realistic_questions");
  options.fit_calibration = (dir.path() / "calibration.txt").string();
  std::ostringstream out;
  std::ostringstream err;
  ASSERT_EQ(EvalQuestions(options, out, err), 0) << err.str();
  EXPECT_NE(out.str().find("expected calibration error on the 310 dev questions"),
            std::string::npos)
      << out.str();
  std::ifstream file(options.fit_calibration);
  const std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  const auto checked = knowledge::CheckCalibration(text, options.fit_calibration);
  ASSERT_TRUE(checked.ok()) << text;
  // The demo's own file was fitted the same way: the same figures come out.
  const auto shipped =
      knowledge::LoadKnowledgeBase(DemoKnowledge()).knowledge.confidence_calibration;
  ASSERT_TRUE(shipped.has_value());
  EXPECT_NEAR(checked.value->offset, shipped->offset, 1e-3);
  EXPECT_NEAR(checked.value->scale, shipped->scale, 1e-3);

  for (const char* split : {"test", "all"}) {
    options.split = split;
    std::ostringstream refused;
    EXPECT_EQ(EvalQuestions(options, out, refused), 2) << split;
    EXPECT_NE(refused.str().find("--split dev"), std::string::npos) << refused.str();
  }
}

TEST(EvalQuestionsTest, BadInputIsAClearErrorWithFileAndLine) {
  ScratchDir dir;
  dir.Write("unknown.tsv", "# header\nnl-1\tplain\tpas-blokkern\tpas kwijt\n");
  dir.Write("malformed.tsv", "nl-1\tplain\tpas kwijt\n");
  const std::vector<std::pair<fs::path, std::string>> cases = {
      {dir.path() / "unknown.tsv", "unknown.tsv:2: unknown article 'pas-blokkern'"},
      {dir.path() / "malformed.tsv", "malformed.tsv:1: expected 4 tab-separated fields"},
      {dir.path() / "missing.tsv", "missing.tsv: no such file or directory"},
  };
  for (const auto& [path, message] : cases) {
    std::ostringstream out;
    std::ostringstream err;
    EXPECT_EQ(EvalQuestions(DemoQuestions(path), out, err), 1) << path;
    EXPECT_NE(err.str().find(message), std::string::npos) << err.str();
    EXPECT_TRUE(out.str().empty());
  }
}

// `balie user add` and `reset-password` refuse a weak password and say why, on standard error.
TEST(UserTest, RefusesAWeakPasswordAndSaysWhy) {
  ScratchDir dir;
  UserOptions add;
  add.action = "add";
  add.data_dir = dir.path().string();
  add.name = "jan.devries";
  add.display_name = "Jan de Vries";
  for (const auto& [password, why] :
       std::vector<std::pair<std::string, std::string>>{{"geheim wachtwoord", "too easy to guess"},
                                                        {"jan.devries2026!", "user name"},
                                                        {"1234567890", "simple sequence"},
                                                        {"     \t      ", "only spaces"},
                                                        {"kort", "at least 10"}}) {
    std::istringstream in(password + "\n");
    std::ostringstream out, err;
    EXPECT_EQ(User(add, in, out, err), 1) << password;
    EXPECT_NE(err.str().find(why), std::string::npos) << password << ": " << err.str();
  }
  std::istringstream strong("paarse olifanten dansen traag\n");
  std::ostringstream out, err;
  ASSERT_EQ(User(add, strong, out, err), 0) << err.str();
  UserOptions reset = add;
  reset.action = "reset-password";
  std::istringstream weak("Welkom2026!\n");
  std::ostringstream reset_err;
  EXPECT_EQ(User(reset, weak, out, reset_err), 1);
  EXPECT_NE(reset_err.str().find("too easy to guess"), std::string::npos) << reset_err.str();
}

}  // namespace
}  // namespace balie::app
