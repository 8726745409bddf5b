#include "model/voice.h"

namespace balie::model {

std::string_view RegisterCode(Register form) { return form == Register::kFormal ? "u" : "je"; }

std::optional<Register> ParseRegister(std::string_view code) {
  if (code == "u") return Register::kFormal;
  if (code == "je") return Register::kInformal;
  return std::nullopt;
}

}  // namespace balie::model
