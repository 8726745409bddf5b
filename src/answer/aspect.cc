#include "answer/aspect.h"

#include <algorithm>
#include <array>
#include <optional>
#include <string_view>

namespace balie::answer {
namespace {

using std::string_view_literals::operator""sv;

// Words that name a price or its absence. A cue ending in '*' matches every word it begins.
constexpr std::array kCostWords = {
    "kost*"sv,       "prijs"sv,        "prijzen"sv,       "tarief*"sv, "boete*"sv,
    "vergoeding*"sv, "advieskosten"sv, "afsluitkosten"sv, "cost*"sv,   "fee"sv,
    "fees"sv,        "price*"sv,       "charge*"sv,       "penalt*"sv,
};
// Free by themselves.
constexpr std::array kFreeWords = {"gratis"sv, "kosteloos"sv, "free"sv};
// A cost word right after one of these (within two words) says there is no cost.
constexpr std::array kNegations = {"geen"sv,    "zonder"sv, "niets"sv, "no"sv,
                                   "without"sv, "not"sv,    "free"sv};

constexpr std::array kTimeUnits = {
    "dag"sv,     "dagen"sv,   "werkdag"sv, "werkdagen"sv, "week"sv,    "weken"sv,
    "maand"sv,   "maanden"sv, "jaar"sv,    "jaren"sv,     "uur"sv,     "uren"sv,
    "minuten"sv, "day"sv,     "days"sv,    "weeks"sv,     "month"sv,   "months"sv,
    "year"sv,    "years"sv,   "hour"sv,    "hours"sv,     "minutes"sv,
};
// Months are a time unit too ("vanaf 15 februari"), Dutch and English, each between spaces.
constexpr std::string_view kMonths =
    " januari februari maart april mei juni juli augustus september oktober november december"
    " january february june july august october ";
constexpr std::array kNumberWords = {
    "twee"sv,  "drie"sv,  "vier"sv,   "vijf"sv, "zes"sv,   "zeven"sv,  "acht"sv,
    "negen"sv, "tien"sv,  "twaalf"sv, "two"sv,  "three"sv, "four"sv,   "five"sv,
    "six"sv,   "seven"sv, "eight"sv,  "nine"sv, "ten"sv,   "twelve"sv,
};

// Questions: one word, or two words in a row ("hoe lang").
constexpr std::array kCostQuestion = {
    "kost*"sv, "prijs"sv, "prijzen"sv, "tarief*"sv, "boete*"sv,  "gratis"sv, "cost*"sv,
    "fee"sv,   "fees"sv,  "price*"sv,  "charge*"sv, "penalt*"sv, "free"sv,   "expensive"sv};
constexpr std::array<std::array<std::string_view, 2>, 11> kTimeQuestion = {{
    {"wanneer", ""},
    {"hoe", "lang"},
    {"hoe", "snel"},
    {"hoe", "laat"},
    {"duurt", ""},
    {"termijn", ""},
    {"when", ""},
    {"how", "long"},
    {"how", "soon"},
    {"how", "quickly"},
    {"what", "time"},
}};
constexpr std::array<std::array<std::string_view, 2>, 9> kDefinitionQuestion = {{
    {"wat", "betekent"},
    {"wat", "houdt"},
    {"wat", "zijn"},
    {"betekenis", ""},
    {"what", "are"},
    {"mean", ""},
    {"means", ""},
    {"meaning", ""},
    {"definition", ""},
}};
// "wat is een …", "what is a …": only with the article; "wat is de rente" asks a value.
constexpr std::array<std::array<std::string_view, 3>, 4> kDefinitionWithArticle = {{
    {"wat", "is", "een"},
    {"what", "is", "a"},
    {"what", "is", "an"},
    {"whats", "a", ""},
}};

template <size_t N>
bool Matches(const std::array<std::string_view, N>& cues, std::string_view word) {
  return std::any_of(cues.begin(), cues.end(), [word](std::string_view cue) {
    if (cue.ends_with('*')) return word.starts_with(cue.substr(0, cue.size() - 1));
    return word == cue;
  });
}

bool IsNumber(std::string_view word) {
  return (!word.empty() &&
          std::all_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; })) ||
         Matches(kNumberWords, word);
}

template <size_t N, size_t M>
bool HasPhrase(const std::array<std::array<std::string_view, M>, N>& phrases,
               const std::vector<std::string>& words) {
  for (const auto& phrase : phrases) {
    for (size_t i = 0; i < words.size(); ++i) {
      size_t k = 0;
      while (k < M && !phrase[k].empty() && i + k < words.size() && words[i + k] == phrase[k]) ++k;
      if (k == M || (k > 0 && phrase[k].empty())) return true;
    }
  }
  return false;
}

}  // namespace

AspectSet QuestionAspects(const std::vector<std::string>& words) {
  AspectSet aspects;
  if (std::any_of(words.begin(), words.end(),
                  [](const std::string& word) { return Matches(kCostQuestion, word); })) {
    aspects.Add(Aspect::kCost);
  }
  if (HasPhrase(kTimeQuestion, words)) aspects.Add(Aspect::kTime);
  if (HasPhrase(kDefinitionQuestion, words) || HasPhrase(kDefinitionWithArticle, words)) {
    aspects.Add(Aspect::kDefinition);
  }
  return aspects;
}

PassageAspects DescribePassage(const std::vector<std::string>& heading_words,
                               const std::vector<std::string>& text_words) {
  PassageAspects passage;
  // "€ 7,50": a price where the passage speaks of cost, else a sum ("vanaf € 1.000").
  int amounts = 0;
  std::optional<size_t> last_number;
  std::vector<std::string> words = heading_words;
  words.insert(words.end(), text_words.begin(), text_words.end());
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string& word = words[i];
    if (Matches(kFreeWords, word)) {
      passage.free = true;
      ++passage.cost_mentions;
    } else if (Matches(kCostWords, word)) {
      const bool negated = (i >= 1 && Matches(kNegations, words[i - 1])) ||
                           (i >= 2 && Matches(kNegations, words[i - 2]));
      (negated ? passage.free : passage.fee) = true;
      ++passage.cost_mentions;
    } else if (word == "euro" && ((i >= 1 && IsNumber(words[i - 1])) ||
                                  (i + 1 < words.size() && IsNumber(words[i + 1])))) {
      ++amounts;
    }
    // A time: a number, then within three words a unit or a month (numbers are rare, so the units
    // are looked up only after one).
    if (IsNumber(word)) {
      last_number = i;
    } else if (last_number && i - *last_number <= 3 &&
               (Matches(kTimeUnits, word) ||
                kMonths.find(" " + word + " ") != std::string_view::npos)) {
      passage.aspects.Add(Aspect::kTime);
    }
  }
  if (passage.free || passage.fee) {
    passage.aspects.Add(Aspect::kCost);
    passage.cost_mentions += amounts;
  }
  for (std::string_view start :
       {"wat is", "wat zijn", "wat betekent", "what is", "what are", "what does", "whats"}) {
    const size_t space = start.find(' ');
    const std::string_view first = start.substr(0, space);
    const std::string_view second =
        space == std::string_view::npos ? std::string_view() : start.substr(space + 1);
    if (!heading_words.empty() && heading_words[0] == first &&
        (second.empty() || (heading_words.size() > 1 && heading_words[1] == second))) {
      passage.aspects.Add(Aspect::kDefinition);
    }
  }
  return passage;
}

}  // namespace balie::answer
