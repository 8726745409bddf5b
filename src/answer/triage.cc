#include "answer/triage.h"

#include <algorithm>
#include <array>
#include <initializer_list>

namespace balie::answer {
namespace {

// A pattern matches when all its words occur in the message, in any order.
using Pattern = std::initializer_list<std::string_view>;

const std::array<Pattern, 32> kPersonPatterns = {{
    {"mens"},
    {"mensen", "spreken"},
    {"medewerker"},
    {"medewerkers"},
    {"iemand", "spreken"},
    {"iemand", "bellen"},
    {"iemand", "praten"},
    {"persoon", "spreken"},
    {"persoon", "praten"},
    {"echt", "persoon"},
    {"echte", "persoon"},
    {"doorverbinden"},
    {"doorverbonden"},
    {"telefonist"},
    {"live", "chat"},
    {"human"},
    {"humans"},
    {"agent"},
    {"real", "person"},
    {"live", "person"},
    {"someone", "speak"},
    {"someone", "talk"},
    {"somebody", "speak"},
    {"somebody", "talk"},
    {"person", "speak"},
    {"person", "talk"},
    {"representative"},
    {"operator"},
    {"staff", "member"},
    {"customer", "service", "rep"},
    {"call", "me", "back"},
    {"iemand", "aan", "lijn"},
}};

// Words that on their own show anger or distress.
constexpr std::array kUpsetWords = std::to_array<std::string_view>({
    // Dutch
    "belachelijk",
    "schandalig",
    "schande",
    "waardeloos",
    "woedend",
    "boos",
    "kwaad",
    "klote",
    "kut",
    "godverdomme",
    "verdomme",
    "idioot",
    "idioten",
    "wanhopig",
    "paniek",
    "zelfmoord",
    "depressief",
    "huilen",
    "bedreigd",
    "oplichters",
    "dieven",
    "onacceptabel",
    "onbeschoft",
    "schandalige",
    "belachelijke",
    "walgelijk",
    "teleurgesteld",
    "radeloos",
    // English
    "ridiculous",
    "outrageous",
    "useless",
    "angry",
    "furious",
    "pissed",
    "wtf",
    "damn",
    "desperate",
    "panic",
    "panicking",
    "suicide",
    "suicidal",
    "crying",
    "unacceptable",
    "disgrace",
    "disgraceful",
    "disgusting",
    "scammers",
    "thieves",
    "pathetic",
    "incompetent",
});

// Phrases (all words present) that show anger or distress.
const std::array<Pattern, 10> kUpsetPatterns = {{
    {"ben", "het", "zat"},
    {"ten", "einde", "raad"},
    {"derde", "keer"},
    {"vierde", "keer"},
    {"weet", "niet", "meer", "wat"},
    {"fed", "up"},
    {"third", "time"},
    {"sick", "of"},
    {"worst", "bank"},
    {"slechtste", "bank"},
}};

bool Has(const std::vector<std::string>& words, std::string_view word) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

bool Matches(const std::vector<std::string>& words, Pattern pattern) {
  return std::all_of(pattern.begin(), pattern.end(),
                     [&words](std::string_view word) { return Has(words, word); });
}

std::string Describe(Pattern pattern) {
  std::string text;
  for (std::string_view word : pattern) {
    if (!text.empty()) text += ' ';
    text += word;
  }
  return text;
}

}  // namespace

TriageSignals DetectTriageSignals(std::string_view text,
                                  const std::vector<std::string>& folded_words) {
  TriageSignals signals;
  for (const Pattern& pattern : kPersonPatterns) {
    if (Matches(folded_words, pattern)) signals.person_evidence.push_back(Describe(pattern));
  }
  for (std::string_view word : kUpsetWords) {
    if (Has(folded_words, word)) signals.upset_evidence.emplace_back(word);
  }
  for (const Pattern& pattern : kUpsetPatterns) {
    if (Matches(folded_words, pattern)) signals.upset_evidence.push_back(Describe(pattern));
  }
  if (text.find("!!") != std::string_view::npos || text.find("?!") != std::string_view::npos) {
    signals.upset_evidence.emplace_back("!!");
  }
  int upper = 0;
  int letters = 0;
  for (const char c : text) {
    if (c >= 'A' && c <= 'Z') ++upper;
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) ++letters;
  }
  if (letters >= 12 && upper * 10 >= letters * 7) signals.upset_evidence.emplace_back("CAPITALS");
  signals.asks_for_person = !signals.person_evidence.empty();
  // Exclamation marks alone are enthusiasm as often as anger: they count only with another sign.
  const bool only_marks =
      signals.upset_evidence.size() == 1 && (signals.upset_evidence.front() == "!!");
  signals.upset = !signals.upset_evidence.empty() && !only_marks;
  return signals;
}

}  // namespace balie::answer
