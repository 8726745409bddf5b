#include "answer/impact_weight.h"

#include <algorithm>
#include <cmath>

namespace balie::answer {
namespace {

// BM25Weight's default parameters, which the engine has always searched with.
constexpr double kK1 = 1.0;
constexpr double kB = 0.5;
constexpr double kMinNormalisedLength = 0.5;

}  // namespace

Xapian::termcount ImpactWdf(Xapian::termcount wdf, double document_length, double average_length) {
  const double normalised_length =
      std::max(average_length > 0 ? document_length / average_length : 0.0, kMinNormalisedLength);
  const auto frequency = static_cast<double>(wdf);
  const double impact =
      (kK1 + 1) * frequency / (kK1 * (normalised_length * kB + (1 - kB)) + frequency);
  return std::max<Xapian::termcount>(
      1, static_cast<Xapian::termcount>(std::lround(impact * kImpactScale)));
}

Bm25ImpactWeight::Bm25ImpactWeight(Xapian::termcount max_impact) : max_impact_(max_impact) {
  // No DOC_LENGTH: that is the point of this scheme.
  need_stat(TERMFREQ);
  need_stat(COLLECTION_SIZE);
  need_stat(WDF);
  need_stat(WDF_MAX);
  need_stat(WQF);
}

Bm25ImpactWeight* Bm25ImpactWeight::clone() const { return new Bm25ImpactWeight(max_impact_); }

// BM25Weight::init of Xapian 1.4 without relevance feedback: the idf, kept positive for terms in
// more than half of the documents, times the query-frequency factor (k3 = 1).
void Bm25ImpactWeight::init(double factor) {
  const auto documents = static_cast<double>(get_collection_size());
  const auto with_term = static_cast<double>(get_termfreq());
  double ratio = (documents - with_term + 0.5) / (with_term + 0.5);
  if (ratio < 2) ratio = ratio * 0.5 + 1;
  const auto query_frequency = static_cast<double>(get_wqf());
  term_weight_ =
      std::log(ratio) * factor * 2 * query_frequency / (1 + query_frequency) / kImpactScale;
}

std::string Bm25ImpactWeight::name() const { return "balie.Bm25ImpactWeight"; }

double Bm25ImpactWeight::get_sumpart(Xapian::termcount wdf, Xapian::termcount /*document_length*/,
                                     Xapian::termcount /*unique_terms*/) const {
  return term_weight_ * static_cast<double>(wdf);
}

// Xapian's per-term wdf bound is the term's collection frequency (a sum of impacts, far too high
// to prune with), so the index-wide largest impact bounds it instead.
double Bm25ImpactWeight::get_maxpart() const {
  return term_weight_ * static_cast<double>(std::min(get_wdf_upper_bound(), max_impact_));
}

double Bm25ImpactWeight::get_sumextra(Xapian::termcount /*document_length*/,
                                      Xapian::termcount /*unique_terms*/) const {
  return 0;
}

double Bm25ImpactWeight::get_maxextra() const { return 0; }

}  // namespace balie::answer
