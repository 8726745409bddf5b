#include "answer/question_part.h"

#include <gtest/gtest.h>

#include <string_view>
#include <vector>

namespace balie::answer {
namespace {

using Sentences = std::vector<std::string_view>;

TEST(QuestionPartTest, SplitsAtMarksAndLineBreaks) {
  EXPECT_EQ(
      SplitSentences("Ik ga op reis naar Thailand. Werkt mijn pas daar? Alvast heel erg bedankt!"),
      (Sentences{"Ik ga op reis naar Thailand.", "Werkt mijn pas daar?",
                 "Alvast heel erg bedankt!"}));
  EXPECT_EQ(SplitSentences("We moved last week\nhow do I change my address"),
            (Sentences{"We moved last week", "how do I change my address"}));
}

TEST(QuestionPartTest, NumbersAndAddressesDoNotEndASentence) {
  EXPECT_EQ(SplitSentences("Ik heb € 1.000 op www.bank.nl gezien en wil dat ook."),
            (Sentences{"Ik heb € 1.000 op www.bank.nl gezien en wil dat ook."}));
}

TEST(QuestionPartTest, ShortPiecesStayWithTheirNeighbour) {
  EXPECT_EQ(SplitSentences("Hallo, ik ben verhuisd. Klopt dat?"),
            (Sentences{"Hallo, ik ben verhuisd. Klopt dat?"}));
  EXPECT_EQ(SplitSentences("Hallo! Ik ben verhuisd naar Amersfoort. Wat nu?"),
            (Sentences{"Hallo! Ik ben verhuisd naar Amersfoort. Wat nu?"}));
}

TEST(QuestionPartTest, AskingSentences) {
  for (const char* sentence :
       {"Werkt mijn pas in Amerika", "Hoe regel ik dat", "Goedemiddag, kan ik extra aflossen",
        "Ik wil nu al een nieuwe periode kiezen.", "How do I get back in", "I'd like a new card.",
        "I would rather lock in a new rate now.", "Is she off sick?"}) {
    EXPECT_TRUE(AsksSomething(sentence)) << sentence;
  }
  for (const char* sentence : {"Vorige week belde ik met uw collega.",
                               "I've been a customer for 20 years.", "Mijn moeder is 84."}) {
    EXPECT_FALSE(AsksSomething(sentence)) << sentence;
  }
}

TEST(QuestionPartTest, TheAskingPartLeavesTheStoryOut) {
  EXPECT_EQ(AskingPart("Ik zit nu in New York en mijn pas wordt overal geweigerd. In Nederland "
                       "werkte hij gisteren nog. Wat moet ik instellen voor het buitenland?"),
            "Wat moet ik instellen voor het buitenland?");
  EXPECT_EQ(AskingPart("I've been a customer for 20 years. Why did my fees go up? And can I "
                       "switch to the basic package?"),
            "Why did my fees go up? And can I switch to the basic package?");
}

TEST(QuestionPartTest, NoPartWhereItWouldBeTheWholeMessage) {
  EXPECT_EQ(AskingPart("Hoe blokkeer ik mijn pas?"), "");               // one sentence
  EXPECT_EQ(AskingPart("Pas kwijt. Wat nu?"), "");                      // short pieces joined
  EXPECT_EQ(AskingPart("Waar is mijn pas? Hoe blokkeer ik hem?"), "");  // every sentence asks
  EXPECT_EQ(AskingPart("Mijn pas is weg. Mijn telefoon ook. Echt balen."), "");  // none asks
}

}  // namespace
}  // namespace balie::answer
