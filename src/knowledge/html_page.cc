#include "knowledge/html_page.h"

#include <gumbo.h>

#include <algorithm>
#include <array>
#include <exception>
#include <filesystem>
#include <optional>
#include <utility>
#include <vector>

#include "base/text.h"
#include "knowledge/checks.h"
#include "knowledge/section_builder.h"

namespace balie::knowledge {
namespace {

// Gumbo's tree construction takes time proportional to nesting depth for every tag, so a page of
// 100,000 nested <div>s takes minutes. Browsers stop nesting at 512 levels (Blink); pages deeper
// than that are not real pages, and are rejected before gumbo sees them.
constexpr int kMaxNestingDepth = 512;

bool IsTagNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == ':';
}

// Elements that do not nest (void elements) or that the next sibling closes implicitly; they do
// not deepen a real page.
bool IsFlatTag(std::string_view name) {
  static constexpr std::array<std::string_view, 31> kFlat = {
      "area", "base", "br",    "col",    "embed", "hr",     "img",      "input",
      "link", "meta", "param", "source", "track", "wbr",    "p",        "li",
      "dt",   "dd",   "td",    "th",     "tr",    "option", "optgroup", "rb",
      "rt",   "rtc",  "rp",    "thead",  "tbody", "tfoot",  "colgroup"};
  for (std::string_view flat : kFlat) {
    if (name == flat) return true;
  }
  return false;
}

// Elements whose content is text, not markup ("if (a<b)" in a script is not a tag).
bool IsRawTextTag(std::string_view name) {
  return name == "script" || name == "style" || name == "textarea" || name == "title" ||
         name == "xmp" || name == "iframe" || name == "noembed" || name == "noframes";
}

// The position of the first "</name" (any case) from `from`, or npos.
size_t FindEndTag(std::string_view html, size_t from, std::string_view name) {
  for (size_t i = html.find("</", from); i != std::string_view::npos; i = html.find("</", i + 2)) {
    const std::string_view candidate = html.substr(i + 2, name.size());
    if (candidate.size() == name.size() && AsciiLower(candidate) == name) return i;
  }
  return std::string_view::npos;
}

// An upper estimate of how deep the page nests elements, from a plain scan of its tags: open tags
// minus close tags, ignoring comments, raw text and the tags that do not nest.
int EstimateNestingDepth(std::string_view html) {
  int depth = 0;
  int deepest = 0;
  size_t i = 0;
  while ((i = html.find('<', i)) != std::string_view::npos) {
    if (html.substr(i, 4) == "<!--") {
      const size_t end = html.find("-->", i + 4);
      if (end == std::string_view::npos) break;
      i = end + 3;
      continue;
    }
    const bool closing = i + 1 < html.size() && html[i + 1] == '/';
    size_t name_end = i + (closing ? 2 : 1);
    const size_t name_start = name_end;
    while (name_end < html.size() && IsTagNameChar(html[name_end])) ++name_end;
    i = name_end;
    if (name_end == name_start) continue;  // "a < b" in text
    const std::string name = AsciiLower(html.substr(name_start, name_end - name_start));
    const size_t tag_end = html.find('>', name_end);
    if (tag_end == std::string_view::npos) break;
    i = tag_end + 1;
    if (IsFlatTag(name)) continue;
    if (closing) {
      if (depth > 0) --depth;
      continue;
    }
    if (html[tag_end - 1] == '/') continue;  // <x/>
    if (IsRawTextTag(name)) {
      i = FindEndTag(html, i, name);
      continue;
    }
    deepest = std::max(deepest, ++depth);
  }
  return deepest;
}

// Frees gumbo's tree when the parse goes out of scope.
class GumboDocument {
 public:
  explicit GumboDocument(std::string_view html) : options_(kGumboDefaultOptions) {
    options_.max_errors = 0;  // we do not report HTML syntax errors; do not collect them
    output_ = gumbo_parse_with_options(&options_, html.data(), html.size());
  }
  ~GumboDocument() { gumbo_destroy_output(&options_, output_); }
  GumboDocument(const GumboDocument&) = delete;
  GumboDocument& operator=(const GumboDocument&) = delete;

  const GumboNode* document() const { return output_->document; }

 private:
  GumboOptions options_;
  GumboOutput* output_ = nullptr;
};

bool IsElement(const GumboNode* node) {
  return node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE;
}

bool IsHtml(const GumboNode* node, GumboTag tag) {
  return node->type == GUMBO_NODE_ELEMENT && node->v.element.tag == tag &&
         node->v.element.tag_namespace == GUMBO_NAMESPACE_HTML;
}

const GumboVector* Children(const GumboNode* node) {
  if (node->type == GUMBO_NODE_DOCUMENT) return &node->v.document.children;
  if (IsElement(node)) return &node->v.element.children;
  return nullptr;
}

int Line(const GumboNode* node) {
  if (node == nullptr || !IsElement(node)) return 0;
  return static_cast<int>(node->v.element.start_pos.line);
}

std::optional<std::string_view> Attribute(const GumboNode* node, const char* name) {
  if (!IsElement(node)) return std::nullopt;
  const GumboAttribute* attribute = gumbo_get_attribute(&node->v.element.attributes, name);
  if (attribute == nullptr) return std::nullopt;
  return std::string_view(attribute->value);
}

// True when the space-separated token list `tokens` holds `token` (ASCII case-insensitive).
bool HasToken(std::string_view tokens, std::string_view token) {
  const std::string lower = AsciiLower(tokens);
  size_t start = 0;
  while (start < lower.size()) {
    size_t end = lower.find_first_of(" \t\n\r\f", start);
    if (end == std::string::npos) end = lower.size();
    if (std::string_view(lower).substr(start, end - start) == token) return true;
    start = end + 1;
  }
  return false;
}

// Page furniture that is not the page's answer text.
bool IsSkipped(const GumboNode* node) {
  if (node->type == GUMBO_NODE_TEMPLATE) return true;
  if (node->type != GUMBO_NODE_ELEMENT) return false;
  switch (node->v.element.tag) {
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_IFRAME:
      return true;
    default:
      break;
  }
  if (auto role = Attribute(node, "role"); role && HasToken(*role, "navigation")) return true;
  if (auto hidden = Attribute(node, "aria-hidden"); hidden && AsciiLower(*hidden) == "true") {
    return true;
  }
  return Attribute(node, "hidden").has_value();
}

// Whether `title` is `heading` with the site's name before or after it, apart from a separator:
// "Pas blokkeren | Voorbeeldbank", "Voorbeeldbank - Pas blokkeren" (letters compared ignoring
// ASCII case).
bool IsHeadingWithSiteName(std::string_view title, std::string_view heading) {
  if (heading.empty() || heading.size() >= title.size()) return false;
  const std::string lower_title = AsciiLower(title);
  const std::string lower_heading = AsciiLower(heading);
  const std::string_view whole = lower_title;
  constexpr std::array<std::string_view, 7> kSeparators = {"|", "-",      "\u2013", "\u2014",
                                                           ":", "\u00b7", "\u2022"};
  if (whole.starts_with(lower_heading)) {
    const std::string_view rest = base::Trim(whole.substr(lower_heading.size()));
    return std::any_of(kSeparators.begin(), kSeparators.end(),
                       [rest](std::string_view s) { return rest.starts_with(s); });
  }
  if (whole.ends_with(lower_heading)) {
    const std::string_view rest = base::Trim(whole.substr(0, whole.size() - lower_heading.size()));
    return std::any_of(kSeparators.begin(), kSeparators.end(),
                       [rest](std::string_view s) { return rest.ends_with(s); });
  }
  return false;
}

// The elements the page's fields come from: the first of each, in document order.
struct PageParts {
  const GumboNode* html = nullptr;
  const GumboNode* title = nullptr;
  const GumboNode* first_h1 = nullptr;
  const GumboNode* canonical = nullptr;
  const GumboNode* meta_id = nullptr;
  const GumboNode* meta_keywords = nullptr;
  const GumboNode* meta_handoff = nullptr;
  const GumboNode* main = nullptr;
  const GumboNode* article = nullptr;
  const GumboNode* body = nullptr;
};

void Remember(const GumboNode*& slot, const GumboNode* node) {
  if (slot == nullptr) slot = node;
}

// Iterative, so that deeply nested pages cannot exhaust the stack.
PageParts FindParts(const GumboNode* document) {
  PageParts parts;
  std::vector<std::pair<const GumboNode*, bool>> stack = {{document, false}};  // node, skipped
  while (!stack.empty()) {
    const auto [node, inside_skipped] = stack.back();
    stack.pop_back();
    const bool skipped = inside_skipped || IsSkipped(node);
    if (node->type == GUMBO_NODE_ELEMENT && node->v.element.tag_namespace == GUMBO_NAMESPACE_HTML) {
      switch (node->v.element.tag) {
        case GUMBO_TAG_HTML:
          Remember(parts.html, node);
          break;
        case GUMBO_TAG_TITLE:
          Remember(parts.title, node);
          break;
        case GUMBO_TAG_BODY:
          Remember(parts.body, node);
          break;
        case GUMBO_TAG_H1:
          if (!skipped) Remember(parts.first_h1, node);
          break;
        case GUMBO_TAG_MAIN:
          if (!skipped) Remember(parts.main, node);
          break;
        case GUMBO_TAG_ARTICLE:
          if (!skipped) Remember(parts.article, node);
          break;
        case GUMBO_TAG_LINK:
          if (auto rel = Attribute(node, "rel"); rel && HasToken(*rel, "canonical")) {
            Remember(parts.canonical, node);
          }
          break;
        case GUMBO_TAG_META:
          if (auto name = Attribute(node, "name")) {
            const std::string lower = AsciiLower(base::Trim(*name));
            if (lower == "balie:id") Remember(parts.meta_id, node);
            if (lower == "keywords") Remember(parts.meta_keywords, node);
            if (lower == "balie:handoff") Remember(parts.meta_handoff, node);
          }
          break;
        default:
          break;
      }
    }
    if (const GumboVector* children = Children(node)) {
      for (unsigned i = children->length; i > 0; --i) {
        stack.emplace_back(static_cast<const GumboNode*>(children->data[i - 1]), skipped);
      }
    }
  }
  return parts;
}

// The visible text below `root`, white space collapsed (for titles and headings).
std::string TextOf(const GumboNode* root) {
  std::string text;
  std::vector<const GumboNode*> stack = {root};
  while (!stack.empty()) {
    const GumboNode* node = stack.back();
    stack.pop_back();
    if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_CDATA ||
        node->type == GUMBO_NODE_WHITESPACE) {
      text += node->v.text.text;
      continue;
    }
    if (node != root && IsSkipped(node)) continue;
    if (IsHtml(node, GUMBO_TAG_BR)) text += ' ';
    if (const GumboVector* children = Children(node)) {
      for (unsigned i = children->length; i > 0; --i) {
        stack.push_back(static_cast<const GumboNode*>(children->data[i - 1]));
      }
    }
  }
  return CollapseWhitespace(text);
}

bool IsParagraphBlock(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_P:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_BODY:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_CENTER:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
      return true;
    default:
      return false;
  }
}

bool IsLineBlock(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_LI:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_BR:
    case GUMBO_TAG_OPTION:
      return true;
    default:
      return false;
  }
}

// Walks the main content and feeds a SectionBuilder.
class HtmlBody {
 public:
  explicit HtmlBody(std::string_view title) : builder_(title) {}

  void Walk(const GumboNode* root) {
    std::vector<std::pair<const GumboNode*, bool>> stack = {{root, false}};  // node, leaving
    while (!stack.empty()) {
      const auto [node, leaving] = stack.back();
      stack.pop_back();
      if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_CDATA ||
          node->type == GUMBO_NODE_WHITESPACE) {
        OnText(node->v.text.text);
        continue;
      }
      if (node->type != GUMBO_NODE_ELEMENT) continue;  // comments, templates
      if (leaving) {
        OnLeave(node->v.element.tag);
        continue;
      }
      if (node != root && IsSkipped(node)) continue;
      if (node->v.element.tag_namespace != GUMBO_NAMESPACE_HTML) continue;  // MathML
      const GumboTag tag = node->v.element.tag;
      if (tag == GUMBO_TAG_H1 || tag == GUMBO_TAG_H2 || tag == GUMBO_TAG_H3) {
        OnHeading(tag, TextOf(node));
        continue;
      }
      OnEnter(tag);
      stack.emplace_back(node, true);
      const GumboVector& children = node->v.element.children;
      for (unsigned i = children.length; i > 0; --i) {
        stack.emplace_back(static_cast<const GumboNode*>(children.data[i - 1]), false);
      }
    }
  }

  std::vector<model::Section> Finish() { return builder_.Finish(); }

 private:
  void BlockBreak() {
    if (list_depth_ > 0) {
      builder_.LineBreak();
    } else {
      builder_.ParagraphBreak();
    }
  }

  void OnHeading(GumboTag tag, const std::string& text) {
    if (tag == GUMBO_TAG_H1 && !title_heading_seen_ && builder_.Untouched()) {
      title_heading_seen_ = true;  // the page's own title at the top
      return;
    }
    if (text.empty()) return;
    builder_.StartSection(text);
  }

  void OnEnter(GumboTag tag) {
    if (tag == GUMBO_TAG_UL || tag == GUMBO_TAG_OL) {
      BlockBreak();
      ++list_depth_;
    } else if (tag == GUMBO_TAG_PRE) {
      builder_.ParagraphBreak();
      ++pre_depth_;
    } else if (tag == GUMBO_TAG_TD || tag == GUMBO_TAG_TH) {
      builder_.AppendSeparator("; ");
    } else if (IsLineBlock(tag)) {
      builder_.LineBreak();
    } else if (IsParagraphBlock(tag)) {
      BlockBreak();
    }
  }

  void OnLeave(GumboTag tag) {
    if (tag == GUMBO_TAG_UL || tag == GUMBO_TAG_OL) {
      if (list_depth_ > 0) --list_depth_;
      BlockBreak();
    } else if (tag == GUMBO_TAG_PRE) {
      if (pre_depth_ > 0) --pre_depth_;
      builder_.ParagraphBreak();
    } else if (IsLineBlock(tag)) {
      builder_.LineBreak();
    } else if (IsParagraphBlock(tag)) {
      BlockBreak();
    }
  }

  void OnText(std::string_view text) {
    if (pre_depth_ == 0) {
      builder_.AppendText(text);
      return;
    }
    size_t start = 0;
    for (size_t end = text.find('\n'); end != std::string_view::npos;
         end = text.find('\n', start)) {
      builder_.AppendText(text.substr(start, end - start));
      builder_.LineBreak();
      start = end + 1;
    }
    builder_.AppendText(text.substr(start));
  }

  SectionBuilder builder_;
  int list_depth_ = 0;
  int pre_depth_ = 0;
  bool title_heading_seen_ = false;
};

std::string AttributeText(const GumboNode* node, const char* name) {
  return CollapseWhitespace(Attribute(node, name).value_or(""));
}

Checked<model::Article> Check(std::string_view html, const std::string& file) {
  Checked<model::Article> result;
  std::vector<Problem>& problems = result.problems;
  auto report = [&](int line, std::string message) {
    problems.push_back({file, line, std::move(message)});
  };
  if (html.size() > kMaxFileBytes) {
    report(0, "file is larger than 8 MiB; is it really a web page?");
    return result;
  }
  if (const int bad_line = FirstInvalidUtf8Line(html); bad_line > 0) {
    report(bad_line, "invalid UTF-8; save the page as UTF-8");
    return result;
  }
  html = StripByteOrderMark(html);
  if (EstimateNestingDepth(html) > kMaxNestingDepth) {
    report(0, "page nests elements more than " + std::to_string(kMaxNestingDepth) +
                  " levels deep; is it really a saved web page?");
    return result;
  }

  const GumboDocument document(html);
  const PageParts parts = FindParts(document.document());

  model::Article article;
  article.source.file = file;
  article.source.line = parts.meta_id != nullptr ? Line(parts.meta_id) : 1;

  if (parts.meta_id != nullptr) {
    article.id = AsciiLower(AttributeText(parts.meta_id, "content"));
    if (!IsKebabCase(article.id)) {
      report(Line(parts.meta_id),
             "balie:id '" + article.id +
                 "' is not kebab-case; use lower-case letters, digits and single hyphens");
    }
  } else {
    article.id = AsciiLower(std::filesystem::path(file).stem().string());
    if (!IsKebabCase(article.id)) {
      report(0, "id '" + article.id +
                    "' (from the file name) is not kebab-case; rename the file or add <meta "
                    "name=\"balie:id\" content=\"an-id\">");
    }
  }

  if (parts.title != nullptr) article.title = TextOf(parts.title);
  const std::string heading = parts.first_h1 != nullptr ? TextOf(parts.first_h1) : "";
  // A <title> is often the page's heading with the site's name added ("Pas blokkeren |
  // Voorbeeldbank"): customers see the heading, and the site's name would match every question
  // that names the organisation.
  if (article.title.empty() || IsHeadingWithSiteName(article.title, heading)) {
    article.title = heading;
  }
  if (article.title.empty()) report(0, "page has no <title> and no <h1>; add a <title>");

  if (parts.canonical == nullptr) {
    report(0,
           "page has no <link rel=\"canonical\" href=\"...\">; the public address is needed to "
           "link customers to the page");
  } else {
    article.url = AttributeText(parts.canonical, "href");
    if (!IsHttpUrl(article.url)) {
      report(Line(parts.canonical), "canonical url '" + article.url +
                                        "' must be a full address starting with http:// or "
                                        "https://");
    }
  }

  const std::string lang = AttributeText(parts.html, "lang");
  if (lang.empty()) {
    report(Line(parts.html),
           "the <html> element has no lang attribute; add lang=\"nl\" or "
           "lang=\"en\"");
  } else {
    const std::string primary = lang.substr(0, lang.find_first_of("-_"));
    if (auto language = model::ParseLanguage(primary)) {
      article.language = *language;
    } else {
      report(Line(parts.html), "language '" + lang + "' is not supported; use nl or en");
    }
  }

  if (parts.meta_keywords != nullptr) {
    const std::string keywords = AttributeText(parts.meta_keywords, "content");
    size_t start = 0;
    while (start <= keywords.size()) {
      size_t end = keywords.find(',', start);
      if (end == std::string::npos) end = keywords.size();
      const std::string topic = CollapseWhitespace(keywords.substr(start, end - start));
      if (!topic.empty()) article.topics.push_back(topic);
      start = end + 1;
    }
  }

  if (parts.meta_handoff != nullptr) {
    const std::string handoff = AsciiLower(AttributeText(parts.meta_handoff, "content"));
    if (handoff == "always") {
      article.handoff = model::Handoff::kAlways;
    } else if (handoff != "never") {
      report(Line(parts.meta_handoff),
             "balie:handoff '" + handoff + "' is not valid; use never or always");
    }
  }

  const GumboNode* root = parts.main != nullptr      ? parts.main
                          : parts.article != nullptr ? parts.article
                                                     : parts.body;
  if (root != nullptr) {
    HtmlBody body(article.title);
    body.Walk(root);
    article.sections = body.Finish();
  }
  if (article.sections.empty()) {
    report(Line(root), "page has no main text (looked in <main>, else <article>, else <body>)");
  }

  if (problems.empty()) result.value = std::move(article);
  return result;
}

}  // namespace

Checked<model::Article> CheckHtmlPage(std::string_view html, const std::string& file) {
  try {
    return Check(html, file);
  } catch (const std::exception& e) {  // e.g. std::bad_alloc: exceptions never leave the library
    Checked<model::Article> result;
    result.problems.push_back({file, 0, std::string("cannot read page: ") + e.what()});
    return result;
  }
}

base::Result<model::Article> ParseHtmlPage(std::string_view html, const std::string& file) {
  return ToResult(CheckHtmlPage(html, file));
}

}  // namespace balie::knowledge
