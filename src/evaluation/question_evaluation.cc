#include "evaluation/question_evaluation.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace balie::evaluation {
namespace {

constexpr std::array<std::string_view, kVerdictCount> kVerdictNames = {
    "answered",         "offered",          "handed_off",    "prompted",
    "declined",         "wrong_answer",     "wrong_options", "other_language",
    "needless_handoff", "no_question_seen", "wrong_decline"};

// Short column headings of the verdicts in FormatReport, in Verdict order.
constexpr std::array<std::string_view, kVerdictCount> kVerdictColumns = {
    "ans", "dym", "hand", "prm", "decl", "ans", "dym", "lang", "hand", "noq", "decl"};

bool Contains(const std::vector<std::string>& list, std::string_view item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

// A version of a right article in the other language.
bool IsTranslationOfRight(const QuestionLabel& label, std::string_view id) {
  return std::any_of(label.articles.begin(), label.articles.end(), [&](const std::string& right) {
    return right != id && ArticleGroup(right) == ArticleGroup(id);
  });
}

std::optional<double> Share(size_t part, size_t whole) {
  if (whole == 0) return std::nullopt;
  return static_cast<double>(part) / static_cast<double>(whole);
}

nlohmann::json Rounded(std::optional<double> share) {
  if (!share) return nullptr;
  return std::round(*share * 10000) / 10000;
}

// "14 87.5%", or "-" for an empty group.
std::string CountAndShare(size_t part, size_t whole) {
  if (whole == 0) return "-";
  std::array<char, 32> buffer{};
  std::snprintf(buffer.data(), buffer.size(), "%zu %5.1f%%", part,
                100.0 * static_cast<double>(part) / static_cast<double>(whole));
  return buffer.data();
}

std::string Pad(std::string text, size_t width, bool right_align = true) {
  if (text.size() >= width) return text;
  const std::string padding(width - text.size(), ' ');
  return right_align ? padding + text : text + padding;
}

// Splits, languages and categories in reading order: those in `first` (when present), then the
// others in key order, then "all".
template <typename Map>
std::vector<std::string> KeysAllLast(const Map& map, const std::vector<std::string>& first = {}) {
  std::vector<std::string> keys;
  for (const std::string& key : first) {
    if (map.contains(key)) keys.push_back(key);
  }
  for (const auto& [key, value] : map) {
    if (key != "all" && !Contains(keys, key)) keys.emplace_back(key);
  }
  if (map.contains("all")) keys.emplace_back("all");
  return keys;
}

}  // namespace

std::string_view VerdictName(Verdict verdict) {
  return kVerdictNames[static_cast<size_t>(verdict)];
}

bool IsRight(Verdict verdict) { return static_cast<size_t>(verdict) < kFirstWrongVerdict; }

std::string_view ArticleGroup(std::string_view id) {
  for (std::string_view suffix : {"-en", "-nl"}) {
    if (id.size() > suffix.size() && id.ends_with(suffix)) {
      return id.substr(0, id.size() - suffix.size());
    }
  }
  return id;
}

Verdict Judge(const QuestionLabel& label, const Outcome& outcome) {
  switch (outcome.kind) {
    case Outcome::Kind::kAnswer: {
      const std::string_view id =
          outcome.articles.empty() ? std::string_view() : outcome.articles.front();
      if (Contains(label.articles, id)) return Verdict::kAnswered;
      if (IsTranslationOfRight(label, id)) return Verdict::kOtherLanguage;
      return Verdict::kWrongAnswer;
    }
    case Outcome::Kind::kClarify: {
      if (outcome.articles.empty()) {
        return label.offtopic ? Verdict::kPrompted : Verdict::kNoQuestionSeen;
      }
      const auto any = [&](auto predicate) {
        return std::any_of(outcome.articles.begin(), outcome.articles.end(), predicate);
      };
      if (any([&](const std::string& id) { return Contains(label.articles, id); })) {
        return Verdict::kOffered;
      }
      if (any([&](const std::string& id) { return IsTranslationOfRight(label, id); })) {
        return Verdict::kOtherLanguage;
      }
      return Verdict::kWrongOptions;
    }
    case Outcome::Kind::kHandoff:
      return label.handoff ? Verdict::kHandedOff : Verdict::kNeedlessHandoff;
    case Outcome::Kind::kDecline:
      return label.offtopic ? Verdict::kDeclined : Verdict::kWrongDecline;
  }
  return Verdict::kWrongAnswer;
}

bool HandoffContextRight(const QuestionLabel& label, const Outcome& outcome) {
  return outcome.kind == Outcome::Kind::kHandoff && !outcome.articles.empty() &&
         Contains(label.handoff_articles, outcome.articles.front());
}

void QuestionTally::Add(const QuestionLabel& label, const Outcome& outcome) {
  const Verdict verdict = Judge(label, outcome);
  const bool handed_off = outcome.kind == Outcome::Kind::kHandoff;
  ++questions;
  ++verdicts[static_cast<size_t>(verdict)];
  if (IsRight(verdict)) ++right;
  if (label.NeedsPerson()) {
    ++needs_person;
    if (handed_off) ++needs_person_handed_off;
  }
  if (!label.handoff_articles.empty() && handed_off) {
    ++handoff_context_labelled;
    if (HandoffContextRight(label, outcome)) ++handoff_context_right;
  }
  if (label.offtopic) {
    ++offtopic;
    if (handed_off) ++offtopic_handed_off;
  }
}

QuestionReport Tally(const std::vector<ScoredQuestion>& scored) {
  QuestionReport report;
  for (const ScoredQuestion& item : scored) {
    const LabelledQuestion& question = *item.question;
    auto& split = report[std::string(SplitName(question.split))];
    for (const std::string& language : {question.language, std::string("all")}) {
      for (const std::string& category : {question.category, std::string("all")}) {
        split[language][category].Add(question.label, item.outcome);
      }
    }
  }
  return report;
}

nlohmann::json ToJson(const QuestionTally& tally) {
  nlohmann::json verdicts = nlohmann::json::object();
  for (size_t i = 0; i < kVerdictCount; ++i)
    verdicts[std::string(kVerdictNames[i])] = tally.verdicts[i];
  return {
      {"questions", tally.questions},
      {"right", tally.right},
      {"right_share", Rounded(Share(tally.right, tally.questions))},
      {"wrong_answer", tally.Count(Verdict::kWrongAnswer)},
      {"wrong_answer_share", Rounded(Share(tally.Count(Verdict::kWrongAnswer), tally.questions))},
      {"needs_person", tally.needs_person},
      {"needs_person_handed_off", tally.needs_person_handed_off},
      {"person_recall", Rounded(Share(tally.needs_person_handed_off, tally.needs_person))},
      {"handoff_context_labelled", tally.handoff_context_labelled},
      {"handoff_context_right", tally.handoff_context_right},
      {"offtopic", tally.offtopic},
      {"offtopic_handed_off", tally.offtopic_handed_off},
      {"verdicts", verdicts}};
}

nlohmann::json ToJson(const QuestionReport& report) {
  nlohmann::json json = nlohmann::json::object();
  for (const auto& [split, languages] : report) {
    for (const auto& [language, categories] : languages) {
      for (const auto& [category, tally] : categories) {
        json[split][language][category] = ToJson(tally);
      }
    }
  }
  return json;
}

std::string FormatReport(const QuestionReport& report) {
  std::ostringstream out;
  out << "right: the right decision (a right article answered, or offered in a \"did you mean\"; "
         "a hand-off where\n"
         "  labelled; an off-topic question not answered from an article). person: questions "
         "that only a\n"
         "  person is right for, and how many were handed over. The other columns count how "
         "each question went:\n"
         "  ans answered right, dym right article in \"did you mean\", hand handed over where "
         "right, prm asked\n"
         "  for a question (off-topic), decl declined as off-topic; WRONG ans answered a wrong "
         "article, dym \"did\n"
         "  you mean\" without a right one, lang the other language's version only, hand handed "
         "over needlessly\n"
         "  (an off-topic question included), noq did not see the question, decl declined a "
         "question that was not\n"
         "  off-topic.\n";
  for (const std::string& split : KeysAllLast(report, {"dev", "test"})) {
    for (const std::string& language : KeysAllLast(report.at(split), {"nl", "en"})) {
      const auto& categories = report.at(split).at(language);
      out << "\n" << split << ", " << language << "\n";
      out << Pad("category", 13, false) << Pad("n", 5) << Pad("right", 13)
          << Pad("wrong answer", 14) << Pad("person", 9) << "  ";
      for (size_t i = 0; i < kVerdictCount; ++i) {
        if (i == kFirstWrongVerdict) out << " | WRONG";
        out << Pad(std::string(kVerdictColumns[i]), 5);
      }
      out << '\n';
      for (const std::string& category : KeysAllLast(categories)) {
        const QuestionTally& tally = categories.at(category);
        out << Pad(category, 13, false) << Pad(std::to_string(tally.questions), 5)
            << Pad(CountAndShare(tally.right, tally.questions), 13)
            << Pad(CountAndShare(tally.Count(Verdict::kWrongAnswer), tally.questions), 14)
            << Pad(tally.needs_person == 0 ? "-"
                                           : std::to_string(tally.needs_person_handed_off) + "/" +
                                                 std::to_string(tally.needs_person),
                   9)
            << "  ";
        for (size_t i = 0; i < kVerdictCount; ++i) {
          if (i == kFirstWrongVerdict) out << " |      ";  // as wide as " | WRONG"
          out << Pad(std::to_string(tally.verdicts[i]), 5);
        }
        out << '\n';
      }
    }
  }
  return out.str();
}

std::string DescribeOutcome(const Outcome& outcome) {
  std::string text;
  switch (outcome.kind) {
    case Outcome::Kind::kAnswer:
      return outcome.articles.empty() ? "answer" : outcome.articles.front();
    case Outcome::Kind::kClarify:
      if (outcome.articles.empty()) return "prompt";
      text = "clarify:";
      for (size_t i = 0; i < outcome.articles.size(); ++i) {
        text += (i > 0 ? "," : "") + outcome.articles[i];
      }
      return text;
    case Outcome::Kind::kHandoff:
      text = outcome.articles.empty() ? "handoff" : "handoff:" + outcome.articles.front();
      if (!outcome.handoff_cause.empty()) text += " (" + outcome.handoff_cause + ")";
      return text;
    case Outcome::Kind::kDecline:
      return "decline";
  }
  return text;
}

bool BestArticleRight(const ScoredQuestion& item) {
  if (item.outcome.best_article.empty()) return false;
  Outcome answered;
  answered.kind = Outcome::Kind::kAnswer;
  answered.articles = {item.outcome.best_article};
  return Judge(item.question->label, answered) == Verdict::kAnswered;
}

Reliability MeasureReliability(const std::vector<ScoredQuestion>& scored) {
  constexpr size_t kBands = 10;
  Reliability reliability;
  std::vector<double> confidence_sum(kBands, 0);
  std::vector<size_t> right(kBands, 0);
  reliability.bands.resize(kBands);
  double total_confidence = 0;
  size_t total_right = 0;
  for (const ScoredQuestion& item : scored) {
    const double confidence = std::clamp(item.outcome.confidence, 0.0, 1.0);
    const auto band = std::min(kBands - 1, static_cast<size_t>(confidence * kBands));
    const bool is_right = BestArticleRight(item);
    ++reliability.bands[band].questions;
    confidence_sum[band] += confidence;
    right[band] += is_right ? 1 : 0;
    total_confidence += confidence;
    total_right += is_right ? 1 : 0;
  }
  reliability.questions = scored.size();
  if (scored.empty()) return reliability;
  const auto total = static_cast<double>(scored.size());
  for (size_t b = 0; b < kBands; ++b) {
    ReliabilityBand& band = reliability.bands[b];
    band.from = static_cast<double>(b) / kBands;
    band.to = static_cast<double>(b + 1) / kBands;
    if (band.questions == 0) continue;
    const auto n = static_cast<double>(band.questions);
    band.mean_confidence = confidence_sum[b] / n;
    band.share_right = static_cast<double>(right[b]) / n;
    reliability.expected_calibration_error +=
        n / total * std::abs(band.share_right - band.mean_confidence);
  }
  reliability.mean_confidence = total_confidence / total;
  reliability.share_right = static_cast<double>(total_right) / total;
  return reliability;
}

nlohmann::json ToJson(const Reliability& reliability) {
  auto round3 = [](double value) { return std::round(value * 1000) / 1000; };
  nlohmann::json bands = nlohmann::json::array();
  for (const ReliabilityBand& band : reliability.bands) {
    if (band.questions == 0) continue;
    bands.push_back({{"from", round3(band.from)},
                     {"to", round3(band.to)},
                     {"questions", band.questions},
                     {"mean_confidence", round3(band.mean_confidence)},
                     {"share_right", round3(band.share_right)}});
  }
  return {{"questions", reliability.questions},
          {"mean_confidence", round3(reliability.mean_confidence)},
          {"share_right", round3(reliability.share_right)},
          {"ece", round3(reliability.expected_calibration_error)},
          {"bands", bands}};
}

std::string FormatReliability(const Reliability& reliability) {
  std::ostringstream out;
  char line[96];
  out << "calibration: per band of confidence, how often the best article was right\n"
         "confidence  questions  mean confidence  best article right\n";
  for (const ReliabilityBand& band : reliability.bands) {
    if (band.questions == 0) {
      std::snprintf(line, sizeof line, "%.1f-%.1f %11zu\n", band.from, band.to, band.questions);
    } else {
      std::snprintf(line, sizeof line, "%.1f-%.1f %11zu %16.2f %18.1f%%\n", band.from, band.to,
                    band.questions, band.mean_confidence, 100 * band.share_right);
    }
    out << line;
  }
  std::snprintf(line, sizeof line, "all     %11zu %16.2f %18.1f%%\nECE %.3f\n",
                reliability.questions, reliability.mean_confidence, 100 * reliability.share_right,
                reliability.expected_calibration_error);
  out << line;
  return out.str();
}

}  // namespace balie::evaluation
