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

// The score is what the decision compares with the answer threshold; the calibrated confidence is
// an estimate of how often such an answer is right. Both are printed, named, since they differ
// (a score of 0.41 answers at threshold 0.35 with a confidence of 12%).
void PrintText(const answer::Decision& decision, const answer::EngineConfig& config,
               std::ostream& out) {
  const bool dutch = decision.language == model::Language::kDutch;
  out << answer::DecisionName(decision.kind) << " (" << model::LanguageCode(decision.language)
      << ", score " << Fixed2(decision.score) << " against answer threshold "
      << Fixed2(config.answer_threshold) << ", calibrated confidence "
      << static_cast<int>(decision.confidence * 100 + 0.5) << "%)\n";
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
      PrintText(decision, engine->config(), out);
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
      PrintText(decision, engine->config(), out);
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
