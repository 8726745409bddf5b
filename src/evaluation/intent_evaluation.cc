#include "evaluation/intent_evaluation.h"

#include <algorithm>
#include <cassert>
#include <chrono>
#include <cmath>

namespace balie::evaluation {
namespace {

// Nearest-rank percentile of sorted values; 0 for none.
double Percentile(const std::vector<double>& sorted, double fraction) {
  if (sorted.empty()) return 0;
  const auto rank = static_cast<size_t>(std::ceil(fraction * static_cast<double>(sorted.size())));
  return sorted[std::clamp<size_t>(rank, 1, sorted.size()) - 1];
}

std::optional<double> Ratio(size_t numerator, size_t denominator) {
  if (denominator == 0) return std::nullopt;
  return static_cast<double>(numerator) / static_cast<double>(denominator);
}

nlohmann::json OptionalToJson(const std::optional<double>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

}  // namespace

IntentMetrics ComputeIntentMetrics(const std::vector<std::string>& gold,
                                   const std::vector<std::string>& predicted,
                                   std::vector<double> micros) {
  assert(gold.size() == predicted.size());
  IntentMetrics m;
  m.n_test = gold.size();
  for (size_t i = 0; i < gold.size(); ++i) {
    const bool gold_oos = gold[i] == kOutOfScopeIntent;
    const bool predicted_oos = predicted[i] == kOutOfScopeIntent;
    m.n_out_of_scope += gold_oos ? 1U : 0U;
    m.oos_predicted += predicted_oos ? 1U : 0U;
    m.oos_correct += gold_oos && predicted_oos ? 1U : 0U;
    m.in_scope_correct += !gold_oos && gold[i] == predicted[i] ? 1U : 0U;
  }
  m.n_in_scope = m.n_test - m.n_out_of_scope;
  m.in_scope_accuracy = Ratio(m.in_scope_correct, m.n_in_scope);
  m.oos_recall = Ratio(m.oos_correct, m.n_out_of_scope);
  m.oos_precision = Ratio(m.oos_correct, m.oos_predicted);
  std::sort(micros.begin(), micros.end());
  m.median_us = Percentile(micros, 0.5);
  m.p99_us = Percentile(micros, 0.99);
  return m;
}

nlohmann::json ToJson(const IntentMetrics& m) {
  return {{"n_test", m.n_test},
          {"n_in_scope", m.n_in_scope},
          {"n_out_of_scope", m.n_out_of_scope},
          {"in_scope_correct", m.in_scope_correct},
          {"oos_predicted", m.oos_predicted},
          {"oos_correct", m.oos_correct},
          {"in_scope_accuracy", OptionalToJson(m.in_scope_accuracy)},
          {"oos_recall", OptionalToJson(m.oos_recall)},
          {"oos_precision", OptionalToJson(m.oos_precision)},
          {"median_us", m.median_us},
          {"p99_us", m.p99_us}};
}

IntentEvaluation EvaluatePredictor(const std::vector<IntentExample>& test,
                                   const IntentPredictor& predictor, size_t max_errors) {
  IntentEvaluation evaluation;
  std::vector<std::string> gold;
  std::vector<std::string> predicted;
  std::vector<double> micros;
  gold.reserve(test.size());
  predicted.reserve(test.size());
  micros.reserve(test.size());
  for (const auto& example : test) {
    const auto start = std::chrono::steady_clock::now();
    std::string answer = predictor(example.text);
    const auto stop = std::chrono::steady_clock::now();
    micros.push_back(std::chrono::duration<double, std::micro>(stop - start).count());
    if (answer != example.intent && evaluation.errors.size() < max_errors) {
      evaluation.errors.push_back({example.text, example.intent, answer});
    }
    gold.push_back(example.intent);
    predicted.push_back(std::move(answer));
  }
  evaluation.metrics = ComputeIntentMetrics(gold, predicted, std::move(micros));
  return evaluation;
}

base::Result<IntentEvaluation> RunIntentEvaluation(const std::vector<IntentExample>& train,
                                                   const std::vector<IntentExample>& test,
                                                   const IntentPredictorFactory& make_predictor,
                                                   size_t max_errors) {
  const auto start = std::chrono::steady_clock::now();
  auto predictor = make_predictor(train);
  const auto stop = std::chrono::steady_clock::now();
  if (!predictor.ok()) return predictor.status();
  IntentEvaluation evaluation = EvaluatePredictor(test, *predictor, max_errors);
  evaluation.train_seconds = std::chrono::duration<double>(stop - start).count();
  return evaluation;
}

nlohmann::json ToJson(const IntentEvaluation& evaluation) {
  nlohmann::json out = ToJson(evaluation.metrics);
  out["train_seconds"] = evaluation.train_seconds;
  auto errors = nlohmann::json::array();
  for (const auto& e : evaluation.errors) {
    errors.push_back({{"text", e.text}, {"gold", e.gold}, {"predicted", e.predicted}});
  }
  out["errors"] = std::move(errors);
  return out;
}

}  // namespace balie::evaluation
