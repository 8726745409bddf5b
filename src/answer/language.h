#ifndef BALIE_ANSWER_LANGUAGE_H_
#define BALIE_ANSWER_LANGUAGE_H_

// Language facts the answer engine needs: stop words per language and detection of the language
// a customer writes in (Dutch or English). Pure functions over static tables; thread-safe.

#include <string>
#include <string_view>
#include <unordered_set>
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

// The words of a knowledge base's texts in each language. A word that occurs in one language's
// texts and not the other's is evidence for that language: short questions ("lost card", "joint
// account", "savings rate?") have none of the function words DetectLanguage counts, but their
// topic words are known to the articles of one language only. Immutable after filling;
// thread-safe to read.
class LanguageVocabulary {
 public:
  void Add(model::Language language, std::string_view folded_word);
  // Words known in `language` only, and in the other only.
  int Only(model::Language language, const std::vector<std::string>& folded_words) const;

 private:
  std::unordered_set<std::string> words_[2];
};

// Detects Dutch or English from folded words: by the function words of each language, and where
// those tie (a fragment without any) by `vocabulary`'s words known in one language only, if given.
// Remaining ties go to `default_language` (the conversation's so far; Dutch by default, since
// Balie is Dutch first).
LanguageGuess DetectLanguage(const std::vector<std::string>& folded_words,
                             model::Language default_language = model::Language::kDutch,
                             const LanguageVocabulary* vocabulary = nullptr);

}  // namespace balie::answer

#endif  // BALIE_ANSWER_LANGUAGE_H_
