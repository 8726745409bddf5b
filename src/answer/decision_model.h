#ifndef BALIE_ANSWER_DECISION_MODEL_H_
#define BALIE_ANSWER_DECISION_MODEL_H_

// A logistic regression over a handful of signals: the answer engine's estimate of the
// probability that answering with the best article is right.
//
// Fit standardises each signal (mean 0, standard deviation 1 over the training samples) and
// minimises the log-loss plus an L2 penalty on the weights (not the bias) by Newton's method; with
// a dozen signals and a few thousand samples that takes milliseconds. Samples may carry weights.
//
// Thread-safety: a fitted model is immutable; Probability may be called from many threads.

#include <optional>
#include <span>
#include <vector>

namespace balie::answer {

class DecisionModel {
 public:
  struct Sample {
    std::vector<double> signals;  // the same count for every sample
    bool right = false;
    double weight = 1;
  };

  // Nullopt when the samples are empty or hold only one outcome: there is nothing to learn.
  static std::optional<DecisionModel> Fit(std::span<const Sample> samples, double l2 = 1.0);

  // P(right | signals), in (0, 1). `signals` has the training samples' count.
  double Probability(std::span<const double> signals) const;

  // The weight of each signal on the standardised scale (for explaining and for tests).
  std::span<const double> weights() const { return weights_; }

 private:
  std::vector<double> mean_;
  std::vector<double> scale_;  // 1 / standard deviation (1 for a constant signal)
  std::vector<double> weights_;
  double bias_ = 0;
};

}  // namespace balie::answer

#endif  // BALIE_ANSWER_DECISION_MODEL_H_
