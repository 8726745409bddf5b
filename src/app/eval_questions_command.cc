// `balie eval questions`: runs the answer engine over a labelled question set
// (tests/realistic_questions) and reports how often it took the right decision, per split,
// language and category. Failures are listed for the dev split only: the test split is there to
// report figures, not to be looked at question by question.

#include <cmath>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <optional>
#include <sstream>

#include "answer/calibration.h"
#include "app/commands.h"
#include "evaluation/question_evaluation.h"
#include "evaluation/question_set.h"

namespace balie::app {
namespace {

using evaluation::Outcome;

Outcome ToOutcome(const answer::Decision& decision) {
  Outcome outcome;
  switch (decision.kind) {
    case answer::DecisionKind::kAnswer:
      outcome.kind = Outcome::Kind::kAnswer;
      break;
    case answer::DecisionKind::kClarify:
      outcome.kind = Outcome::Kind::kClarify;
      break;
    case answer::DecisionKind::kHandoff:
      outcome.kind = Outcome::Kind::kHandoff;
      break;
    case answer::DecisionKind::kDecline:
      outcome.kind = Outcome::Kind::kDecline;
      break;
  }
  for (const answer::SourceRef& source : decision.sources) outcome.articles.push_back(source.id);
  outcome.handoff_cause = decision.handoff_cause;
  outcome.confidence = decision.confidence;
  if (!decision.candidates.empty()) outcome.best_article = decision.candidates.front().id;
  if (!decision.reasons.empty()) outcome.reason = decision.reasons.front();
  return outcome;
}

void PrintFailure(const evaluation::ScoredQuestion& item, std::ostream& out) {
  const evaluation::LabelledQuestion& question = *item.question;
  std::ostringstream confidence;
  confidence << std::fixed << std::setprecision(2) << item.outcome.confidence;
  out << question.file << ":" << question.line << ": " << question.id << " [" << question.category
      << "] expected " << question.expected << ", got " << evaluation::DescribeOutcome(item.outcome)
      << " (" << evaluation::VerdictName(item.verdict) << ", confidence " << confidence.str()
      << ")\n  question: " << question.text << "\n  why: " << item.outcome.reason << '\n';
}

nlohmann::json FailureJson(const evaluation::ScoredQuestion& item) {
  const evaluation::LabelledQuestion& question = *item.question;
  return {{"file", question.file},
          {"line", question.line},
          {"id", question.id},
          {"category", question.category},
          {"expected", question.expected},
          {"got", evaluation::DescribeOutcome(item.outcome)},
          {"verdict", evaluation::VerdictName(item.verdict)},
          {"confidence", item.outcome.confidence},
          {"question", question.text},
          {"why", item.outcome.reason}};
}

// Fits the knowledge base's correction of the confidence (calibration.txt) on the scored dev
// questions and writes the file, with where it came from and what it does to the ECE.
int WriteCalibration(const EvalQuestionsOptions& options,
                     std::vector<evaluation::ScoredQuestion> scored, std::ostream& out,
                     std::ostream& err) {
  std::vector<double> logits;
  std::vector<bool> right;
  for (const evaluation::ScoredQuestion& item : scored) {
    logits.push_back(answer::Logit(item.outcome.confidence));
    right.push_back(evaluation::BestArticleRight(item));
  }
  const std::optional<answer::Platt> fit = answer::FitPlatt(logits, right);
  if (!fit) {
    err << "eval questions: cannot fit a calibration: the best article was right for all or none "
           "of the "
        << scored.size() << " questions\n";
    return 1;
  }
  // What the knowledge base's loader accepts (knowledge::CheckCalibration): a confidence that fell
  // as the score rose would turn the thresholds around.
  if (!(fit->scale > 0 && fit->scale <= 100 && std::abs(fit->offset) <= 100)) {
    err << "eval questions: cannot fit a calibration: the fit (offset " << fit->offset << ", scale "
        << fit->scale
        << ") is not one a knowledge base accepts (a scale above 0 and at most 100, an offset "
           "within ±100): on these questions a higher score does not mean a better answer\n";
    return 1;
  }
  const double before = evaluation::MeasureReliability(scored).expected_calibration_error;
  for (size_t i = 0; i < scored.size(); ++i) scored[i].outcome.confidence = (*fit)(logits[i]);
  const double after = evaluation::MeasureReliability(scored).expected_calibration_error;
  std::ostringstream text;
  text << std::setprecision(3) << std::fixed
       << "# How Balie's confidence is corrected to this organisation's customers' questions.\n"
          "# Fitted by `balie eval questions --fit-calibration` on "
       << scored.size() << " labelled questions\n# (" << options.questions_path
       << ", dev split, seed " << evaluation::kQuestionSplitSeed
       << ").\n# Expected calibration error on them: " << before << " before, " << after
       << " after.\n"
       << std::setprecision(4) << "offset " << fit->offset << "\nscale " << fit->scale << '\n';
  std::ofstream file(options.fit_calibration, std::ios::binary | std::ios::trunc);
  file << text.str();
  file.close();
  if (!file) {
    err << "eval questions: cannot write " << options.fit_calibration << '\n';
    return 1;
  }
  out << std::setprecision(3) << std::fixed << "wrote " << options.fit_calibration << ": offset "
      << fit->offset << ", scale " << fit->scale << "; expected calibration error on the "
      << scored.size() << " dev questions " << before << " before, " << after << " after\n";
  return 0;
}

}  // namespace

int EvalQuestions(const EvalQuestionsOptions& options, std::ostream& out, std::ostream& err) {
  if (options.split != "dev" && options.split != "test" && options.split != "all") {
    err << "eval questions: --split must be dev, test or all, not '" << options.split << "'\n";
    return 2;
  }
  if (options.show_failures && options.split == "test") {
    err << "eval questions: failures are listed for the dev split only; the test split is for "
           "reporting figures. Use --split dev (or all, which lists the dev failures).\n";
    return 2;
  }
  if (!options.fit_calibration.empty() && (options.split != "dev" || options.json)) {
    err << "eval questions: --fit-calibration fits on the dev split and writes calibration.txt; "
           "use it with --split dev and without --json\n";
    return 2;
  }
  auto loaded = evaluation::LoadQuestionSet(options.questions_path);
  if (!loaded.ok()) {
    err << loaded.status().message() << '\n';
    return 1;
  }
  const std::vector<evaluation::LabelledQuestion> questions = std::move(loaded).value();
  answer::EngineConfig engine_config = options.engine;
  if (!options.fit_calibration.empty()) engine_config.use_knowledge_calibration = false;
  const auto engine = LoadEngine(options.kb_dir, engine_config, err);
  if (engine == nullptr) return 1;
  evaluation::ArticleCatalogue catalogue;
  for (const model::Article& article : engine->knowledge().articles) {
    catalogue[article.id] = article.handoff == model::Handoff::kAlways;
  }
  if (const base::Status status = evaluation::CheckLabels(questions, catalogue); !status.ok()) {
    err << status.message() << '\n';
    return 1;
  }

  std::vector<evaluation::ScoredQuestion> scored;
  for (const evaluation::LabelledQuestion& question : questions) {
    if (options.split != "all" && evaluation::SplitName(question.split) != options.split) continue;
    evaluation::ScoredQuestion item;
    item.question = &question;
    item.outcome = ToOutcome(engine->Ask(question.text));
    item.verdict = evaluation::Judge(question.label, item.outcome);
    scored.push_back(std::move(item));
  }
  if (!options.fit_calibration.empty())
    return WriteCalibration(options, std::move(scored), out, err);
  const evaluation::QuestionReport report = evaluation::Tally(scored);
  const evaluation::Reliability reliability = evaluation::MeasureReliability(scored);
  std::vector<const evaluation::ScoredQuestion*> failures;
  if (options.show_failures) {
    for (const evaluation::ScoredQuestion& item : scored) {
      if (item.question->split == evaluation::Split::kDev && !evaluation::IsRight(item.verdict)) {
        failures.push_back(&item);
      }
    }
  }

  if (options.json) {
    nlohmann::json json = {{"questions", options.questions_path},
                           {"knowledge_base", options.kb_dir},
                           {"split", options.split},
                           {"split_seed", evaluation::kQuestionSplitSeed},
                           {"report", evaluation::ToJson(report)},
                           {"calibration", evaluation::ToJson(reliability)}};
    if (options.show_failures) {
      json["dev_failures"] = nlohmann::json::array();
      for (const auto* item : failures) json["dev_failures"].push_back(FailureJson(*item));
    }
    out << json.dump(2) << '\n';
    return 0;
  }
  out << options.questions_path << ": " << questions.size() << " questions, " << scored.size()
      << " asked (split " << options.split << ", seed " << evaluation::kQuestionSplitSeed
      << "), knowledge base " << options.kb_dir << "\n\n"
      << evaluation::FormatReport(report) << '\n'
      << evaluation::FormatReliability(reliability);
  if (options.show_failures) {
    out << "\nfailures on the dev split (" << failures.size() << "):\n";
    for (const auto* item : failures) PrintFailure(*item, out);
  }
  return 0;
}

}  // namespace balie::app
