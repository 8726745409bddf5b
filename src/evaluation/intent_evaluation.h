#ifndef BALIE_EVALUATION_INTENT_EVALUATION_H_
#define BALIE_EVALUATION_INTENT_EVALUATION_H_

// Measures how well a predictor maps questions to intents and recognises out-of-scope questions,
// with the metrics of Larson et al. 2019 (CLINC150): in-scope accuracy and out-of-scope recall,
// plus out-of-scope precision and the time per question.
//
// The predictor is a plain std::function so that anything can be measured: the whole answer
// engine (each intent an article whose examples are the training texts, the `oos` texts the
// knowledge base's out-of-scope examples) or a bare classifier. The functions here are
// thread-safe; they call the predictor from the calling thread only, one question at a time.

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/status.h"
#include "evaluation/intent_data.h"

namespace balie::evaluation {

// Returns the predicted intent of a question, or kOutOfScopeIntent ("oos") for "fits nothing".
using IntentPredictor = std::function<std::string(std::string_view question)>;

// Builds a predictor from training examples (the `oos` ones included: the builder decides how to
// use them). An error stops the evaluation.
using IntentPredictorFactory =
    std::function<base::Result<IntentPredictor>(const std::vector<IntentExample>& train)>;

struct IntentMetrics {
  size_t n_test = 0;            // all test questions
  size_t n_in_scope = 0;        // gold intent is not oos
  size_t n_out_of_scope = 0;    // gold intent is oos
  size_t in_scope_correct = 0;  // in scope and given exactly the gold intent
  size_t oos_predicted = 0;     // predicted oos (rightly or not)
  size_t oos_correct = 0;       // gold oos and predicted oos
  // in_scope_correct / n_in_scope: a question sent to oos counts as wrong. Unset without
  // in-scope questions; likewise below.
  std::optional<double> in_scope_accuracy;
  std::optional<double> oos_recall;     // oos_correct / n_out_of_scope
  std::optional<double> oos_precision;  // oos_correct / oos_predicted
  // Wall-clock time per predictor call in microseconds (nearest-rank percentiles); 0 when not
  // measured.
  double median_us = 0;
  double p99_us = 0;
};

// Computes the metrics from parallel lists of gold and predicted intents; `micros` (time per
// question) may be empty or parallel to them. Requires gold.size() == predicted.size().
IntentMetrics ComputeIntentMetrics(const std::vector<std::string>& gold,
                                   const std::vector<std::string>& predicted,
                                   std::vector<double> micros = {});

// {"n_test":…, "in_scope_accuracy":…, "oos_recall":…, "oos_precision":…, "median_us":…,
// "p99_us":…, and the counts}; unset rates are null.
nlohmann::json ToJson(const IntentMetrics& metrics);

// A test question the predictor got wrong.
struct Misprediction {
  std::string text;
  std::string gold;
  std::string predicted;
};

struct IntentEvaluation {
  IntentMetrics metrics;
  double train_seconds = 0;           // time spent in the factory
  std::vector<Misprediction> errors;  // the first `max_errors` mistakes, in test order
};

// Asks `predictor` about every test question and scores the answers. Keeps up to `max_errors`
// mistakes.
IntentEvaluation EvaluatePredictor(const std::vector<IntentExample>& test,
                                   const IntentPredictor& predictor, size_t max_errors = 0);

// Builds a predictor from `train` with `make_predictor`, then EvaluatePredictor on `test`.
// Returns the factory's error, if any.
[[nodiscard]] base::Result<IntentEvaluation> RunIntentEvaluation(
    const std::vector<IntentExample>& train, const std::vector<IntentExample>& test,
    const IntentPredictorFactory& make_predictor, size_t max_errors = 0);

// ToJson(metrics) plus "train_seconds" and "errors": [{"text","gold","predicted"}, …].
nlohmann::json ToJson(const IntentEvaluation& evaluation);

}  // namespace balie::evaluation

#endif  // BALIE_EVALUATION_INTENT_EVALUATION_H_
