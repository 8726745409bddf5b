#ifndef BALIE_KNOWLEDGE_REGISTER_CHECK_H_
#define BALIE_KNOWLEDGE_REGISTER_CHECK_H_

// Whether the knowledge base addresses readers as Balie does: its Dutch articles' register ("u"
// or "je", counted from their pronouns) against the organisation's configured one
// ([organisation] register), so that the bot's answers and Balie's own sentences around them
// read alike. Pure and thread-safe.

#include <optional>
#include <string>
#include <vector>

#include "model/article.h"
#include "model/voice.h"

namespace balie::knowledge {

// Pronouns that address the reader in Dutch text: formal "u", "uw"; informal "je", "jij", "jou",
// "jouw". (Customers' example questions are not counted: they are the customers' words.)
struct RegisterCount {
  std::string file;
  int formal = 0;
  int informal = 0;

  // The register this text uses: the more frequent; nullopt on a tie (none at all included).
  std::optional<model::Register> Detected() const;
};

struct RegisterTally {
  RegisterCount total;               // over all Dutch articles; `file` empty
  std::vector<RegisterCount> files;  // per file with Dutch articles, in the knowledge base's order
};

RegisterTally TallyRegister(const model::KnowledgeBase& knowledge);

// One line per mismatch with `configured`: the knowledge base as a whole (with the setting to
// change), then each Dutch file that addresses readers the other way. Empty when all agree.
std::vector<std::string> RegisterWarnings(const RegisterTally& tally, model::Register configured);

}  // namespace balie::knowledge

#endif  // BALIE_KNOWLEDGE_REGISTER_CHECK_H_
