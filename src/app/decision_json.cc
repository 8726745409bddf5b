#include "app/decision_json.h"

#include <cmath>

namespace balie::app {

nlohmann::json DecisionToJson(const answer::Decision& decision) {
  nlohmann::json sources = nlohmann::json::array();
  for (const answer::SourceRef& source : decision.sources) {
    sources.push_back({{"id", source.id}, {"title", source.title}, {"url", source.url}});
  }
  return {
      {"decision", answer::DecisionName(decision.kind)},
      {"language", model::LanguageCode(decision.language)},
      {"answer", decision.answer},
      {"passage", decision.passage_heading},
      {"sources", std::move(sources)},
      {"confidence", std::round(decision.confidence * 1000) / 1000},
      {"reasons", decision.reasons},
      {"topics", decision.topics},
  };
}

}  // namespace balie::app
