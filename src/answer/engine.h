#ifndef BALIE_ANSWER_ENGINE_H_
#define BALIE_ANSWER_ENGINE_H_

// The answer engine: given a customer's question, decide to answer (with the passage and the
// link of the organisation's own article), to ask which of two or three articles is meant, or to
// hand over to a person — with a confidence and the reasons in plain words.
//
// Engine::Build indexes a knowledge base (Xapian, on disk in `EngineConfig::index_dir` or a
// private temporary directory removed with the engine) and trains the example-question
// classifier. After that the engine is immutable: Ask is const and safe to call from many threads
// at once; each concurrent call borrows its own Xapian reader from a small pool.

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "answer/classifier.h"
#include "base/status.h"
#include "model/article.h"
#include "model/voice.h"

namespace balie::answer {

// Thresholds and switches. The defaults were chosen by measurement (docs/quality.md).
//
// Which numbers decide: where the knowledge base has a calibration.txt (its correction of the
// confidence to its customers' questions, model::ConfidenceCalibration) and
// use_knowledge_calibration is on, `Decision::confidence` is an estimate of the probability that
// the best article is right, and the decision compares it with answer_probability and
// candidate_probability. Without one the confidence is calibrated on the knowledge base's own
// example questions only, which are phrased like its articles (on customers' questions it was
// far too low, docs/quality.md), so the combined score decides, against answer_score and
// candidate_score; `Engine::confidence_decides()` says which.
struct EngineConfig {
  // With a calibration.txt: the estimated probability that the best article is right needed to
  // answer from it ("answer when P(right) >= 0.3").
  double answer_probability = 0.3;
  // With a calibration.txt: candidates whose estimated probability of being right is below this
  // are never offered ("did you mean") nor named as a hand-off's context.
  double candidate_probability = 0.2;
  // Without a calibration.txt: the combined score (0..1, not a probability) needed to answer.
  double answer_score = 0.35;
  // Without a calibration.txt: candidates whose combined score is below this are never offered.
  double candidate_score = 0.25;
  // A runner-up within this distance of the best candidate's combined score makes the engine ask
  // "did you mean" (a distance between two scores, whichever numbers decide).
  double clarify_margin = 0.10;
  size_t max_clarify_options = 3;
  // Off: never ask "did you mean"; answer the best match or hand off (used by evaluations that
  // count one intent per question).
  bool allow_clarify = true;
  // Off: a message that is not about the organisation is handed over like a question no article
  // answers, instead of being declined by the bot (DecisionKind::kDecline).
  bool decline_off_topic = true;
  // How the bot's own Dutch sentences address the customer (hand-offs, declines, "Bedoelt u"):
  // the organisation's register, as in its knowledge base ([organisation] register).
  model::Register dutch_register = model::Register::kFormal;
  // Weight of the example-question classifier against text retrieval (0..1).
  double classifier_weight = 0.5;
  // A document's retrieval score is its coverage of the question times (its BM25 weight / the
  // best document's) to this power: 0 ignores BM25, 1 follows it fully.
  double relative_weight_exponent = 0.5;
  // The classifier's "out of scope" is overruled when the best article's combined score (not a
  // probability) is at least this.
  double out_of_scope_overruled_from = 0.5;
  // The example-question classifier. Knowledge bases have few examples per article, so every
  // feature counts (the evaluation of large intent sets may raise min_document_frequency).
  TextClassifierOptions classifier = [] {
    TextClassifierOptions options;
    options.min_document_frequency = 1;
    return options;
  }();
  // Above this many article groups the classifier is not trained; retrieval (which includes the
  // example questions) decides alone.
  size_t classifier_max_classes = 2000;
  // Folds of the cross-validation over the example questions that calibrates `confidence` into a
  // probability; fewer than 2 turns calibration off (the confidence is then the raw score).
  size_t calibration_folds = 5;
  // Off: the knowledge base's calibration.txt (its correction of the confidence to its customers'
  // questions) is ignored, as when a new one is fitted.
  bool use_knowledge_calibration = true;
  // Where the Xapian index is written. Empty: a temporary directory owned by the engine.
  std::filesystem::path index_dir;
  // Memory for copies of the index (one per Ask at a time; about six times the index's files):
  // an Ask on a copy reads no blocks from disk and costs about 40% less CPU on the demo knowledge
  // base. Asks beyond the copies that fit read the files. 0: always the files.
  std::uintmax_t index_memory_bytes = std::uintmax_t{64} << 20;
};

// kDecline: the message is not about the organisation (chatter, trivia); the bot says politely
// what it can help with and keeps the conversation — no hand-off.
enum class DecisionKind { kAnswer, kClarify, kHandoff, kDecline };
std::string_view DecisionName(DecisionKind kind);  // "answer", "clarify", "handoff", "decline"

// An article named as a source (id, title, url): the type the conversation's events keep.
using SourceRef = model::SourceRef;

// How one article scored for a question: the evidence behind the decision.
struct ScoredCandidate {
  std::string id;
  double score = 0;       // the combined score (what `confidence` is for the best)
  double classifier = 0;  // probability from the example-question classifier
  double retrieval = 0;   // coverage of the question by the article's best passage or example
};

struct Decision {
  DecisionKind kind = DecisionKind::kHandoff;
  model::Language language = model::Language::kDutch;
  // answer: the passage that answers — or, where the answer depends on a condition (a cost
  // question whose article says "free" in one case and "a fee" in another), two passages, each
  // after its heading and a colon; clarify: the question back ("Bedoelt u ...?"); handoff: why a
  // person takes over, in plain words (with an apology where the customer is upset; for fraud
  // followed by the opening of the knowledge base's fraud article, with its 24/7 number);
  // decline: what the bot can help with.
  std::string answer;
  // answer only: the heading of the passage, or of both passages joined by " / "
  std::string passage_heading;
  // handoff only, for a situation that cannot wait for a person (fraud): what to do now, from
  // the knowledge base (the opening of its fraud article, with the 24/7 number). Also the end of
  // `answer`; a service that does not hand over again (the question already waits for a person)
  // still tells it.
  std::string urgent;
  // answer: the article; clarify: the options; handoff: the context article (a situation's
  // article, or the best match where it is plausible — for a request for a person or anger only
  // where it would answer); decline: none.
  std::vector<SourceRef> sources;
  // The best article's combined score, 0..1 (not a probability): what the decision compares
  // with out_of_scope_overruled_from, and with answer_score and candidate_score where the
  // knowledge base has no calibration.txt.
  double score = 0;
  // The estimated probability that the best matching article is the right one, 0..1: the
  // combined score, calibrated on held-out example questions of the knowledge base when it has
  // enough of them, then corrected to its customers' questions by its calibration.txt where it
  // has one. With a calibration.txt this is the number that decides (against answer_probability
  // and candidate_probability), the number shown to staff and sent to the customer; without one
  // it is shown but the score decides (Engine::confidence_decides()).
  double confidence = 0;
  std::vector<std::string> reasons;  // plain words, for the customer's record and for staff
  // Why the engine hands over (handoff only; empty otherwise), as a stable code that staff screens
  // show in their own language, `reasons` giving the detail: "asked_for_person", "upset",
  // "always_person", "out_of_scope", "no_match", "not_covered" (names a domain term no article
  // mentions), "engine_failed".
  std::string handoff_cause;
  // Topics of the context article (to choose a queue on hand-off); empty where a hand-off has no
  // context article (the default queue).
  std::vector<std::string> topics;
  // The best few candidates, best first, for explaining the decision.
  std::vector<ScoredCandidate> candidates;
};

// A reason of the decline that answers "are you a real person?": the bot says what it is and
// offers a person, so a plain "ja graag" after it is a request for one.
inline constexpr std::string_view kSaidWhatTheBotIs =
    "asked whether they talk to a person: the bot says what it is";
// A reason of the decline that answers "dat klopt niet", "that didn't help": the bot asks for the
// question in other words and offers a person, so a plain "ja graag" after it is a request for one.
inline constexpr std::string_view kOfferedAPersonForNoHelp =
    "said the reply did not help: the bot asks again and offers a person";

class Engine {
 public:
  // Fails when the knowledge base has no articles, or the index cannot be written.
  [[nodiscard]] static base::Result<std::unique_ptr<Engine>> Build(model::KnowledgeBase knowledge,
                                                                   EngineConfig config = {});
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Thread-safe. Never throws; a failure of the index becomes a hand-off with the reason. The
  // decision is in the question's language; `usual` (the conversation's so far) where the question
  // shows none ("ok", a number).
  Decision Ask(std::string_view question, model::Language usual = model::Language::kDutch) const;

  // The hand-off of a customer who said yes (SaysYes) when the bot had said what it is and offered
  // a person (a decline with the reason kSaidWhatTheBotIs): as if they had asked for one.
  Decision PersonAccepted(model::Language language) const;

  const model::KnowledgeBase& knowledge() const;
  const EngineConfig& config() const;
  // Whether the example-question classifier is in use.
  bool has_classifier() const;
  // Whether Decision::confidence decides (against answer_probability and candidate_probability):
  // the knowledge base has a calibration.txt and use_knowledge_calibration is on. Otherwise the
  // combined score decides (against answer_score and candidate_score).
  bool confidence_decides() const;

  struct Impl;

 private:
  explicit Engine(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace balie::answer

#endif  // BALIE_ANSWER_ENGINE_H_
