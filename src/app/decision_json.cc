#include "app/decision_json.h"

#include <cmath>

namespace balie::app {

namespace {

double Round(double value) { return std::round(value * 1000) / 1000; }

}  // namespace

nlohmann::json CandidatesToJson(const answer::Decision& decision) {
  nlohmann::json candidates = nlohmann::json::array();
  for (const answer::ScoredCandidate& candidate : decision.candidates) {
    candidates.push_back({{"id", candidate.id},
                          {"score", Round(candidate.score)},
                          {"classifier", Round(candidate.classifier)},
                          {"retrieval", Round(candidate.retrieval)}});
  }
  return candidates;
}

nlohmann::json DecisionToJson(const answer::Decision& decision) {
  nlohmann::json sources = nlohmann::json::array();
  for (const answer::SourceRef& source : decision.sources) {
    sources.push_back({{"id", source.id}, {"title", source.title}, {"url", source.url}});
  }
  nlohmann::json object = {
      {"decision", answer::DecisionName(decision.kind)},
      {"language", model::LanguageCode(decision.language)},
      {"answer", decision.answer},
      {"passage", decision.passage_heading},
      {"sources", std::move(sources)},
      {"score", Round(decision.score)},  // what the thresholds are compared with
      {"confidence", Round(decision.confidence)},
      {"reasons", decision.reasons},
      {"topics", decision.topics},
  };
  if (!decision.handoff_cause.empty()) {
    object["handoff_cause"] = decision.handoff_cause;  // why, as a stable code
  }
  return object;
}

}  // namespace balie::app
