#ifndef BALIE_ANSWER_CALIBRATION_H_
#define BALIE_ANSWER_CALIBRATION_H_

// Turning scores into probabilities: Platt scaling, fitted by the engine on the knowledge base's
// held-out example questions, and by `balie eval questions --fit-calibration` on labelled
// customer questions (model::ConfidenceCalibration). Pure functions; thread-safe.

#include <optional>
#include <vector>

namespace balie::answer {

// P(right | x) = 1 / (1 + e^-(scale * x + offset)).
struct Platt {
  double scale = 1;
  double offset = 0;
  double operator()(double x) const;
};

// Fits a Platt scaling by Newton's method on the log-loss, with Platt's smoothed targets (Lin,
// Lin and Weng 2007). nullopt when one outcome is missing (nothing to fit) or the sizes differ.
std::optional<Platt> FitPlatt(const std::vector<double>& x, const std::vector<bool>& right);

// log(p / (1 - p)), with p kept within [1e-6, 1 - 1e-6] so that 0 and 1 stay finite.
double Logit(double p);

}  // namespace balie::answer

#endif  // BALIE_ANSWER_CALIBRATION_H_
