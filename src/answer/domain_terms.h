#ifndef BALIE_ANSWER_DOMAIN_TERMS_H_
#define BALIE_ANSWER_DOMAIN_TERMS_H_

// The terms of the organisation's field (a knowledge base's domain-terms.txt): the names of its
// products, services and procedures as it writes them ("reisverzekering", "swift code",
// "studielening"), whether or not an article covers them. Two things follow from them:
//
// - a message that names one is about the organisation, not chatter, however short it is
//   ("kluis huren");
// - a short message that names one that no article mentions asks what the knowledge base cannot
//   answer: a person answers it, not the article that happens to share its other words ("bic
//   code" is not a question about the app's log-in code; the engine's limit is
//   kMaxWordsAroundAnUnmentionedTerm).
//
// A message may also touch the field without naming a term: with a word that is a part of a
// compound term ("kluis" of "bankkluis", "salaris" of "salarisrekening"). That is no term named
// (the customer may mean something else by it), but it is no chatter either.
//
// Words are compared as base::Words gives them (folded, no accents). A word of a message or an
// article matches a term's word when it is that word or that word with a plural or diminutive
// ending ("studieleningen", "kluisje"). An article mentions a one-word term of at least
// kMinAffixLetters also where the term begins or ends a longer word of it ("spaarrekeningnummer",
// "huurkluis"), and a message names it where the term begins a longer word ("kluishuur"): a
// compound's head or modifier is still about the term. Immutable after construction: safe to share
// between threads.

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "model/article.h"

namespace balie::answer {

class DomainTerms {
 public:
  // One-word terms at least this long also match inside compounds (see above).
  static constexpr size_t kMinAffixLetters = 5;

  DomainTerms() = default;
  // `terms`: as in domain-terms.txt (folded; a term may have several words). `texts`: everything
  // the knowledge base says.
  DomainTerms(const std::vector<std::string>& terms, const std::vector<std::string_view>& texts);
  // The knowledge base's terms, mentioned or not by its titles, headings, passages, example
  // questions, topics and synonyms (not by its out-of-scope questions).
  explicit DomainTerms(const model::KnowledgeBase& knowledge);

  struct Named {
    std::string term;
    bool mentioned = false;  // by some text of the knowledge base
  };
  // The terms the message's words name, in the order of the terms' first word in the message,
  // each once.
  std::vector<Named> In(const std::vector<std::string>& words) const;

  // Whether one of the message's words names a term, or is a part of a one-word compound term: at
  // least kMinAffixLetters of its beginning or end, where the rest is a word of the knowledge base
  // or of a term ("kluis" of "bankkluis").
  bool Touches(const std::vector<std::string>& words) const;

  size_t size() const { return terms_.size(); }
  // The terms that no text of the knowledge base mentions, in file order: a customer who names
  // one is passed to a person, so an article that covers one under another name wants a synonym.
  std::vector<std::string> Unmentioned() const;

 private:
  struct Term {
    std::string text;
    std::vector<std::string> words;
    bool mentioned = false;
  };
  // Indexes into terms_ of the terms whose first word `word` may be.
  std::vector<size_t> Starting(std::string_view word) const;
  bool MatchesAt(const Term& term, const std::vector<std::string>& words, size_t at) const;

  std::vector<Term> terms_;
  std::unordered_map<std::string, std::vector<size_t>> by_first_word_;
  std::unordered_set<std::string> parts_;  // the beginnings and ends of one-word terms (Touches)
};

}  // namespace balie::answer

#endif  // BALIE_ANSWER_DOMAIN_TERMS_H_
