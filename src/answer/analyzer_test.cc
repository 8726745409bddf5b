#include "answer/analyzer.h"

#include <gtest/gtest.h>

namespace balie::answer {
namespace {

using model::Language;

Lexicon DutchLexicon() {
  return Lexicon::Build({{Language::kDutch, "Rentevaste periode wijzigen. De rente staat vast."},
                         {Language::kDutch, "Uw hypotheek aflossen. Extra aflossen op uw lening."},
                         {Language::kDutch, "Pinpas blokkeren als uw betaalpas kwijt is."}},
                        {{"pinpas", "betaalpas", "bankpas"}, {"debit card", "bank card"}});
}

std::vector<std::string> Terms(const std::vector<Token>& tokens) {
  std::vector<std::string> terms;
  for (const Token& token : tokens) {
    if (!token.stop) terms.push_back(token.term);
  }
  return terms;
}

TEST(LexiconTest, CorrectsTyposAgainstKnownWords) {
  const Lexicon lexicon = DutchLexicon();
  EXPECT_EQ(lexicon.Correct("hypoteek"), "hypotheek");
  EXPECT_EQ(lexicon.Correct("blokeren"), "blokkeren");
  EXPECT_EQ(lexicon.Correct("hypotheek"), std::nullopt);  // known
  EXPECT_EQ(lexicon.Correct("peru"), std::nullopt);       // too short to guess
  EXPECT_EQ(lexicon.Correct("zwembad"), std::nullopt);    // nothing close
}

TEST(LexiconTest, SplitsCompoundsIntoKnownParts) {
  const Lexicon lexicon = DutchLexicon();
  // "vast" is a known word; the "e" after it is an inflection.
  EXPECT_EQ(lexicon.SplitCompound("rentevasteperiode"),
            (std::vector<std::string>{"rente", "vast", "periode"}));
  EXPECT_EQ(lexicon.SplitCompound("rentevastperiode"),
            (std::vector<std::string>{"rente", "vast", "periode"}));
  EXPECT_TRUE(lexicon.SplitCompound("zwembadrente").empty());
}

TEST(LexiconTest, VeryLongWordsAreLeftAlone) {
  const Lexicon lexicon = DutchLexicon();
  const std::string mash(5000, 'r');
  EXPECT_EQ(lexicon.Correct(mash), std::nullopt);
  EXPECT_TRUE(lexicon.SplitCompound(mash + "rente" + "periode").empty());
}

TEST(AnalyzerTest, CompoundQuestionMatchesSeparateWords) {
  const Lexicon lexicon = DutchLexicon();
  Analyzer analyzer(&lexicon);
  const auto joined =
      Terms(analyzer.Analyze("rentevasteperiode", Language::kDutch, TextKind::kQuestion));
  const auto separate =
      Terms(analyzer.Analyze("rente vaste periode", Language::kDutch, TextKind::kQuestion));
  for (const std::string& term : separate) {
    EXPECT_NE(std::find(joined.begin(), joined.end(), term), joined.end()) << term;
  }
}

TEST(AnalyzerTest, SynonymsShareOneTerm) {
  const Lexicon lexicon = DutchLexicon();
  Analyzer analyzer(&lexicon);
  const auto a = Terms(analyzer.Analyze("bankpas kwijt", Language::kDutch, TextKind::kQuestion));
  const auto b = Terms(analyzer.Analyze("pinpas kwijt", Language::kDutch, TextKind::kQuestion));
  EXPECT_EQ(a, b);
  const auto phrase =
      Terms(analyzer.Analyze("lost my bank card", Language::kEnglish, TextKind::kQuestion));
  const auto other =
      Terms(analyzer.Analyze("lost my debit card", Language::kEnglish, TextKind::kQuestion));
  EXPECT_EQ(phrase, other);
}

TEST(StemmerTest, DutchSingularAndPluralMeet) {
  Stemmer stemmer;
  for (const auto& [singular, plural] :
       std::vector<std::pair<std::string, std::string>>{{"pas", "passen"},
                                                        {"pinpas", "pinpassen"},
                                                        {"fonds", "fondsen"},
                                                        {"indexfonds", "indexfondsen"},
                                                        {"adres", "adressen"},
                                                        {"rekening", "rekeningen"},
                                                        {"kaart", "kaarten"}}) {
    const std::string stem = stemmer.Stem(Language::kDutch, singular);
    EXPECT_EQ(stemmer.Stem(Language::kDutch, plural), stem) << singular << " / " << plural;
  }
  // Words that end in "s" unstemmed keep it.
  EXPECT_EQ(stemmer.Stem(Language::kDutch, "prijs"), "prijs");
  EXPECT_EQ(stemmer.Stem(Language::kEnglish, "passes"), "pass");
}

TEST(AnalyzerTest, StopWordsAreMarkedNotDropped) {
  const Lexicon lexicon = DutchLexicon();
  Analyzer analyzer(&lexicon);
  const auto tokens =
      analyzer.Analyze("Ik wil mijn hypotheek aflossen", Language::kDutch, TextKind::kQuestion);
  ASSERT_EQ(tokens.size(), 5U);
  EXPECT_TRUE(tokens[0].stop);
  EXPECT_FALSE(tokens[3].stop);
}

TEST(AnalyzerTest, QuestionsAreCorrectedKnowledgeIsNot) {
  const Lexicon lexicon = DutchLexicon();
  Analyzer analyzer(&lexicon);
  const auto question = analyzer.Analyze("hypoteek", Language::kDutch, TextKind::kQuestion);
  ASSERT_EQ(question.size(), 1U);
  EXPECT_TRUE(question[0].corrected);
  EXPECT_EQ(question[0].word, "hypotheek");
  const auto knowledge = analyzer.Analyze("hypoteek", Language::kDutch, TextKind::kKnowledge);
  EXPECT_EQ(knowledge[0].word, "hypoteek");
}

}  // namespace
}  // namespace balie::answer
