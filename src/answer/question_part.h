#ifndef BALIE_ANSWER_QUESTION_PART_H_
#define BALIE_ANSWER_QUESTION_PART_H_

// The question inside a longer message. A customer often tells a story before asking ("Vorige
// week belde ik … Klopt dat?"); the sentences that ask carry the question. Dutch and English; pure
// functions, thread-safe.

#include <string>
#include <string_view>
#include <vector>

namespace balie::answer {

// Splits a message into sentences at '.', '?', '!' followed by white space or the end, and at line
// breaks. A piece of fewer than three words ("Hallo,", "Groet, Jan") stays attached to the sentence
// before it (or after it, at the start). Each sentence is a view into `text`, trimmed.
std::vector<std::string_view> SplitSentences(std::string_view text);

// Whether a sentence asks something: it has a question mark, or opens (after a greeting) with a
// question word, an inverted verb or a request ("hoe", "kan ik", "ik wil", "how", "can I",
// "I'd like").
bool AsksSomething(std::string_view sentence);

// The asking sentences of a message of two sentences or more, joined by a space, in order; empty
// when the message has one sentence, no asking sentence, or only asking sentences (the part would
// be the whole message).
std::string AskingPart(std::string_view text);

}  // namespace balie::answer

#endif  // BALIE_ANSWER_QUESTION_PART_H_
