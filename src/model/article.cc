#include "model/article.h"

#include <algorithm>
#include <cctype>

namespace balie::model {

std::string_view LanguageCode(Language language) {
  return language == Language::kDutch ? "nl" : "en";
}

std::optional<Language> ParseLanguage(std::string_view code) {
  std::string lower(code);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower == "nl") return Language::kDutch;
  if (lower == "en") return Language::kEnglish;
  return std::nullopt;
}

std::string_view HandoffName(Handoff handoff) {
  return handoff == Handoff::kNever ? "never" : "always";
}

std::string Article::BodyText() const {
  std::string body;
  for (const Section& section : sections) {
    if (!body.empty()) body += "\n\n";
    body += section.text;
  }
  return body;
}

const Article* KnowledgeBase::Find(std::string_view id) const {
  for (const Article& article : articles) {
    if (article.id == id) return &article;
  }
  return nullptr;
}

}  // namespace balie::model
