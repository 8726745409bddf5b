#ifndef BALIE_MODEL_VOICE_H_
#define BALIE_MODEL_VOICE_H_

// How Balie addresses a customer: the conversation's language and, in Dutch, the organisation's
// register — formal "u" or informal "je" ([organisation] register). Every Dutch sentence Balie
// writes itself exists in both registers, side by side where it is written (Voice::Say), so that
// Balie's own sentences read like the organisation's knowledge base. Plain values.

#include <optional>
#include <string_view>

#include "model/article.h"

namespace balie::model {

// kFormal: "u", "uw", "U kunt", "heeft u"; kInformal: "je", "jouw", "Je kunt", "heb je".
enum class Register { kFormal, kInformal };

// "u" / "je": the configuration's words for them.
std::string_view RegisterCode(Register form);
// Parses "u" or "je"; nullopt for anything else.
std::optional<Register> ParseRegister(std::string_view code);

struct Voice {
  Language language = Language::kDutch;
  Register dutch_register = Register::kFormal;  // English has one

  bool dutch() const { return language == Language::kDutch; }
  // The sentence in this voice: the Dutch one with "u", the Dutch one with "je", or the English.
  std::string_view Say(std::string_view nl_u, std::string_view nl_je, std::string_view en) const {
    if (!dutch()) return en;
    return dutch_register == Register::kFormal ? nl_u : nl_je;
  }
};

}  // namespace balie::model

#endif  // BALIE_MODEL_VOICE_H_
