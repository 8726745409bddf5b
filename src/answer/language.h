#ifndef BALIE_ANSWER_LANGUAGE_H_
#define BALIE_ANSWER_LANGUAGE_H_

// Language facts the answer engine needs: stop words per language and detection of the language
// a customer writes in (Dutch or English). Pure functions over static tables; thread-safe.

#include <string>
#include <string_view>
#include <vector>

#include "model/article.h"

namespace balie::answer {

// True when `folded_word` (output of base::Words) is a stop word in `language`: a function word
// that carries no topic ("de", "het", "the", "my").
bool IsStopWord(model::Language language, std::string_view folded_word);

struct LanguageGuess {
  model::Language language = model::Language::kDutch;
  // 0.5 means "could be either"; 1.0 means only one language's words were seen.
  double certainty = 0.5;
};

// Detects Dutch or English from folded words. Ties (no evidence either way) go to Dutch, since
// Balie is Dutch first. `default_language` is returned when there is no evidence at all.
LanguageGuess DetectLanguage(const std::vector<std::string>& folded_words,
                             model::Language default_language = model::Language::kDutch);

}  // namespace balie::answer

#endif  // BALIE_ANSWER_LANGUAGE_H_
