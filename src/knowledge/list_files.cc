#include "knowledge/list_files.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <exception>
#include <optional>
#include <string>
#include <utility>

#include "base/text.h"
#include "knowledge/checks.h"

namespace balie::knowledge {
namespace {

// Calls `on_line(line_number, line)` for each line, without its line end.
template <typename F>
void ForEachLine(std::string_view text, F&& on_line) {
  int number = 0;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    on_line(++number, line);
    start = end + 1;
  }
}

// Problems that stop a list file from being read at all.
bool CheckFile(std::string_view text, const std::string& file, std::vector<Problem>& problems) {
  if (text.size() > kMaxFileBytes) {
    problems.push_back({file, 0, "file is larger than 8 MiB"});
    return false;
  }
  if (const int bad_line = FirstInvalidUtf8Line(text); bad_line > 0) {
    problems.push_back({file, bad_line, "invalid UTF-8; save the file as UTF-8"});
    return false;
  }
  return true;
}

Checked<std::vector<model::SynonymGroup>> Synonyms(std::string_view text, const std::string& file) {
  Checked<std::vector<model::SynonymGroup>> result;
  if (!CheckFile(text, file, result.problems)) return result;
  std::vector<model::SynonymGroup> groups;
  ForEachLine(StripByteOrderMark(text), [&](int number, std::string_view line) {
    line = base::Trim(line.substr(0, line.find('#')));
    if (line.empty()) return;
    model::SynonymGroup group;
    size_t start = 0;
    while (start <= line.size()) {
      size_t end = line.find('=', start);
      if (end == std::string_view::npos) end = line.size();
      std::string member = CollapseWhitespace(base::FoldText(line.substr(start, end - start)));
      if (!member.empty() && std::find(group.begin(), group.end(), member) == group.end()) {
        group.push_back(std::move(member));
      }
      start = end + 1;
    }
    if (group.size() < 2) {
      result.problems.push_back(
          {file, number,
           "a synonym group needs at least two different words separated by '=', e.g. "
           "'pinpas = betaalpas'"});
      return;
    }
    groups.push_back(std::move(group));
  });
  if (result.problems.empty()) result.value = std::move(groups);
  return result;
}

Checked<std::vector<std::string>> OutOfScope(std::string_view text, const std::string& file) {
  Checked<std::vector<std::string>> result;
  if (!CheckFile(text, file, result.problems)) return result;
  std::vector<std::string> questions;
  ForEachLine(StripByteOrderMark(text), [&](int /*number*/, std::string_view line) {
    line = base::Trim(line);
    if (line.empty() || line.front() == '#') return;
    questions.emplace_back(line);
  });
  result.value = std::move(questions);
  return result;
}

constexpr size_t kMaxDomainTermWords = 4;

Checked<std::vector<std::string>> DomainTerms(std::string_view text, const std::string& file) {
  Checked<std::vector<std::string>> result;
  if (!CheckFile(text, file, result.problems)) return result;
  std::vector<std::string> terms;
  ForEachLine(StripByteOrderMark(text), [&](int number, std::string_view line) {
    std::string term = CollapseWhitespace(base::FoldText(line.substr(0, line.find('#'))));
    if (term.empty()) return;
    if (base::SplitWords(term).size() > kMaxDomainTermWords) {
      result.problems.push_back({file, number,
                                 "a domain term is a word or a short phrase of at most " +
                                     std::to_string(kMaxDomainTermWords) + " words, one per line"});
      return;
    }
    if (std::find(terms.begin(), terms.end(), term) == terms.end())
      terms.push_back(std::move(term));
  });
  if (result.problems.empty()) result.value = std::move(terms);
  return result;
}

// A finite number written in full ("0.47", "-1.2e-3"), or nullopt.
std::optional<double> ParseNumber(std::string_view text) {
  if (text.empty() || text.size() > 32) return std::nullopt;
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

Checked<model::ConfidenceCalibration> Calibration(std::string_view text, const std::string& file) {
  Checked<model::ConfidenceCalibration> result;
  if (!CheckFile(text, file, result.problems)) return result;
  std::optional<double> offset;
  std::optional<double> scale;
  ForEachLine(StripByteOrderMark(text), [&](int number, std::string_view line) {
    line = base::Trim(line.substr(0, line.find('#')));
    if (line.empty()) return;
    const size_t space = line.find_first_of(" \t");
    const std::string_view key = line.substr(0, space);
    const std::optional<double> value = space == std::string_view::npos
                                            ? std::nullopt
                                            : ParseNumber(base::Trim(line.substr(space)));
    std::optional<double>* slot = key == "offset" ? &offset : key == "scale" ? &scale : nullptr;
    if (slot == nullptr) {
      result.problems.push_back({file, number,
                                 "expected 'offset <number>' or 'scale <number>', not '" +
                                     std::string(line.substr(0, 40)) + "'"});
    } else if (slot->has_value()) {
      result.problems.push_back({file, number, std::string(key) + " is given twice"});
    } else if (!value || std::abs(*value) > 100 || (slot == &scale && *value <= 0)) {
      result.problems.push_back(
          {file, number,
           std::string(key) + (slot == &scale ? " needs a positive number of at most 100"
                                              : " needs a number between -100 and 100")});
    } else {
      *slot = value;
    }
  });
  if (result.problems.empty() && (!offset || !scale)) {
    result.problems.push_back({file, 0, "needs both an 'offset' and a 'scale' line"});
  }
  if (result.problems.empty()) result.value = model::ConfidenceCalibration{*offset, *scale};
  return result;
}

// `parse` of one file, with an exception (std::bad_alloc, say) turned into a problem that names
// the file and `what` it holds: exceptions never leave the library.
template <typename Parse>
auto Guarded(Parse parse, std::string_view text, const std::string& file, std::string_view what)
    -> decltype(parse(text, file)) {
  try {
    return parse(text, file);
  } catch (const std::exception& e) {
    decltype(parse(text, file)) result;
    result.problems.push_back({file, 0, "cannot read " + std::string(what) + ": " + e.what()});
    return result;
  }
}

}  // namespace

Checked<std::vector<model::SynonymGroup>> CheckSynonyms(std::string_view text,
                                                        const std::string& file) {
  return Guarded(Synonyms, text, file, "synonyms");
}

base::Result<std::vector<model::SynonymGroup>> ParseSynonyms(std::string_view text,
                                                             const std::string& file) {
  return ToResult(CheckSynonyms(text, file));
}

Checked<std::vector<std::string>> CheckOutOfScope(std::string_view text, const std::string& file) {
  return Guarded(OutOfScope, text, file, "questions");
}

Checked<std::vector<std::string>> CheckDomainTerms(std::string_view text, const std::string& file) {
  return Guarded(DomainTerms, text, file, "domain terms");
}

Checked<model::ConfidenceCalibration> CheckCalibration(std::string_view text,
                                                       const std::string& file) {
  return Guarded(Calibration, text, file, "the calibration");
}

}  // namespace balie::knowledge
