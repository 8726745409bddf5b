#include "answer/question_part.h"

#include <cstddef>

#include "base/text.h"

namespace balie::answer {
namespace {

// Pieces shorter than this many words are not sentences of their own ("Hallo,", "Klopt dat?").
constexpr size_t kMinSentenceWords = 3;

bool EndsSentence(std::string_view text, size_t i) {
  const char c = text[i];
  if (c == '\n') return true;
  if (c != '.' && c != '?' && c != '!') return false;
  // "1.000", "www.bank.nl" and "e.g." go on; a mark followed by white space or the end ends.
  return i + 1 == text.size() || text[i + 1] == ' ' || text[i + 1] == '\n' || text[i + 1] == '\t' ||
         text[i + 1] == '\r';
}

bool Contains(const auto& list, std::string_view word) {
  for (std::string_view entry : list) {
    if (entry == word) return true;
  }
  return false;
}

// Words that open a sentence without telling anything: greetings and joining words.
constexpr std::string_view kOpeners[] = {
    "hallo", "hoi",  "goedemorgen", "goedemiddag", "goedenavond", "beste",     "dag", "hi",
    "hello", "hey",  "dear",        "good",        "morning",     "afternoon", "ok",  "oke",
    "en",    "maar", "dus",         "and",         "but",         "so"};

// A sentence that opens with one of these asks: question words, and verbs that open a question
// by inversion ("Kan ik …", "Can I …").
constexpr std::string_view kAskingFirstWords[] = {
    // Dutch
    "hoe", "wat", "waar", "wanneer", "waarom", "welke", "welk", "wie", "hoeveel", "hoelang",
    "waarmee", "waarvoor", "kan", "kun", "kunt", "kunnen", "mag", "mogen", "moet", "moeten", "is",
    "zijn", "heb", "hebt", "heeft", "hebben", "wordt", "worden", "krijg", "krijgt", "klopt", "zou",
    "zouden", "graag", "werkt", "geldt",
    // English
    "how", "what", "where", "when", "why", "which", "who", "whose", "can", "could", "do", "does",
    "did", "are", "will", "would", "should", "may", "must", "have", "has", "please", "am", "shall",
    "tell", "explain"};

// Requests stated as a wish: "ik wil …", "I'd like …" (base::Words makes "I'd" "id").
bool IsRequest(const std::vector<std::string>& words, size_t first) {
  if (first + 1 >= words.size()) return false;
  const std::string& subject = words[first];
  const std::string& verb = words[first + 1];
  if (subject == "ik" || subject == "wij" || subject == "we") {
    return verb == "wil" || verb == "willen" || verb == "zou" || verb == "zouden" ||
           verb == "vraag";
  }
  if (subject == "i" || subject == "we") {
    return verb == "want" || verb == "would" || verb == "need";
  }
  return subject == "id" || subject == "wed";
}

size_t WordCount(std::string_view text) { return base::Words(text).size(); }

}  // namespace

std::vector<std::string_view> SplitSentences(std::string_view text) {
  std::vector<std::string_view> pieces;
  size_t start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (!EndsSentence(text, i)) continue;
    std::string_view piece = base::Trim(text.substr(start, i + 1 - start));
    if (!piece.empty()) pieces.push_back(piece);
    start = i + 1;
  }
  if (std::string_view rest = base::Trim(text.substr(start)); !rest.empty()) {
    pieces.push_back(rest);
  }
  // Join short pieces to their neighbour: the one before, or for the first piece the one after.
  std::vector<std::string_view> sentences;
  bool carry_forward = false;
  for (std::string_view piece : pieces) {
    const bool short_piece = WordCount(piece) < kMinSentenceWords;
    if (carry_forward || (short_piece && !sentences.empty())) {
      std::string_view& last = sentences.back();
      last = std::string_view(last.data(),
                              static_cast<size_t>(piece.data() + piece.size() - last.data()));
      carry_forward = false;
      continue;
    }
    sentences.push_back(piece);
    carry_forward = short_piece;
  }
  return sentences;
}

bool AsksSomething(std::string_view sentence) {
  if (sentence.find('?') != std::string_view::npos) return true;
  const std::vector<std::string> words = base::Words(sentence);
  size_t first = 0;
  while (first < words.size() && Contains(kOpeners, words[first])) ++first;
  if (first == words.size()) return false;
  return Contains(kAskingFirstWords, words[first]) || IsRequest(words, first);
}

std::string AskingPart(std::string_view text) {
  const std::vector<std::string_view> sentences = SplitSentences(text);
  if (sentences.size() < 2) return {};
  std::string part;
  size_t asking = 0;
  for (std::string_view sentence : sentences) {
    if (!AsksSomething(sentence)) continue;
    ++asking;
    if (!part.empty()) part += ' ';
    part += sentence;
  }
  if (asking == sentences.size()) return {};
  return part;
}

}  // namespace balie::answer
