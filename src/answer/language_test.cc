#include "answer/language.h"

#include <gtest/gtest.h>

#include "base/text.h"

namespace balie::answer {
namespace {

using model::Language;

Language Detect(std::string_view text) { return DetectLanguage(base::Words(text)).language; }

TEST(LanguageTest, DetectsDutchAndEnglish) {
  EXPECT_EQ(Detect("ik ben mijn pas kwijt, wat moet ik doen?"), Language::kDutch);
  EXPECT_EQ(Detect("I lost my card, what should I do?"), Language::kEnglish);
  EXPECT_EQ(Detect("Hoe kan ik extra aflossen op de hypotheek"), Language::kDutch);
  EXPECT_EQ(Detect("how do I change the fixed rate period of my mortgage"), Language::kEnglish);
}

TEST(LanguageTest, NoEvidenceGivesTheDefault) {
  EXPECT_EQ(Detect("pinpas"), Language::kDutch);
  EXPECT_EQ(DetectLanguage(base::Words("hypotheek"), Language::kEnglish).language,
            Language::kEnglish);
}

TEST(LanguageTest, FragmentsWithoutFunctionWordsGoByTheKnowledgeBasesWords) {
  LanguageVocabulary vocabulary;
  for (std::string_view word : {"pas", "kwijt", "rente", "hypotheek", "app", "iban"}) {
    vocabulary.Add(Language::kDutch, word);
  }
  for (std::string_view word :
       {"card", "stolen", "interest", "mortgage", "app", "iban", "help", "top"}) {
    vocabulary.Add(Language::kEnglish, word);
  }
  auto detect = [&vocabulary](std::string_view text, Language usual = Language::kDutch) {
    return DetectLanguage(base::Words(text), usual, &vocabulary).language;
  };
  EXPECT_EQ(detect("stolen card"), Language::kEnglish);
  EXPECT_EQ(detect("mortgage interest?"), Language::kEnglish);
  EXPECT_EQ(detect("pas kwijt", Language::kEnglish), Language::kDutch);
  // Words both languages know, or none knows, are no evidence: the usual language stays.
  EXPECT_EQ(detect("app iban"), Language::kDutch);
  EXPECT_EQ(detect("app iban", Language::kEnglish), Language::kEnglish);
  EXPECT_EQ(detect("xyzzy"), Language::kDutch);
  // Function words still come first: one Dutch word of the knowledge base does not outvote them.
  EXPECT_EQ(detect("my hypotheek"), Language::kEnglish);
  EXPECT_EQ(detect("mijn card"), Language::kDutch);
  // Words that are function words in both languages are no evidence of English: "of" is Dutch
  // for "or", and "is" and "want" are Dutch too.
  EXPECT_EQ(detect("pas kwijt of gestolen", Language::kEnglish), Language::kDutch);
  EXPECT_EQ(detect("rente of hypotheek"), Language::kDutch);
  EXPECT_EQ(detect("pas is kwijt"), Language::kDutch);
  EXPECT_EQ(detect("pas kwijt want gestolen"), Language::kDutch);
  EXPECT_EQ(detect("stolen card of my wife", Language::kDutch), Language::kEnglish);
  // Words Dutch customers write too are no evidence, though only English articles use them.
  EXPECT_EQ(detect("help!"), Language::kDutch);
  EXPECT_EQ(detect("top", Language::kDutch), Language::kDutch);
  EXPECT_EQ(detect("help", Language::kEnglish), Language::kEnglish);
  EXPECT_EQ(detect("help stolen card"), Language::kEnglish);
}

TEST(LanguageTest, StopWordsPerLanguage) {
  EXPECT_TRUE(IsStopWord(Language::kDutch, "het"));
  EXPECT_FALSE(IsStopWord(Language::kDutch, "hypotheek"));
  EXPECT_TRUE(IsStopWord(Language::kEnglish, "the"));
  EXPECT_FALSE(IsStopWord(Language::kEnglish, "het"));
}

}  // namespace
}  // namespace balie::answer
