#include "answer/language.h"

#include <algorithm>
#include <array>
#include <cstdlib>

namespace balie::answer {
namespace {

// Sorted lists, searched with std::binary_search. Stop words are function words only: words such
// as "kosten", "geld" or "card" carry topic and stay searchable.
constexpr std::array kDutchStopWords = std::to_array<std::string_view>({
    "aan",          "al",          "alle",        "als",       "alvast", "bedankt", "beetje",
    "ben",          "beste",       "bij",         "dan",       "dank",   "dat",     "de",
    "deze",         "die",         "dit",         "doe",       "doen",   "door",    "dus",
    "een",          "eens",        "en",          "er",        "even",   "ga",      "gaat",
    "goedemiddag",  "goedemorgen", "goedenavond", "goedendag", "graag",  "groet",   "groeten",
    "had",          "hallo",       "heb",         "hebben",    "hebt",   "heeft",   "hem",
    "hen",          "het",         "hey",         "hier",      "hij",    "hoe",     "hoi",
    "hun",          "ik",          "in",          "is",        "ja",     "je",      "jij",
    "jou",          "jouw",        "jullie",      "kan",       "kun",    "kunnen",  "kunt",
    "maar",         "me",          "meer",        "men",       "met",    "mij",     "mijn",
    "mn",           "moet",        "moeten",      "mvg",       "na",     "naar",    "nee",
    "niet",         "nog",         "nu",          "of",        "om",     "omdat",   "onder",
    "ons",          "onze",        "ook",         "op",        "over",   "te",      "toch",
    "tot",          "u",           "uit",         "uw",        "van",    "veel",    "voor",
    "vriendelijke", "waar",        "wanneer",     "want",      "was",    "wat",     "we",
    "wel",          "welk",        "welke",       "werd",      "wie",    "wij",     "wil",
    "wilde",        "wilt",        "word",        "worden",    "wordt",  "zal",     "ze",
    "zelf",         "zich",        "zij",         "zijn",      "zo",     "zoals",   "zou",
});

constexpr std::array kEnglishStopWords = std::to_array<std::string_view>({
    "a",      "about", "afternoon", "am",      "an",     "and",     "any",     "are",   "as",
    "at",     "be",    "been",      "but",     "by",     "can",     "could",   "dear",  "did",
    "do",     "does",  "doing",     "evening", "for",    "from",    "get",     "got",   "had",
    "has",    "have",  "he",        "hello",   "her",    "hey",     "hi",      "him",   "his",
    "how",    "i",     "if",        "im",      "in",     "into",    "is",      "it",    "its",
    "just",   "kind",  "me",        "might",   "more",   "morning", "much",    "must",  "my",
    "myself", "of",    "on",        "or",      "our",    "please",  "regards", "she",   "should",
    "so",     "some",  "than",      "thank",   "thanks", "that",    "the",     "their", "them",
    "then",   "there", "these",     "they",    "this",   "those",   "to",      "too",   "up",
    "us",     "very",  "was",       "we",      "were",   "what",    "when",    "where", "which",
    "who",    "whom",  "why",       "will",    "with",   "would",   "you",     "your",
});

// Words that are strong evidence for one language (frequent, and rare in the other). Overlapping
// words such as "in", "is" or "me" are left out.
constexpr std::array kDutchMarkers = std::to_array<std::string_view>({
    "bedankt", "ben", "bij",    "dank",  "dat",     "de",   "die",  "dit", "een",  "en",   "geen",
    "graag",   "heb", "hebben", "heeft", "het",     "hoe",  "ik",   "je",  "kan",  "kun",  "kunt",
    "maar",    "met", "mijn",   "mn",    "moet",    "naar", "niet", "nog", "ook",  "op",   "u",
    "uw",      "van", "voor",   "waar",  "wanneer", "wat",  "wel",  "wil", "wilt", "zijn",
});
// Not "of", "is" or "want": Dutch words too ("or", "is", "because"), and common in Dutch
// fragments ("pas kwijt of gestolen", "pas is kapot").
constexpr std::array kEnglishMarkers = std::to_array<std::string_view>({
    "a",    "and",  "are",   "can", "did",    "do",     "does",   "have", "how",   "i",
    "im",   "it",   "my",    "not", "please", "should", "thanks", "the",  "there", "to",
    "what", "when", "where", "why", "with",   "would",  "you",    "your",
});

template <size_t N>
bool Contains(const std::array<std::string_view, N>& sorted, std::string_view word) {
  return std::binary_search(sorted.begin(), sorted.end(), word);
}

}  // namespace

bool IsStopWord(model::Language language, std::string_view folded_word) {
  return language == model::Language::kDutch ? Contains(kDutchStopWords, folded_word)
                                             : Contains(kEnglishStopWords, folded_word);
}

void LanguageVocabulary::Add(model::Language language, std::string_view folded_word) {
  words_[language == model::Language::kDutch ? 0 : 1].emplace(folded_word);
}

int LanguageVocabulary::Only(model::Language language,
                             const std::vector<std::string>& folded_words) const {
  // Words that Dutch customers write as often as English ones, whichever language a knowledge
  // base happens to use them in: "help" or "top" alone is no sign of English.
  static constexpr std::array kSharedWords = std::to_array<std::string_view>(
      {"cool", "help", "ok", "okay", "oke", "perfect", "sorry", "super", "top"});
  static_assert(std::is_sorted(kSharedWords.begin(), kSharedWords.end()));
  const size_t mine = language == model::Language::kDutch ? 0 : 1;
  int count = 0;
  for (const std::string& word : folded_words) {
    if (std::binary_search(kSharedWords.begin(), kSharedWords.end(), word)) continue;
    count += words_[mine].contains(word) && !words_[1 - mine].contains(word) ? 1 : 0;
  }
  return count;
}

LanguageGuess DetectLanguage(const std::vector<std::string>& folded_words,
                             model::Language default_language,
                             const LanguageVocabulary* vocabulary) {
  int dutch = 0;
  int english = 0;
  for (const std::string& word : folded_words) {
    dutch += Contains(kDutchMarkers, word) ? 1 : 0;
    english += Contains(kEnglishMarkers, word) ? 1 : 0;
  }
  // Function words tie (mostly: there are none): the knowledge base's words decide, with less
  // certainty than function words would give.
  if (dutch == english && vocabulary != nullptr) {
    const int dutch_only = vocabulary->Only(model::Language::kDutch, folded_words);
    const int english_only = vocabulary->Only(model::Language::kEnglish, folded_words);
    if (dutch_only != english_only) {
      const bool is_dutch = dutch_only > english_only;
      const double certainty =
          0.5 + 0.25 * std::abs(dutch_only - english_only) / double(dutch_only + english_only);
      return {is_dutch ? model::Language::kDutch : model::Language::kEnglish, certainty};
    }
  }
  if (dutch == 0 && english == 0) return {default_language, 0.5};
  const double total = dutch + english;
  if (dutch >= english) return {model::Language::kDutch, dutch / total};
  return {model::Language::kEnglish, english / total};
}

}  // namespace balie::answer

namespace balie::answer {
static_assert(std::is_sorted(kDutchStopWords.begin(), kDutchStopWords.end()));
static_assert(std::is_sorted(kEnglishStopWords.begin(), kEnglishStopWords.end()));
static_assert(std::is_sorted(kDutchMarkers.begin(), kDutchMarkers.end()));
static_assert(std::is_sorted(kEnglishMarkers.begin(), kEnglishMarkers.end()));
}  // namespace balie::answer
