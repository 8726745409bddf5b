#include "knowledge/knowledge_loader.h"

#include <algorithm>
#include <exception>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <system_error>
#include <utility>

#include "knowledge/checks.h"
#include "knowledge/html_page.h"
#include "knowledge/list_files.h"
#include "knowledge/markdown_article.h"

namespace balie::knowledge {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kSynonymsFile = "synonyms.txt";
constexpr std::string_view kOutOfScopeFile = "out-of-scope.txt";
constexpr std::string_view kCalibrationFile = "calibration.txt";
constexpr std::string_view kDomainTermsFile = "domain-terms.txt";

enum class FileKind { kMarkdown, kHtml, kStrayText };

struct Candidate {
  fs::path path;
  std::string relative;  // generic form, the sort key
  FileKind kind;
};

std::optional<FileKind> KindOf(const fs::path& path, bool top_level) {
  const std::string name = AsciiLower(path.filename().string());
  const std::string extension = AsciiLower(path.extension().string());
  if (name == "readme.md") return std::nullopt;
  if (extension == ".md") return FileKind::kMarkdown;
  if (extension == ".html" || extension == ".htm") return FileKind::kHtml;
  if (extension == ".txt") {
    const std::string exact = path.filename().string();
    if (top_level && (exact == kSynonymsFile || exact == kOutOfScopeFile ||
                      exact == kCalibrationFile || exact == kDomainTermsFile)) {
      return std::nullopt;
    }
    return FileKind::kStrayText;
  }
  return std::nullopt;
}

// The file's bytes, or nullopt after reporting why it cannot be read.
std::optional<std::string> ReadFile(const fs::path& path, std::vector<Problem>& problems) {
  std::error_code error;
  const auto size = fs::file_size(path, error);
  if (error) {
    problems.push_back({path.generic_string(), 0, "cannot read file: " + error.message()});
    return std::nullopt;
  }
  if (size > kMaxFileBytes) {
    problems.push_back({path.generic_string(), 0, "file is larger than 8 MiB"});
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  std::string bytes(static_cast<size_t>(size), '\0');
  if (!in || !in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()))) {
    problems.push_back({path.generic_string(), 0, "cannot read file"});
    return std::nullopt;
  }
  return bytes;
}

// "file:line", or "file" when the line is unknown.
std::string Where(const model::SourceLocation& source) {
  return source.line > 0 ? source.file + ":" + std::to_string(source.line) : source.file;
}

// Reads an optional top-level list file with `check`, moving its problems into `report`.
template <typename T>
std::optional<T> ReadListFile(const fs::path& dir, std::string_view name,
                              Checked<T> (*check)(std::string_view, const std::string&),
                              LoadReport& report) {
  const fs::path path = dir / name;
  std::error_code error;
  if (!fs::exists(path, error)) return std::nullopt;
  const std::optional<std::string> text = ReadFile(path, report.problems);
  if (!text) return std::nullopt;
  auto checked = check(*text, path.generic_string());
  report.problems.insert(report.problems.end(), checked.problems.begin(), checked.problems.end());
  return std::move(checked.value);
}

// Every article candidate below `dir`, sorted by relative path.
std::vector<Candidate> FindArticleFiles(const fs::path& dir, std::vector<Problem>& problems) {
  std::vector<Candidate> found;
  std::error_code error;
  fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, error);
  for (const fs::recursive_directory_iterator end; !error && it != end; it.increment(error)) {
    const fs::path& path = it->path();
    if (path.filename().string().starts_with(".")) {
      if (it->is_directory(error)) it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file(error)) continue;
    const std::optional<FileKind> kind = KindOf(path, it.depth() == 0);
    if (!kind) continue;
    found.push_back({path, path.lexically_relative(dir).generic_string(), *kind});
  }
  if (error) {
    problems.push_back({dir.generic_string(), 0, "cannot list directory: " + error.message()});
  }
  std::sort(found.begin(), found.end(),
            [](const Candidate& a, const Candidate& b) { return a.relative < b.relative; });
  return found;
}

void Load(const fs::path& dir, LoadReport& report) {
  std::error_code error;
  const fs::file_status status = fs::status(dir, error);
  if (status.type() == fs::file_type::not_found) {
    report.problems.push_back({dir.generic_string(), 0, "knowledge base directory does not exist"});
    return;
  }
  if (error) {
    report.problems.push_back(
        {dir.generic_string(), 0, "cannot open knowledge base directory: " + error.message()});
    return;
  }
  if (!fs::is_directory(status)) {
    report.problems.push_back(
        {dir.generic_string(), 0, "not a directory; give the knowledge base's folder"});
    return;
  }

  if (auto synonyms = ReadListFile(dir, kSynonymsFile, CheckSynonyms, report)) {
    report.knowledge.synonyms = std::move(*synonyms);
  }
  if (auto questions = ReadListFile(dir, kOutOfScopeFile, CheckOutOfScope, report)) {
    report.knowledge.out_of_scope_examples = std::move(*questions);
  }
  if (auto terms = ReadListFile(dir, kDomainTermsFile, CheckDomainTerms, report)) {
    report.knowledge.domain_terms = std::move(*terms);
  }
  report.knowledge.confidence_calibration =
      ReadListFile(dir, kCalibrationFile, CheckCalibration, report);

  std::map<std::string, model::SourceLocation> first_use;  // id -> where it was first declared
  for (const Candidate& candidate : FindArticleFiles(dir, report.problems)) {
    const std::string file = candidate.path.generic_string();
    if (candidate.kind == FileKind::kStrayText) {
      report.problems.push_back(
          {file, 0,
           "unexpected text file; a knowledge base reads only synonyms.txt, out-of-scope.txt, "
           "domain-terms.txt and calibration.txt, at its top level (is the name misspelt?)"});
      continue;
    }
    const bool markdown = candidate.kind == FileKind::kMarkdown;
    ++(markdown ? report.markdown_files : report.html_files);
    const std::optional<std::string> text = ReadFile(candidate.path, report.problems);
    if (!text) continue;
    Checked<model::Article> checked =
        markdown ? CheckMarkdownArticle(*text, file) : CheckHtmlPage(*text, file);
    if (!checked.ok()) {
      report.problems.insert(report.problems.end(), checked.problems.begin(),
                             checked.problems.end());
      continue;
    }
    model::Article& article = *checked.value;
    const auto [previous, inserted] = first_use.emplace(article.id, article.source);
    if (!inserted) {
      report.problems.push_back({file, article.source.line,
                                 "duplicate id '" + article.id + "': already used by " +
                                     Where(previous->second) + "; ids must be unique"});
      continue;
    }
    report.knowledge.articles.push_back(std::move(article));
  }
  std::sort(report.knowledge.articles.begin(), report.knowledge.articles.end(),
            [](const model::Article& a, const model::Article& b) { return a.id < b.id; });
}

}  // namespace

LoadReport LoadKnowledgeBase(const fs::path& dir) {
  LoadReport report;
  try {
    Load(dir, report);
  } catch (const std::exception& e) {  // e.g. std::bad_alloc: exceptions never leave the library
    report.knowledge = {};
    report.problems.push_back(
        {dir.generic_string(), 0, std::string("cannot load knowledge base: ") + e.what()});
  }
  return report;
}

}  // namespace balie::knowledge
