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

}  // namespace
}  // namespace balie::answer
