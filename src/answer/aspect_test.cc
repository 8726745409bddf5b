#include "answer/aspect.h"

#include <gtest/gtest.h>

#include "base/text.h"

namespace balie::answer {
namespace {

AspectSet Asked(std::string_view question) { return QuestionAspects(base::Words(question)); }

PassageAspects Describe(std::string_view heading, std::string_view text) {
  return DescribePassage(base::Words(heading), base::Words(text));
}

TEST(AspectTest, QuestionsAskingTheCost) {
  for (const char* question :
       {"Wat kost het om mijn rentevaste periode te wijzigen?", "zit er een boete aan",
        "wat zijn de kosten", "What does it cost to change my fixed-rate period?", "is there a fee",
        "is it free"}) {
    EXPECT_TRUE(Asked(question).Has(Aspect::kCost)) << question;
  }
  for (const char* question : {"I lost my card", "pas kwijt", "hoe zet ik mijn rente vast"}) {
    EXPECT_FALSE(Asked(question).Has(Aspect::kCost)) << question;
  }
}

TEST(AspectTest, QuestionsAskingATimeOrADefinition) {
  EXPECT_TRUE(Asked("wanneer staat mijn jaaroverzicht klaar").Has(Aspect::kTime));
  EXPECT_TRUE(Asked("how long does a new card take").Has(Aspect::kTime));
  EXPECT_FALSE(Asked("kan ik 2 leningdelen apart vastzetten").Has(Aspect::kTime));
  EXPECT_TRUE(Asked("Wat is een leningdeel precies?").Has(Aspect::kDefinition));
  EXPECT_TRUE(Asked("what is a loan part").Has(Aspect::kDefinition));
  EXPECT_FALSE(Asked("wat is de rente op sparen").Has(Aspect::kDefinition));  // a value
  EXPECT_FALSE(Asked("kan ik 2 leningdelen apart vastzetten").Has(Aspect::kDefinition));
  EXPECT_TRUE(Asked("I lost my card").Empty());
}

TEST(AspectTest, PassagesSayFreeOrAFeeOrBoth) {
  const PassageAspects end =
      Describe("Aan het einde van je rentevaste periode",
               "Je kiest dan zonder kosten een nieuwe periode of een variabele rente.");
  EXPECT_TRUE(end.free);
  EXPECT_FALSE(end.fee);
  const PassageAspects during = Describe("Tijdens de looptijd",
                                         "Dan berekenen we een vergoeding voor het renteverschil. "
                                         "Is de marktrente hoger, dan betaal je geen vergoeding.");
  EXPECT_TRUE(during.free);
  EXPECT_TRUE(during.fee);
  const PassageAspects card = Describe("Your new card", "It costs €7.50 and arrives in 3 days.");
  EXPECT_TRUE(card.fee);
  EXPECT_FALSE(card.free);
  EXPECT_GE(card.cost_mentions, 2);
  EXPECT_TRUE(card.aspects.Has(Aspect::kCost));
  EXPECT_TRUE(card.aspects.Has(Aspect::kTime));
  EXPECT_TRUE(Describe("x", "Switching is always free of charge.").free);
  EXPECT_FALSE(Describe("x", "Switching is always free of charge.").fee);
  // A sum that is not a price.
  EXPECT_FALSE(
      Describe("Vast Sparen", "Zet een bedrag vanaf € 1.000 vast.").aspects.Has(Aspect::kCost));
}

TEST(AspectTest, ADefinitionPassageIsNamedByItsHeading) {
  EXPECT_TRUE(Describe("Wat is een leningdeel?", "Een apart stuk van je hypotheek.")
                  .aspects.Has(Aspect::kDefinition));
  EXPECT_FALSE(Describe("Je leningdelen bekijken", "In de app zie je per deel de rente.")
                   .aspects.Has(Aspect::kDefinition));
}

}  // namespace
}  // namespace balie::answer
