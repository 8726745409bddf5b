#ifndef BALIE_EVALUATION_QUESTION_EVALUATION_H_
#define BALIE_EVALUATION_QUESTION_EVALUATION_H_

// Scores what an answer engine did with each labelled question (question_set.h): whether the
// decision was right, and if not, how it went wrong; tallied per split, language and category.
// The library knows nothing of the engine: the caller turns each decision into an Outcome.
// Pure functions; thread-safe.

#include <array>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "evaluation/question_set.h"

namespace balie::evaluation {

// What the engine did, in the terms of the labels.
struct Outcome {
  enum class Kind { kAnswer, kClarify, kHandoff, kDecline };
  Kind kind = Kind::kHandoff;
  // answer: the article; clarify: the options ("did you mean"), none when the engine asked what
  // the question is; handoff: the context article first, or none.
  std::vector<std::string> articles;
  std::string handoff_cause;  // handoff only: the engine's code ("out_of_scope", ...)
  double confidence = 0;
  // The engine's best article, whatever it decided (empty when none matched at all): what
  // `confidence` is the probability of being right.
  std::string best_article;
  std::string reason;  // the engine's first reason, for the list of failures
};

// How one question went. The first five are right decisions.
enum class Verdict {
  kAnswered,         // answered with a right article
  kOffered,          // "did you mean", with a right article among the options
  kHandedOff,        // handed over where that is right (a person is needed)
  kPrompted,         // off-topic: asked for a question without offering any article
  kDeclined,         // off-topic: declined politely, the conversation stays with the bot
  kWrongAnswer,      // answered with an article that is not right
  kWrongOptions,     // "did you mean" without a right article among the options
  kOtherLanguage,    // answered or offered only the other language's version of a right article
  kNeedlessHandoff,  // handed over where only an article is right, or an off-topic question
  kNoQuestionSeen,   // asked what the question is, where an article or a person was right
  kWrongDecline,     // declined as off-topic, where an article or a person was right
};
inline constexpr size_t kVerdictCount = 11;
// Verdicts before this index are right ones.
inline constexpr size_t kFirstWrongVerdict = 5;
std::string_view VerdictName(Verdict verdict);  // "answered", "wrong_answer", ...
bool IsRight(Verdict verdict);

// Translations share an id apart from a language suffix: "pas-blokkeren" and "pas-blokkeren-en".
std::string_view ArticleGroup(std::string_view id);

Verdict Judge(const QuestionLabel& label, const Outcome& outcome);

// For a question labelled `handoff:<id>` that was handed over: whether the context article is one
// of the labelled ones (false when the hand-off came without an article).
bool HandoffContextRight(const QuestionLabel& label, const Outcome& outcome);

// Counts over a group of questions.
struct QuestionTally {
  size_t questions = 0;
  size_t right = 0;
  std::array<size_t, kVerdictCount> verdicts{};  // by Verdict
  size_t needs_person = 0;                       // only a hand-off is right
  size_t needs_person_handed_off = 0;
  size_t handoff_context_labelled = 0;  // labelled handoff:<id> and handed over
  size_t handoff_context_right = 0;     // ... with a labelled article as the context
  size_t offtopic = 0;
  size_t offtopic_handed_off = 0;  // off-topic questions that went to a person (wrong)

  void Add(const QuestionLabel& label, const Outcome& outcome);
  size_t Count(Verdict verdict) const { return verdicts[static_cast<size_t>(verdict)]; }
};

// One question as scored.
struct ScoredQuestion {
  const LabelledQuestion* question = nullptr;
  Outcome outcome;
  Verdict verdict = Verdict::kAnswered;
};

// Tallies by split ("dev", "test"), then language ("nl", "en", and "all"), then category (each
// category, and "all").
using QuestionReport =
    std::map<std::string, std::map<std::string, std::map<std::string, QuestionTally>>>;
QuestionReport Tally(const std::vector<ScoredQuestion>& scored);

// {"questions", "right", "right_share", "wrong_answer_share", "needs_person", "person_recall",
//  "handoff_context_right", "offtopic", "offtopic_handed_off", "verdicts": {name: count}}; a share
// of an empty group is null.
nlohmann::json ToJson(const QuestionTally& tally);
nlohmann::json ToJson(const QuestionReport& report);

// The report as tables: per split and language, a line per category and one for all.
std::string FormatReport(const QuestionReport& report);

// What the engine did, in the notation of the labels: "pas-blokkeren", "clarify:a,b",
// "handoff:overlijden (always_person)", "handoff (out_of_scope)", "prompt".
std::string DescribeOutcome(const Outcome& outcome);

// Calibration: per band of confidence (ten bands of 0.1), how often answering with the best
// article would have been right (Judge says "answered"; for a question only a person or no article
// is right, never). A calibrated engine is right about 70% of the time when it says 0.7. The
// expected calibration error (ECE) is the mean of |share right - mean confidence| over the bands,
// each weighted by its share of the questions.
// Whether answering with the engine's best article would have been right: what `confidence` is
// the probability of.
bool BestArticleRight(const ScoredQuestion& item);

struct ReliabilityBand {
  double from = 0;
  double to = 0;
  size_t questions = 0;
  double mean_confidence = 0;  // 0 for an empty band
  double share_right = 0;      // 0 for an empty band
};
struct Reliability {
  std::vector<ReliabilityBand> bands;  // always ten, empty ones included
  size_t questions = 0;
  double mean_confidence = 0;
  double share_right = 0;
  double expected_calibration_error = 0;
};
Reliability MeasureReliability(const std::vector<ScoredQuestion>& scored);
// {"questions", "mean_confidence", "share_right", "ece", "bands": [{"from", "to", "questions",
//  "mean_confidence", "share_right"}, ...]} (empty bands left out).
nlohmann::json ToJson(const Reliability& reliability);
// A table of the bands and a line with the ECE.
std::string FormatReliability(const Reliability& reliability);

}  // namespace balie::evaluation

#endif  // BALIE_EVALUATION_QUESTION_EVALUATION_H_
