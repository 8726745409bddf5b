#include "answer/domain_terms.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "base/text.h"

namespace balie::answer {
namespace {

using Strings = std::vector<std::string>;

// The terms a message names, each with "!" where no text mentions it.
Strings Named(const DomainTerms& terms, std::string_view message) {
  Strings named;
  for (const DomainTerms::Named& n : terms.In(base::Words(message))) {
    named.push_back(n.mentioned ? n.term : n.term + "!");
  }
  return named;
}

TEST(DomainTermsTest, AMessageNamesATermInItsPluralDiminutiveOrCompound) {
  const DomainTerms terms({"studielening", "kluis", "swift code", "policy"}, {});
  EXPECT_EQ(Named(terms, "geven jullie studieleningen?"), (Strings{"studielening!"}));
  EXPECT_EQ(Named(terms, "een kluisje huren"), (Strings{"kluis!"}));
  EXPECT_EQ(Named(terms, "wat kost kluishuur"), (Strings{"kluis!"}));
  EXPECT_EQ(Named(terms, "what is your SWIFT code"), (Strings{"swift code!"}));
  EXPECT_EQ(Named(terms, "insurance policies"), (Strings{"policy!"}));
  // Each once, in the order of the message.
  EXPECT_EQ(Named(terms, "swift code of kluis, swift code"), (Strings{"swift code!", "kluis!"}));
  // The words of a phrase in a row; a word that only begins like a short term is not it.
  EXPECT_TRUE(Named(terms, "swift betalen met een code").empty());
  EXPECT_TRUE(terms.In({}).empty());
}

TEST(DomainTermsTest, AWordThatBeginsOrEndsACompoundTermTouchesTheField) {
  const DomainTerms terms({"bankkluis", "salarisrekening", "swift code", "iban"},
                          {"Open een rekening bij de bank."});
  auto touches = [&](std::string_view message) { return terms.Touches(base::Words(message)); };
  // A part of a compound term, of at least five letters: not the term, but not chatter either.
  EXPECT_TRUE(touches("kluis huren"));
  EXPECT_TRUE(touches("een kluisje"));  // with a diminutive ending
  EXPECT_TRUE(touches("salaris nog niet binnen"));
  EXPECT_TRUE(Named(terms, "salaris nog niet binnen").empty());
  // A term named, as In finds it.
  EXPECT_TRUE(touches("wat is jullie swift code"));
  // Shorter parts, one word of a phrase, and other words do not.
  EXPECT_FALSE(touches("bank"));
  EXPECT_FALSE(touches("swift"));
  EXPECT_FALSE(touches("salar"));     // "isrekening" is no word: no part
  EXPECT_FALSE(touches("rekening"));  // nor is "salaris" here
  EXPECT_FALSE(touches("wat voor weer wordt het morgen"));
  EXPECT_FALSE(terms.Touches({}));
  // The terms are no text of the knowledge base: one inside another is not mentioned by it.
  EXPECT_EQ(DomainTerms({"verzekering", "reisverzekering"}, {"Reizen met de pas."}).Unmentioned(),
            (Strings{"verzekering", "reisverzekering"}));
}

TEST(DomainTermsTest, ATextMentionsATermInAnyFormOfItsWords) {
  const std::vector<std::string_view> texts = {
      "Een incasso terugboeken kan tot 8 weken na de afschrijving.",
      "Uw spaarrekeningnummer staat in de app.", "Een huurkluis heeft u bij ons niet.",
      "Travel with your card; purchases are insured against theft."};
  const DomainTerms terms(
      {"terugboeking", "spaarrekening", "kluis", "incasso", "insurance", "travel insurance", "bic"},
      texts);
  // By its stem ("terugboeken"), at the start or end of a longer word, or as written; a phrase
  // only where its words stand together.
  EXPECT_EQ(terms.Unmentioned(), (Strings{"travel insurance", "bic"}));
  EXPECT_EQ(terms.size(), 7u);
}

TEST(DomainTermsTest, TheKnowledgeBasesSynonymsMentionButItsOutOfScopeQuestionsDoNot) {
  model::KnowledgeBase knowledge;
  model::Article article;
  article.id = "pas";
  article.title = "Pas blokkeren";
  article.topics = {"veiligheid"};
  article.examples = {"mijn pinpas is weg"};
  article.sections = {{"Bellen", "Bel 020 123 45 67."}};
  knowledge.articles.push_back(article);
  knowledge.synonyms = {{"geldautomaat", "atm"}};
  knowledge.out_of_scope_examples = {"hebben jullie een reisverzekering"};
  knowledge.domain_terms = {"atm", "pinpas", "veiligheid", "reisverzekering", "bellen", "pas"};
  EXPECT_EQ(DomainTerms(knowledge).Unmentioned(), (Strings{"reisverzekering"}));
  EXPECT_EQ(DomainTerms(model::KnowledgeBase{}).size(), 0u);
}

}  // namespace
}  // namespace balie::answer
