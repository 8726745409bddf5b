#include "answer/analyzer.h"

#include <algorithm>

#include "answer/language.h"
#include "base/text.h"

namespace balie::answer {
namespace {

constexpr size_t kMinPartLength = 3;
constexpr int kMaxParts = 4;
constexpr size_t kSplitKnownWordsFrom = 8;  // known words this long are also split
// Longer "words" (a pasted link, a keyboard mash) are neither corrected nor split: both cost time
// that grows with the square of the length, and no real word is this long.
constexpr size_t kMaxWordLength = 40;

bool IsNumber(std::string_view word) {
  return std::all_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; });
}

size_t Slot(model::Language language) { return language == model::Language::kDutch ? 0 : 1; }

std::string JoinTerms(const std::vector<std::string>& terms) {
  std::string joined;
  for (const std::string& term : terms) {
    if (!joined.empty()) joined += '_';
    joined += term;
  }
  return joined;
}

}  // namespace

Stemmer::Stemmer() : dutch_("dutch"), english_("english") {}

const std::string& Stemmer::Stem(model::Language language, const std::string& folded_word) {
  auto& cache = cache_[Slot(language)];
  if (auto it = cache.find(folded_word); it != cache.end()) return it->second;
  if (cache.size() > 100000) cache.clear();  // bound memory on endless unique input
  if (language == model::Language::kEnglish) {
    return cache.emplace(folded_word, english_(folded_word)).first->second;
  }
  std::string stem = dutch_(folded_word);
  // Snowball's Dutch stemmer takes one suffix off: "fondsen" -> "fonds" but "fonds" -> "fond",
  // "passen" -> "pass" but "pas" -> "pas". A plural whose stem ends in "s" is stemmed once more,
  // so that singular and plural meet.
  if (stem != folded_word && stem.ends_with('s')) stem = dutch_(stem);
  return cache.emplace(folded_word, std::move(stem)).first->second;
}

Lexicon Lexicon::Build(const std::vector<std::pair<model::Language, std::string>>& texts,
                       const std::vector<model::SynonymGroup>& synonyms) {
  Lexicon lexicon;
  Stemmer stemmer;
  for (const auto& [language, text] : texts) {
    for (std::string& word : base::Words(text)) {
      if (IsNumber(word)) continue;
      auto [it, inserted] = lexicon.frequency_.try_emplace(word, 0);
      ++it->second;
      if (inserted) {
        lexicon.parts_.insert(stemmer.Stem(language, word));
        lexicon.words_.push_back(std::move(word));
      }
    }
  }
  for (const std::string& word : lexicon.words_) lexicon.parts_.insert(word);

  for (uint32_t id = 0; id < lexicon.words_.size(); ++id) {
    const std::string& word = lexicon.words_[id];
    lexicon.deletions_[word].push_back(id);
    if (word.size() < 5) continue;
    for (size_t i = 0; i < word.size(); ++i) {
      std::string variant = word.substr(0, i) + word.substr(i + 1);
      auto& ids = lexicon.deletions_[variant];
      if (ids.empty() || ids.back() != id) ids.push_back(id);
    }
  }

  for (const model::Language language : {model::Language::kDutch, model::Language::kEnglish}) {
    auto& rules = lexicon.synonym_rules_[Slot(language)];
    for (const model::SynonymGroup& group : synonyms) {
      if (group.empty()) continue;
      std::vector<std::string> canonical_terms;
      std::vector<std::string> canonical_words = base::Words(group.front());
      canonical_terms.reserve(canonical_words.size());
      for (const std::string& word : canonical_words) {
        canonical_terms.push_back(stemmer.Stem(language, word));
      }
      const std::string canonical_term = JoinTerms(canonical_terms);
      const std::string canonical_word = JoinTerms(canonical_words);
      for (const std::string& member : group) {
        SynonymRule rule{{}, canonical_term, canonical_word};
        for (const std::string& word : base::Words(member)) {
          rule.terms.push_back(stemmer.Stem(language, word));
        }
        if (!rule.terms.empty()) rules.push_back(std::move(rule));
      }
    }
    auto& first = lexicon.synonym_first_[Slot(language)];
    for (size_t i = 0; i < rules.size(); ++i) first[rules[i].terms.front()].push_back(i);
    for (auto& [term, indexes] : first) {
      std::stable_sort(indexes.begin(), indexes.end(), [&rules](size_t a, size_t b) {
        return rules[a].terms.size() > rules[b].terms.size();
      });
    }
  }
  return lexicon;
}

bool Lexicon::Knows(std::string_view word) const {
  return frequency_.find(std::string(word)) != frequency_.end();
}

int Lexicon::Frequency(std::string_view word) const {
  const auto it = frequency_.find(std::string(word));
  return it == frequency_.end() ? 0 : it->second;
}

std::optional<std::string> Lexicon::Correct(std::string_view word) const {
  if (word.size() < 5 || word.size() > kMaxWordLength || IsNumber(word) || Knows(word)) {
    return std::nullopt;
  }
  const int limit = word.size() >= 8 ? 2 : 1;
  std::vector<std::string> probes{std::string(word)};
  for (size_t i = 0; i < word.size(); ++i) {
    probes.push_back(std::string(word.substr(0, i)) + std::string(word.substr(i + 1)));
  }
  if (limit == 2) {
    const size_t first_level = probes.size();
    for (size_t p = 1; p < first_level; ++p) {
      const std::string base = probes[p];
      for (size_t i = 0; i < base.size(); ++i)
        probes.push_back(base.substr(0, i) + base.substr(i + 1));
    }
  }
  const std::string* best = nullptr;
  int best_distance = limit + 1;
  int best_frequency = 0;
  for (const std::string& probe : probes) {
    const auto it = deletions_.find(probe);
    if (it == deletions_.end()) continue;
    for (const uint32_t id : it->second) {
      const std::string& candidate = words_[id];
      // Customers rarely get the first letter wrong; requiring it avoids wild corrections.
      if (candidate.front() != word.front()) continue;
      const int distance = base::EditDistance(word, candidate, limit);
      if (distance > limit) continue;
      const int frequency = frequency_.at(candidate);
      if (distance < best_distance || (distance == best_distance && frequency > best_frequency)) {
        best = &candidate;
        best_distance = distance;
        best_frequency = frequency;
      }
    }
  }
  if (best == nullptr) return std::nullopt;
  return *best;
}

std::vector<std::string> Lexicon::SplitCompound(std::string_view word) const {
  const size_t n = word.size();
  if (n < 2 * kMinPartLength || n > kMaxWordLength || IsNumber(word)) return {};
  // best[i]: the fewest parts that cover word[0, i), and where the last part starts and ends.
  struct Step {
    int parts = kMaxParts + 1;
    size_t links = 0;  // linking letters used; fewer is the more natural split
    size_t start = 0;
    size_t end = 0;  // end of the part (before any linking letters)
  };
  std::vector<Step> best(n + 1);
  best[0].parts = 0;
  std::string piece;
  for (size_t i = 0; i < n; ++i) {
    if (best[i].parts >= kMaxParts) continue;
    for (size_t j = i + kMinPartLength; j <= n; ++j) {
      piece.assign(word.substr(i, j - i));
      if (parts_.find(piece) == parts_.end()) continue;
      const int parts = best[i].parts + 1;
      // The part may be followed by a linking "s", "e" or "en" before the next part.
      for (size_t link : {size_t{0}, size_t{1}, size_t{2}}) {
        const size_t next = j + link;
        if (next > n) break;
        if (i == 0 && next == n) continue;  // the whole word (inflected) is not a split
        if (link == 1 && word[j] != 's' && word[j] != 'e') continue;
        if (link == 2 && word.substr(j, 2) != "en") continue;
        // At the end, the same letters are an inflection ("vast" + "e"), not a link.
        const size_t links = best[i].links + link;
        if (parts < best[next].parts || (parts == best[next].parts && links < best[next].links)) {
          best[next] = {parts, links, i, j};
        }
      }
    }
  }
  if (best[n].parts > kMaxParts || best[n].parts < 2) return {};
  std::vector<std::string> split;
  for (size_t at = n; at > 0; at = best[at].start) {
    split.emplace_back(word.substr(best[at].start, best[at].end - best[at].start));
  }
  std::reverse(split.begin(), split.end());
  // Parts may be compounds themselves ("rentevast" + "periode"): return the finest split.
  std::vector<std::string> finest;
  for (std::string& part : split) {
    std::vector<std::string> sub = SplitCompound(part);
    if (sub.empty()) {
      finest.push_back(std::move(part));
    } else {
      finest.insert(finest.end(), sub.begin(), sub.end());
    }
  }
  return finest;
}

std::vector<Token> Analyzer::Analyze(std::string_view text, model::Language language,
                                     TextKind kind) {
  return AnalyzeWords(base::Words(text), language, kind);
}

std::vector<Token> Analyzer::AnalyzeWords(const std::vector<std::string>& words,
                                          model::Language language, TextKind kind) {
  std::vector<Token> tokens;
  tokens.reserve(words.size() + 4);
  for (const std::string& original : words) {
    Token token;
    token.word = original;
    token.stop = IsStopWord(language, original);
    std::vector<std::string> parts;
    if (!token.stop && !IsNumber(original)) {
      const bool known = lexicon_->Knows(original);
      if (!known || original.size() >= kSplitKnownWordsFrom) {
        parts = lexicon_->SplitCompound(original);
      }
      if (!known && parts.empty() && kind == TextKind::kQuestion) {
        if (auto corrected = lexicon_->Correct(original)) {
          token.word = std::move(*corrected);
          token.corrected = true;
        }
      }
    }
    token.term = stemmer_.Stem(language, token.word);
    tokens.push_back(std::move(token));
    for (std::string& part : parts) {
      if (IsStopWord(language, part)) continue;
      Token part_token;
      part_token.term = stemmer_.Stem(language, part);
      part_token.word = std::move(part);
      part_token.part = true;
      tokens.push_back(std::move(part_token));
    }
  }
  ApplySynonyms(tokens, language);
  return tokens;
}

void Analyzer::ApplySynonyms(std::vector<Token>& tokens, model::Language language) const {
  const auto& rules = lexicon_->synonym_rules_[Slot(language)];
  const auto& first = lexicon_->synonym_first_[Slot(language)];
  if (rules.empty()) return;
  std::vector<Token> out;
  out.reserve(tokens.size());
  for (size_t i = 0; i < tokens.size();) {
    const Token& token = tokens[i];
    const auto it = token.stop ? first.end() : first.find(token.term);
    size_t matched = 0;
    const Lexicon::SynonymRule* rule = nullptr;
    if (it != first.end()) {
      for (const size_t index : it->second) {
        const Lexicon::SynonymRule& candidate = rules[index];
        if (i + candidate.terms.size() > tokens.size()) continue;
        bool equal = true;
        for (size_t k = 0; k < candidate.terms.size() && equal; ++k) {
          equal = tokens[i + k].term == candidate.terms[k];
        }
        if (equal) {
          rule = &candidate;
          matched = candidate.terms.size();
          break;
        }
      }
    }
    if (rule == nullptr) {
      out.push_back(std::move(tokens[i]));
      ++i;
      continue;
    }
    Token canonical;
    canonical.word = rule->canonical_word;
    canonical.term = rule->canonical_term;
    canonical.part = token.part;
    canonical.corrected = token.corrected;
    out.push_back(std::move(canonical));
    i += matched;
  }
  tokens = std::move(out);
}

}  // namespace balie::answer
