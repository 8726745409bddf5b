#include "answer/decision_model.h"

#include <algorithm>
#include <cmath>
#include <cstddef>

namespace balie::answer {
namespace {

double Sigmoid(double z) { return 1 / (1 + std::exp(-z)); }

// Solves a * x = b for a symmetric positive-definite a (n x n, row-major) by Gaussian elimination
// with partial pivoting; a and b are overwritten. False when a is singular.
bool Solve(std::vector<double>& a, std::vector<double>& b, size_t n) {
  for (size_t col = 0; col < n; ++col) {
    size_t pivot = col;
    for (size_t row = col + 1; row < n; ++row) {
      if (std::abs(a[row * n + col]) > std::abs(a[pivot * n + col])) pivot = row;
    }
    if (std::abs(a[pivot * n + col]) < 1e-12) return false;
    if (pivot != col) {
      for (size_t k = 0; k < n; ++k) std::swap(a[col * n + k], a[pivot * n + k]);
      std::swap(b[col], b[pivot]);
    }
    for (size_t row = col + 1; row < n; ++row) {
      const double factor = a[row * n + col] / a[col * n + col];
      for (size_t k = col; k < n; ++k) a[row * n + k] -= factor * a[col * n + k];
      b[row] -= factor * b[col];
    }
  }
  for (size_t i = n; i-- > 0;) {
    double sum = b[i];
    for (size_t k = i + 1; k < n; ++k) sum -= a[i * n + k] * b[k];
    b[i] = sum / a[i * n + i];
  }
  return true;
}

}  // namespace

std::optional<DecisionModel> DecisionModel::Fit(std::span<const Sample> samples, double l2) {
  if (samples.empty()) return std::nullopt;
  const bool any_right = std::any_of(samples.begin(), samples.end(),
                                     [](const Sample& sample) { return sample.right; });
  const bool any_wrong = std::any_of(samples.begin(), samples.end(),
                                     [](const Sample& sample) { return !sample.right; });
  if (!any_right || !any_wrong) return std::nullopt;
  const size_t d = samples.front().signals.size();
  DecisionModel model;
  model.mean_.assign(d, 0);
  model.scale_.assign(d, 1);
  double total_weight = 0;
  for (const Sample& sample : samples) {
    total_weight += sample.weight;
    for (size_t j = 0; j < d; ++j) model.mean_[j] += sample.weight * sample.signals[j];
  }
  for (double& mean : model.mean_) mean /= total_weight;
  std::vector<double> variance(d, 0);
  for (const Sample& sample : samples) {
    for (size_t j = 0; j < d; ++j) {
      const double centred = sample.signals[j] - model.mean_[j];
      variance[j] += sample.weight * centred * centred;
    }
  }
  for (size_t j = 0; j < d; ++j) {
    const double deviation = std::sqrt(variance[j] / total_weight);
    model.scale_[j] = deviation > 1e-9 ? 1 / deviation : 1;
  }

  // Parameters: the weights, then the bias (index d).
  const size_t n = d + 1;
  std::vector<double> theta(n, 0);
  std::vector<double> x(n, 1);
  for (int iteration = 0; iteration < 50; ++iteration) {
    std::vector<double> gradient(n, 0);
    std::vector<double> hessian(n * n, 0);
    for (const Sample& sample : samples) {
      for (size_t j = 0; j < d; ++j) x[j] = (sample.signals[j] - model.mean_[j]) * model.scale_[j];
      double z = 0;
      for (size_t j = 0; j < n; ++j) z += theta[j] * x[j];
      const double p = Sigmoid(z);
      const double residual = sample.weight * (p - (sample.right ? 1.0 : 0.0));
      const double curvature = sample.weight * std::max(p * (1 - p), 1e-9);
      for (size_t j = 0; j < n; ++j) {
        gradient[j] += residual * x[j];
        for (size_t k = 0; k <= j; ++k) hessian[j * n + k] += curvature * x[j] * x[k];
      }
    }
    for (size_t j = 0; j < n; ++j) {
      for (size_t k = j + 1; k < n; ++k) hessian[j * n + k] = hessian[k * n + j];
    }
    for (size_t j = 0; j < d; ++j) {
      gradient[j] += l2 * theta[j];
      hessian[j * n + j] += l2;
    }
    if (!Solve(hessian, gradient, n)) break;
    double step = 0;
    for (size_t j = 0; j < n; ++j) {
      theta[j] -= gradient[j];
      step += std::abs(gradient[j]);
    }
    if (step < 1e-8) break;
  }
  model.weights_.assign(theta.begin(), theta.begin() + static_cast<std::ptrdiff_t>(d));
  model.bias_ = theta[d];
  return model;
}

double DecisionModel::Probability(std::span<const double> signals) const {
  double z = bias_;
  for (size_t j = 0; j < weights_.size() && j < signals.size(); ++j) {
    z += weights_[j] * (signals[j] - mean_[j]) * scale_[j];
  }
  return Sigmoid(z);
}

}  // namespace balie::answer
