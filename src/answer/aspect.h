#ifndef BALIE_ANSWER_ASPECT_H_
#define BALIE_ANSWER_ASPECT_H_

// What a question asks about an article's subject (its cost, a time, a definition) and what a
// passage says about it, from cue words in Dutch and English. The engine uses both to choose the
// passage that answers: "wat kost het om ... te wijzigen" wants the passage about the fee, not the
// first passage that shares the most words. Pure functions over base::Words, thread-safe.

#include <cstdint>
#include <string>
#include <vector>

namespace balie::answer {

enum class Aspect : uint8_t {
  kCost = 1,        // kost, prijs, tarief, boete, gratis / cost, fee, price, free …
  kTime = 2,        // wanneer, hoe lang / when, how long; in a passage: "3 tot 5 werkdagen"
  kDefinition = 4,  // wat is (een) … / what is a …; in a passage: a heading "Wat is …?"
};

// A set of aspects (bits of Aspect).
class AspectSet {
 public:
  void Add(Aspect aspect) { bits_ |= static_cast<uint8_t>(aspect); }
  bool Has(Aspect aspect) const { return (bits_ & static_cast<uint8_t>(aspect)) != 0; }
  bool Empty() const { return bits_ == 0; }

 private:
  uint8_t bits_ = 0;
};

// The aspects a question asks about. `words`: the question's base::Words.
AspectSet QuestionAspects(const std::vector<std::string>& words);

// What a passage says.
struct PassageAspects {
  AspectSet aspects;
  // About cost: where something is free ("gratis", "zonder kosten", "no fee"), and where a price
  // or fee applies ("een vergoeding", "€ 7,50", "a fee"). A passage can say both.
  bool free = false;
  bool fee = false;
  int cost_mentions = 0;  // words about cost, either side
};

// `heading_words` and `text_words`: base::Words of a passage's heading and text.
PassageAspects DescribePassage(const std::vector<std::string>& heading_words,
                               const std::vector<std::string>& text_words);

}  // namespace balie::answer

#endif  // BALIE_ANSWER_ASPECT_H_
