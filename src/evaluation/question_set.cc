#include "evaluation/question_set.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <tuple>

namespace balie::evaluation {
namespace {

using base::InvalidArgument;
using base::Result;

std::string Where(std::string_view source, int line) {
  return std::string(source) + ":" + std::to_string(line) + ": ";
}

std::vector<std::string_view> SplitOn(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    const size_t end = text.find(separator, start);
    parts.push_back(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

bool IsLowerWord(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

// An article id as the knowledge base writes them: kebab-case.
bool IsArticleId(std::string_view text) { return IsLowerWord(text); }

Result<QuestionLabel> ParseLabel(std::string_view expected, const std::string& where) {
  QuestionLabel label;
  if (expected.empty()) return InvalidArgument(where + "the expected field is empty");
  const std::vector<std::string_view> alternatives = SplitOn(expected, '|');
  for (const std::string_view alternative : alternatives) {
    const auto bad = [&](const std::string& why) {
      std::string message = where;
      message.append("expected '").append(expected).append("': ").append(why);
      message.append(
          "; write an article id, handoff, handoff:<article-id> or offtopic, alternatives "
          "separated by '|'");
      return InvalidArgument(std::move(message));
    };
    if (alternative == "offtopic") {
      if (alternatives.size() > 1) return bad("offtopic stands alone");
      label.offtopic = true;
    } else if (alternative == "handoff") {
      label.handoff = true;
    } else if (alternative.starts_with("handoff:")) {
      const std::string_view article = alternative.substr(8);
      if (!IsArticleId(article)) return bad("'" + std::string(article) + "' is not an article id");
      label.handoff = true;
      label.handoff_articles.emplace_back(article);
    } else if (IsArticleId(alternative)) {
      label.articles.emplace_back(alternative);
    } else {
      return bad("'" + std::string(alternative) + "' is not a label");
    }
  }
  return label;
}

// SplitMix64's finaliser (Steele, Lea and Flood 2014): spreads every bit of the input.
std::uint64_t Mix(std::uint64_t z) {
  z += 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::string UnknownArticle(const std::string& id) {
  return "unknown article '" + id + "' in the label; use an id of the knowledge base\n";
}

}  // namespace

std::string_view SplitName(Split split) { return split == Split::kDev ? "dev" : "test"; }

Result<std::vector<LabelledQuestion>> ParseQuestionSet(std::string_view content,
                                                       std::string_view source) {
  std::vector<LabelledQuestion> questions;
  int number = 0;
  for (std::string_view line : SplitOn(content, '\n')) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    const std::string where = Where(source, number);
    const std::vector<std::string_view> fields = SplitOn(line, '\t');
    if (fields.size() != 4) {
      return InvalidArgument(where + "expected 4 tab-separated fields (id, category, expected, " +
                             "question), found " + std::to_string(fields.size()));
    }
    LabelledQuestion question;
    question.file = std::string(source);
    question.line = number;
    question.id = std::string(fields[0]);
    const size_t dash = question.id.find('-');
    question.language = question.id.substr(0, dash);
    const std::string digits = dash == std::string::npos ? "" : question.id.substr(dash + 1);
    if ((question.language != "nl" && question.language != "en") || digits.empty() ||
        digits.size() > 9 || digits.find_first_not_of("0123456789") != std::string::npos) {
      return InvalidArgument(
          where + "id '" + question.id +
          "' must be the language (nl or en), a dash and a number, e.g. nl-0042");
    }
    question.category = std::string(fields[1]);
    if (!IsLowerWord(question.category)) {
      return InvalidArgument(where + "category '" + question.category +
                             "' must be one lower-case word (letters, digits, '-')");
    }
    question.expected = std::string(fields[2]);
    auto label = ParseLabel(question.expected, where);
    if (!label.ok()) return label.status();
    question.label = std::move(label).value();
    question.text = std::string(fields[3]);
    if (question.text.find_first_not_of(' ') == std::string::npos) {
      return InvalidArgument(where + "the question is empty");
    }
    questions.push_back(std::move(question));
  }
  return questions;
}

double SplitCoin(std::string_view id, std::uint64_t seed) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;  // FNV-1a offset basis
  for (const char c : id) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;  // FNV prime
  }
  return static_cast<double>(Mix(hash ^ seed) >> 11) * 0x1.0p-53;
}

void AssignSplits(std::vector<LabelledQuestion>& questions, std::uint64_t seed) {
  // Within a language, ids are compared by their number, so nl-100 follows nl-99 however they
  // are padded (ParseQuestionSet checked that the number is 1 to 9 digits).
  const auto number = [](const std::string& id) {
    return std::make_tuple(std::stoull(id.substr(id.find('-') + 1)), id);
  };
  std::vector<LabelledQuestion*> order;
  order.reserve(questions.size());
  for (LabelledQuestion& question : questions) order.push_back(&question);
  std::stable_sort(order.begin(), order.end(), [&](const auto* a, const auto* b) {
    return std::tie(a->language, a->category) < std::tie(b->language, b->category) ||
           (std::tie(a->language, a->category) == std::tie(b->language, b->category) &&
            number(a->id) < number(b->id));
  });
  std::map<std::pair<std::string, std::string>, std::pair<size_t, size_t>> counts;  // dev, test
  for (LabelledQuestion* question : order) {
    auto& [dev, test] = counts[{question->language, question->category}];
    if (dev != test) {
      question->split = dev < test ? Split::kDev : Split::kTest;
    } else {
      question->split = SplitCoin(question->id, seed) < 0.5 ? Split::kTest : Split::kDev;
    }
    ++(question->split == Split::kDev ? dev : test);
  }
}

Result<std::vector<LabelledQuestion>> LoadQuestionSet(const std::filesystem::path& path,
                                                      std::uint64_t seed) {
  std::vector<std::filesystem::path> files;
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    for (const auto& entry : std::filesystem::directory_iterator(path, error)) {
      if (entry.is_regular_file() && entry.path().extension() == ".tsv") {
        files.push_back(entry.path());
      }
    }
    std::sort(files.begin(), files.end());
    if (files.empty()) {
      return InvalidArgument(path.string() + ": no .tsv question files in this directory");
    }
  } else if (std::filesystem::is_regular_file(path, error)) {
    files.push_back(path);
  } else {
    return InvalidArgument(path.string() + ": no such file or directory");
  }
  std::vector<LabelledQuestion> questions;
  std::map<std::string, std::string, std::less<>> first_seen;  // id -> file:line
  for (const std::filesystem::path& file : files) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return InvalidArgument(file.string() + ": cannot be read");
    std::ostringstream content;
    content << in.rdbuf();
    auto parsed = ParseQuestionSet(content.str(), file.string());
    if (!parsed.ok()) return parsed.status();
    for (LabelledQuestion& question : parsed.value()) {
      const std::string where = question.file + ":" + std::to_string(question.line);
      const auto [it, inserted] = first_seen.emplace(question.id, where);
      if (!inserted) {
        return InvalidArgument(where + ": id '" + question.id + "' is already used at " +
                               it->second + "; give every question its own id");
      }
      questions.push_back(std::move(question));
    }
  }
  AssignSplits(questions, seed);
  return questions;
}

base::Status CheckLabels(const std::vector<LabelledQuestion>& questions,
                         const ArticleCatalogue& articles) {
  std::string problems;
  for (const LabelledQuestion& question : questions) {
    const std::string where = Where(question.file, question.line);
    for (const std::string& id : question.label.articles) {
      const auto it = articles.find(id);
      if (it == articles.end()) {
        problems.append(where).append(UnknownArticle(id));
      } else if (it->second) {
        problems.append(where).append("article '").append(id);
        problems.append("' always goes to a person; label it handoff:").append(id).append("\n");
      }
    }
    for (const std::string& id : question.label.handoff_articles) {
      if (!articles.contains(id)) problems.append(where).append(UnknownArticle(id));
    }
  }
  if (problems.empty()) return base::Status::Ok();
  problems.pop_back();
  return InvalidArgument(problems);
}

}  // namespace balie::evaluation
