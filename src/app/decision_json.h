#ifndef BALIE_APP_DECISION_JSON_H_
#define BALIE_APP_DECISION_JSON_H_

// The JSON form of an answer-engine decision, as printed by `balie ask --json`:
// {"decision", "language", "answer", "passage", "sources": [{"id","title","url"}],
//  "confidence", "reasons", "topics"}.

#include <nlohmann/json.hpp>

#include "answer/engine.h"

namespace balie::app {

nlohmann::json DecisionToJson(const answer::Decision& decision);

// [{"id", "score", "classifier", "retrieval"}, ...]: how the best candidates scored.
nlohmann::json CandidatesToJson(const answer::Decision& decision);

}  // namespace balie::app

#endif  // BALIE_APP_DECISION_JSON_H_
