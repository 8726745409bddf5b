#ifndef BALIE_BASE_TEXT_H_
#define BALIE_BASE_TEXT_H_

// Text primitives shared by every module that reads human language: Unicode case and accent
// folding, word splitting and edit distance. All functions are pure and thread-safe.

#include <string>
#include <string_view>
#include <vector>

namespace balie::base {

// Lower-cases and removes accents: "Één Café" -> "een cafe". Invalid UTF-8 bytes are dropped, so
// the result is always valid UTF-8.
std::string FoldText(std::string_view utf8);

// Splits folded text into words: maximal runs of letters and digits. "e-mail's" -> {"e", "mail",
// "s"}. Apostrophes inside a word are dropped ("zo'n" -> "zon"). The euro sign is the word "euro"
// ("€6" -> {"euro", "6"}).
std::vector<std::string> SplitWords(std::string_view folded);

// FoldText then SplitWords.
std::vector<std::string> Words(std::string_view utf8);

// Levenshtein distance, computed on bytes, with an early exit: returns `limit + 1` as soon as the
// distance is known to exceed `limit`.
int EditDistance(std::string_view a, std::string_view b, int limit);

// Trims ASCII white space from both ends.
std::string_view Trim(std::string_view text);

// True when the text is valid UTF-8.
bool IsValidUtf8(std::string_view text);

}  // namespace balie::base

#endif  // BALIE_BASE_TEXT_H_
