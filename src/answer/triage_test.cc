#include "answer/triage.h"

#include <gtest/gtest.h>

#include <utility>
#include <vector>

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

TEST(TriageTest, AskingWhatTheBotIsIsNoRequestForAPerson) {
  for (const char* text :
       {"are you a real person", "am i speaking with a real person", "are you an actual human",
        "Hoi, ben je een echt mens?", "spreek ik met een echt persoon", "is dit een bot?",
        "bent u een mens of een computer"}) {
    EXPECT_FALSE(Detect(text).asks_for_person) << text;
    EXPECT_TRUE(Detect(text).asks_what_the_bot_is) << text;
  }
  // With a request it is one.
  for (const char* text :
       {"are you a real person? I want to talk to one", "ben je een mens? ik wil iemand spreken",
        "is dit een bot? geen bot graag, een medewerker", "am i able to talk to a human please",
        "Is het mogelijk een medewerker te spreken?", "can I speak to a real person"}) {
    EXPECT_TRUE(Detect(text).asks_for_person) << text;
    EXPECT_FALSE(Detect(text).asks_what_the_bot_is) << text;
  }
  // A question that names neither a person nor a bot is about something else.
  for (const char* text : {"am i eligible for a credit card", "is dit rekeningnummer van jullie?",
                           "are you open on sundays"}) {
    EXPECT_FALSE(Detect(text).asks_what_the_bot_is) << text;
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

// Issue 11, item 5: situations told in other words than the classes had (written for this test,
// not taken from a question set), and ordinary questions that share their words.
TEST(TriageTest, SituationsToldInOtherWords) {
  const std::vector<std::pair<const char*, Situation>> told = {
      {"iemand belde namens de bank en zei dat ik mijn spaargeld naar een veilige rekening moest "
       "zetten",
       Situation::kFraud},
      {"I moved my savings to a safe account like the caller said", Situation::kFraud},
      {"ik heb een fiets op marktplaats betaald maar de verkoper heeft hem nooit opgestuurd",
       Situation::kFraud},
      {"the seller never sent the phone I paid for", Situation::kFraud},
      {"someone pretended to be my grandson and I paid", Situation::kFraud},
      {"there are transactions on my account that I did not make", Situation::kFraud},
      {"mijn moeder is er niet meer, wat gebeurt er met haar spaarrekening", Situation::kDeath},
      {"we lost our daughter in the spring and her account is still open", Situation::kDeath},
      {"ik heb vorige maand mijn vrouw verloren", Situation::kDeath},
      {"my father is no longer with us, who can close his account", Situation::kDeath},
      {"het lukt me niet om mijn creditcard af te lossen", Situation::kDebt},
      {"I can't pay off my credit card any more", Situation::kDebt},
      {"I'm struggling to pay my credit card", Situation::kDebt},
      {"we zitten financieel echt in de problemen", Situation::kDebt},
      {"ik zit tot mijn nek in de rekeningen", Situation::kDebt},
      {"we are in financial difficulties since my husband lost his job", Situation::kDebt},
      {"ik ben werkloos en kan mijn lening niet terugbetalen", Situation::kDebt},
      {"ik heb al maanden geldzorgen", Situation::kDebt},
      {"iemand heeft met mijn pas betaald zonder dat ik het wist", Situation::kFraud},
      {"someone has been using my card", Situation::kFraud},
      {"er is ingelogd op mijn rekening vanaf een onbekend apparaat", Situation::kFraud},
      {"ik ben erin getrapt", Situation::kFraud},
      {"iemand heeft mijn identiteit gestolen", Situation::kFraud},
      {"my grandmother was tricked into transferring money", Situation::kFraud},
      {"ik heb een verdachte sms gekregen en op de link geklikt", Situation::kFraud},
      {"mijn broer leeft niet meer", Situation::kDeath},
      {"my mother passed last night", Situation::kDeath},
      {"my husband is gone and I don't know what to do with his account", Situation::kDeath},
  };
  for (const auto& [text, situation] : told) {
    EXPECT_EQ(Detect(text).situation, situation) << text;
  }
  for (const char* text : {
           "kan ik met mijn creditcard betalen in het buitenland",
           "I can't pay with my credit card online",
           "kan ik extra aflossen op mijn creditcard",
           "ik zoek een veilige manier om geld over te maken",
           "is mijn rekening veilig bij jullie",
           "my son lost his card",
           "I lost my son's card",
           "mijn vrouw is haar pas verloren",
           "ik wil financieel advies over mijn pensioen",
           "is the account safe for my savings",
           "ik heb iets besteld bij een webshop, kan ik met iDEAL betalen",
           "kan iemand anders met mijn pas betalen",
           "can someone else use my card",
           "my son passed his driving test, can he get a card",
           "mijn identiteitsbewijs is gestolen, kan ik nog geld opnemen",
           "the link to open an account does not work",
       }) {
    EXPECT_EQ(Detect(text).situation, Situation::kNone) << text;
  }
}

TEST(TriageTest, APersonAndAWayToReachThem) {
  EXPECT_TRUE(Detect("Is er een mogelijkheid om met een adviseur te chatten?").asks_for_person);
  EXPECT_TRUE(Detect("can I chat with an employee").asks_for_person);
  EXPECT_FALSE(Detect("how can I talk to an employee about my mortgage").asks_for_person);
  EXPECT_TRUE(Detect("geen bot aub").asks_for_person);
  // Asking how, when or whom to reach is a question the knowledge answers.
  EXPECT_FALSE(Detect("hoe kan ik mijn adviseur bellen").asks_for_person);
  EXPECT_FALSE(Detect("who do I talk to while she is away").asks_for_person);
  EXPECT_FALSE(Detect("ben jij een robot").asks_for_person);
  // Asking to be called back, and asking how.
  EXPECT_TRUE(Detect("ik wil graag teruggebeld worden").asks_for_person);
  EXPECT_TRUE(Detect("can I get a callback tomorrow morning").asks_for_person);
  EXPECT_FALSE(Detect("hoe kan ik teruggebeld worden").asks_for_person);
}

TEST(TriageTest, AskingWhenSomeoneIsThereIsNoRequestForAPerson) {
  // When someone can be reached the opening hours answer; a request for a person names no time.
  for (const char* text :
       {"tot hoe laat zit er iemand aan de lijn", "wanneer kan ik iemand spreken",
        "when can I speak to someone", "what time can I talk to somebody"}) {
    EXPECT_FALSE(Detect(text).asks_for_person) << text;
  }
  for (const char* text : {"is er iemand aan de lijn", "ik wil iemand spreken"}) {
    EXPECT_TRUE(Detect(text).asks_for_person) << text;
  }
}

TEST(TriageTest, APlainYesIsAnAnswerNotAQuestion) {
  for (const char* text : {"ja", "Ja graag!", "ja, graag", "jazeker", "doe maar", "ja hoor", "oké",
                           "ja dat wil ik", "yes please", "Yes!", "sure", "ja graag, dank je"}) {
    EXPECT_TRUE(SaysYes(base::Words(text))) << text;
  }
  for (const char* text :
       {"", "nee", "nee dank je", "no thanks", "please", "dank je", "ja maar mijn pas is weg",
        "graag een medewerker", "ja ja ja ja ja ja", "ik wil dat"}) {
    EXPECT_FALSE(SaysYes(base::Words(text))) << text;
  }
}

TEST(TriageTest, ThanksAndAReplyThatDidNotHelpAreReactionsNotQuestions) {
  const auto reacts = [](const char* text) { return OnlyReacts(base::Words(text)); };
  for (const char* text : {"bedankt", "tot ziens", "Bedankt, tot ziens!", "doei", "prima, dank je",
                           "thanks for the help", "no thanks", "thank you, bye", "fijne dag"}) {
    EXPECT_EQ(reacts(text), Reaction::kThanks) << text;
  }
  for (const char* text :
       {"dat klopt niet", "dit helpt niet", "dit helpt niet, bedankt", "nee", "no",
        "that didn't help", "wrong answer", "dat is fout", "Nee, dat is niet het antwoord"}) {
    EXPECT_EQ(reacts(text), Reaction::kNotHelped) << text;
  }
  for (const char* text : {"ok", "Oké!", "prima", "duidelijk", "top, helder"}) {
    EXPECT_EQ(reacts(text), Reaction::kAcknowledged) << text;
  }
  for (const char* text :
       {"", "dag", "klopt", "dat klopt", "je begrijpt me niet", "nee mijn pas is gestolen",
        "thanks, but my card is blocked", "ik wil een medewerker", "hoe blokkeer ik mijn pas"}) {
    EXPECT_EQ(reacts(text), Reaction::kNone) << text;
  }
}

TEST(TriageTest, AGreetingOrAQuestionAnnouncedOnlyOpensTheConversation) {
  for (const char* text :
       {"hallo", "Goedemorgen!", "Hallo, ik heb een vraag", "ik heb een vraagje",
        "kunt u mij helpen?", "hulp nodig", "help", "hello, I have a question", "can you help me",
        "good morning", "Good evening, I need help", "hi there"}) {
    EXPECT_TRUE(OnlyOpens(base::Words(text))) << text;
  }
  for (const char* text :
       {"", "ja", "ik", "no good", "what do I need to do", "help, mijn pas is weg",
        "ik heb een vraag over mijn hypotheek", "hulp bij schulden", "ik heb een nieuwe pas nodig",
        "dag limiet", "good rates?"}) {
    EXPECT_FALSE(OnlyOpens(base::Words(text))) << text;
  }
}

}  // namespace
}  // namespace balie::answer
