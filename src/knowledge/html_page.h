#ifndef BALIE_KNOWLEDGE_HTML_PAGE_H_
#define BALIE_KNOWLEDGE_HTML_PAGE_H_

// Parses one saved public web page (HTML, UTF-8) into an article, with gumbo:
//
//   id        <meta name="balie:id" content="...">, else the file name without extension;
//             lower-cased, and then it must be kebab-case
//   title     the first <h1> outside skipped elements when there is no <title> or the <title>
//             contains it (a heading with the site's name added); else <title>; white space
//             collapsed
//   url       <link rel="canonical" href="https://..."> (required: customers get this link)
//   language  <html lang="...">: "nl", "nl-NL", "en", "en-GB", ... (required: nl or en)
//   topics    <meta name="keywords" content="a, b">
//   handoff   <meta name="balie:handoff" content="always">, else never
//   text      the content of <main>, else of <article>, else of <body>, without nav, header,
//             footer, aside, script, style, noscript, form, template, svg and iframe elements and
//             without elements marked role="navigation", aria-hidden="true" or hidden
//
// Inside the text, <h1>, <h2> and <h3> start sections (a first <h1> before any text is the title
// heading and is dropped); p, div, lists, tables, br and other blocks end lines or paragraphs;
// white space is collapsed. Examples are empty and `reviewed` is left empty.
//
// Pure functions: no I/O, thread-safe, never throw.

#include <string>
#include <string_view>

#include "base/status.h"
#include "knowledge/problem.h"
#include "model/article.h"

namespace balie::knowledge {

// Every problem in the page, with gumbo's 1-based source lines where an element is to blame (line
// 0 when the page lacks something). `file` is the page's path or name: it names the file in
// problems, becomes the article's source, and its stem is the default id.
Checked<model::Article> CheckHtmlPage(std::string_view html, const std::string& file);

// CheckHtmlPage as a Result: InvalidArgument lists every problem, one per line.
base::Result<model::Article> ParseHtmlPage(std::string_view html, const std::string& file);

}  // namespace balie::knowledge

#endif  // BALIE_KNOWLEDGE_HTML_PAGE_H_
