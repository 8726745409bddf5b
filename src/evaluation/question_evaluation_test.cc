#include "evaluation/question_evaluation.h"

#include <cmath>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace balie::evaluation {
namespace {

QuestionLabel Label(const std::string& expected) {
  const auto parsed = ParseQuestionSet("nl-1\tc\t" + expected + "\tq\n", "t.tsv");
  EXPECT_TRUE(parsed.ok()) << parsed.status().ToString();
  return parsed.value().front().label;
}

Outcome Make(Outcome::Kind kind, std::vector<std::string> articles, std::string cause = "") {
  Outcome outcome;
  outcome.kind = kind;
  outcome.articles = std::move(articles);
  outcome.handoff_cause = std::move(cause);
  return outcome;
}
Outcome Answer(const std::string& article) { return Make(Outcome::Kind::kAnswer, {article}); }
Outcome Clarify(std::vector<std::string> options) {
  return Make(Outcome::Kind::kClarify, std::move(options));
}
Outcome Handoff(std::vector<std::string> context = {}, std::string cause = "no_match") {
  return Make(Outcome::Kind::kHandoff, std::move(context), std::move(cause));
}

TEST(JudgeTest, AnArticleQuestion) {
  const QuestionLabel label = Label("pas-blokkeren|nieuwe-pas");
  EXPECT_EQ(Judge(label, Answer("pas-blokkeren")), Verdict::kAnswered);
  EXPECT_EQ(Judge(label, Answer("nieuwe-pas")), Verdict::kAnswered);
  EXPECT_EQ(Judge(label, Answer("pincode-vergeten")), Verdict::kWrongAnswer);
  EXPECT_EQ(Judge(label, Answer("pas-blokkeren-en")), Verdict::kOtherLanguage);
  EXPECT_EQ(Judge(label, Clarify({"pincode-vergeten", "nieuwe-pas"})), Verdict::kOffered);
  EXPECT_EQ(Judge(label, Clarify({"pincode-vergeten", "betaallimiet"})), Verdict::kWrongOptions);
  EXPECT_EQ(Judge(label, Clarify({"nieuwe-pas-en"})), Verdict::kOtherLanguage);
  EXPECT_EQ(Judge(label, Clarify({})), Verdict::kNoQuestionSeen);
  EXPECT_EQ(Judge(label, Handoff({"pas-blokkeren"})), Verdict::kNeedlessHandoff);
}

TEST(JudgeTest, AQuestionForAPerson) {
  const QuestionLabel label = Label("handoff:overlijden");
  EXPECT_EQ(Judge(label, Handoff({"overlijden"}, "always_person")), Verdict::kHandedOff);
  EXPECT_EQ(Judge(label, Handoff()), Verdict::kHandedOff);  // right, with the wrong context
  EXPECT_TRUE(HandoffContextRight(label, Handoff({"overlijden"})));
  EXPECT_FALSE(HandoffContextRight(label, Handoff({"spaarrente"})));
  EXPECT_FALSE(HandoffContextRight(label, Handoff()));
  EXPECT_EQ(Judge(label, Answer("overlijden")), Verdict::kWrongAnswer);  // a person was needed
  EXPECT_EQ(Judge(label, Answer("spaarrente")), Verdict::kWrongAnswer);
  EXPECT_EQ(Judge(label, Clarify({"overlijden", "spaarrente"})), Verdict::kWrongOptions);
  EXPECT_EQ(Judge(label, Clarify({})), Verdict::kNoQuestionSeen);
}

TEST(JudgeTest, AnArticleOrAPerson) {
  const QuestionLabel label = Label("incasso-terugboeken|handoff:betalingsproblemen");
  EXPECT_EQ(Judge(label, Answer("incasso-terugboeken")), Verdict::kAnswered);
  EXPECT_EQ(Judge(label, Handoff({"betalingsproblemen"})), Verdict::kHandedOff);
}

TEST(JudgeTest, AnOffTopicQuestion) {
  const QuestionLabel label = Label("offtopic");
  EXPECT_EQ(Judge(label, Make(Outcome::Kind::kDecline, {})), Verdict::kDeclined);
  EXPECT_EQ(Judge(label, Clarify({})), Verdict::kPrompted);
  // Off-topic is not a hand-off (issue 11, item 6).
  EXPECT_EQ(Judge(label, Handoff({}, "out_of_scope")), Verdict::kNeedlessHandoff);
  EXPECT_EQ(Judge(label, Answer("spaarrente")), Verdict::kWrongAnswer);
  EXPECT_EQ(Judge(label, Clarify({"spaarrente", "jaaroverzicht"})), Verdict::kWrongOptions);
}

TEST(JudgeTest, DecliningAQuestionThatIsNotOffTopicIsWrong) {
  EXPECT_EQ(Judge(Label("handoff:overlijden"), Make(Outcome::Kind::kDecline, {})),
            Verdict::kWrongDecline);
  EXPECT_EQ(Judge(Label("spaarrente"), Make(Outcome::Kind::kDecline, {})), Verdict::kWrongDecline);
  EXPECT_FALSE(IsRight(Verdict::kWrongDecline));
  EXPECT_TRUE(IsRight(Verdict::kDeclined));
}

TEST(ArticleGroupTest, DropsTheLanguageSuffix) {
  EXPECT_EQ(ArticleGroup("pas-blokkeren-en"), "pas-blokkeren");
  EXPECT_EQ(ArticleGroup("pas-blokkeren"), "pas-blokkeren");
  EXPECT_EQ(ArticleGroup("-en"), "-en");
}

TEST(TallyTest, CountsPerSplitLanguageAndCategory) {
  std::vector<LabelledQuestion> questions;
  const auto add = [&](const std::string& id, const std::string& category,
                       const std::string& expected, Split split) {
    auto parsed = ParseQuestionSet(id + "\t" + category + "\t" + expected + "\tq\n", "t.tsv");
    ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
    questions.push_back(parsed.value().front());
    questions.back().split = split;
  };
  add("nl-1", "typo", "pas-blokkeren", Split::kDev);
  add("nl-2", "typo", "pas-blokkeren", Split::kDev);
  add("nl-3", "death", "handoff:overlijden", Split::kDev);
  add("nl-4", "death", "handoff:overlijden", Split::kDev);
  add("en-1", "typo", "pas-blokkeren-en", Split::kDev);
  add("nl-5", "offtopic", "offtopic", Split::kTest);
  const std::vector<Outcome> outcomes = {Answer("pas-blokkeren"),
                                         Answer("nieuwe-pas"),
                                         Handoff({"overlijden"}, "always_person"),
                                         Answer("spaarrente"),
                                         Clarify({"pas-blokkeren-en", "nieuwe-pas-en"}),
                                         Handoff({}, "out_of_scope")};
  std::vector<ScoredQuestion> scored;
  for (size_t i = 0; i < questions.size(); ++i) {
    scored.push_back({&questions[i], outcomes[i], Judge(questions[i].label, outcomes[i])});
  }
  const QuestionReport report = Tally(scored);

  const QuestionTally& nl = report.at("dev").at("nl").at("all");
  EXPECT_EQ(nl.questions, 4U);
  EXPECT_EQ(nl.right, 2U);
  EXPECT_EQ(nl.Count(Verdict::kWrongAnswer), 2U);
  EXPECT_EQ(nl.needs_person, 2U);
  EXPECT_EQ(nl.needs_person_handed_off, 1U);
  EXPECT_EQ(nl.handoff_context_labelled, 1U);
  EXPECT_EQ(nl.handoff_context_right, 1U);

  const QuestionTally& typo = report.at("dev").at("all").at("typo");
  EXPECT_EQ(typo.questions, 3U);
  EXPECT_EQ(typo.right, 2U);  // nl-1 answered, en-1 offered
  EXPECT_EQ(typo.Count(Verdict::kOffered), 1U);

  EXPECT_EQ(report.at("dev").at("all").at("all").questions, 5U);
  EXPECT_FALSE(report.at("dev").contains("offtopic"));
  const QuestionTally& offtopic = report.at("test").at("nl").at("offtopic");
  EXPECT_EQ(offtopic.right, 0U);  // handed over: off-topic is not a hand-off
  EXPECT_EQ(offtopic.offtopic_handed_off, 1U);

  const nlohmann::json json = ToJson(report);
  EXPECT_EQ(json["dev"]["nl"]["all"]["right"], 2);
  EXPECT_DOUBLE_EQ(json["dev"]["nl"]["all"]["right_share"].get<double>(), 0.5);
  EXPECT_DOUBLE_EQ(json["dev"]["nl"]["all"]["person_recall"].get<double>(), 0.5);
  EXPECT_TRUE(json["dev"]["nl"]["typo"]["person_recall"].is_null());
  EXPECT_EQ(json["dev"]["nl"]["all"]["verdicts"]["wrong_answer"], 2);

  const std::string text = FormatReport(report);
  EXPECT_NE(text.find("dev, nl"), std::string::npos) << text;
  EXPECT_NE(text.find("test, nl"), std::string::npos) << text;
  EXPECT_LT(text.find("dev, nl"), text.find("dev, en"));
  EXPECT_LT(text.find("dev, en"), text.find("dev, all"));
  EXPECT_NE(text.find("2  50.0%"), std::string::npos) << text;
}

// The best article counts whatever the decision was; a question only a person is right for never
// has a right best article. ECE weighs each band's gap by its share of the questions.
TEST(ReliabilityTest, ComparesTheConfidenceWithHowOftenTheBestArticleWasRight) {
  auto parse = [](const std::string& expected) {
    auto parsed = ParseQuestionSet("nl-1\tc\t" + expected + "\tq\n", "t.tsv");
    EXPECT_TRUE(parsed.ok());
    return std::move(parsed).value().front();
  };
  const LabelledQuestion article = parse("pas-blokkeren");
  const LabelledQuestion person = parse("handoff");
  auto scored = [](const LabelledQuestion& question, double confidence, std::string best) {
    ScoredQuestion item;
    item.question = &question;
    item.outcome = Handoff({best});
    item.outcome.confidence = confidence;
    item.outcome.best_article = std::move(best);
    return item;
  };
  const Reliability reliability = MeasureReliability({
      scored(article, 0.95, "pas-blokkeren"),  // 0.9-1.0: right
      scored(article, 0.92, "nieuwe-pas"),     // 0.9-1.0: wrong
      scored(person, 0.15, "pas-blokkeren"),   // 0.1-0.2: never right
      scored(article, 1.0, "pas-blokkeren"),   // 1.0 falls in the top band
  });
  ASSERT_EQ(reliability.bands.size(), 10u);
  EXPECT_EQ(reliability.questions, 4u);
  EXPECT_EQ(reliability.bands[9].questions, 3u);
  EXPECT_NEAR(reliability.bands[9].share_right, 2.0 / 3, 1e-9);
  EXPECT_NEAR(reliability.bands[9].mean_confidence, (0.95 + 0.92 + 1.0) / 3, 1e-9);
  EXPECT_EQ(reliability.bands[1].questions, 1u);
  EXPECT_EQ(reliability.bands[1].share_right, 0);
  const double ece = 0.75 * std::abs(2.0 / 3 - (0.95 + 0.92 + 1.0) / 3) + 0.25 * std::abs(0 - 0.15);
  EXPECT_NEAR(reliability.expected_calibration_error, ece, 1e-9);
  EXPECT_EQ(ToJson(reliability)["bands"].size(), 2u);
  EXPECT_NE(FormatReliability(reliability).find("ECE"), std::string::npos);
}

TEST(DescribeOutcomeTest, UsesTheNotationOfTheLabels) {
  EXPECT_EQ(DescribeOutcome(Answer("spaarrente")), "spaarrente");
  EXPECT_EQ(DescribeOutcome(Clarify({"a", "b"})), "clarify:a,b");
  EXPECT_EQ(DescribeOutcome(Clarify({})), "prompt");
  EXPECT_EQ(DescribeOutcome(Handoff({"overlijden"}, "always_person")),
            "handoff:overlijden (always_person)");
  EXPECT_EQ(DescribeOutcome(Handoff({}, "out_of_scope")), "handoff (out_of_scope)");
}

}  // namespace
}  // namespace balie::evaluation
