#include "answer/classifier.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <string>
#include <thread>
#include <vector>

#include "base/text.h"

namespace balie::answer {
namespace {

enum Label { kCard = 0, kPin = 1, kOpeningHours = 2, kOutOfScope = 3, kClasses = 4 };

std::vector<ClassifierExample> ToyExamples() {
  const std::pair<const char*, int> texts[] = {
      {"my card is lost", kCard},
      {"I lost my bank card", kCard},
      {"block my card please", kCard},
      {"someone stole my card", kCard},
      {"card stolen what now", kCard},
      {"I forgot my pin code", kPin},
      {"what is my pin", kPin},
      {"new pin code please", kPin},
      {"change the pin of my card", kPin},
      {"pin code forgotten", kPin},
      {"when are you open", kOpeningHours},
      {"opening hours of the office", kOpeningHours},
      {"are you open on saturday", kOpeningHours},
      {"what time do you close", kOpeningHours},
      {"is the office open today", kOpeningHours},
      {"tell me a joke", kOutOfScope},
      {"what is the weather like", kOutOfScope},
      {"who won the football match", kOutOfScope},
      {"play some music", kOutOfScope},
  };
  std::vector<ClassifierExample> examples;
  for (const auto& [text, label] : texts) examples.push_back({base::Words(text), label});
  return examples;
}

TextClassifierOptions ToyOptions() {
  TextClassifierOptions options;
  options.out_of_scope_label = kOutOfScope;
  return options;
}

TextClassifier TrainToy() {
  auto classifier = TextClassifier::Train(ToyExamples(), kClasses, ToyOptions());
  EXPECT_TRUE(classifier.ok()) << classifier.status().ToString();
  return std::move(classifier).value();
}

TEST(TextClassifierTest, LearnsAToyProblem) {
  const TextClassifier classifier = TrainToy();
  EXPECT_EQ(classifier.num_classes(), kClasses);
  EXPECT_GT(classifier.num_features(), 0U);

  const std::pair<const char*, int> questions[] = {
      {"my card was stolen", kCard},
      {"I forgot the pin", kPin},
      {"are you open tomorrow", kOpeningHours},
  };
  for (const auto& [text, label] : questions) {
    const auto prediction = classifier.Predict(base::Words(text), 2);
    ASSERT_EQ(prediction.top.size(), 2U);
    EXPECT_EQ(prediction.top[0].label, label) << text;
    EXPECT_EQ(prediction.best_label, label) << text;
    EXPECT_GE(prediction.top[0].probability, prediction.top[1].probability);
  }
}

TEST(TextClassifierTest, ProbabilitiesSumToOne) {
  const TextClassifier classifier = TrainToy();
  for (const char* text : {"my card is lost", "pin", "completely unrelated words", ""}) {
    const auto words = base::Words(text);
    const auto p = classifier.Probabilities(words);
    ASSERT_EQ(p.size(), static_cast<size_t>(kClasses));
    EXPECT_NEAR(std::accumulate(p.begin(), p.end(), 0.0), 1.0, 1e-5) << text;
    const auto prediction = classifier.Predict(words, kClasses);
    double sum = 0;
    for (const auto& c : prediction.top) sum += c.probability;
    EXPECT_NEAR(sum, 1.0, 1e-5) << text;
    EXPECT_NEAR(prediction.top[0].probability, p[static_cast<size_t>(prediction.top[0].label)],
                1e-6);
  }
}

TEST(TextClassifierTest, UnknownWordsGiveLowConfidence) {
  const TextClassifier classifier = TrainToy();
  const auto known = classifier.Predict(base::Words("my card is lost"), 1);
  const auto unknown = classifier.Predict(base::Words("qqq zzzx"), 1);
  EXPECT_TRUE(unknown.no_known_features);
  EXPECT_TRUE(unknown.out_of_scope);
  EXPECT_LT(unknown.top[0].probability, known.top[0].probability);
  EXPECT_LT(unknown.top[0].probability, 0.7F);
  EXPECT_LT(unknown.in_scope_score, known.in_scope_score);
  EXPECT_FALSE(known.out_of_scope);
}

TEST(TextClassifierTest, OutOfScopeThresholdIsAParameter) {
  const TextClassifier classifier = TrainToy();
  const auto words = base::Words("my card is lost");
  const auto prediction = classifier.Predict(words, 1);
  EXPECT_FALSE(classifier.Predict(words, 1, prediction.in_scope_score - 0.01F).out_of_scope);
  EXPECT_TRUE(classifier.Predict(words, 1, prediction.in_scope_score + 0.01F).out_of_scope);
  EXPECT_TRUE(classifier.Predict(base::Words("tell me a joke"), 1).out_of_scope);
}

TEST(TextClassifierTest, TrainingIsDeterministic) {
  const TextClassifier a = TrainToy();
  const TextClassifier b = TrainToy();
  for (const char* text : {"my card is lost", "open on sunday", "weather"}) {
    EXPECT_EQ(a.DecisionValues(base::Words(text)), b.DecisionValues(base::Words(text))) << text;
  }
}

TEST(TextClassifierTest, EverySolverLearnsTheToyProblem) {
  for (const auto solver : {LinearSolver::kCrammerSinger, LinearSolver::kLogisticRegressionDual,
                            LinearSolver::kLogisticRegressionPrimal, LinearSolver::kSvmDual}) {
    TextClassifierOptions options = ToyOptions();
    options.solver = solver;
    auto classifier = TextClassifier::Train(ToyExamples(), kClasses, options);
    ASSERT_TRUE(classifier.ok()) << classifier.status().ToString();
    EXPECT_EQ(classifier->Predict(base::Words("I forgot my pin"), 1).top[0].label, kPin)
        << static_cast<int>(solver);
  }
}

TEST(TextClassifierTest, TwoClassesAndClassesWithoutExamples) {
  // Labels 0 and 2 only: LIBLINEAR keeps one weight vector; class 1 gets probability 0.
  const std::vector<ClassifierExample> examples = {{base::Words("lost card"), 0},
                                                   {base::Words("stolen card"), 0},
                                                   {base::Words("opening hours"), 2},
                                                   {base::Words("when open"), 2}};
  TextClassifierOptions options;
  options.solver = LinearSolver::kSvmDual;
  options.min_document_frequency = 1;
  auto classifier = TextClassifier::Train(examples, 3, options);
  ASSERT_TRUE(classifier.ok()) << classifier.status().ToString();
  EXPECT_EQ(classifier->Predict(base::Words("card lost"), 1).top[0].label, 0);
  EXPECT_EQ(classifier->Predict(base::Words("open hours"), 1).top[0].label, 2);
  EXPECT_FLOAT_EQ(classifier->Probabilities(base::Words("card"))[1], 0.0F);
}

TEST(TextClassifierTest, OptionalFeaturesTrain) {
  TextClassifierOptions options = ToyOptions();
  options.word_trigrams = true;
  options.sentence_boundaries = true;
  options.char_across_words = true;
  options.stem_language = "english";
  auto classifier = TextClassifier::Train(ToyExamples(), kClasses, options);
  ASSERT_TRUE(classifier.ok()) << classifier.status().ToString();
  EXPECT_EQ(classifier->Predict(base::Words("cards stolen"), 1).top[0].label, kCard);
}

// Both classes have the same words and the same bigrams; only which word goes with which one
// further on tells them apart.
TEST(TextClassifierTest, WordPairsLinkWordsApart) {
  std::vector<ClassifierExample> examples;
  for (const char* text : {"red big car", "red old car", "blue big boat", "blue old boat"}) {
    examples.push_back({base::Words(text), 0});
  }
  for (const char* text : {"red big boat", "red old boat", "blue big car", "blue old car"}) {
    examples.push_back({base::Words(text), 1});
  }
  TextClassifierOptions options;
  options.min_document_frequency = 1;
  options.word_pair_min_document_frequency = 2;
  options.char_ngram_max = 0;
  const auto question = base::Words("red new car");
  auto with_pairs = TextClassifier::Train(examples, 2, options);
  ASSERT_TRUE(with_pairs.ok()) << with_pairs.status().ToString();
  const auto values = with_pairs->DecisionValues(question);
  EXPECT_GT(values[0], values[1] + 0.5);

  options.word_pair_window = 0;
  auto without_pairs = TextClassifier::Train(examples, 2, options);
  ASSERT_TRUE(without_pairs.ok());
  const auto plain = without_pairs->DecisionValues(question);
  EXPECT_LT(std::abs(plain[0] - plain[1]), 0.1);
}

TEST(TextClassifierTest, RejectsBadInput) {
  auto examples = ToyExamples();
  EXPECT_EQ(TextClassifier::Train(examples, 1).status().code(), base::StatusCode::kInvalidArgument);
  EXPECT_FALSE(TextClassifier::Train(examples, 3).ok());                   // label 3 out of range
  EXPECT_FALSE(TextClassifier::Train({{base::Words("a b"), 0}}, 2).ok());  // one class only
  TextClassifierOptions options;
  options.stem_language = "klingon";
  EXPECT_FALSE(TextClassifier::Train(examples, kClasses, options).ok());
  options = {};
  options.c = 0;
  EXPECT_FALSE(TextClassifier::Train(examples, kClasses, options).ok());
}

TEST(TextClassifierTest, PredictIsSafeFromManyThreads) {
  const TextClassifier classifier = TrainToy();
  const auto words = base::Words("my card is lost");
  const auto expected = classifier.DecisionValues(words);
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (size_t t = 0; t < mismatches.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        if (classifier.DecisionValues(words) != expected) ++mismatches[t];
        (void)classifier.Predict(words, 3);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (const int m : mismatches) EXPECT_EQ(m, 0);
}

}  // namespace
}  // namespace balie::answer
