#include "answer/classifier.h"

#include <linear.h>
#include <xapian.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <memory>
#include <mutex>
#include <numeric>

namespace balie::answer {
namespace {

// Seeds that keep the feature kinds apart in the hash space.
constexpr std::uint64_t kWordSeed = 0x9E3779B97F4A7C15ULL;
constexpr std::uint64_t kBigramSeed = 0xC2B2AE3D27D4EB4FULL;
constexpr std::uint64_t kCharSeed = 0x165667B19E3779F9ULL;
constexpr std::uint64_t kTrigramSeed = 0x85EBCA77C2B2AE63ULL;
constexpr std::uint64_t kStartSeed = 0xD6E8FEB86659FD93ULL;
constexpr std::uint64_t kEndSeed = 0xA0761D6478BD642FULL;
constexpr std::uint64_t kStemSeed = 0x27D4EB2F165667C5ULL;
constexpr std::uint64_t kPairSeed = 0x94D049BB133111EBULL;
constexpr std::uint64_t kFnvPrime = 0x100000001B3ULL;

constexpr std::uint32_t kWordBlock = 0;
constexpr std::uint32_t kCharBlock = 1;
constexpr int kBlocks = 2;
constexpr size_t kLanes = 8;

std::uint64_t HashBytes(std::uint64_t h, std::string_view bytes) {
  for (const char c : bytes) h = (h ^ static_cast<unsigned char>(c)) * kFnvPrime;
  return h;
}

// Mixes the bits (splitmix64's finaliser) so that similar strings spread over the table.
std::uint64_t Finish(std::uint64_t h) {
  h ^= h >> 30;
  h *= 0xBF58476D1CE4E5B9ULL;
  h ^= h >> 27;
  h *= 0x94D049BB133111EBULL;
  h ^= h >> 31;
  return h;
}

int SolverType(LinearSolver solver) {
  switch (solver) {
    case LinearSolver::kLogisticRegressionDual:
      return L2R_LR_DUAL;
    case LinearSolver::kLogisticRegressionPrimal:
      return L2R_LR;
    case LinearSolver::kSvmDual:
      return L2R_L2LOSS_SVC_DUAL;
    case LinearSolver::kCrammerSinger:
      return MCSVM_CS;
  }
  return L2R_LR_DUAL;
}

void Silent(const char* /*message*/) {}

// LIBLINEAR's dual solvers permute with the C library's global rand(); seeding it right before
// training, under this lock, makes training deterministic even with other threads training.
std::mutex& LiblinearMutex() {
  static std::mutex mutex;
  return mutex;
}

struct ModelDeleter {
  void operator()(model* m) const { free_and_destroy_model(&m); }
};

}  // namespace

std::vector<TextClassifier::HashedFeature> TextClassifier::ExtractFeatures(
    std::span<const std::string> words) const {
  std::vector<HashedFeature> out;
  const auto& o = options_;
  if (o.word_unigrams) {
    for (const auto& w : words) out.push_back({Finish(HashBytes(kWordSeed, w)), kWordBlock});
  }
  if (o.word_bigrams) {
    for (size_t i = 0; i + 1 < words.size(); ++i) {
      std::uint64_t h = HashBytes(kBigramSeed, words[i]);
      h = HashBytes(h, " ");
      out.push_back({Finish(HashBytes(h, words[i + 1])), kWordBlock});
    }
  }
  if (o.word_pair_window >= 2) {
    const auto window = static_cast<size_t>(o.word_pair_window);
    for (size_t i = 0; i < words.size(); ++i) {
      for (size_t j = i + 2; j < words.size() && j <= i + window; ++j) {
        const bool ordered = words[i] <= words[j];
        std::uint64_t h = HashBytes(kPairSeed, ordered ? words[i] : words[j]);
        h = HashBytes(h, " ");
        out.push_back({Finish(HashBytes(h, ordered ? words[j] : words[i])), kWordBlock, true});
      }
    }
  }
  if (o.sentence_boundaries && !words.empty()) {
    out.push_back({Finish(HashBytes(kStartSeed, words.front())), kWordBlock});
    out.push_back({Finish(HashBytes(kEndSeed, words.back())), kWordBlock});
  }
  if (o.word_trigrams) {
    for (size_t i = 0; i + 2 < words.size(); ++i) {
      std::uint64_t h = HashBytes(kTrigramSeed, words[i]);
      h = HashBytes(HashBytes(h, " "), words[i + 1]);
      out.push_back({Finish(HashBytes(HashBytes(h, " "), words[i + 2])), kWordBlock});
    }
  }
  if (!o.stem_language.empty()) {
    // Xapian::Stem keeps state while stemming, so each call gets its own.
    Xapian::Stem stem(o.stem_language);
    for (const auto& w : words) {
      out.push_back({Finish(HashBytes(kStemSeed, stem(w))), kWordBlock});
    }
  }
  if (o.char_ngram_max > 0) {
    const auto min_n = static_cast<size_t>(std::max(1, o.char_ngram_min));
    const auto max_n = static_cast<size_t>(o.char_ngram_max);
    std::string padded;
    auto add_ngrams = [&] {
      for (size_t start = 0; start < padded.size(); ++start) {
        std::uint64_t h = kCharSeed;
        for (size_t n = 1; n <= max_n && start + n <= padded.size(); ++n) {
          h = (h ^ static_cast<unsigned char>(padded[start + n - 1])) * kFnvPrime;
          if (n >= min_n) out.push_back({Finish(h), kCharBlock});
        }
      }
    };
    if (o.char_across_words) {
      padded.assign(1, ' ');
      for (const auto& w : words) {
        padded += w;
        padded += ' ';
      }
      add_ngrams();
    } else {
      for (const auto& w : words) {
        padded.assign(1, ' ');
        padded += w;
        padded += ' ';
        add_ngrams();
      }
    }
  }
  return out;
}

FeatureVector TextClassifier::Vectorize(std::span<const std::string> words) const {
  const auto hashed = ExtractFeatures(words);
  std::vector<std::uint32_t> ids;
  ids.reserve(hashed.size());
  for (const auto& f : hashed) {
    const auto it = vocabulary_.find(f.hash);
    if (it != vocabulary_.end()) ids.push_back(it->second);
  }
  std::sort(ids.begin(), ids.end());
  FeatureVector x;
  std::array<double, kBlocks> norm2{};
  for (size_t i = 0; i < ids.size();) {
    size_t j = i;
    while (j < ids.size() && ids[j] == ids[i]) ++j;
    const auto tf = static_cast<double>(j - i);
    const double weight =
        (options_.sublinear_tf ? 1.0 + std::log(tf) : tf) * static_cast<double>(idf_[ids[i]]);
    x.ids.push_back(ids[i]);
    x.values.push_back(static_cast<float>(weight));
    norm2[block_[ids[i]]] += weight * weight;
    i = j;
  }
  std::array<float, kBlocks> scale{};
  const std::array<double, kBlocks> block_weight = {1.0, options_.char_weight};
  double total2 = 0;
  for (size_t b = 0; b < kBlocks; ++b) {
    if (norm2[b] > 0) total2 += block_weight[b] * block_weight[b];
  }
  for (size_t b = 0; b < kBlocks; ++b) {
    scale[b] = norm2[b] > 0 && total2 > 0
                   ? static_cast<float>(block_weight[b] / std::sqrt(norm2[b] * total2))
                   : 0.0F;
  }
  for (size_t i = 0; i < x.ids.size(); ++i) x.values[i] *= scale[block_[x.ids[i]]];
  return x;
}

void TextClassifier::Scores(const FeatureVector& x, std::span<float> out) const {
  // Rows are padded to a multiple of kLanes so that the fixed-width inner loop is vectorised.
  std::vector<float> sum(stride_, 0.0F);
  for (size_t i = 0; i < x.ids.size(); ++i) {
    const float v = x.values[i];
    const float* row = weights_.data() + static_cast<size_t>(x.ids[i]) * stride_;
    for (size_t c = 0; c < stride_; c += kLanes) {
      std::array<float, kLanes> w;
      std::memcpy(w.data(), row + c, sizeof w);
      float* s = sum.data() + c;
      for (size_t j = 0; j < kLanes; ++j) s[j] += v * w[j];
    }
  }
  for (size_t c = 0; c < out.size(); ++c) out[c] = bias_[c] + sum[c];
}

std::vector<float> TextClassifier::DecisionValues(std::span<const std::string> words) const {
  std::vector<float> out(static_cast<size_t>(num_classes_));
  Scores(Vectorize(words), out);
  return out;
}

std::vector<float> TextClassifier::Probabilities(std::span<const std::string> words) const {
  std::vector<float> p = DecisionValues(words);
  const float top = *std::max_element(p.begin(), p.end());
  const auto inverse_t = static_cast<float>(1.0 / options_.temperature);
  double sum = 0;
  for (float& v : p) {
    v = std::exp((v - top) * inverse_t);
    sum += v;
  }
  for (float& v : p) v = static_cast<float>(v / sum);
  return p;
}

ClassifierPrediction TextClassifier::Predict(std::span<const std::string> words, size_t k) const {
  return Predict(words, k, options_.out_of_scope_threshold);
}

ClassifierPrediction TextClassifier::Predict(std::span<const std::string> words, size_t k,
                                             float out_of_scope_threshold) const {
  const FeatureVector x = Vectorize(words);
  std::vector<float> d(static_cast<size_t>(num_classes_));
  Scores(x, d);
  ClassifierPrediction prediction;
  prediction.no_known_features = x.ids.empty();

  const int oos = options_.out_of_scope_label;
  int best = -1;
  int best_in_scope = -1;
  for (int c = 0; c < num_classes_; ++c) {
    const float v = d[static_cast<size_t>(c)];
    if (best < 0 || v > d[static_cast<size_t>(best)]) best = c;
    if (c != oos && (best_in_scope < 0 || v > d[static_cast<size_t>(best_in_scope)])) {
      best_in_scope = c;
    }
  }
  prediction.best_label = best_in_scope;
  const float best_in_scope_value = d[static_cast<size_t>(best_in_scope)];
  const bool has_oos = oos >= 0 && std::isfinite(d[static_cast<size_t>(oos)]);
  prediction.in_scope_score =
      has_oos ? best_in_scope_value - d[static_cast<size_t>(oos)] : best_in_scope_value;
  prediction.out_of_scope = best == oos || prediction.in_scope_score < out_of_scope_threshold ||
                            prediction.no_known_features;

  // Softmax in place; d then holds unnormalised probabilities.
  const float top = d[static_cast<size_t>(best)];
  const auto inverse_t = static_cast<float>(1.0 / options_.temperature);
  double sum = 0;
  for (float& v : d) {
    v = std::exp((v - top) * inverse_t);
    sum += v;
  }
  std::vector<int> order(d.size());
  std::iota(order.begin(), order.end(), 0);
  k = std::min(k, order.size());
  std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(k), order.end(),
                    [&](int a, int b) {
                      const float pa = d[static_cast<size_t>(a)];
                      const float pb = d[static_cast<size_t>(b)];
                      return pa > pb || (pa == pb && a < b);
                    });
  prediction.top.reserve(k);
  for (size_t i = 0; i < k; ++i) {
    const int label = order[i];
    prediction.top.push_back({label, static_cast<float>(d[static_cast<size_t>(label)] / sum)});
  }
  return prediction;
}

size_t TextClassifier::MemoryBytes() const {
  return weights_.size() * sizeof(float) + bias_.size() * sizeof(float) +
         idf_.size() * (sizeof(float) + 1) +
         vocabulary_.size() * (sizeof(std::uint64_t) + sizeof(std::uint32_t) + 2 * sizeof(void*)) +
         vocabulary_.bucket_count() * sizeof(void*);
}

base::Result<TextClassifier> TextClassifier::Train(const std::vector<ClassifierExample>& examples,
                                                   int num_classes,
                                                   const TextClassifierOptions& options) {
  if (num_classes < 2) return base::InvalidArgument("a classifier needs at least two classes");
  if (!(options.temperature > 0) || !(options.c > 0) || !(options.epsilon > 0)) {
    return base::InvalidArgument("temperature, C and epsilon must be positive");
  }
  if (options.out_of_scope_label >= num_classes) {
    return base::InvalidArgument("out_of_scope_label " +
                                 std::to_string(options.out_of_scope_label) + " is not a class");
  }
  if (!options.stem_language.empty()) {
    try {
      Xapian::Stem stem(options.stem_language);
    } catch (const Xapian::Error& e) {
      return base::InvalidArgument("stem_language \"" + options.stem_language +
                                   "\": " + e.get_msg());
    }
  }
  std::vector<int> class_size(static_cast<size_t>(num_classes), 0);
  for (const auto& e : examples) {
    if (e.label < 0 || e.label >= num_classes) {
      return base::InvalidArgument("label " + std::to_string(e.label) + " is outside [0, " +
                                   std::to_string(num_classes) + ")");
    }
    ++class_size[static_cast<size_t>(e.label)];
  }
  if (std::count_if(class_size.begin(), class_size.end(), [](int n) { return n > 0; }) < 2) {
    return base::InvalidArgument("the training examples must cover at least two classes");
  }

  TextClassifier classifier;
  classifier.options_ = options;
  classifier.num_classes_ = num_classes;

  // Vocabulary: ids in order of first appearance, which depends only on the examples' order.
  std::vector<std::vector<HashedFeature>> hashed(examples.size());
  struct Seen {
    std::uint32_t examples = 0;
    HashedFeature feature;
  };
  std::unordered_map<std::uint64_t, Seen> df;
  std::vector<std::uint64_t> first_seen;
  for (size_t i = 0; i < examples.size(); ++i) {
    hashed[i] = classifier.ExtractFeatures(examples[i].words);
    auto unique = hashed[i];
    std::sort(unique.begin(), unique.end(),
              [](const HashedFeature& a, const HashedFeature& b) { return a.hash < b.hash; });
    unique.erase(std::unique(unique.begin(), unique.end(),
                             [](const HashedFeature& a, const HashedFeature& b) {
                               return a.hash == b.hash;
                             }),
                 unique.end());
    // Register in the order the features occur in the example, not in hash order.
    for (const auto& f : hashed[i]) {
      if (df.find(f.hash) == df.end()) first_seen.push_back(f.hash);
      df.emplace(f.hash, Seen{0, f});
    }
    for (const auto& f : unique) ++df[f.hash].examples;
  }
  const auto min_df = static_cast<std::uint32_t>(std::max(1, options.min_document_frequency));
  const auto min_pair_df = std::max(
      min_df, static_cast<std::uint32_t>(std::max(1, options.word_pair_min_document_frequency)));
  const auto n_docs = static_cast<double>(examples.size());
  for (const std::uint64_t h : first_seen) {
    const Seen& seen = df[h];
    if (seen.examples < (seen.feature.word_pair ? min_pair_df : min_df)) continue;
    const auto id = static_cast<std::uint32_t>(classifier.idf_.size());
    classifier.vocabulary_.emplace(h, id);
    classifier.idf_.push_back(
        static_cast<float>(std::log((1.0 + n_docs) / (1.0 + seen.examples)) + 1.0));
    classifier.block_.push_back(static_cast<std::uint8_t>(seen.feature.block));
  }
  const size_t n_features = classifier.idf_.size();

  // The LIBLINEAR problem: 1-based feature indices, then the bias feature, then -1.
  std::vector<std::vector<feature_node>> rows(examples.size());
  std::vector<feature_node*> row_pointers(examples.size());
  std::vector<double> y(examples.size());
  const int bias_index = static_cast<int>(n_features) + 1;
  for (size_t i = 0; i < examples.size(); ++i) {
    const FeatureVector x = classifier.Vectorize(examples[i].words);
    auto& row = rows[i];
    row.reserve(x.ids.size() + 2);
    for (size_t j = 0; j < x.ids.size(); ++j) {
      row.push_back({static_cast<int>(x.ids[j]) + 1, static_cast<double>(x.values[j])});
    }
    row.push_back({bias_index, 1.0});
    row.push_back({-1, 0.0});
    row_pointers[i] = row.data();
    y[i] = examples[i].label;
  }
  problem prob{};
  prob.l = static_cast<int>(examples.size());
  prob.n = bias_index;
  prob.y = y.data();
  prob.x = row_pointers.data();
  prob.bias = 1.0;

  std::vector<int> weight_label;
  std::vector<double> weight;
  for (size_t c = 0; c < class_size.size(); ++c) {
    double w = c < options.class_weights.size() ? options.class_weights[c] : 1.0;
    if (static_cast<int>(c) == options.out_of_scope_label) w *= options.out_of_scope_weight;
    if (w != 1.0 && class_size[c] > 0) {
      weight_label.push_back(static_cast<int>(c));
      weight.push_back(w);
    }
  }
  parameter param{};
  param.solver_type = SolverType(options.solver);
  param.eps = options.epsilon;
  param.C = options.c;
  param.nr_weight = static_cast<int>(weight.size());
  param.weight_label = weight_label.empty() ? nullptr : weight_label.data();
  param.weight = weight.empty() ? nullptr : weight.data();
  param.p = 0.1;
  param.init_sol = nullptr;
  if (const char* error = check_parameter(&prob, &param)) {
    return base::InvalidArgument(std::string("LIBLINEAR: ") + error);
  }

  std::unique_ptr<model, ModelDeleter> trained;
  {
    std::lock_guard lock(LiblinearMutex());
    set_print_string_function(&Silent);
    std::srand(1);
    trained.reset(train(&prob, &param));
  }
  if (!trained) return base::Internal("LIBLINEAR returned no model");

  // Copy into the feature-major float matrix. With two classes LIBLINEAR keeps one weight vector,
  // for label[0]; the other class's decision value is its negation.
  const auto n_classes = static_cast<size_t>(num_classes);
  const size_t stride = (n_classes + kLanes - 1) / kLanes * kLanes;
  classifier.stride_ = stride;
  classifier.weights_.assign(n_features * stride, 0.0F);
  classifier.bias_.assign(n_classes, -std::numeric_limits<float>::infinity());
  const int model_classes = trained->nr_class;
  const bool single_vector = model_classes == 2 && param.solver_type != MCSVM_CS;
  const auto columns = static_cast<size_t>(single_vector ? 1 : model_classes);
  for (int m = 0; m < model_classes; ++m) {
    const auto label = static_cast<size_t>(trained->label[m]);
    const size_t column = single_vector ? 0 : static_cast<size_t>(m);
    const float sign = single_vector && m == 1 ? -1.0F : 1.0F;
    for (size_t f = 0; f < n_features; ++f) {
      classifier.weights_[f * stride + label] =
          sign * static_cast<float>(trained->w[f * columns + column]);
    }
    classifier.bias_[label] = sign * static_cast<float>(trained->w[n_features * columns + column]);
  }
  return classifier;
}

}  // namespace balie::answer
