// Scratch tool: trains balie::answer::TextClassifier on the dev data and sweeps out-of-scope
// signals and thresholds. Not built by default. See tools/classifier_lab/README.md.

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "answer/classifier.h"
#include "base/text.h"
#include "evaluation/intent_data.h"
#include "evaluation/intent_evaluation.h"

using namespace balie;

namespace {

std::map<std::string, std::string> ParseArgs(int argc, char** argv) {
  std::map<std::string, std::string> args;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    const auto eq = a.find('=');
    if (eq == std::string::npos) {
      args[a] = "1";
    } else {
      args[a.substr(0, eq)] = a.substr(eq + 1);
    }
  }
  return args;
}

double Get(const std::map<std::string, std::string>& args, const std::string& key, double def) {
  auto it = args.find(key);
  return it == args.end() ? def : std::atof(it->second.c_str());
}
std::string GetS(const std::map<std::string, std::string>& args, const std::string& key,
                 const std::string& def) {
  auto it = args.find(key);
  return it == args.end() ? def : it->second;
}

struct Data {
  std::vector<evaluation::IntentExample> train, test;
};

Data Load(const std::string& root, const std::string& dataset, std::uint64_t seed) {
  Data d;
  auto load = [](const std::string& path) {
    auto examples = evaluation::LoadIntentFile(path);
    if (!examples.ok()) {
      std::fprintf(stderr, "%s\n", examples.status().ToString().c_str());
      std::exit(1);
    }
    return std::move(examples).value();
  };
  if (dataset == "clinc") {
    d.train = load(root + "clinc150/train.json");
    d.test = load(root + "clinc150/val.json");
  } else if (dataset == "banking") {
    auto all = load(root + "banking77/train.csv");
    auto split = evaluation::SplitTrainTest(all, 0.2, seed);
    d.train = std::move(split.train);
    d.test = std::move(split.test);
  } else if (dataset == "xsid") {
    auto all = load(root + "xsid_nl/dev.json");
    auto split = evaluation::SplitTrainTest(all, 0.2, seed);
    d.train = std::move(split.train);
    d.test = std::move(split.test);
  }
  return d;
}

struct Row {
  double threshold, acc, recall, precision;
};

// Given per-example predicted label (argmax), whether it is oos (argmax == oos), a score where
// low = out of scope, sweep thresholds.
std::vector<Row> Sweep(const std::vector<int>& gold, const std::vector<int>& argmax, int oos,
                       const std::vector<double>& score, bool quiet_table) {
  std::vector<double> ts = score;
  std::sort(ts.begin(), ts.end());
  ts.erase(std::unique(ts.begin(), ts.end()), ts.end());
  std::vector<Row> rows;
  size_t n_in = 0, n_oos = 0;
  for (int g : gold) (g == oos ? n_oos : n_in)++;
  // candidate thresholds: all unique scores (predict oos if score < t)
  std::vector<double> cand;
  cand.push_back(-1e30);
  for (double t : ts) cand.push_back(t + 1e-12);
  for (double t : cand) {
    size_t correct = 0, oos_hit = 0, oos_pred = 0;
    for (size_t i = 0; i < gold.size(); ++i) {
      const int p = (argmax[i] == oos || score[i] < t) ? oos : argmax[i];
      if (p == oos) ++oos_pred;
      if (gold[i] == oos && p == oos) ++oos_hit;
      if (gold[i] != oos && p == gold[i]) ++correct;
    }
    rows.push_back({t, n_in ? double(correct) / double(n_in) : 0,
                    n_oos ? double(oos_hit) / double(n_oos) : 0,
                    oos_pred ? double(oos_hit) / double(oos_pred) : 0});
  }
  (void)quiet_table;
  return rows;
}

// Best OOS recall with in-scope accuracy >= target.
Row BestAt(const std::vector<Row>& rows, double target) {
  Row best{0, 0, -1, 0};
  for (const auto& r : rows) {
    if (r.acc >= target &&
        (r.recall > best.recall || (r.recall == best.recall && r.acc > best.acc))) {
      best = r;
    }
  }
  return best;
}

void PrintSummary(const char* name, const std::vector<Row>& rows) {
  const Row a = BestAt(rows, 0.92);
  const Row b = BestAt(rows, 0.93);
  const Row c = BestAt(rows, 0.94);
  // also: max of (acc + recall) tradeoff
  std::printf(
      "  %-28s  @92: rec %.3f (acc %.4f, prec %.3f, t=%.4g) | @93: rec %.3f | @94: rec %.3f\n",
      name, a.recall, a.acc, a.precision, a.threshold, b.recall, c.recall);
}

void PrintTable(const std::vector<Row>& rows, const std::vector<double>& thresholds) {
  for (double t : thresholds) {
    // find the row with largest threshold <= t
    const Row* best = &rows.front();
    for (const auto& r : rows) {
      if (r.threshold <= t) best = &r;
    }
    std::printf("    t=%6.3f  acc %.4f  recall %.3f  precision %.3f\n", t, best->acc, best->recall,
                best->precision);
  }
}

float Dot(const answer::FeatureVector& a, const answer::FeatureVector& b) {
  float s = 0;
  size_t i = 0, j = 0;
  while (i < a.ids.size() && j < b.ids.size()) {
    if (a.ids[i] < b.ids[j]) {
      ++i;
    } else if (a.ids[i] > b.ids[j]) {
      ++j;
    } else {
      s += a.values[i++] * b.values[j++];
    }
  }
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  const auto args = ParseArgs(argc, argv);
  const std::string dataset = GetS(args, "data", "clinc");
  const char* env_root = std::getenv("BALIE_DATA");
  const std::string root = GetS(args, "root", env_root ? env_root : "../shared/data") + "/";
  Data data =
      Load(root, dataset,
           static_cast<std::uint64_t>(Get(args, "seed", double(evaluation::kDefaultSplitSeed))));

  std::map<std::string, int> label_of;
  std::vector<std::string> names;
  const bool oos_class = Get(args, "oos_class", 1) != 0;
  auto label = [&](const std::string& intent) {
    auto [it, inserted] = label_of.emplace(intent, static_cast<int>(names.size()));
    if (inserted) names.push_back(intent);
    return it->second;
  };
  std::vector<answer::ClassifierExample> train;
  for (const auto& e : data.train) {
    if (!oos_class && e.intent == "oos") continue;
    train.push_back({base::Words(e.text), label(e.intent)});
  }
  const int oos = label_of.count("oos") ? label_of["oos"] : -1;
  const int n_classes = static_cast<int>(names.size());

  answer::TextClassifierOptions o;
  o.word_unigrams = Get(args, "uni", 1) != 0;
  o.word_bigrams = Get(args, "bi", 1) != 0;
  o.word_trigrams = Get(args, "tri", 0) != 0;
  o.sentence_boundaries = Get(args, "sb", 0) != 0;
  o.word_pair_window = static_cast<int>(Get(args, "pw", 20));
  o.word_pair_min_document_frequency = static_cast<int>(Get(args, "pmin", 3));
  o.char_across_words = Get(args, "cx", 0) != 0;
  o.char_ngram_min = static_cast<int>(Get(args, "cmin", 2));
  o.char_ngram_max = static_cast<int>(Get(args, "cmax", 5));
  o.char_weight = static_cast<float>(Get(args, "cw", 1));
  o.stem_language = GetS(args, "stem", "");
  o.min_document_frequency = static_cast<int>(Get(args, "mindf", 2));
  o.sublinear_tf = Get(args, "sublinear", 1) != 0;
  o.c = Get(args, "C", 1);
  o.epsilon = Get(args, "eps", 0.1);
  o.temperature = Get(args, "T", 0.1);
  const std::string solver = GetS(args, "solver", "cs");
  o.solver = solver == "lr"       ? answer::LinearSolver::kLogisticRegressionPrimal
             : solver == "svm"    ? answer::LinearSolver::kSvmDual
             : solver == "cs"     ? answer::LinearSolver::kCrammerSinger
             : solver == "lrdual" ? answer::LinearSolver::kLogisticRegressionDual
                                  : answer::LinearSolver::kCrammerSinger;
  o.out_of_scope_label = oos;
  o.out_of_scope_threshold = static_cast<float>(Get(args, "thr", 0.35));
  o.out_of_scope_weight = Get(args, "oosw", 2);
  const auto t0 = std::chrono::steady_clock::now();
  auto trained = answer::TextClassifier::Train(train, n_classes, o);
  const auto t1 = std::chrono::steady_clock::now();
  if (!trained.ok()) {
    std::fprintf(stderr, "%s\n", trained.status().ToString().c_str());
    return 1;
  }
  const auto& clf = *trained;
  std::printf("%s: train %.2f s, %zu features, %.1f MB, %d classes\n", dataset.c_str(),
              std::chrono::duration<double>(t1 - t0).count(), clf.num_features(),
              double(clf.MemoryBytes()) / 1e6, n_classes);

  // Decision values for the test examples.
  const int test_oos = oos >= 0 ? oos : n_classes;  // label for oos test items if no class
  std::vector<int> gold;
  std::vector<std::vector<std::string>> test_words;
  for (const auto& e : data.test) {
    test_words.push_back(base::Words(e.text));
    gold.push_back(e.intent == "oos"          ? test_oos
                   : label_of.count(e.intent) ? label_of[e.intent]
                                              : -2);
  }
  std::vector<std::vector<float>> dec(data.test.size());
  std::vector<double> micros;
  for (size_t i = 0; i < data.test.size(); ++i) {
    const auto a = std::chrono::steady_clock::now();
    auto p = clf.Predict(test_words[i], 5);
    const auto b = std::chrono::steady_clock::now();
    micros.push_back(std::chrono::duration<double, std::micro>(b - a).count());
    (void)p;
    dec[i] = clf.DecisionValues(test_words[i]);
  }
  {
    std::vector<double> vec_micros;
    for (size_t i = 0; i < data.test.size(); ++i) {
      const auto a = std::chrono::steady_clock::now();
      auto x = clf.Vectorize(test_words[i]);
      const auto b = std::chrono::steady_clock::now();
      vec_micros.push_back(std::chrono::duration<double, std::micro>(b - a).count());
    }
    std::sort(vec_micros.begin(), vec_micros.end());
    std::printf("vectorize: median %.1f us\n", vec_micros[vec_micros.size() / 2]);
  }
  std::sort(micros.begin(), micros.end());
  std::printf("predict: median %.1f us, p99 %.1f us\n", micros[micros.size() / 2],
              micros[micros.size() * 99 / 100]);

  std::vector<int> argmax_all(dec.size()), argmax_in(dec.size());
  for (size_t i = 0; i < dec.size(); ++i) {
    int best = 0, best_in = -1;
    for (int c = 0; c < n_classes; ++c) {
      if (dec[i][c] > dec[i][best]) best = c;
      if (c != oos && (best_in < 0 || dec[i][c] > dec[i][best_in])) best_in = c;
    }
    argmax_all[i] = best;
    argmax_in[i] = best_in;
  }
  size_t n_in = 0, correct_all = 0, correct_in = 0;
  for (size_t i = 0; i < gold.size(); ++i) {
    if (gold[i] == test_oos) continue;
    ++n_in;
    correct_all += argmax_all[i] == gold[i];
    correct_in += argmax_in[i] == gold[i];
  }
  std::printf("n_train %zu n_in %zu correct %zu\n", train.size(), n_in, correct_all);
  std::printf("accuracy (argmax incl. oos class) %.4f; argmax over in-scope only %.4f\n",
              double(correct_all) / double(n_in), double(correct_in) / double(n_in));
  // Calibration: NLL of in-scope test items under softmax with T (all classes).
  for (double T : {0.05, 0.075, 0.1, 0.15, 0.2, 0.25, 0.3, 0.5}) {
    double nll = 0;
    size_t n = 0;
    for (size_t i = 0; i < dec.size(); ++i) {
      if (gold[i] < 0 || gold[i] >= n_classes) continue;
      const float top = *std::max_element(dec[i].begin(), dec[i].end());
      double sum = 0;
      for (float d : dec[i]) sum += std::exp((d - top) / T);
      nll -= (dec[i][static_cast<size_t>(gold[i])] - top) / T - std::log(sum);
      ++n;
    }
    std::printf("NLL T=%.3f: %.4f\n", T, nll / double(n));
  }

  // The classifier's own decision through the evaluation runner, at the threshold `thr`.
  {
    auto evaluation = evaluation::EvaluatePredictor(
        data.test,
        [&](std::string_view question) -> std::string {
          const auto p = clf.Predict(base::Words(question), 1);
          return p.out_of_scope ? std::string(evaluation::kOutOfScopeIntent)
                                : names[static_cast<size_t>(p.top[0].label)];
        },
        static_cast<size_t>(Get(args, "errors", 0)));
    if (Get(args, "errors", 0) != 0) {
      for (const auto& e : evaluation.errors) {
        std::printf("  ERR %-28s -> %-28s | %s\n", e.gold.c_str(), e.predicted.c_str(),
                    e.text.c_str());
      }
    }
    auto j = evaluation::ToJson(evaluation.metrics);
    std::printf("runner (thr=%.3f): %s\n", o.out_of_scope_threshold, j.dump().c_str());
  }
  if (dataset != "clinc") return 0;
  {
    std::printf("sweep of out_of_scope_threshold (in_scope_score):\n");
    std::vector<double> sig(dec.size());
    std::vector<int> am(dec.size());
    for (size_t i = 0; i < dec.size(); ++i) {
      const auto p = clf.Predict(test_words[i], 1, -1e30F);
      sig[i] = p.in_scope_score;
      am[i] = p.out_of_scope ? test_oos : p.top[0].label;
    }
    const auto rows = Sweep(gold, am, test_oos, sig, false);
    PrintTable(rows, {-1e30, 0.0, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7});
  }

  // Signals. Low = out of scope.
  const bool table = Get(args, "table", 0) != 0;
  for (const bool use_oos_argmax : {true, false}) {
    if (!use_oos_argmax && oos < 0) continue;
    const auto& am = use_oos_argmax ? argmax_all : argmax_in;
    std::printf("[%s]\n",
                use_oos_argmax ? "oos class can win argmax" : "argmax over in-scope only");
    std::vector<double> sig(dec.size());
    for (size_t i = 0; i < dec.size(); ++i) {
      sig[i] = dec[i][static_cast<size_t>(argmax_in[i])];
    }
    PrintSummary("max in-scope decision", Sweep(gold, am, test_oos, sig, false));
    for (size_t i = 0; i < dec.size(); ++i) {
      std::vector<float> v;
      for (int c = 0; c < n_classes; ++c) {
        if (c != oos) v.push_back(dec[i][c]);
      }
      std::nth_element(v.begin(), v.begin() + 1, v.end(), std::greater<float>());
      sig[i] = v[0] - v[1];
    }
    PrintSummary("margin top1-top2 (in-scope)", Sweep(gold, am, test_oos, sig, false));
    if (oos >= 0) {
      for (size_t i = 0; i < dec.size(); ++i) {
        sig[i] = dec[i][static_cast<size_t>(argmax_in[i])] - dec[i][static_cast<size_t>(oos)];
      }
      PrintSummary("top in-scope - oos decision", Sweep(gold, am, test_oos, sig, false));
    }
    for (double T : {0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.75, 1.0}) {
      for (size_t i = 0; i < dec.size(); ++i) {
        const float top = *std::max_element(dec[i].begin(), dec[i].end());
        double sum = 0;
        for (float d : dec[i]) sum += std::exp((d - top) / T);
        sig[i] = std::exp((dec[i][static_cast<size_t>(argmax_in[i])] - top) / T) / sum;
      }
      char name[64];
      std::snprintf(name, sizeof name, "softmax p(top in-scope) T=%.2f", T);
      auto rows = Sweep(gold, am, test_oos, sig, false);
      PrintSummary(name, rows);
      if (table && std::abs(T - o.temperature) < 1e-9) {
        PrintTable(rows, {0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8});
      }
    }
  }

  if (Get(args, "knn", 0) != 0) {
    std::vector<answer::FeatureVector> tv;
    std::vector<int> tl;
    for (const auto& e : train) {
      if (e.label == oos) continue;
      tv.push_back(clf.Vectorize(e.words));
      tl.push_back(e.label);
    }
    std::vector<double> knn(dec.size()), knn_pred(dec.size());
    std::vector<int> knn_label(dec.size());
    for (size_t i = 0; i < dec.size(); ++i) {
      const auto q = clf.Vectorize(test_words[i]);
      double best = 0, best_pred = 0;
      int bl = 0;
      for (size_t j = 0; j < tv.size(); ++j) {
        const double s = Dot(q, tv[j]);
        if (s > best) {
          best = s;
          bl = tl[j];
        }
        if (tl[j] == argmax_in[i]) best_pred = std::max(best_pred, s);
      }
      knn[i] = best;
      knn_pred[i] = best_pred;
      knn_label[i] = bl;
    }
    std::printf("[knn]\n");
    PrintSummary("max cosine (any class)", Sweep(gold, argmax_all, test_oos, knn, false));
    PrintSummary("max cosine (pred class)", Sweep(gold, argmax_all, test_oos, knn_pred, false));
    PrintSummary("max cosine, in-only argmax", Sweep(gold, argmax_in, test_oos, knn_pred, false));
    const double alpha = Get(args, "alpha", 0.5);
    for (double T : {0.1, 0.2, 0.3}) {
      for (double a : {alpha, 0.25, 0.5, 1.0, 2.0}) {
        std::vector<double> sig(dec.size());
        for (size_t i = 0; i < dec.size(); ++i) {
          const float top = *std::max_element(dec[i].begin(), dec[i].end());
          double sum = 0;
          for (float d : dec[i]) sum += std::exp((d - top) / T);
          const double p = std::exp((dec[i][static_cast<size_t>(argmax_in[i])] - top) / T) / sum;
          sig[i] = p + a * knn_pred[i];
        }
        char name[64];
        std::snprintf(name, sizeof name, "p(T=%.1f) + %.2f*cos_pred", T, a);
        PrintSummary(name, Sweep(gold, argmax_all, test_oos, sig, false));
      }
    }
  }
  return 0;
}
