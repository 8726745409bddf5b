// libFuzzer target for the knowledge-base parsers: Markdown articles with YAML front matter, saved
// HTML pages, synonym lists, domain terms and the confidence's calibration. They read files
// written by people and saved from the web, so they must never crash, hang or throw, whatever the
// bytes.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "knowledge/html_page.h"
#include "knowledge/list_files.h"
#include "knowledge/markdown_article.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  using namespace balie::knowledge;

  const Checked<balie::model::Article> markdown = CheckMarkdownArticle(input, "fuzz.md");
  // A parser returns a value exactly when it found no problem.
  if (markdown.ok() != markdown.problems.empty()) __builtin_trap();
  if (markdown.ok() && markdown.value->sections.empty()) __builtin_trap();

  const Checked<balie::model::Article> html = CheckHtmlPage(input, "fuzz-page.html");
  if (html.ok() != html.problems.empty()) __builtin_trap();

  const Checked<std::vector<balie::model::SynonymGroup>> synonyms =
      CheckSynonyms(input, "synonyms.txt");
  if (synonyms.ok()) {
    for (const balie::model::SynonymGroup& group : *synonyms.value) {
      if (group.size() < 2) __builtin_trap();
    }
  }

  (void)ParseMarkdownArticle(input, "fuzz.md");
  (void)ParseHtmlPage(input, "fuzz-page.html");
  (void)ParseSynonyms(input, "synonyms.txt");
  (void)CheckOutOfScope(input, "out-of-scope.txt");

  const Checked<std::vector<std::string>> terms = CheckDomainTerms(input, "domain-terms.txt");
  if (terms.ok() != terms.problems.empty()) __builtin_trap();
  if (terms.ok()) {
    for (const std::string& term : *terms.value) {
      if (term.empty()) __builtin_trap();
    }
  }

  const Checked<balie::model::ConfidenceCalibration> calibration =
      CheckCalibration(input, "calibration.txt");
  if (calibration.ok() != calibration.problems.empty()) __builtin_trap();
  if (calibration.ok() && !(calibration.value->scale > 0 && calibration.value->scale <= 100)) {
    __builtin_trap();
  }
  return 0;
}
