// libFuzzer target for the answer engine's handling of a customer's question: whatever bytes a
// customer sends (invalid UTF-8, endless words, control characters), Ask must decide without
// crashing, throwing or returning a confidence outside [0, 1].

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "answer/engine.h"

namespace {

balie::model::Article MakeArticle(std::string id, std::string title,
                                  balie::model::Language language,
                                  std::vector<std::string> examples, std::string text) {
  balie::model::Article article;
  article.id = std::move(id);
  article.title = std::move(title);
  article.url = "https://www.voorbeeldbank.nl/" + article.id;
  article.language = language;
  article.examples = std::move(examples);
  article.sections.push_back({article.title, std::move(text)});
  return article;
}

const balie::answer::Engine& TheEngine() {
  static const std::unique_ptr<balie::answer::Engine> engine = [] {
    using balie::model::Language;
    balie::model::KnowledgeBase knowledge;
    knowledge.articles.push_back(MakeArticle("pas-blokkeren", "Pas blokkeren", Language::kDutch,
                                             {"ik ben mijn pinpas kwijt", "pas gestolen"},
                                             "Blokkeer uw betaalpas direct in de app."));
    knowledge.articles.push_back(
        MakeArticle("rentevaste-periode-wijzigen", "Rentevaste periode wijzigen", Language::kDutch,
                    {"rentevastperiode aanpassen"}, "Van variabele naar vaste rente is gratis."));
    knowledge.articles.push_back(MakeArticle("pas-blokkeren-en", "Block your card",
                                             Language::kEnglish, {"I lost my card"},
                                             "Block your card in the app right away."));
    knowledge.synonyms = {{"pinpas", "betaalpas", "bankpas"}, {"debit card", "bank card"}};
    knowledge.out_of_scope_examples = {"wat voor weer wordt het", "tell me a joke"};
    knowledge.domain_terms = {"pinpas", "reisverzekering", "swift code", "kluis"};
    auto built = balie::answer::Engine::Build(std::move(knowledge));
    if (!built.ok()) __builtin_trap();
    return std::move(built).value();
  }();
  return *engine;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view question(reinterpret_cast<const char*>(data), size);
  const balie::answer::Decision decision = TheEngine().Ask(question);
  if (!(decision.confidence >= 0 && decision.confidence <= 1)) __builtin_trap();
  if (decision.kind == balie::answer::DecisionKind::kAnswer && decision.sources.empty()) {
    __builtin_trap();
  }
  if (decision.reasons.empty()) __builtin_trap();
  return 0;
}
