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

TEST(LanguageTest, StopWordsPerLanguage) {
  EXPECT_TRUE(IsStopWord(Language::kDutch, "het"));
  EXPECT_FALSE(IsStopWord(Language::kDutch, "hypotheek"));
  EXPECT_TRUE(IsStopWord(Language::kEnglish, "the"));
  EXPECT_FALSE(IsStopWord(Language::kEnglish, "het"));
}

}  // namespace
}  // namespace balie::answer
