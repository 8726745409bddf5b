#include "knowledge/list_files.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace balie::knowledge {
namespace {

using Strings = std::vector<std::string>;

TEST(ParseSynonymsTest, ReadsGroupsFoldedAndTrimmed) {
  const base::Result<std::vector<model::SynonymGroup>> groups = ParseSynonyms(
      "# Synoniemen\n"
      "\n"
      "Pinpas = betaalpas =  Bankpas   # een opmerking\n"
      "   \n"
      "Één  keer = eenmalig\r\n"
      "pas = pas = pasje\n"
      "a = = b =\n",
      "synonyms.txt");
  ASSERT_TRUE(groups.ok()) << groups.status().ToString();
  ASSERT_EQ(groups->size(), 4u);
  EXPECT_EQ((*groups)[0], (Strings{"pinpas", "betaalpas", "bankpas"}));
  EXPECT_EQ((*groups)[1], (Strings{"een keer", "eenmalig"}));
  EXPECT_EQ((*groups)[2], (Strings{"pas", "pasje"}));  // duplicates removed
  EXPECT_EQ((*groups)[3], (Strings{"a", "b"}));        // empty members ignored
}

TEST(ParseSynonymsTest, EmptyFileHasNoGroups) {
  const base::Result<std::vector<model::SynonymGroup>> groups = ParseSynonyms("", "s.txt");
  ASSERT_TRUE(groups.ok());
  EXPECT_TRUE(groups->empty());
}

TEST(ParseSynonymsTest, GroupsNeedTwoMembers) {
  const Checked<std::vector<model::SynonymGroup>> checked =
      CheckSynonyms("pinpas = betaalpas\nhypotheek\n# ok\nrente = \npas = pas\n", "kb/s.txt");
  EXPECT_FALSE(checked.ok());
  Strings problems;
  for (const Problem& problem : checked.problems) problems.push_back(problem.ToString());
  const std::string message =
      ": a synonym group needs at least two different words separated by '=', e.g. 'pinpas = "
      "betaalpas'";
  EXPECT_EQ(problems,
            (Strings{"kb/s.txt:2" + message, "kb/s.txt:4" + message, "kb/s.txt:5" + message}));

  const base::Result<std::vector<model::SynonymGroup>> result =
      ParseSynonyms("a = b\nc\n", "kb/s.txt");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().message(), "kb/s.txt:2" + message);
}

TEST(ParseSynonymsTest, InvalidUtf8) {
  const base::Result<std::vector<model::SynonymGroup>> groups =
      ParseSynonyms("a = b\nc\xff = d\n", "s.txt");
  ASSERT_FALSE(groups.ok());
  EXPECT_EQ(groups.status().message(), "s.txt:2: invalid UTF-8; save the file as UTF-8");
}

TEST(CheckOutOfScopeTest, ReadsQuestionsSkippingComments) {
  const Checked<std::vector<std::string>> questions = CheckOutOfScope(
      "# Vragen die nergens bij horen\n"
      "\n"
      "  Wat is het weer morgen?  \n"
      "Wat is C#?\r\n",
      "out-of-scope.txt");
  ASSERT_TRUE(questions.ok());
  EXPECT_EQ(*questions.value, (Strings{"Wat is het weer morgen?", "Wat is C#?"}));
}

TEST(CheckOutOfScopeTest, InvalidUtf8) {
  const Checked<std::vector<std::string>> questions =
      CheckOutOfScope("ok\n\xc3(\n", "out-of-scope.txt");
  ASSERT_FALSE(questions.ok());
  ASSERT_EQ(questions.problems.size(), 1u);
  EXPECT_EQ(questions.problems[0].ToString(),
            "out-of-scope.txt:2: invalid UTF-8; save the file as UTF-8");
}

TEST(CheckDomainTermsTest, ReadsFoldedTermsOnceSkippingComments) {
  const Checked<std::vector<std::string>> terms = CheckDomainTerms(
      "\xEF\xBB\xBF# Producten\r\n"
      "Reisverzekering\n"
      "\n"
      "  swift \t code  # de BIC\n"
      "reisverzekering\n"
      "Crédit\n",
      "domain-terms.txt");
  ASSERT_TRUE(terms.ok());
  EXPECT_EQ(*terms.value, (Strings{"reisverzekering", "swift code", "credit"}));
}

TEST(CheckDomainTermsTest, ALongPhraseOrInvalidUtf8IsAProblem) {
  const Checked<std::vector<std::string>> long_phrase =
      CheckDomainTerms("kluis\nhoe huur ik een kluis\n", "domain-terms.txt");
  ASSERT_EQ(long_phrase.problems.size(), 1u);
  EXPECT_EQ(long_phrase.problems[0].ToString(),
            "domain-terms.txt:2: a domain term is a word or a short phrase of at most 4 words, one "
            "per line");
  EXPECT_FALSE(long_phrase.ok());
  EXPECT_FALSE(CheckDomainTerms("kluis\n\xc3(\n", "domain-terms.txt").ok());
}

TEST(CheckCalibrationTest, ReadsOffsetAndScaleInAnyOrder) {
  const auto checked = CheckCalibration(
      "\xEF\xBB\xBF# fitted on 262 questions\r\nscale 0.68\n\n  offset\t-0.5  # x\n",
      "calibration.txt");
  ASSERT_TRUE(checked.ok());
  EXPECT_DOUBLE_EQ(checked.value->offset, -0.5);
  EXPECT_DOUBLE_EQ(checked.value->scale, 0.68);
}

TEST(CheckCalibrationTest, EveryWrongLineIsAProblem) {
  const auto checked = CheckCalibration(
      "offset 1\noffset 2\nscale -1\nscale\nscale 1e400\nschaal 1\nscale 0.5x\n", "c.txt");
  EXPECT_FALSE(checked.ok());
  std::vector<std::string> texts;
  for (const Problem& problem : checked.problems) texts.push_back(problem.ToString());
  EXPECT_EQ(texts, (std::vector<std::string>{
                       "c.txt:2: offset is given twice",
                       "c.txt:3: scale needs a positive number of at most 100",
                       "c.txt:4: scale needs a positive number of at most 100",
                       "c.txt:5: scale needs a positive number of at most 100",
                       "c.txt:6: expected 'offset <number>' or 'scale <number>', not 'schaal 1'",
                       "c.txt:7: scale needs a positive number of at most 100"}));
}

TEST(CheckCalibrationTest, BothLinesAreNeeded) {
  for (const std::string_view text : {"", "# nothing\n", "offset 0.1\n", "scale 2\n"}) {
    const auto checked = CheckCalibration(text, "c.txt");
    ASSERT_EQ(checked.problems.size(), 1u) << text;
    EXPECT_EQ(checked.problems[0].ToString(), "c.txt: needs both an 'offset' and a 'scale' line");
  }
  EXPECT_FALSE(CheckCalibration("offset 0\nscale 1\n\xff\n", "c.txt").ok());
}

}  // namespace
}  // namespace balie::knowledge
