#ifndef BALIE_EVALUATION_INTENT_DATA_H_
#define BALIE_EVALUATION_INTENT_DATA_H_

// Intent-classification data sets: readers for the formats in shared/data (CLINC150 and xSID-nl
// JSON, Banking77 CSV) and a deterministic, stratified train/test split. All functions are pure
// (apart from reading the named file) and thread-safe.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace balie::evaluation {

// The intent that marks an out-of-scope question (expected decision: no article, hand off).
inline constexpr std::string_view kOutOfScopeIntent = "oos";

struct IntentExample {
  std::string text;
  std::string intent;

  friend bool operator==(const IntentExample&, const IntentExample&) = default;
};

// Parses a JSON object whose values are lists of [text, intent] pairs; every list is read, in the
// order of the object's keys as written in the file. Members whose value is not a list are an
// error. `source` names the input in error messages ("train.json").
[[nodiscard]] base::Result<std::vector<IntentExample>> ParseIntentJson(std::string_view content,
                                                                       std::string_view source);

// Parses RFC 4180 CSV with the header `text,category` (column order free, other columns ignored).
// Fields may be quoted and then contain commas, doubled quotes ("") and line breaks; CRLF and LF
// line ends are accepted; a final line break is optional. Errors name `source` and the line.
[[nodiscard]] base::Result<std::vector<IntentExample>> ParseIntentCsv(std::string_view content,
                                                                      std::string_view source);

// Reads `path`: `.json` with ParseIntentJson, `.csv` with ParseIntentCsv; other extensions are an
// error.
[[nodiscard]] base::Result<std::vector<IntentExample>> LoadIntentFile(const std::string& path);

struct TrainTestSplit {
  std::vector<IntentExample> train;
  std::vector<IntentExample> test;
};

// The seed used for the Banking77 dev split in shared/data and docs.
inline constexpr std::uint64_t kDefaultSplitSeed = 20240607;

// Splits per intent (stratified): of each intent's n examples, round(n * test_fraction) go to
// test, but at least one stays in train when n >= 1 and at least one goes to test when n >= 2 and
// test_fraction > 0. Which examples go where is a Fisher-Yates shuffle driven by std::mt19937_64
// seeded with `seed` (the generator's output is specified by the standard, and the shuffle is
// written out here, so the split is the same with every standard library). Intents are visited in
// sorted order; both outputs keep the input order of the examples.
TrainTestSplit SplitTrainTest(const std::vector<IntentExample>& examples,
                              double test_fraction = 0.2, std::uint64_t seed = kDefaultSplitSeed);

}  // namespace balie::evaluation

#endif  // BALIE_EVALUATION_INTENT_DATA_H_
