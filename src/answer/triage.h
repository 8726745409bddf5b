#ifndef BALIE_ANSWER_TRIAGE_H_
#define BALIE_ANSWER_TRIAGE_H_

// Signals in a customer's message that mean a person should take over, whatever the knowledge
// says: an explicit request for a person, signs of anger or distress, and situations a person
// must handle (fraud, a death, payment trouble, a complaint), told directly or indirectly. Word
// classes in Dutch and English (whole words and word starts, so that inflections and compounds
// count: "overleden", "overlijdensakte"); a situation is a word that names it, or words of two or
// three classes that together tell it ("pincode" + "gegeven" + "iemand"). Pure functions,
// thread-safe.

#include <string>
#include <string_view>
#include <vector>

namespace balie::answer {

// A situation that needs a person. The order is the precedence when a message tells of more
// than one: fraud first (it is urgent), then a death, payment trouble, a complaint.
enum class Situation { kNone, kFraud, kDeath, kDebt, kComplaint };
// "fraud", "death", "debt", "complaint" ("" for none)
std::string_view SituationName(Situation situation);

struct TriageSignals {
  bool asks_for_person = false;
  bool upset = false;
  // Asks whether they talk to a person ("are you a real person?", "is dit een bot?"), without
  // asking for one: the bot says what it is, unless an article answers that.
  bool asks_what_the_bot_is = false;
  Situation situation = Situation::kNone;
  // The words or marks that triggered each signal, for the reasons shown to staff.
  std::vector<std::string> person_evidence;
  std::vector<std::string> upset_evidence;
  std::vector<std::string> situation_evidence;  // the words that told the situation
  // Whether any signal fired: a message with one is never declined as off-topic.
  bool any() const { return asks_for_person || upset || situation != Situation::kNone; }
};

// `text` is the raw message (capitals and punctuation count); `folded_words` its base::Words.
TriageSignals DetectTriageSignals(std::string_view text,
                                  const std::vector<std::string>& folded_words);

// Whether the whole message is a plain yes ("ja", "ja graag", "doe maar", "yes please"): an
// answer to a question the bot asked, nothing to look up. `folded_words` as above.
bool SaysYes(const std::vector<std::string>& folded_words);

// Whether the message only opens the conversation: a greeting, "ik heb een vraag", "kunt u mij
// helpen", "can you help me" — words of greeting, asking and help, and stop words of either
// language, nothing to look up ("good" and "need" only beside such a word: "good morning", but
// not "no good" or "what do I need to do"). `folded_words` as above.
bool OnlyOpens(const std::vector<std::string>& folded_words);

// What a message says that only reacts to the bot's last reply, nothing to look up.
enum class Reaction {
  kNone,
  kThanks,     // thanks or goodbye: "bedankt", "prima, dank je", "tot ziens", "bye"
  kNotHelped,  // the reply did not help: "dat klopt niet", "dit helpt niet", "no", "wrong answer"
  kAcknowledged,  // only taken note of: "ok", "prima", "duidelijk"
};
// `folded_words` as above. Not understood ("je begrijpt me niet") is no such reaction: a person
// takes that over, as before.
Reaction OnlyReacts(const std::vector<std::string>& folded_words);

}  // namespace balie::answer

#endif  // BALIE_ANSWER_TRIAGE_H_
