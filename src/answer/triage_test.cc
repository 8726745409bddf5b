#include "answer/triage.h"

#include <gtest/gtest.h>

#include "base/text.h"

namespace balie::answer {
namespace {

TriageSignals Detect(std::string_view text) { return DetectTriageSignals(text, base::Words(text)); }

TEST(TriageTest, ExplicitRequestsForAPerson) {
  for (const char* text :
       {"ik wil een mens spreken", "Kan ik een medewerker spreken?", "ik wil iemand bellen",
        "I want to talk to a real person", "agent please", "can I speak to someone"}) {
    EXPECT_TRUE(Detect(text).asks_for_person) << text;
  }
  for (const char* text : {"hoe blokkeer ik mijn pas", "what are your opening hours"}) {
    EXPECT_FALSE(Detect(text).asks_for_person) << text;
  }
}

TEST(TriageTest, AngerAndDistress) {
  EXPECT_TRUE(Detect("dit is belachelijk, al drie weken geen pas").upset);
  EXPECT_TRUE(Detect("WAAROM WERKT MIJN PAS NIET MEER").upset);
  EXPECT_TRUE(Detect("this is the third time I ask!!").upset);
  EXPECT_FALSE(Detect("Bedankt!! Fijn geholpen").upset);  // exclamation marks alone
  EXPECT_FALSE(Detect("hoe verhoog ik mijn betaallimiet").upset);
}

TEST(TriageTest, EvidenceNamesTheTrigger) {
  const TriageSignals signals = Detect("ik wil een medewerker, dit is schandalig");
  ASSERT_FALSE(signals.person_evidence.empty());
  EXPECT_EQ(signals.person_evidence.front(), "medewerker");
  ASSERT_FALSE(signals.upset_evidence.empty());
  EXPECT_EQ(signals.upset_evidence.front(), "schandalig");
}

TEST(TriageTest, SituationsToldByAWordThatNamesThem) {
  EXPECT_EQ(Detect("ik denk dat ik ben opgelicht").situation, Situation::kFraud);
  EXPECT_EQ(Detect("mijn moeder is vorige week overleden").situation, Situation::kDeath);
  EXPECT_EQ(Detect("de deurwaarder staat voor de deur").situation, Situation::kDebt);
  EXPECT_EQ(Detect("I want to complain about your branch").situation, Situation::kComplaint);
  EXPECT_EQ(SituationName(Situation::kDebt), "debt");
}

TEST(TriageTest, SituationsToldIndirectlyByWordsOfSeveralClasses) {
  // A secret handed over to a stranger.
  const TriageSignals door =
      Detect("er stond een man aan de deur en hij heeft mijn pas meegenomen");
  EXPECT_EQ(door.situation, Situation::kFraud);
  EXPECT_EQ(door.situation_evidence, (std::vector<std::string>{"pas", "meegenomen", "man"}));
  EXPECT_EQ(Detect("my mum gave her PIN to someone on the phone").situation, Situation::kFraud);
  // Payments the customer did not make; someone else logging in.
  EXPECT_EQ(Detect("er staan betalingen op mijn rekening die ik niet heb gedaan").situation,
            Situation::kFraud);
  EXPECT_EQ(Detect("mijn ex logt nog steeds in op mijn app").situation, Situation::kFraud);
  // Unable to pay a burden, within a few words.
  EXPECT_EQ(Detect("ik kan de hypotheek niet meer betalen").situation, Situation::kDebt);
  EXPECT_EQ(Detect("when I die, who gets my savings").situation, Situation::kDeath);
}

TEST(TriageTest, OrdinaryQuestionsThatShareTheWordsAreNoSituation) {
  for (const char* text :
       {"mijn pas is gestolen, hoe blokkeer ik hem", "hoeveel rente betaal ik als ik rood sta",
        "we hebben een erfenis gekregen en willen extra aflossen",
        "ik kan de app niet meer bedienen en wil namens mijn moeder haar rekeningen betalen",
        "kan iemand met een volmacht inloggen op mijn rekening", "ik sta al 10 min in de wacht"}) {
    EXPECT_EQ(Detect(text).situation, Situation::kNone) << text;
  }
}

TEST(TriageTest, APersonAndAWayToReachThem) {
  EXPECT_TRUE(Detect("Is er een mogelijkheid om met een adviseur te chatten?").asks_for_person);
  EXPECT_TRUE(Detect("geen bot aub").asks_for_person);
  // Asking how, when or whom to reach is a question the knowledge answers.
  EXPECT_FALSE(Detect("hoe kan ik mijn adviseur bellen").asks_for_person);
  EXPECT_FALSE(Detect("who do I talk to while she is away").asks_for_person);
  EXPECT_FALSE(Detect("ben jij een robot").asks_for_person);
}

}  // namespace
}  // namespace balie::answer
