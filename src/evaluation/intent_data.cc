#include "evaluation/intent_data.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <random>
#include <sstream>

#include <nlohmann/json.hpp>

namespace balie::evaluation {
namespace {

using base::InvalidArgument;
using base::Result;

std::string Where(std::string_view source, int line) {
  return std::string(source) + ":" + std::to_string(line) + ": ";
}

// One CSV record: its fields and the line it starts on.
struct CsvRecord {
  std::vector<std::string> fields;
  int line = 0;
};

// Reads records one by one; keeps track of the line so errors can point at it.
class CsvReader {
 public:
  CsvReader(std::string_view content, std::string_view source)
      : content_(content), source_(source) {}

  bool AtEnd() const { return pos_ >= content_.size(); }

  // Reads the next record at the current position; requires !AtEnd().
  Result<CsvRecord> Next() {
    CsvRecord record;
    record.line = line_;
    std::string field;
    while (true) {
      if (pos_ < content_.size() && content_[pos_] == '"') {
        const int quote_line = line_;
        ++pos_;
        while (true) {
          if (pos_ >= content_.size()) {
            return InvalidArgument(Where(source_, quote_line) +
                                   "quoted field is not closed; add the closing '\"'");
          }
          const char c = content_[pos_++];
          if (c == '"') {
            if (pos_ < content_.size() && content_[pos_] == '"') {
              field.push_back('"');
              ++pos_;
            } else {
              break;
            }
          } else {
            if (c == '\n') ++line_;
            field.push_back(c);
          }
        }
        // After the closing quote only a separator or a line end may follow.
        if (pos_ < content_.size() && content_[pos_] != ',' && content_[pos_] != '\n' &&
            content_[pos_] != '\r') {
          return InvalidArgument(Where(source_, line_) +
                                 "unexpected text after a closing quote; write a quote inside a "
                                 "quoted field as \"\"");
        }
      } else {
        while (pos_ < content_.size() && content_[pos_] != ',' && content_[pos_] != '\n' &&
               content_[pos_] != '\r') {
          if (content_[pos_] == '"') {
            return InvalidArgument(Where(source_, line_) +
                                   "a quote inside an unquoted field; quote the whole field and "
                                   "double the quote");
          }
          field.push_back(content_[pos_++]);
        }
      }
      record.fields.push_back(std::move(field));
      field.clear();
      if (pos_ >= content_.size()) return record;
      const char c = content_[pos_++];
      if (c == ',') continue;
      if (c == '\r') {
        if (pos_ < content_.size() && content_[pos_] == '\n') ++pos_;
      }
      ++line_;
      return record;
    }
  }

  int line() const { return line_; }

 private:
  std::string_view content_;
  std::string_view source_;
  size_t pos_ = 0;
  int line_ = 1;
};

std::string_view Extension(std::string_view path) {
  const auto slash = path.find_last_of('/');
  const auto dot = path.find_last_of('.');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) return {};
  return path.substr(dot);
}

}  // namespace

Result<std::vector<IntentExample>> ParseIntentJson(std::string_view content,
                                                   std::string_view source) {
  // ordered_json keeps the members in file order, so the examples come out as written.
  nlohmann::ordered_json root;
  try {
    root = nlohmann::ordered_json::parse(content.begin(), content.end());
  } catch (const nlohmann::json::exception& e) {
    // The library's message names the line and column.
    return InvalidArgument(std::string(source) + ": invalid JSON: " + e.what());
  }
  if (!root.is_object()) {
    return InvalidArgument(std::string(source) +
                           ": expected an object whose values are lists of [text, intent] pairs");
  }
  std::vector<IntentExample> examples;
  for (const auto& [key, list] : root.items()) {
    if (!list.is_array()) {
      return InvalidArgument(std::string(source) + ": member \"" + key +
                             "\" is not a list of [text, intent] pairs");
    }
    size_t index = 0;
    for (const auto& pair : list) {
      if (!pair.is_array() || pair.size() != 2 || !pair[0].is_string() || !pair[1].is_string()) {
        return InvalidArgument(std::string(source) + ": " + key + "[" + std::to_string(index) +
                               "]: expected a pair [text, intent] of two strings, got " +
                               pair.dump());
      }
      examples.push_back({pair[0].get<std::string>(), pair[1].get<std::string>()});
      ++index;
    }
  }
  return examples;
}

Result<std::vector<IntentExample>> ParseIntentCsv(std::string_view content,
                                                  std::string_view source) {
  if (content.substr(0, 3) == "\xEF\xBB\xBF") content.remove_prefix(3);  // UTF-8 byte order mark
  CsvReader reader(content, source);
  if (reader.AtEnd()) return InvalidArgument(Where(source, 1) + "empty file; expected a header");
  auto header = reader.Next();
  if (!header.ok()) return header.status();
  int text_column = -1;
  int intent_column = -1;
  for (size_t i = 0; i < header->fields.size(); ++i) {
    if (header->fields[i] == "text") text_column = static_cast<int>(i);
    if (header->fields[i] == "category") intent_column = static_cast<int>(i);
  }
  if (text_column < 0 || intent_column < 0) {
    return InvalidArgument(Where(source, 1) + "the header must name the columns `text` and " +
                           "`category`");
  }
  const auto needed = static_cast<size_t>(std::max(text_column, intent_column)) + 1;
  std::vector<IntentExample> examples;
  while (!reader.AtEnd()) {
    auto record = reader.Next();
    if (!record.ok()) return record.status();
    if (record->fields.size() == 1 && record->fields[0].empty()) continue;  // blank line
    if (record->fields.size() < needed) {
      return InvalidArgument(Where(source, record->line) + "expected " +
                             std::to_string(header->fields.size()) + " fields, found " +
                             std::to_string(record->fields.size()));
    }
    auto& intent = record->fields[static_cast<size_t>(intent_column)];
    if (intent.empty()) return InvalidArgument(Where(source, record->line) + "empty category");
    examples.push_back(
        {std::move(record->fields[static_cast<size_t>(text_column)]), std::move(intent)});
  }
  return examples;
}

Result<std::vector<IntentExample>> LoadIntentFile(const std::string& path) {
  const std::string_view extension = Extension(path);
  if (extension != ".json" && extension != ".csv") {
    return InvalidArgument(path + ": unknown format; expected a .json or .csv file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return base::NotFound(path + ": cannot open the file");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return base::Unavailable(path + ": read error");
  const std::string content = std::move(buffer).str();
  return extension == ".json" ? ParseIntentJson(content, path) : ParseIntentCsv(content, path);
}

TrainTestSplit SplitTrainTest(const std::vector<IntentExample>& examples, double test_fraction,
                              std::uint64_t seed) {
  std::map<std::string_view, std::vector<size_t>> by_intent;
  for (size_t i = 0; i < examples.size(); ++i) by_intent[examples[i].intent].push_back(i);

  std::mt19937_64 rng(seed);
  std::vector<bool> is_test(examples.size(), false);
  for (auto& [intent, indices] : by_intent) {
    const size_t n = indices.size();
    auto n_test = static_cast<size_t>(std::llround(static_cast<double>(n) * test_fraction));
    if (test_fraction > 0 && n >= 2) n_test = std::max<size_t>(n_test, 1);
    if (n >= 1) n_test = std::min(n_test, n - 1);
    // Fisher-Yates, written out: std::shuffle's use of the generator is unspecified.
    for (size_t i = n; i > 1; --i) {
      const auto j = static_cast<size_t>(rng() % i);  // modulo bias is negligible for n << 2^64
      std::swap(indices[i - 1], indices[j]);
    }
    for (size_t k = 0; k < n_test; ++k) is_test[indices[k]] = true;
  }
  TrainTestSplit split;
  for (size_t i = 0; i < examples.size(); ++i) {
    (is_test[i] ? split.test : split.train).push_back(examples[i]);
  }
  return split;
}

}  // namespace balie::evaluation
