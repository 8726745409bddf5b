#ifndef BALIE_EVALUATION_QUESTION_SET_H_
#define BALIE_EVALUATION_QUESTION_SET_H_

// A labelled question set for a knowledge base: questions written the way customers write, each
// with the decision the answer engine should take (tests/realistic_questions/README.md). One
// question per line, four tab-separated fields:
//
//   id<TAB>category<TAB>expected<TAB>question
//
// `id` is the language code, a dash and a number ("nl-0042"); it is unique across the whole set
// and decides the question's split. `category` is a lower-case word ("typo", "fraud").
// `expected` is one or more alternatives separated by '|', each of which is right:
//   <article-id>           answer with this article (or offer it in a "did you mean")
//   handoff                hand over to a person
//   handoff:<article-id>   hand over to a person, with this article as the context
//   offtopic               not about the organisation: answer with no article and offer none
// `offtopic` stands alone. Blank lines and lines starting with '#' are ignored.
//
// The functions are pure apart from reading the named files, and thread-safe.

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace balie::evaluation {

// What is right for one question; several alternatives may be right at once.
struct QuestionLabel {
  std::vector<std::string> articles;          // answering with (or offering) one of these is right
  bool handoff = false;                       // a hand-off is right
  std::vector<std::string> handoff_articles;  // the context article(s) of `handoff:<id>`
  bool offtopic = false;                      // not about the organisation

  // Only a person is right: every alternative is a hand-off.
  bool NeedsPerson() const { return handoff && articles.empty(); }
};

enum class Split { kDev, kTest };
std::string_view SplitName(Split split);  // "dev", "test"

struct LabelledQuestion {
  std::string file;  // as given to the loader, for messages
  int line = 0;
  std::string id;
  std::string language;  // the id's prefix: "nl" or "en"
  std::string category;
  std::string expected;  // the label as written
  QuestionLabel label;
  std::string text;
  Split split = Split::kDev;  // set by AssignSplits
};

// Parses one file's content; errors name `source` and the line. The split is not assigned.
[[nodiscard]] base::Result<std::vector<LabelledQuestion>> ParseQuestionSet(std::string_view content,
                                                                           std::string_view source);

// The seed of the dev/test split of tests/realistic_questions. Fixed: changing it would move
// questions that were looked at (dev) into the test split.
inline constexpr std::uint64_t kQuestionSplitSeed = 20261125;

// Splits the questions half and half into dev and test, stratified by language and category, in a
// way that does not move a question when questions with higher ids are added: within each
// (language, category), in id order, a question goes to the split that has fewer questions so
// far; when both have as many, a coin decides: test when SplitCoin(id, seed) < 0.5.
void AssignSplits(std::vector<LabelledQuestion>& questions,
                  std::uint64_t seed = kQuestionSplitSeed);

// A number in [0, 1) from the id and the seed: FNV-1a (64 bits) of the id's bytes, XOR the seed,
// through the SplitMix64 finaliser, top 53 bits. The same with every compiler and library.
double SplitCoin(std::string_view id, std::uint64_t seed);

// Reads `path`: one file, or every `*.tsv` file in a directory (in name order). Checks that ids
// are unique across the files, then assigns the splits with `seed`.
[[nodiscard]] base::Result<std::vector<LabelledQuestion>> LoadQuestionSet(
    const std::filesystem::path& path, std::uint64_t seed = kQuestionSplitSeed);

// The knowledge base's articles, by id: whether the article always goes to a person.
using ArticleCatalogue = std::map<std::string, bool, std::less<>>;

// Checks every label against the knowledge base: every article id exists, and an article that
// always goes to a person is labelled `handoff:<id>`, never as a plain answer. The first problem
// is returned, with file and line.
[[nodiscard]] base::Status CheckLabels(const std::vector<LabelledQuestion>& questions,
                                       const ArticleCatalogue& articles);

}  // namespace balie::evaluation

#endif  // BALIE_EVALUATION_QUESTION_SET_H_
