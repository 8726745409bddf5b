#ifndef BALIE_ANSWER_CLASSIFIER_H_
#define BALIE_ANSWER_CLASSIFIER_H_

// TextClassifier: a linear model over word and character n-grams that maps a question (already
// folded and split into words by base::Words, perhaps with typos corrected and synonyms made
// canonical) to one of N classes, with calibrated probabilities and an out-of-scope signal.
//
// Features: word unigrams and bigrams, character 2-5-grams inside each word (padded with a space
// on both sides), optional Snowball stems; sublinear TF-IDF, each block L2-normalised. The
// vocabulary is learned from the training examples (features seen in fewer than
// `min_document_frequency` examples are dropped). The weights are trained one-vs-rest with
// LIBLINEAR and copied into a compact feature-major float matrix; LIBLINEAR's model is freed.
//
// Thread-safety: Train may be called from any thread (calls into LIBLINEAR are serialised inside,
// because its solvers draw from the C library's global rand()). A trained TextClassifier is
// immutable: every const method is safe to call from many threads at once.
//
// Cost, measured on the development machine (see src/evaluation/README.md): CLINC150 (15,100
// examples, 151 classes) trains in about 10 s on one core; Predict takes about 15 us.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/status.h"

namespace balie::answer {

// The LIBLINEAR solver that trains the one-vs-rest weights.
enum class LinearSolver {
  kLogisticRegressionDual,    // L2R_LR_DUAL
  kLogisticRegressionPrimal,  // L2R_LR (trust-region Newton)
  kSvmDual,                   // L2R_L2LOSS_SVC_DUAL
  kCrammerSinger,             // MCSVM_CS (multi-class SVM, one joint model)
};

struct TextClassifierOptions {
  // Features.
  bool word_unigrams = true;
  bool word_bigrams = true;
  int char_ngram_min = 2;  // character n-grams inside words; char_ngram_max == 0 turns them off
  int char_ngram_max = 5;
  float char_weight = 1.0F;         // weight of the character block against the word block
  std::string stem_language;        // "english", "dutch", …: add Snowball stems; "" = none
  int min_document_frequency = 2;   // drop features seen in fewer training examples
  bool sublinear_tf = true;         // 1 + ln(tf) instead of tf

  // Training.
  LinearSolver solver = LinearSolver::kLogisticRegressionDual;
  double c = 10.0;         // LIBLINEAR's cost: higher fits the training data more closely
  double epsilon = 0.01;   // LIBLINEAR's stopping tolerance
  // Per-class multipliers of C (index = class id); empty or missing entries mean 1. E.g. a
  // higher weight for an out-of-scope class makes the model send more questions there.
  std::vector<double> class_weights;

  // Calibration: probabilities are softmax(decision value / temperature) over the classes.
  double temperature = 0.25;
};

// A training example: the question's words (base::Words output) and its class id.
struct ClassifierExample {
  std::vector<std::string> words;
  int label = 0;
};

struct ClassProbability {
  int label = 0;
  float probability = 0;
};

struct ClassifierPrediction {
  // The k most probable classes, most probable first (ties: lower id first). The probabilities
  // of all classes, including those not listed, sum to 1.
  std::vector<ClassProbability> top;
  // The highest one-vs-rest decision value, as a probability: 1 / (1 + exp(-d)). Low when the
  // question resembles no class; an out-of-scope signal that does not depend on the other
  // classes.
  float max_sigmoid = 0;
  // True when no feature of the question was seen in training (every word unknown).
  bool no_known_features = false;
};

// A sparse feature vector: ids ascending, unit L2 norm (unless empty).
struct FeatureVector {
  std::vector<std::uint32_t> ids;
  std::vector<float> values;
};

class TextClassifier {
 public:
  // Trains on `examples`, whose labels must lie in [0, num_classes). Classes without examples are
  // allowed and get probability 0. Fails with InvalidArgument when fewer than two classes have
  // examples or a label is out of range. Deterministic: the same examples (in the same order)
  // and options give the same model.
  [[nodiscard]] static base::Result<TextClassifier> Train(
      const std::vector<ClassifierExample>& examples, int num_classes,
      const TextClassifierOptions& options = {});

  // The k most probable classes (k is capped at num_classes()) and the out-of-scope signals.
  ClassifierPrediction Predict(std::span<const std::string> words, size_t k = 5) const;

  // The probability of every class (size num_classes(), sums to 1).
  std::vector<float> Probabilities(std::span<const std::string> words) const;

  // The raw one-vs-rest decision values (size num_classes()); -infinity for classes without
  // training examples.
  std::vector<float> DecisionValues(std::span<const std::string> words) const;

  // The question's TF-IDF vector in this classifier's feature space.
  FeatureVector Vectorize(std::span<const std::string> words) const;

  int num_classes() const { return num_classes_; }
  size_t num_features() const { return idf_.size(); }
  const TextClassifierOptions& options() const { return options_; }
  // Bytes held by the model (weights, vocabulary, idf), roughly.
  size_t MemoryBytes() const;

 private:
  TextClassifier() = default;

  // The hashed n-grams of a question, each with its block (0 = words, 1 = characters).
  struct HashedFeature {
    std::uint64_t hash;
    std::uint32_t block;
  };
  std::vector<HashedFeature> ExtractFeatures(std::span<const std::string> words) const;
  void Scores(const FeatureVector& x, std::span<float> out) const;

  TextClassifierOptions options_;
  int num_classes_ = 0;
  std::unordered_map<std::uint64_t, std::uint32_t> vocabulary_;  // n-gram hash -> feature id
  std::vector<float> idf_;                                      // per feature id
  std::vector<std::uint8_t> block_;                             // per feature id
  std::vector<float> weights_;  // feature-major: weights_[id * num_classes_ + label]
  std::vector<float> bias_;     // per class; -infinity for classes without examples
};

}  // namespace balie::answer

#endif  // BALIE_ANSWER_CLASSIFIER_H_
