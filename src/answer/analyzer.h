#ifndef BALIE_ANSWER_ANALYZER_H_
#define BALIE_ANSWER_ANALYZER_H_

// Turns text into the terms the index and the classifier work with, the same way for knowledge
// and for questions: case and accent folding, stop words, Dutch compounds ("rentevasteperiode" is
// also "rente vaste periode"), typo correction against the knowledge base's own vocabulary
// (questions only), stemming (Snowball, via Xapian) and synonym groups.
//
// Lexicon: immutable after Build; safe to share between threads.
// Analyzer: holds Xapian stemmers, which are not thread-safe; use one Analyzer per thread. It
// only reads the Lexicon it points to, which must outlive it.

#include <xapian.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "model/article.h"

namespace balie::answer {

// Snowball stemmer for one language, with a small per-object cache. Not thread-safe.
class Stemmer {
 public:
  Stemmer();
  const std::string& Stem(model::Language language, const std::string& folded_word);

 private:
  Xapian::Stem dutch_;
  Xapian::Stem english_;
  std::array<std::unordered_map<std::string, std::string>, 2> cache_;
};

// One analysed word.
struct Token {
  std::string word;        // folded (and possibly corrected or canonical) word
  std::string term;        // the index term: the stem, or a synonym group's canonical term
  bool stop = false;       // a stop word: kept for the classifier, not searched
  bool part = false;       // a part of the preceding compound word
  bool corrected = false;  // word was replaced by the closest known word
};

// The vocabulary of one knowledge base: every folded word with its frequency, known stems, the
// synonym groups, and a deletion index for typo correction.
class Lexicon {
 public:
  // `texts` are all texts of the knowledge base (titles, bodies, examples), with their language.
  static Lexicon Build(const std::vector<std::pair<model::Language, std::string>>& texts,
                       const std::vector<model::SynonymGroup>& synonyms);

  bool Knows(std::string_view word) const;
  int Frequency(std::string_view word) const;
  size_t size() const { return frequency_.size(); }

  // The most frequent known word within edit distance 1 (words of 4–7 letters) or 2 (8 or
  // more); nullopt when there is none or the word is known, short or a number.
  std::optional<std::string> Correct(std::string_view word) const;

  // Splits an unknown or long word into known parts of at least 3 letters, allowing the Dutch
  // linking letters "s", "e" and "en" between parts: "rentevastperiode" -> {"rente", "vast",
  // "periode"}. Parts that are compounds themselves are split too (the finest split is returned).
  // Empty when no split into at most 4 parts exists.
  std::vector<std::string> SplitCompound(std::string_view word) const;

  // Synonym groups as term sequences per language, and the canonical term of each group.
  struct SynonymRule {
    std::vector<std::string> terms;  // stemmed words of one member phrase
    std::string canonical_term;      // shared by every member of the group
    std::string canonical_word;
  };
  const std::vector<SynonymRule>& SynonymRules(model::Language language) const {
    return synonym_rules_[language == model::Language::kDutch ? 0 : 1];
  }

 private:
  std::vector<std::string> words_;  // every known word once; ids index into it
  std::unordered_map<std::string, int> frequency_;
  // Known words and their stems: what a compound may be split into.
  std::unordered_set<std::string> parts_;
  // A known word, or a known word less one letter -> ids of the known words it comes from.
  std::unordered_map<std::string, std::vector<uint32_t>> deletions_;
  std::array<std::vector<SynonymRule>, 2> synonym_rules_;
  // first term of a rule -> indexes into synonym_rules_, longest rule first
  std::array<std::unordered_map<std::string, std::vector<size_t>>, 2> synonym_first_;

  friend class Analyzer;
};

enum class TextKind {
  kKnowledge,  // article text: long words are split, nothing is corrected
  kQuestion,   // a customer's question: unknown words are split or corrected
};

class Analyzer {
 public:
  explicit Analyzer(const Lexicon* lexicon) : lexicon_(lexicon) {}

  std::vector<Token> Analyze(std::string_view text, model::Language language, TextKind kind);
  // Analyze for already folded words.
  std::vector<Token> AnalyzeWords(const std::vector<std::string>& words, model::Language language,
                                  TextKind kind);

  Stemmer& stemmer() { return stemmer_; }

 private:
  void ApplySynonyms(std::vector<Token>& tokens, model::Language language) const;

  const Lexicon* lexicon_;
  Stemmer stemmer_;
};

}  // namespace balie::answer

#endif  // BALIE_ANSWER_ANALYZER_H_
