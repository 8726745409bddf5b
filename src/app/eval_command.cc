#include <algorithm>
#include <chrono>
#include <cmath>
#include <iostream>
#include <map>

#include "answer/language.h"
#include "app/commands.h"
#include "base/text.h"
#include "evaluation/intent_data.h"
#include "evaluation/intent_evaluation.h"

namespace balie::app {
namespace {

using evaluation::IntentExample;

// Each intent becomes an article whose examples are its training texts; the out-of-scope texts
// become the knowledge base's out-of-scope examples.
model::KnowledgeBase IntentsToKnowledge(const std::vector<IntentExample>& train) {
  std::map<std::string, std::vector<std::string>> by_intent;
  model::KnowledgeBase knowledge;
  for (const IntentExample& example : train) {
    if (example.intent == evaluation::kOutOfScopeIntent) {
      knowledge.out_of_scope_examples.push_back(example.text);
    } else {
      by_intent[example.intent].push_back(example.text);
    }
  }
  for (auto& [intent, examples] : by_intent) {
    model::Article article;
    article.id = intent;
    article.title = intent;
    for (char& c : article.title) {
      if (c == '_' || c == '/' || c == '-') c = ' ';
    }
    article.url = "https://intents.invalid/" + intent;
    article.language = model::Language::kEnglish;
    article.examples = std::move(examples);
    article.sections.push_back({article.title, article.title});
    knowledge.articles.push_back(std::move(article));
  }
  return knowledge;
}

// The data sets are single-language; the language of the articles follows the training texts.
void SetLanguage(model::KnowledgeBase& knowledge, model::Language language) {
  for (model::Article& article : knowledge.articles) article.language = language;
}

// Confidence against reality: per band of confidence, how often the best candidate was the right
// intent. A calibrated engine is right about 70% of the time when it says 0.7.
nlohmann::json CalibrationTable(const std::vector<std::pair<double, std::string>>& best,
                                const std::vector<IntentExample>& test) {
  constexpr int kBands = 10;
  std::vector<int> count(kBands, 0);
  std::vector<int> right(kBands, 0);
  std::vector<double> sum(kBands, 0);
  for (size_t i = 0; i < best.size() && i < test.size(); ++i) {
    const int band = std::clamp(static_cast<int>(best[i].first * kBands), 0, kBands - 1);
    const auto b = static_cast<size_t>(band);
    ++count[b];
    sum[b] += best[i].first;
    if (best[i].second == test[i].intent) ++right[b];
  }
  nlohmann::json table = nlohmann::json::array();
  for (size_t b = 0; b < static_cast<size_t>(kBands); ++b) {
    if (count[b] == 0) continue;
    table.push_back({{"confidence_from", static_cast<double>(b) / kBands},
                     {"confidence_to", static_cast<double>(b + 1) / kBands},
                     {"questions", count[b]},
                     {"mean_confidence", std::round(sum[b] / count[b] * 1000) / 1000},
                     {"share_right", std::round(1000.0 * right[b] / count[b]) / 1000}});
  }
  return table;
}

}  // namespace

int EvalIntents(const EvalOptions& options, std::ostream& out, std::ostream& err) {
  auto train = evaluation::LoadIntentFile(options.train_file);
  if (!train.ok()) {
    err << train.status().message() << '\n';
    return 1;
  }
  std::vector<IntentExample> train_examples = std::move(train).value();
  std::vector<IntentExample> test_examples;
  if (options.test_file.empty()) {
    auto split = evaluation::SplitTrainTest(train_examples, options.test_fraction, options.seed);
    train_examples = std::move(split.train);
    test_examples = std::move(split.test);
    err << "split " << options.train_file << ": " << train_examples.size() << " train, "
        << test_examples.size() << " test (seed " << options.seed << ")\n";
  } else {
    auto test = evaluation::LoadIntentFile(options.test_file);
    if (!test.ok()) {
      err << test.status().message() << '\n';
      return 1;
    }
    test_examples = std::move(test).value();
  }
  answer::EngineConfig config = options.engine;
  config.allow_clarify = false;  // the metrics count one intent per question
  std::unique_ptr<answer::Engine> engine;
  // Per test question, in order: the confidence and the best candidate, for the calibration table.
  std::vector<std::pair<double, std::string>> best;
  const auto factory =
      [&](const std::vector<IntentExample>& examples) -> base::Result<evaluation::IntentPredictor> {
    model::KnowledgeBase knowledge = IntentsToKnowledge(examples);
    std::string sample;
    for (size_t i = 0; i < examples.size() && i < 200; ++i) sample += examples[i].text + " ";
    SetLanguage(knowledge, answer::DetectLanguage(base::Words(sample)).language);
    err << "building the engine from " << examples.size() << " training questions in "
        << knowledge.articles.size() << " intents...\n";
    auto built = answer::Engine::Build(std::move(knowledge), config);
    if (!built.ok()) return built.status();
    engine = std::move(built).value();
    err << "answering " << test_examples.size() << " test questions...\n";
    return evaluation::IntentPredictor([&](std::string_view question) -> std::string {
      const answer::Decision decision = engine->Ask(question);
      best.emplace_back(decision.confidence,
                        decision.candidates.empty() ? "" : decision.candidates.front().id);
      if (decision.kind != answer::DecisionKind::kAnswer || decision.sources.empty()) {
        return std::string(evaluation::kOutOfScopeIntent);
      }
      return decision.sources.front().id;
    });
  };
  auto result =
      evaluation::RunIntentEvaluation(train_examples, test_examples, factory, options.show_errors);
  if (!result.ok()) {
    err << result.status().message() << '\n';
    return 1;
  }
  nlohmann::json json = evaluation::ToJson(*result);
  json["calibration"] = CalibrationTable(best, test_examples);
  out << json.dump(2) << '\n';
  return 0;
}

}  // namespace balie::app
