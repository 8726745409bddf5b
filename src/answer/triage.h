#ifndef BALIE_ANSWER_TRIAGE_H_
#define BALIE_ANSWER_TRIAGE_H_

// Signals in a customer's message that mean a person should take over, whatever the knowledge
// says: an explicit request for a person, or signs of anger or distress. Word lists in Dutch and
// English; pure functions, thread-safe.

#include <string>
#include <string_view>
#include <vector>

namespace balie::answer {

struct TriageSignals {
  bool asks_for_person = false;
  bool upset = false;
  // The words or marks that triggered each signal, for the reasons shown to staff.
  std::vector<std::string> person_evidence;
  std::vector<std::string> upset_evidence;
};

// `text` is the raw message (capitals and punctuation count); `folded_words` its base::Words.
TriageSignals DetectTriageSignals(std::string_view text,
                                  const std::vector<std::string>& folded_words);

}  // namespace balie::answer

#endif  // BALIE_ANSWER_TRIAGE_H_
