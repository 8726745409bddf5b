#ifndef BALIE_ANSWER_IMPACT_WEIGHT_H_
#define BALIE_ANSWER_IMPACT_WEIGHT_H_

// BM25 with the document-length normalisation done when the index is built.
//
// Xapian's BM25Weight needs the length of every document it weighs, and reading it is a lookup in
// a separate table of the index for each candidate: on a 10,000-article knowledge base that was
// two thirds of the time of a search (docs/benchmarks.md). Here the index stores, as each term's
// wdf, BM25's term-frequency part already normalised for its document's length ("impact",
// ImpactWdf), and Bm25ImpactWeight multiplies it by the term's BM25 inverse document frequency.
// The weights equal BM25Weight's defaults (k1 = 1, k3 = 1, b = 0.5, min_normlen = 0.5) up to the
// rounding of the impact to 1/kImpactScale, and no document length is read while searching.
//
// Contract: every document of an index searched with Bm25ImpactWeight has impact wdfs (written by
// ImpactWdf with that index's average document length), and `max_impact` is at least the largest
// of them — it bounds the weight, which Xapian's matcher uses to skip documents that cannot reach
// the results.
//
// Thread-safety: ImpactWdf is a pure function. A Bm25ImpactWeight is copied (clone) per term and
// per search by Xapian; a Xapian::Enquire holding one is not thread-safe, as any Enquire.

#include <xapian.h>

#include <string>

namespace balie::answer {

// Fixed-point scale of the stored impact: 1000 keeps the ranking of BM25 (the rounding changes
// the best document of 1 question in 1,644 on the generated 10,000-article knowledge base).
inline constexpr double kImpactScale = 1000;

// The wdf to index for a term that occurs `wdf` times (title words counted with their extra
// weight) in a document whose wdfs add up to `document_length`, in an index whose documents
// average `average_length`. At least 1, so that the term still matches.
Xapian::termcount ImpactWdf(Xapian::termcount wdf, double document_length, double average_length);

class Bm25ImpactWeight : public Xapian::Weight {
 public:
  // `max_impact`: the largest wdf in the index (see the contract above).
  explicit Bm25ImpactWeight(Xapian::termcount max_impact);

  Bm25ImpactWeight* clone() const override;
  void init(double factor) override;
  std::string name() const override;
  double get_sumpart(Xapian::termcount wdf, Xapian::termcount document_length,
                     Xapian::termcount unique_terms) const override;
  double get_maxpart() const override;
  double get_sumextra(Xapian::termcount document_length,
                      Xapian::termcount unique_terms) const override;
  double get_maxextra() const override;

 private:
  Xapian::termcount max_impact_;
  double term_weight_ = 0;  // BM25's idf (with the query-frequency factor) per unit of wdf
};

}  // namespace balie::answer

#endif  // BALIE_ANSWER_IMPACT_WEIGHT_H_
