#ifndef BALIE_MODEL_ARTICLE_H_
#define BALIE_MODEL_ARTICLE_H_

// The knowledge the bot and the staff share: articles from the organisation's own published pages.
// Plain value types; no behaviour beyond small lookups. Safe to read from many threads once built.

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace balie::model {

enum class Language { kDutch, kEnglish };

// "nl" / "en".
std::string_view LanguageCode(Language language);
// Parses "nl" or "en" (case-insensitive); nullopt for anything else.
std::optional<Language> ParseLanguage(std::string_view code);

// Whether questions on this article's topic may be answered by the bot.
enum class Handoff {
  kNever,   // the bot may answer from the article
  kAlways,  // sensitive topic: always hand over to a person (the article is shown as context)
};
std::string_view HandoffName(Handoff handoff);

// An article named as a source of an answer: what a reply links to.
struct SourceRef {
  std::string id;
  std::string title;
  std::string url;

  friend bool operator==(const SourceRef&, const SourceRef&) = default;
};

// One passage of an article: a heading and the text below it. The first section of an article
// holds the text before the first sub-heading and has the article's title as heading.
struct Section {
  std::string heading;
  std::string text;
};

// Where an article came from, for error messages and stats.
struct SourceLocation {
  std::string file;
  int line = 0;
};

struct Article {
  std::string id;  // unique in a knowledge base; kebab-case
  std::string title;
  std::string url;  // the public page
  Language language = Language::kDutch;
  std::vector<std::string> topics;
  std::vector<std::string> examples;  // questions customers ask that this article answers
  Handoff handoff = Handoff::kNever;
  std::string reviewed;  // ISO date, may be empty for ingested web pages
  std::vector<Section> sections;
  SourceLocation source;

  // The whole body as one text (all sections), for display and stats.
  std::string BodyText() const;
};

// A group of words or phrases customers use for the same thing ("pinpas = betaalpas").
using SynonymGroup = std::vector<std::string>;

// A loaded knowledge base: its articles (in a stable order, by id) and synonym groups.
// How the engine's confidence is corrected to the way this organisation's customers write (the
// knowledge base's calibration.txt): P = 1 / (1 + e^-(offset + scale * logit(p))), p the
// confidence calibrated on the knowledge base's own example questions. `scale` > 0, so the
// correction keeps the order of confidences. Fitted on labelled customer questions by
// `balie eval questions --fit-calibration`.
struct ConfidenceCalibration {
  double offset = 0;
  double scale = 1;
};

struct KnowledgeBase {
  std::vector<Article> articles;
  std::vector<SynonymGroup> synonyms;
  // Questions customers ask that no article answers and that must go to a person (from the
  // knowledge base's out-of-scope.txt). They teach the engine what "fits nothing" looks like.
  std::vector<std::string> out_of_scope_examples;
  // The terms of the organisation's field, folded, each once (domain-terms.txt; answer::DomainTerms
  // says what they do).
  std::vector<std::string> domain_terms;
  std::optional<ConfidenceCalibration> confidence_calibration;  // absent: no calibration.txt

  // nullptr when absent. Linear scan is fine for the sizes this is used with (CLI, tests);
  // the answer engine keeps its own index.
  const Article* Find(std::string_view id) const;
};

}  // namespace balie::model

#endif  // BALIE_MODEL_ARTICLE_H_
