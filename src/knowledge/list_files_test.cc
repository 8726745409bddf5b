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

}  // namespace
}  // namespace balie::knowledge
