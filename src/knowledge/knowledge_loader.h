#ifndef BALIE_KNOWLEDGE_KNOWLEDGE_LOADER_H_
#define BALIE_KNOWLEDGE_KNOWLEDGE_LOADER_H_

// Loads a knowledge base from a directory:
//
//   *.md                  one article each (see markdown_article.h), in any folder
//   *.html, *.htm         one saved public web page each (see html_page.h), in any folder
//   synonyms.txt          optional, top level only (see list_files.h)
//   out-of-scope.txt      optional, top level only (see list_files.h)
//   domain-terms.txt      optional, top level only (see list_files.h)
//   calibration.txt       optional, top level only (see list_files.h)
//   README.md             documentation, skipped wherever it is
//
// Files and folders whose names start with '.' are skipped. Any other *.txt file is reported as a
// problem, so that a misspelt "synonym.txt" is not silently ignored; other files are ignored.
// Files are read in path order, so ids, problems and duplicates come out the same on every run.
//
// Reads the file system; otherwise stateless and thread-safe. Never throws.

#include <filesystem>
#include <vector>

#include "knowledge/problem.h"
#include "model/article.h"

namespace balie::knowledge {

struct LoadReport {
  // The valid articles, sorted by id, plus synonyms and out-of-scope questions. A file with any
  // problem contributes nothing here; its problems are in `problems`.
  model::KnowledgeBase knowledge;
  // Every problem in every file, in path order; empty when the knowledge base is clean.
  std::vector<Problem> problems;
  // Article files read (including those with problems).
  int markdown_files = 0;
  int html_files = 0;

  bool ok() const { return problems.empty(); }
};

// Problem paths are `dir` joined with the file's path below it. When two files declare the same id,
// the first in path order is kept and the second is reported, naming both files and lines. A
// missing or unreadable directory is a problem, not an exception.
LoadReport LoadKnowledgeBase(const std::filesystem::path& dir);

}  // namespace balie::knowledge

#endif  // BALIE_KNOWLEDGE_KNOWLEDGE_LOADER_H_
