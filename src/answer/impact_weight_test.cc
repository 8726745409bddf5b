#include "answer/impact_weight.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace balie::answer {
namespace {

using Terms = std::map<std::string, Xapian::termcount>;  // term -> wdf

// Documents of different lengths and term frequencies, the first very short.
std::vector<Terms> Documents() {
  return {
      {{"pas", 1}, {"kwijt", 1}},
      {{"pas", 3}, {"blokkeren", 2}, {"app", 1}, {"direct", 1}},
      {{"pas", 1},
       {"buitenland", 2},
       {"limiet", 1},
       {"app", 1},
       {"instellen", 1},
       {"reis", 1},
       {"europa", 1},
       {"betalen", 2}},
      {{"hypotheek", 2}, {"aflossen", 3}, {"boete", 1}, {"extra", 2}, {"jaar", 1}},
      {{"blokkeren", 1},
       {"kwijt", 2},
       {"gestolen", 1},
       {"bellen", 1},
       {"nacht", 1},
       {"dag", 1},
       {"nummer", 1},
       {"app", 1},
       {"pas", 1},
       {"direct", 1},
       {"melden", 1},
       {"politie", 1}},
  };
}

struct Ranked {
  std::vector<Xapian::docid> ids;
  std::vector<double> weights;
  double max_possible = 0;
  double max_attained = 0;
};

// A glass database in a temporary directory, as the engine's (Xapian's in-memory backend bounds
// wdf differently).
class TemporaryIndex {
 public:
  TemporaryIndex() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "balie-impact-test-XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~TemporaryIndex() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  TemporaryIndex(const TemporaryIndex&) = delete;
  TemporaryIndex& operator=(const TemporaryIndex&) = delete;
  std::string path() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

Ranked Search(const std::vector<Terms>& documents, bool impact, const Xapian::Query& query) {
  double total = 0;
  for (const Terms& terms : documents) {
    for (const auto& [term, wdf] : terms) total += wdf;
  }
  const double average = total / static_cast<double>(documents.size());
  TemporaryIndex index;
  Xapian::WritableDatabase database(index.path(),
                                    Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS);
  Xapian::termcount max_impact = 1;
  for (const Terms& terms : documents) {
    double length = 0;
    for (const auto& [term, wdf] : terms) length += wdf;
    Xapian::Document document;
    for (const auto& [term, wdf] : terms) {
      const Xapian::termcount indexed = impact ? ImpactWdf(wdf, length, average) : wdf;
      max_impact = std::max(max_impact, indexed);
      document.add_term(term, indexed);
    }
    database.add_document(document);
  }
  database.commit();
  Xapian::Enquire enquire(database);
  if (impact) {
    enquire.set_weighting_scheme(Bm25ImpactWeight(max_impact));
  } else {
    enquire.set_weighting_scheme(Xapian::BM25Weight());
  }
  enquire.set_query(query);
  const Xapian::MSet mset = enquire.get_mset(0, 10);
  Ranked ranked;
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    ranked.ids.push_back(*it);
    ranked.weights.push_back(it.get_weight());
  }
  ranked.max_possible = mset.get_max_possible();
  ranked.max_attained = mset.get_max_attained();
  return ranked;
}

TEST(ImpactWeightTest, WeighsAsBm25) {
  const std::vector<std::string> words = {"pas", "blokkeren", "kwijt", "app", "pas"};
  const Xapian::Query query(Xapian::Query::OP_OR, words.begin(), words.end());
  const Ranked bm25 = Search(Documents(), false, query);
  const Ranked impact = Search(Documents(), true, query);
  ASSERT_EQ(bm25.ids.size(), 4U);
  EXPECT_EQ(impact.ids, bm25.ids);
  ASSERT_EQ(impact.weights.size(), bm25.weights.size());
  for (size_t i = 0; i < bm25.weights.size(); ++i) {
    EXPECT_NEAR(impact.weights[i], bm25.weights[i], 2e-3 * bm25.weights[i]) << "rank " << i;
  }
}

TEST(ImpactWeightTest, MaxPossibleBoundsTheWeights) {
  // "pas" in 24 documents of 205: its collection frequency is 24 impacts.
  std::vector<Terms> documents = Documents();
  for (int i = 0; i < 200; ++i) {
    Terms& terms = documents.emplace_back(Terms{{"tekst" + std::to_string(i), 1}});
    if (i % 10 == 0) terms["pas"] = 1;
  }
  const Xapian::Query query(Xapian::Query::OP_OR, Xapian::Query("pas"), Xapian::Query("app"));
  const Ranked impact = Search(documents, true, query);
  ASSERT_FALSE(impact.ids.empty());
  EXPECT_GE(impact.max_possible, impact.max_attained);
  // The bound is the index's largest impact, not Xapian's wdf bound of the term, its collection
  // frequency (here about 24 times too high to prune with).
  EXPECT_LT(impact.max_possible, 2 * impact.max_attained);
}

TEST(ImpactWeightTest, ImpactFollowsFrequencyAndLength) {
  // More occurrences weigh more, with diminishing returns; a longer document weighs less.
  EXPECT_LT(ImpactWdf(1, 40, 40), ImpactWdf(2, 40, 40));
  EXPECT_LT(ImpactWdf(2, 40, 40) - ImpactWdf(1, 40, 40), ImpactWdf(1, 40, 40));
  EXPECT_GT(ImpactWdf(1, 40, 40), ImpactWdf(1, 120, 40));
  // Once at k1 = 1, b = 0.5 and average length: (k1 + 1) * 1 / (1 + 1) = 1.
  EXPECT_EQ(ImpactWdf(1, 40, 40), static_cast<Xapian::termcount>(kImpactScale));
  // Short documents are normalised as if half the average length (min_normlen).
  EXPECT_EQ(ImpactWdf(1, 2, 40), ImpactWdf(1, 20, 40));
  EXPECT_GE(ImpactWdf(1, 1e9, 1), 1U);
}

}  // namespace
}  // namespace balie::answer
