#include "answer/calibration.h"

#include <algorithm>
#include <cmath>

namespace balie::answer {

double Platt::operator()(double x) const { return 1.0 / (1.0 + std::exp(-(scale * x + offset))); }

double Logit(double p) {
  const double kept = std::clamp(p, 1e-6, 1 - 1e-6);
  return std::log(kept / (1 - kept));
}

std::optional<Platt> FitPlatt(const std::vector<double>& x, const std::vector<bool>& right) {
  if (x.size() != right.size()) return std::nullopt;
  double positives = 0;
  for (const bool r : right) positives += r ? 1 : 0;
  const double negatives = static_cast<double>(right.size()) - positives;
  if (positives == 0 || negatives == 0) return std::nullopt;
  const double high = (positives + 1) / (positives + 2);
  const double low = 1 / (negatives + 2);
  Platt fit;
  for (int iteration = 0; iteration < 100; ++iteration) {
    double ga = 0, gb = 0, haa = 1e-9, hab = 0, hbb = 1e-9;
    for (size_t i = 0; i < x.size(); ++i) {
      const double p = fit(x[i]);
      const double t = right[i] ? high : low;
      const double w = p * (1 - p);
      ga += (p - t) * x[i];
      gb += p - t;
      haa += w * x[i] * x[i];
      hab += w * x[i];
      hbb += w;
    }
    const double determinant = haa * hbb - hab * hab;
    if (std::abs(determinant) < 1e-12) break;
    const double da = (hbb * ga - hab * gb) / determinant;
    const double db = (haa * gb - hab * ga) / determinant;
    fit.scale -= da;
    fit.offset -= db;
    if (std::abs(da) + std::abs(db) < 1e-7) break;
  }
  return fit;
}

}  // namespace balie::answer
