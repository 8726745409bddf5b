#include <nlohmann/json.hpp>

#include <iostream>

#include "answer/domain_terms.h"
#include "app/commands.h"
#include "knowledge/knowledge_loader.h"
#include "knowledge/knowledge_stats.h"
#include "knowledge/register_check.h"

namespace balie::app {
namespace {

void ReportProblems(const knowledge::LoadReport& report, std::ostream& err) {
  for (const knowledge::Problem& problem : report.problems) err << problem.ToString() << '\n';
}

// The register most of the knowledge base's Dutch articles use; formal where they show neither.
model::Register RegisterOfTally(const knowledge::RegisterTally& tally) {
  return tally.total.Detected().value_or(model::Register::kFormal);
}

}  // namespace

void WarnAboutTheRegister(const model::KnowledgeBase& knowledge,
                          std::optional<model::Register> dutch_register, std::ostream& err) {
  const knowledge::RegisterTally tally = knowledge::TallyRegister(knowledge);
  for (const std::string& warning : knowledge::RegisterWarnings(
           tally, dutch_register ? *dutch_register : RegisterOfTally(tally))) {
    err << "warning: " << warning << '\n';
  }
}

int KbCheck(const std::string& dir, std::optional<model::Register> dutch_register,
            std::ostream& out, std::ostream& err) {
  const knowledge::LoadReport report = knowledge::LoadKnowledgeBase(dir);
  ReportProblems(report, err);
  WarnAboutTheRegister(report.knowledge, dutch_register, err);
  const size_t files = static_cast<size_t>(report.markdown_files + report.html_files);
  if (!report.problems.empty()) {
    err << dir << ": " << report.problems.size() << " problem(s) in " << files
        << " file(s); fix them and run `balie kb check " << dir << "` again\n";
    return 1;
  }
  out << dir << ": ok, " << report.knowledge.articles.size() << " articles from " << files
      << " files\n";
  return 0;
}

int KbStats(const std::string& dir, bool json, std::ostream& out, std::ostream& err) {
  const knowledge::LoadReport report = knowledge::LoadKnowledgeBase(dir);
  ReportProblems(report, err);
  const knowledge::KnowledgeStats stats = knowledge::Summarise(report);
  const answer::DomainTerms terms(report.knowledge);
  const std::vector<std::string> unmentioned = terms.Unmentioned();
  if (json) {
    nlohmann::json summary = knowledge::StatsToJson(stats);
    summary["domain_terms"] = terms.size();
    summary["domain_terms_unmentioned"] = unmentioned;
    out << summary.dump(2) << '\n';
  } else {
    out << knowledge::FormatStats(stats);
    if (terms.size() > 0) {
      out << "Domain terms: " << terms.size() << ", of which " << unmentioned.size()
          << " named by no article (a customer who names one is passed to a person; where an "
             "article covers one under another name, add a synonym)";
      for (size_t i = 0; i < unmentioned.size(); ++i)
        out << (i == 0 ? ": " : ", ") << unmentioned[i];
      out << '\n';
    }
  }
  return report.problems.empty() ? 0 : 1;
}

model::Register RegisterOf(const model::KnowledgeBase& knowledge) {
  return RegisterOfTally(knowledge::TallyRegister(knowledge));
}

std::unique_ptr<answer::Engine> LoadEngine(const std::string& dir, answer::EngineConfig config,
                                           std::ostream& err,
                                           std::optional<model::Register> dutch_register) {
  knowledge::LoadReport report = knowledge::LoadKnowledgeBase(dir);
  if (!report.problems.empty()) {
    ReportProblems(report, err);
    err << dir << ": " << report.problems.size()
        << " problem(s); Balie does not answer from a knowledge base with problems, so that no "
           "file silently goes missing. Run `balie kb check "
        << dir << "` and fix them.\n";
    return nullptr;
  }
  config.dutch_register = dutch_register ? *dutch_register : RegisterOf(report.knowledge);
  auto engine = answer::Engine::Build(std::move(report.knowledge), config);
  if (!engine.ok()) {
    err << dir << ": " << engine.status().message() << '\n';
    return nullptr;
  }
  return std::move(engine).value();
}

}  // namespace balie::app
