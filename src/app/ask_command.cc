#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <string>

#include "app/commands.h"
#include "app/decision_json.h"

namespace balie::app {
namespace {

std::string Fixed2(double value) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%.2f", value);
  return buffer;
}

// The number that decides, named, against the threshold it is compared with: with the knowledge
// base's calibration.txt the confidence (the estimated probability that the answer is right),
// which is also what the customer is sent; without one the combined score, the confidence
// (calibrated on the example questions only) beside it.
void PrintText(const answer::Decision& decision, const answer::Engine& engine, std::ostream& out) {
  const bool dutch = decision.language == model::Language::kDutch;
  const answer::EngineConfig& config = engine.config();
  const int percent = static_cast<int>(decision.confidence * 100 + 0.5);
  out << answer::DecisionName(decision.kind) << " (" << model::LanguageCode(decision.language);
  if (engine.confidence_decides()) {
    out << ", confidence " << percent << "% that it is right, against answer probability "
        << static_cast<int>(config.answer_probability * 100 + 0.5) << "%)\n";
  } else {
    out << ", score " << Fixed2(decision.score) << " against answer score "
        << Fixed2(config.answer_score) << "; no calibration.txt: confidence " << percent
        << "% from the example questions, not deciding)\n";
  }
  if (!decision.passage_heading.empty()) out << "## " << decision.passage_heading << '\n';
  out << decision.answer << '\n';
  for (const answer::SourceRef& source : decision.sources) {
    out << (dutch ? "Bron: " : "Source: ") << source.title << " <" << source.url << ">\n";
  }
  for (const std::string& reason : decision.reasons) out << "  why: " << reason << '\n';
}

void PrintCandidates(const answer::Decision& decision, std::ostream& out) {
  for (const answer::ScoredCandidate& candidate : decision.candidates) {
    out << "  candidate " << candidate.id << ": score " << candidate.score << " (classifier "
        << candidate.classifier << ", retrieval " << candidate.retrieval << ")\n";
  }
}

nlohmann::json ToJson(const answer::Decision& decision, bool explain) {
  nlohmann::json json = DecisionToJson(decision);
  if (explain) json["candidates"] = CandidatesToJson(decision);
  return json;
}

}  // namespace

int Ask(const AskOptions& options, std::istream& in, std::ostream& out, std::ostream& err) {
  const auto engine = LoadEngine(options.kb_dir, options.engine, err);
  if (engine == nullptr) return 1;
  if (options.question) {
    const answer::Decision decision = engine->Ask(*options.question);
    if (options.json) {
      out << ToJson(decision, options.explain)
                 .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
          << '\n';
    } else {
      PrintText(decision, *engine, out);
      if (options.explain) PrintCandidates(decision, out);
    }
    return 0;
  }
  // One question per line; one JSON object per line, in the same order, so that answers line up
  // with questions even for empty lines. A person at a terminal gets readable text and a prompt.
  const bool interactive = &in == &std::cin && isatty(STDIN_FILENO) != 0 && !options.json;
  std::string line;
  if (interactive) out << "Vraag / question (Ctrl-D to stop)> " << std::flush;
  while (std::getline(in, line)) {
    if (interactive) {
      const answer::Decision decision = engine->Ask(line);
      PrintText(decision, *engine, out);
      if (options.explain) PrintCandidates(decision, out);
      out << "\nVraag / question> " << std::flush;
      continue;
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    nlohmann::json result = ToJson(engine->Ask(line), options.explain);
    result["question"] = line;
    out << result.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  }
  return 0;
}

}  // namespace balie::app
