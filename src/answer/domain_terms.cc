#include "answer/domain_terms.h"

#include <algorithm>
#include <array>
#include <unordered_set>

#include "answer/analyzer.h"
#include "base/text.h"

namespace balie::answer {
namespace {

// Plural and diminutive endings, Dutch and English, that a word may add to a term's word.
constexpr std::array<std::string_view, 10> kEndings = {"s",   "es",  "en",   "n",    "je",
                                                       "jes", "tje", "tjes", "etje", "etjes"};
constexpr size_t kMinBaseLetters = 3;

// The word, and the words it may be with an ending removed ("leningen" -> "lening", "leninge";
// "policies" -> "policy").
std::vector<std::string> Bases(std::string_view word) {
  std::vector<std::string> bases{std::string(word)};
  for (const std::string_view ending : kEndings) {
    if (word.size() >= ending.size() + kMinBaseLetters && word.ends_with(ending)) {
      bases.emplace_back(word.substr(0, word.size() - ending.size()));
    }
  }
  if (word.size() >= 3 + kMinBaseLetters && word.ends_with("ies")) {
    bases.push_back(std::string(word.substr(0, word.size() - 3)) + "y");
  }
  return bases;
}

bool Matches(std::string_view word, std::string_view term_word) {
  const std::vector<std::string> bases = Bases(word);
  return std::find(bases.begin(), bases.end(), term_word) != bases.end();
}

}  // namespace

DomainTerms::DomainTerms(const std::vector<std::string>& terms,
                         const std::vector<std::string_view>& texts) {
  for (const std::string& text : terms) {
    std::vector<std::string> words = base::Words(text);
    if (words.empty()) continue;
    const bool known = std::any_of(terms_.begin(), terms_.end(),
                                   [&](const Term& term) { return term.words == words; });
    if (known) continue;
    by_first_word_[words.front()].push_back(terms_.size());
    terms_.push_back({text, std::move(words), false});
  }
  if (terms_.empty()) return;

  // An article mentions a term also in another form of its words: the same stem in either
  // language ("terugboeking" by "terugboeken", "insurance" by "insurances").
  Stemmer stemmer;
  auto stems = [&stemmer](const std::string& word) {
    return std::array<std::string, 2>{"nl:" + stemmer.Stem(model::Language::kDutch, word),
                                      "en:" + stemmer.Stem(model::Language::kEnglish, word)};
  };
  std::unordered_map<std::string, std::vector<size_t>> by_first_stem;
  for (size_t index = 0; index < terms_.size(); ++index) {
    for (const std::string& stem : stems(terms_[index].words.front())) {
      by_first_stem[stem].push_back(index);
    }
  }
  auto same = [&](const std::string& word, const std::string& term_word) {
    if (Matches(word, term_word)) return true;
    const std::array<std::string, 2> a = stems(word);
    const std::array<std::string, 2> b = stems(term_word);
    return a[0] == b[0] || a[1] == b[1];
  };
  std::unordered_set<std::string> distinct;
  for (const std::string_view text : texts) {
    const std::vector<std::string> words = base::Words(text);
    for (size_t at = 0; at < words.size(); ++at) {
      std::vector<size_t> starting = Starting(words[at]);
      for (const std::string& stem : stems(words[at])) {
        const auto found = by_first_stem.find(stem);
        if (found != by_first_stem.end()) {
          starting.insert(starting.end(), found->second.begin(), found->second.end());
        }
      }
      for (const size_t index : starting) {
        Term& term = terms_[index];
        if (term.mentioned || at + term.words.size() > words.size()) continue;
        bool all = true;
        for (size_t i = 0; i < term.words.size() && all; ++i) {
          all = same(words[at + i], term.words[i]);
        }
        term.mentioned = all;
      }
    }
    distinct.insert(words.begin(), words.end());
  }
  // A one-word term that begins or ends a longer word of the knowledge base.
  for (const std::string& word : distinct) {
    for (size_t letters = kMinAffixLetters; letters < word.size(); ++letters) {
      for (const std::string_view affix : {std::string_view(word).substr(0, letters),
                                           std::string_view(word).substr(word.size() - letters)}) {
        const auto found = by_first_word_.find(std::string(affix));
        if (found == by_first_word_.end()) continue;
        for (const size_t index : found->second) {
          if (terms_[index].words.size() == 1) terms_[index].mentioned = true;
        }
      }
    }
  }
  // The parts of one-word compound terms: a beginning or end of the term whose rest is a word of
  // the knowledge base or of a term ("kluis" of "bankkluis", "salaris" of "salarisrekening"; not
  // "salar").
  for (const Term& term : terms_) {
    for (const std::string& word : term.words) distinct.insert(word);
  }
  for (const Term& term : terms_) {
    if (term.words.size() != 1) continue;
    const std::string_view word = term.words.front();
    for (size_t letters = kMinAffixLetters; letters + kMinBaseLetters <= word.size(); ++letters) {
      const size_t rest = word.size() - letters;
      if (distinct.count(std::string(word.substr(letters))) > 0) {
        parts_.emplace(word.substr(0, letters));
      }
      if (distinct.count(std::string(word.substr(0, rest))) > 0) {
        parts_.emplace(word.substr(rest));
      }
    }
  }
}

DomainTerms::DomainTerms(const model::KnowledgeBase& knowledge) {
  std::vector<std::string_view> texts;
  for (const model::Article& article : knowledge.articles) {
    texts.push_back(article.title);
    for (const model::Section& section : article.sections) {
      texts.push_back(section.heading);
      texts.push_back(section.text);
    }
    texts.insert(texts.end(), article.examples.begin(), article.examples.end());
    texts.insert(texts.end(), article.topics.begin(), article.topics.end());
  }
  for (const model::SynonymGroup& group : knowledge.synonyms) {
    texts.insert(texts.end(), group.begin(), group.end());
  }
  *this = DomainTerms(knowledge.domain_terms, texts);
}

std::vector<std::string> DomainTerms::Unmentioned() const {
  std::vector<std::string> unmentioned;
  for (const Term& term : terms_) {
    if (!term.mentioned) unmentioned.push_back(term.text);
  }
  return unmentioned;
}

std::vector<size_t> DomainTerms::Starting(std::string_view word) const {
  std::vector<size_t> indexes;
  for (const std::string& base : Bases(word)) {
    const auto found = by_first_word_.find(base);
    if (found != by_first_word_.end()) {
      indexes.insert(indexes.end(), found->second.begin(), found->second.end());
    }
  }
  return indexes;
}

bool DomainTerms::MatchesAt(const Term& term, const std::vector<std::string>& words,
                            size_t at) const {
  if (at + term.words.size() > words.size()) return false;
  for (size_t i = 0; i < term.words.size(); ++i) {
    if (!Matches(words[at + i], term.words[i])) return false;
  }
  return true;
}

bool DomainTerms::Touches(const std::vector<std::string>& words) const {
  const bool part = std::any_of(words.begin(), words.end(), [this](const std::string& word) {
    const std::vector<std::string> bases = Bases(word);
    return std::any_of(bases.begin(), bases.end(),
                       [this](const std::string& base) { return parts_.count(base) > 0; });
  });
  return part || !In(words).empty();
}

std::vector<DomainTerms::Named> DomainTerms::In(const std::vector<std::string>& words) const {
  std::vector<Named> named;
  auto name = [&](const Term& term) {
    const bool seen = std::any_of(named.begin(), named.end(),
                                  [&](const Named& n) { return n.term == term.text; });
    if (!seen) named.push_back({term.text, term.mentioned});
  };
  for (size_t at = 0; at < words.size() && !terms_.empty(); ++at) {
    for (const size_t index : Starting(words[at])) {
      if (MatchesAt(terms_[index], words, at)) name(terms_[index]);
    }
    // A compound that begins with a one-word term ("kluishuur").
    const std::string_view word = words[at];
    for (size_t letters = kMinAffixLetters; letters + kMinBaseLetters <= word.size(); ++letters) {
      const auto found = by_first_word_.find(std::string(word.substr(0, letters)));
      if (found == by_first_word_.end()) continue;
      for (const size_t index : found->second) {
        if (terms_[index].words.size() == 1) name(terms_[index]);
      }
    }
  }
  return named;
}

}  // namespace balie::answer
