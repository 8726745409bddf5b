#ifndef BALIE_KNOWLEDGE_MARKDOWN_ARTICLE_H_
#define BALIE_KNOWLEDGE_MARKDOWN_ARTICLE_H_

// Parses one knowledge-base article written in Markdown with YAML front matter:
//
//   ---
//   id: pincode-vergeten              # required, kebab-case
//   title: Pincode vergeten           # required
//   url: https://www.example.nl/pin   # required, http:// or https://
//   language: nl                      # required, nl or en
//   topics: [pas, pincode]            # optional: a list of strings or one string
//   examples:                         # optional: questions this article answers
//     - Ik weet mijn pincode niet meer
//   handoff: never                    # optional: never (default) or always
//   reviewed: 2024-05-01              # optional: a real date, YYYY-MM-DD
//   ---
//   # Pincode vergeten                (a first "# " heading is the title heading and is dropped)
//   Text before the first sub-heading becomes a section headed by the title.
//   ## Pincode per post               (#, ## and ### headings start a new section)
//
// The body becomes plain text: Markdown syntax, link targets, images and raw HTML are removed;
// paragraphs are separated by "\n\n", list items and table rows by "\n". Unknown front-matter
// fields are errors, so that a typo such as "exmaples" is never silently ignored.
//
// Pure functions: no I/O, thread-safe, never throw (yaml-cpp exceptions are caught inside).

#include <string>
#include <string_view>

#include "base/status.h"
#include "knowledge/problem.h"
#include "model/article.h"

namespace balie::knowledge {

// Every problem in `text`, each as "file:line: message" with a 1-based line of the file. `file`
// names the file in problems and becomes the article's source; source.line is the line of `id:`.
Checked<model::Article> CheckMarkdownArticle(std::string_view text, const std::string& file);

// CheckMarkdownArticle as a Result: InvalidArgument lists every problem, one per line.
base::Result<model::Article> ParseMarkdownArticle(std::string_view text, const std::string& file);

}  // namespace balie::knowledge

#endif  // BALIE_KNOWLEDGE_MARKDOWN_ARTICLE_H_
