#include "answer/engine.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <thread>

#include "answer/calibration.h"

namespace balie::answer {
namespace {

using model::Article;
using model::Language;

Article MakeArticle(std::string id, std::string title, Language language,
                    std::vector<std::string> examples, std::vector<model::Section> sections,
                    model::Handoff handoff = model::Handoff::kNever) {
  Article article;
  article.id = std::move(id);
  article.title = std::move(title);
  article.url = "https://www.voorbeeldbank.nl/" + article.id;
  article.language = language;
  article.topics = {"test"};
  article.examples = std::move(examples);
  article.sections = std::move(sections);
  article.handoff = handoff;
  return article;
}

model::KnowledgeBase SmallBank() {
  model::KnowledgeBase kb;
  kb.articles.push_back(
      MakeArticle("pas-blokkeren", "Pas blokkeren bij verlies of diefstal", Language::kDutch,
                  {"ik ben mijn pas kwijt", "mijn pinpas is gestolen", "pas verloren wat nu"},
                  {{"Pas blokkeren bij verlies of diefstal", "Blokkeer uw pas direct in de app."},
                   {"Bellen", "Bel 24 uur per dag 020 123 45 67 om uw pas te blokkeren."}}));
  kb.articles.push_back(MakeArticle(
      "pas-blokkeren-en", "Blocking your card if lost or stolen", Language::kEnglish,
      {"I lost my card", "my debit card was stolen"},
      {{"Blocking your card if lost or stolen", "Block your card in the app right away."}}));
  kb.articles.push_back(MakeArticle(
      "extra-aflossen", "Extra aflossen op uw hypotheek", Language::kDutch,
      {"kan ik extra aflossen", "boetevrij aflossen hypotheek", "hoeveel mag ik aflossen"},
      {{"Extra aflossen op uw hypotheek", "U mag elk jaar 10% boetevrij extra aflossen."}}));
  kb.articles.push_back(
      MakeArticle("rentevaste-periode-wijzigen", "Rentevaste periode wijzigen", Language::kDutch,
                  {"rentevaste periode aanpassen", "van variabele rente naar vast"},
                  {{"Rentevaste periode wijzigen", "Van variabel naar vast is gratis."},
                   {"Nieuwe rentevaste periode",
                    "Een nieuwe rentevaste periode kiest u tijdens de looptijd."}}));
  kb.articles.push_back(
      MakeArticle("betalingsproblemen", "Betalingsproblemen", Language::kDutch,
                  {"ik kan mijn hypotheek niet betalen", "betalingsachterstand", "ik heb schulden"},
                  {{"Betalingsproblemen", "Neem contact op, wij zoeken samen een oplossing."}},
                  model::Handoff::kAlways));
  kb.synonyms = {{"pinpas", "betaalpas", "bankpas", "pas"}};
  return kb;
}

class EngineTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto built = Engine::Build(SmallBank());
    ASSERT_TRUE(built.ok()) << built.status().ToString();
    engine_ = std::move(built).value().release();
  }
  static void TearDownTestSuite() { delete engine_; }
  static Engine* engine_;
};
Engine* EngineTest::engine_ = nullptr;

TEST_F(EngineTest, AnswersWithPassageAndLink) {
  const Decision decision = engine_->Ask("Help, mijn bankpas is gestolen");
  EXPECT_EQ(decision.kind, DecisionKind::kAnswer);
  ASSERT_FALSE(decision.sources.empty());
  EXPECT_EQ(decision.sources[0].id, "pas-blokkeren");
  EXPECT_EQ(decision.sources[0].url, "https://www.voorbeeldbank.nl/pas-blokkeren");
  EXPECT_FALSE(decision.answer.empty());
  EXPECT_EQ(decision.language, Language::kDutch);
  // The small bank has no calibration.txt: the score decides.
  EXPECT_FALSE(engine_->confidence_decides());
  EXPECT_GE(decision.score, engine_->config().answer_score);
}

TEST_F(EngineTest, AnswersInTheCustomersLanguage) {
  const Decision decision = engine_->Ask("I have lost my card, what should I do?");
  EXPECT_EQ(decision.kind, DecisionKind::kAnswer);
  EXPECT_EQ(decision.language, Language::kEnglish);
  ASSERT_FALSE(decision.sources.empty());
  EXPECT_EQ(decision.sources[0].id, "pas-blokkeren-en");
}

TEST_F(EngineTest, CompoundsAndTyposStillMatch) {
  for (const char* question : {"rentevasteperiode wijzigen", "rente vaste periode aanpassen",
                               "extra aflosen op mijn hypoteek"}) {
    const Decision decision = engine_->Ask(question);
    EXPECT_EQ(decision.kind, DecisionKind::kAnswer) << question;
    ASSERT_FALSE(decision.sources.empty()) << question;
  }
  EXPECT_EQ(engine_->Ask("rentevasteperiode wijzigen").sources[0].id,
            "rentevaste-periode-wijzigen");
  EXPECT_EQ(engine_->Ask("extra aflosen op mijn hypoteek").sources[0].id, "extra-aflossen");
}

TEST_F(EngineTest, SensitiveTopicGoesToAPersonWithContext) {
  const Decision decision = engine_->Ask("ik kan mijn hypotheek deze maand niet betalen");
  EXPECT_EQ(decision.kind, DecisionKind::kHandoff);
  ASSERT_FALSE(decision.sources.empty());
  EXPECT_EQ(decision.sources[0].id, "betalingsproblemen");
  ASSERT_FALSE(decision.reasons.empty());
  // Told by its words (not being able to pay a burden) before any article is tried.
  EXPECT_EQ(decision.reasons[0], "the message tells of debt ('niet', 'betalen', 'hypotheek')");
  EXPECT_EQ(decision.handoff_cause, "always_person");
  // Why, in plain words.
  EXPECT_NE(decision.answer.find("betalingsproblemen"), std::string::npos) << decision.answer;
}

// An article that always goes to a person, found on retrieval alone ("oplossing" is in its text)
// while the classifier does not back it, is no reason to hand over to its desk nor its context.
TEST_F(EngineTest, AWordOfASensitiveArticleIsNoSituation) {
  const Decision decision = engine_->Ask("zoek een oplossing voor sudoku");
  EXPECT_NE(decision.kind, DecisionKind::kAnswer) << decision.answer;
  EXPECT_NE(decision.handoff_cause, "always_person");
  for (const SourceRef& source : decision.sources) EXPECT_NE(source.id, "betalingsproblemen");
}

TEST_F(EngineTest, ExplicitRequestForAPerson) {
  const Decision decision = engine_->Ask("ik wil een mens spreken");
  EXPECT_EQ(decision.kind, DecisionKind::kHandoff);
  ASSERT_FALSE(decision.reasons.empty());
  EXPECT_NE(decision.reasons[0].find("asked for a person"), std::string::npos);
  EXPECT_EQ(decision.handoff_cause, "asked_for_person");
}

TEST_F(EngineTest, OffTopicIsDeclinedNotHandedOver) {
  for (const char* question : {"wat is de hoofdstad van Peru", "tell me a joke"}) {
    const Decision decision = engine_->Ask(question);
    EXPECT_EQ(decision.kind, DecisionKind::kDecline) << question;
    EXPECT_TRUE(decision.sources.empty()) << question;
    EXPECT_TRUE(decision.handoff_cause.empty()) << question;
    EXPECT_FALSE(decision.answer.empty()) << question;
  }
  EXPECT_EQ(DecisionName(DecisionKind::kDecline), "decline");
}

TEST_F(EngineTest, NoDeclineWithSignsThatAPersonIsNeeded) {
  // Off-topic in its words, but distress, a request for a person, a death: a person.
  for (const char* question : {"wat is de hoofdstad van Peru, ik ben echt wanhopig",
                               "mijn vader is overleden", "kan ik iemand spreken"}) {
    EXPECT_EQ(engine_->Ask(question).kind, DecisionKind::kHandoff) << question;
  }
}

// Asking when someone is there is about reaching the organisation, not chatter: a person, not a
// decline, also where no article matches it.
TEST_F(EngineTest, AskingAboutSomeoneIsNotDeclinedAsOffTopic) {
  for (const char* question :
       {"tot hoe laat zit er iemand aan de lijn", "until when is someone on the line"}) {
    EXPECT_NE(engine_->Ask(question).kind, DecisionKind::kDecline) << question;
  }
}

// A knowledge base's domain terms (domain-terms.txt): a short message that names one no article
// mentions goes to a person, without the article that shares its other words; one that names any
// is not declined as chatter.
TEST(EngineDomainTermsTest, AShortMessageAboutATermNoArticleMentionsGoesToAPerson) {
  model::KnowledgeBase kb = SmallBank();
  kb.articles.push_back(MakeArticle("app-inloggen", "Inloggen in de app", Language::kDutch,
                                    {"ik ben mijn inlogcode kwijt", "welke code heb ik nodig"},
                                    {{"Inloggen", "U logt in met uw vijfcijferige code."}}));
  auto built = Engine::Build(kb);
  ASSERT_TRUE(built.ok()) << built.status().ToString();
  const Decision before = built.value()->Ask("bic code");
  kb.domain_terms = {"bic", "kluis", "pinpas"};
  built = Engine::Build(std::move(kb));
  ASSERT_TRUE(built.ok()) << built.status().ToString();
  const Engine& engine = *built.value();

  EXPECT_NE(before.kind, DecisionKind::kHandoff);  // without the terms: the log-in code's article
  const Decision decision = engine.Ask("bic code");
  EXPECT_EQ(decision.kind, DecisionKind::kHandoff);
  EXPECT_EQ(decision.handoff_cause, "not_covered");
  EXPECT_TRUE(decision.sources.empty());
  EXPECT_TRUE(decision.topics.empty());
  ASSERT_FALSE(decision.reasons.empty());
  EXPECT_EQ(decision.reasons[0],
            "the message names 'bic', a term of the organisation's field (domain terms) that no "
            "article mentions");

  // Two words that look like chatter, but one is a bank's product: a person, not a decline.
  EXPECT_EQ(engine.Ask("kluis huren").kind, DecisionKind::kHandoff);
  // A mentioned term (by the synonym group of "pas") changes nothing.
  EXPECT_EQ(engine.Ask("pinpas gestolen").kind, DecisionKind::kAnswer);
  // In a longer message an unmentioned term is one word among many.
  const Decision longer = engine.Ask("ik ben mijn pas kwijt, staat de bic code er ook op");
  EXPECT_TRUE(std::none_of(longer.reasons.begin(), longer.reasons.end(),
                           [](const std::string& r) { return r.find("domain terms") != r.npos; }));
}

TEST(EngineDomainTermsTest, APartOfACompoundTermIsNoChatter) {
  model::KnowledgeBase kb = SmallBank();
  auto built = Engine::Build(kb);
  ASSERT_TRUE(built.ok()) << built.status().ToString();
  EXPECT_EQ(built.value()->Ask("kluis huren").kind, DecisionKind::kDecline);
  kb.domain_terms = {"bank", "bankkluis"};
  built = Engine::Build(std::move(kb));
  ASSERT_TRUE(built.ok()) << built.status().ToString();
  const Engine& engine = *built.value();

  // "kluis" of "bankkluis" ("bank" is a term too): a bank question, to a person.
  const Decision kluis = engine.Ask("kluis huren");
  EXPECT_EQ(kluis.kind, DecisionKind::kHandoff);
  EXPECT_NE(kluis.handoff_cause, "not_covered");  // no term is named
  // Chatter stays declined.
  EXPECT_EQ(engine.Ask("schrijf een gedicht over de zee").kind, DecisionKind::kDecline);
}

TEST_F(EngineTest, OutOfScopeIsHandedOverWithTheScore) {
  // About the customer's own affairs ("jullie"): a bank question no article answers goes to a
  // person, not declined.
  const Decision decision = engine_->Ask("hebben jullie ook een reisverzekering");
  EXPECT_EQ(decision.kind, DecisionKind::kHandoff);
  ASSERT_FALSE(decision.reasons.empty());
  const std::string& reason = decision.reasons[0];
  EXPECT_TRUE(decision.handoff_cause == "no_match" || decision.handoff_cause == "out_of_scope")
      << decision.handoff_cause;
  EXPECT_TRUE(reason.find("no article matches well enough") != std::string::npos ||
              reason.find("fits none of the articles' example questions") != std::string::npos)
      << reason;
  if (reason.find("no article matches well enough") != std::string::npos) {
    EXPECT_LT(decision.score, engine_->config().answer_score);
  }
}

// "Hallo, ik heb een vraag" is no question yet: whatever article its words score highest, the bot
// asks for the question. A knowledge base with an article that answers greetings (an example
// question that only greets) answers them from it.
TEST_F(EngineTest, AGreetingAsksForTheQuestion) {
  for (const char* message : {"Hallo, ik heb een vraag", "kunt u mij helpen?", "hulp nodig"}) {
    const Decision decision = engine_->Ask(message);
    EXPECT_EQ(decision.kind, DecisionKind::kClarify) << message;
    EXPECT_TRUE(decision.sources.empty()) << message;
    EXPECT_EQ(decision.answer.rfind("Waarmee kan ik u helpen?", 0), 0U) << decision.answer;
    ASSERT_FALSE(decision.reasons.empty());
    EXPECT_NE(decision.reasons.back().find("only opens the conversation"), std::string::npos)
        << message << ": " << decision.reasons.back();
  }
  EXPECT_EQ(engine_->Ask("can you help me").answer.rfind("How can I help you?", 0), 0U);
  // A question after the greeting is answered.
  EXPECT_EQ(engine_->Ask("Hallo, ik heb een vraag: mijn pinpas is gestolen").kind,
            DecisionKind::kAnswer);

  model::KnowledgeBase kb = SmallBank();
  kb.articles.push_back(MakeArticle("begroeting", "Welkom", Language::kDutch,
                                    {"hallo", "goedemorgen", "hoi daar"},
                                    {{"Welkom", "Welkom bij de Voorbeeldbank!"}}));
  auto greeting = Engine::Build(std::move(kb));
  ASSERT_TRUE(greeting.ok()) << greeting.status().ToString();
  const Decision welcome = (*greeting)->Ask("hallo");
  EXPECT_EQ(welcome.kind, DecisionKind::kAnswer);
  ASSERT_FALSE(welcome.sources.empty());
  EXPECT_EQ(welcome.sources.front().id, "begroeting");
}

// Thanks, a goodbye and "that is not right" look nothing up: the bot says you're welcome, or asks
// for the question in other words and offers a person (kOfferedAPersonForNoHelp).
TEST_F(EngineTest, ThanksAndNoHelpAreRepliedToWithoutAnArticle) {
  // "dank je" and "nee, bedankt" match no article at all: thanks, not "how can I help you?".
  for (const char* message : {"bedankt, tot ziens", "dank je", "nee, bedankt"}) {
    const Decision thanks = engine_->Ask(message);
    EXPECT_EQ(thanks.kind, DecisionKind::kDecline) << message;
    EXPECT_TRUE(thanks.sources.empty()) << message;
    EXPECT_EQ(thanks.answer.rfind("Graag gedaan.", 0), 0U) << message << ": " << thanks.answer;
  }
  const Decision noted = engine_->Ask("ok");
  EXPECT_EQ(noted.kind, DecisionKind::kDecline);
  EXPECT_TRUE(noted.sources.empty());
  EXPECT_EQ(noted.answer.rfind("Heeft u nog een andere vraag?", 0), 0U) << noted.answer;
  for (const char* message : {"dat klopt niet", "dit helpt niet", "that didn't help"}) {
    const Decision wrong = engine_->Ask(message);
    EXPECT_EQ(wrong.kind, DecisionKind::kDecline) << message;
    EXPECT_TRUE(wrong.sources.empty()) << message;
    EXPECT_NE(std::find(wrong.reasons.begin(), wrong.reasons.end(), kOfferedAPersonForNoHelp),
              wrong.reasons.end())
        << message;
  }
}

TEST_F(EngineTest, EmptyMessageAsksForTheQuestion) {
  const Decision decision = engine_->Ask("  ?! ");
  EXPECT_EQ(decision.kind, DecisionKind::kClarify);
  EXPECT_TRUE(decision.sources.empty());
}

TEST_F(EngineTest, AnyBytesGetADecision) {
  std::string huge;
  for (int i = 0; i < 20000; ++i) huge += "hypoteeek" + std::to_string(i) + " ";
  const std::string invalid_utf8 = "pas \xff\xfe kwijt \xc3";
  for (const std::string& question : {huge, invalid_utf8, std::string(3000, 'x')}) {
    const Decision decision = engine_->Ask(question);
    EXPECT_FALSE(decision.reasons.empty());
    EXPECT_GE(decision.confidence, 0.0);
    EXPECT_LE(decision.confidence, 1.0);
  }
}

TEST_F(EngineTest, SameDecisionsFromManyThreads) {
  const std::vector<std::string> questions = {"mijn pinpas is gestolen", "extra aflossen",
                                              "rentevaste periode", "I lost my card",
                                              "wat is de hoofdstad van Peru"};
  std::vector<std::string> expected;
  for (const std::string& question : questions) {
    const Decision decision = engine_->Ask(question);
    expected.push_back(std::string(DecisionName(decision.kind)) +
                       (decision.sources.empty() ? "" : decision.sources[0].id));
  }
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 50; ++round) {
        for (size_t i = 0; i < questions.size(); ++i) {
          const Decision decision = engine_->Ask(questions[i]);
          const std::string got = std::string(DecisionName(decision.kind)) +
                                  (decision.sources.empty() ? "" : decision.sources[0].id);
          if (got != expected[i]) ++mismatches[static_cast<size_t>(t)];
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(mismatches, std::vector<int>(4, 0));
}

// An Ask on a copy of the index in memory decides exactly as one that reads the index's files.
TEST(EngineIndexTest, TheIndexInMemoryDecidesAsItsFiles) {
  EngineConfig files_only;
  files_only.index_memory_bytes = 0;
  const auto on_files = Engine::Build(SmallBank(), files_only);
  const auto in_memory = Engine::Build(SmallBank());
  ASSERT_TRUE(on_files.ok() && in_memory.ok());
  for (const char* question :
       {"mijn pinpas is gestolen", "extra aflossen",
        "wat kost het om de rentevaste periode te "
        "wijzigen",
        "I lost my card", "hoe laat is het", "betaalrekening openen kosten"}) {
    const Decision want = (*on_files)->Ask(question);
    const Decision got = (*in_memory)->Ask(question);
    EXPECT_EQ(got.kind, want.kind) << question;
    EXPECT_EQ(got.answer, want.answer) << question;
    EXPECT_EQ(got.sources, want.sources) << question;
    EXPECT_DOUBLE_EQ(got.score, want.score) << question;
    EXPECT_DOUBLE_EQ(got.confidence, want.confidence) << question;
    ASSERT_EQ(got.candidates.size(), want.candidates.size()) << question;
    for (size_t i = 0; i < got.candidates.size(); ++i) {
      EXPECT_EQ(got.candidates[i].id, want.candidates[i].id) << question;
      EXPECT_DOUBLE_EQ(got.candidates[i].retrieval, want.candidates[i].retrieval) << question;
    }
  }
}

// A saved web page has no example questions, so only retrieval speaks for it: it is an
// alternative where retrieval clearly prefers it, not where an article that the classifier backs
// matches about as well.
TEST(EngineWebPageTest, PageCompetesOnRetrievalOnly) {
  model::KnowledgeBase kb = SmallBank();
  kb.articles.push_back(
      MakeArticle("kosten-betaalrekening", "Kosten van uw betaalrekening", Language::kDutch,
                  {"wat kost mijn rekening", "hoeveel betaal ik voor mijn rekening",
                   "rekening kosten", "prijs van de betaalrekening"},
                  {{"Kosten van uw betaalrekening",
                    "Uw rekening kost 3 euro per maand. Daarvoor krijgt u een betaalpas, de app, "
                    "internetbankieren en gratis overboekingen binnen Europa."}}));
  kb.articles.push_back(
      MakeArticle("zakelijke-rekening", "Zakelijke rekening", Language::kDutch, {},
                  {{"Zakelijke rekening", "Een rekening voor uw bedrijf kost 6 euro per maand."}}));
  auto built = Engine::Build(std::move(kb));
  ASSERT_TRUE(built.ok()) << built.status().ToString();
  const Engine& engine = **built;

  const Decision own = engine.Ask("wat kost mijn rekening per maand");
  EXPECT_EQ(own.kind, DecisionKind::kAnswer) << own.answer;
  ASSERT_FALSE(own.sources.empty());
  EXPECT_EQ(own.sources[0].id, "kosten-betaalrekening");

  const Decision business = engine.Ask("wat kost een zakelijke rekening voor mijn bedrijf");
  ASSERT_FALSE(business.sources.empty());
  EXPECT_EQ(business.sources[0].id, "zakelijke-rekening");
}

// A page without example questions is answered from on retrieval alone only where at least two
// of the question's words, as written, occur in it, or one that no other article has: one word it
// shares with another article ("tuin", also in the address article) is no answer.
TEST(EngineWebPageTest, OneSharedWordIsNoAnswerOnRetrievalAlone) {
  model::KnowledgeBase kb = SmallBank();
  kb.articles.push_back(MakeArticle(
      "energiezuinig-verbouwen", "Energiezuinig verbouwen", Language::kDutch, {},
      {{"Energiezuinig verbouwen",
        "Zonnepanelen, isolatie of een warmtepomp financiert u met een groen leningdeel op uw "
        "hypotheek. Ook voor de tuin is er een regeling."}}));
  kb.articles.push_back(MakeArticle(
      "adreswijziging", "Adres wijzigen", Language::kDutch,
      {"ik ga verhuizen", "nieuw adres doorgeven", "mijn adres is veranderd"},
      {{"Adres wijzigen", "Geef uw nieuwe adres door in de app, ook voor een tuin of garage."}}));
  auto built = Engine::Build(std::move(kb));
  ASSERT_TRUE(built.ok()) << built.status().ToString();
  const Engine& engine = **built;

  for (const char* question : {"zonnepanelen financieren met een groen leningdeel", "isolatie?"}) {
    const Decision page = engine.Ask(question);
    EXPECT_EQ(page.kind, DecisionKind::kAnswer) << question << ": " << page.answer;
    ASSERT_FALSE(page.sources.empty()) << question;
    EXPECT_EQ(page.sources[0].id, "energiezuinig-verbouwen") << question;
  }
  const Decision shared = engine.Ask("hoe is het met de tuin");
  EXPECT_NE(shared.kind, DecisionKind::kAnswer) << shared.answer;
}

// A fragment without function words ("stolen card") is in the language whose articles know its
// words: the English article answers.
TEST_F(EngineTest, AFragmentIsInTheLanguageOfItsWords) {
  const Decision english = engine_->Ask("card stolen");
  EXPECT_EQ(english.language, Language::kEnglish);
  ASSERT_FALSE(english.sources.empty());
  EXPECT_EQ(english.sources[0].id, "pas-blokkeren-en");
  EXPECT_EQ(engine_->Ask("pinpas gestolen").language, Language::kDutch);
}

// The knowledge base's calibration.txt corrects the confidence (keeping its order), not the
// score; with it the confidence decides, against answer_probability.
TEST(EngineCalibrationTest, TheKnowledgeBasesCorrectionChangesTheConfidence) {
  model::KnowledgeBase corrected = SmallBank();
  corrected.confidence_calibration = model::ConfidenceCalibration{1.0, 0.5};
  const auto plain = Engine::Build(SmallBank());
  const auto with = Engine::Build(corrected);
  EngineConfig ignore;
  ignore.use_knowledge_calibration = false;
  const auto ignoring = Engine::Build(corrected, ignore);
  ASSERT_TRUE(plain.ok() && with.ok() && ignoring.ok());
  for (const char* question : {"pinpas kwijt", "wat kost een betaalrekening", "hoe laat is het"}) {
    const Decision before = (*plain)->Ask(question);
    const Decision after = (*with)->Ask(question);
    if (after.kind == DecisionKind::kAnswer) {
      EXPECT_GE(after.confidence, (*with)->config().answer_probability) << question;
    }
    EXPECT_DOUBLE_EQ(after.score, before.score) << question;
    const Platt correction{.scale = 0.5, .offset = 1.0};
    EXPECT_NEAR(after.confidence, correction(Logit(before.confidence)), 1e-12) << question;
    EXPECT_DOUBLE_EQ((*ignoring)->Ask(question).confidence, before.confidence) << question;
  }
}

// Thresholds in probability terms: with a calibration.txt the same score answers or not by the
// estimated probability of being right; without one the score decides (well defined either way).
TEST(EngineCalibrationTest, WithACalibrationTheProbabilityDecides) {
  model::KnowledgeBase doubtful = SmallBank();
  // The customers' questions are right far less often than the example questions suggest.
  doubtful.confidence_calibration = model::ConfidenceCalibration{-20.0, 1.0};
  const auto plain = Engine::Build(SmallBank());
  const auto strict = Engine::Build(doubtful);
  EngineConfig lenient_config;
  lenient_config.answer_probability = 0;
  lenient_config.candidate_probability = 0;
  const auto lenient = Engine::Build(doubtful, lenient_config);
  ASSERT_TRUE(plain.ok() && strict.ok() && lenient.ok());
  EXPECT_FALSE((*plain)->confidence_decides());
  EXPECT_TRUE((*strict)->confidence_decides());

  const Decision answered = (*plain)->Ask("mijn pinpas is gestolen");
  ASSERT_EQ(answered.kind, DecisionKind::kAnswer);
  EXPECT_GE(answered.score, (*plain)->config().answer_score);

  const Decision doubted = (*strict)->Ask("mijn pinpas is gestolen");
  EXPECT_DOUBLE_EQ(doubted.score, answered.score);
  EXPECT_LT(doubted.confidence, (*strict)->config().answer_probability);
  EXPECT_EQ(doubted.kind, DecisionKind::kHandoff);
  ASSERT_FALSE(doubted.reasons.empty());
  EXPECT_NE(doubted.reasons.front().find("probability right"), std::string::npos)
      << doubted.reasons.front();

  const Decision trusted = (*lenient)->Ask("mijn pinpas is gestolen");
  EXPECT_EQ(trusted.kind, DecisionKind::kAnswer);
  EXPECT_DOUBLE_EQ(trusted.confidence, doubted.confidence);
}

TEST(PlattTest, FitsTheOddsOfBeingRight) {
  // Right one time in four at x = 0 and three in four at x = 1: P = sigma(a x + b) with
  // b near logit(1/4) and a + b near logit(3/4), pulled a little to the middle by the smoothing.
  std::vector<double> x;
  std::vector<bool> right;
  for (int i = 0; i < 400; ++i) {
    x.push_back(i % 2);
    right.push_back(i % 2 == 0 ? i % 8 == 0 : i % 8 != 1);
  }
  const std::optional<Platt> fit = FitPlatt(x, right);
  ASSERT_TRUE(fit.has_value());
  EXPECT_NEAR((*fit)(0), 0.25, 0.01);
  EXPECT_NEAR((*fit)(1), 0.75, 0.01);
  EXPECT_FALSE(FitPlatt({0, 1}, {true, true}).has_value());
  EXPECT_FALSE(FitPlatt({0, 1}, {true}).has_value());
  EXPECT_TRUE(std::isfinite(Logit(0)) && std::isfinite(Logit(1)));
}

TEST(EngineBuildTest, EmptyKnowledgeBaseIsAnError) {
  const auto built = Engine::Build(model::KnowledgeBase{});
  EXPECT_FALSE(built.ok());
}

}  // namespace
}  // namespace balie::answer
