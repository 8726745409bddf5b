#include "knowledge/markdown_article.h"

#include <gumbo.h>
#include <md4c.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <exception>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "base/text.h"
#include "knowledge/checks.h"
#include "knowledge/section_builder.h"

namespace balie::knowledge {
namespace {

constexpr std::array<std::string_view, 8> kFields = {"id",     "title",    "url",     "language",
                                                     "topics", "examples", "handoff", "reviewed"};

// The file split at its front-matter fences.
struct Fences {
  std::string_view yaml;  // between the fences
  std::string_view body;  // after the closing fence
  int closing_line = 0;   // 1-based line of the closing "---"
};

std::string_view WithoutLineEnd(std::string_view line) {
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) {
    line.remove_suffix(1);
  }
  return line;
}

std::optional<Fences> SplitFences(std::string_view text, const std::string& file,
                                  std::vector<Problem>& problems) {
  size_t end = text.find('\n');
  if (WithoutLineEnd(text.substr(0, end)) != "---") {
    problems.push_back({file, 1,
                        "missing front matter: an article starts with a '---' line, then its "
                        "fields (id, title, url, language, ...), then a closing '---' line"});
    return std::nullopt;
  }
  int line = 1;
  while (end != std::string_view::npos) {
    const size_t start = end + 1;
    end = text.find('\n', start);
    ++line;
    if (WithoutLineEnd(text.substr(start, end == std::string_view::npos ? end : end - start)) ==
        "---") {
      const size_t yaml_begin = text.find('\n') + 1;
      Fences fences;
      fences.yaml = text.substr(yaml_begin, start - yaml_begin);
      fences.body = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
      fences.closing_line = line;
      return fences;
    }
  }
  problems.push_back({file, 1,
                      "unterminated front matter: no closing '---' line after the fields that "
                      "start on line 1"});
  return std::nullopt;
}

// Front matter starts on the file's line 2; yaml-cpp counts lines from 0.
int FileLine(const YAML::Mark& mark, int fallback) {
  return mark.is_null() || mark.line < 0 ? fallback : mark.line + 2;
}

std::string Describe(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Map:
      return "a mapping";
    case YAML::NodeType::Null:
      return "empty";
    default:
      return "a text";
  }
}

// Reads the front-matter fields into `article`, reporting every problem.
class FrontMatterReader {
 public:
  FrontMatterReader(std::string_view yaml, const std::string& file, std::vector<Problem>& problems)
      : yaml_(yaml), file_(file), problems_(problems) {}

  void Read(const YAML::Node& root, model::Article& article) {
    if (root.IsNull()) {
      for (std::string_view field : {"id", "title", "url", "language"}) {
        Report(1, "missing required field '" + std::string(field) + "'");
      }
      return;
    }
    if (!root.IsMap()) {
      Report(FileLine(root.Mark(), 2),
             "front matter must be 'field: value' lines, not " + Describe(root));
      return;
    }
    std::set<std::string> seen;
    for (const auto& entry : root) {
      const YAML::Node key = entry.first;
      const YAML::Node value = entry.second;
      const int key_line = FileLine(key.Mark(), 2);
      if (!key.IsScalar()) {
        Report(key_line, "a field name must be a plain word");
        continue;
      }
      const std::string& name = key.Scalar();
      if (!seen.insert(name).second) {
        Report(key_line, "field '" + name + "' appears twice");
        continue;
      }
      ReadField(name, value, key_line, article);
    }
    for (std::string_view field : {"id", "title", "url", "language"}) {
      if (!seen.contains(std::string(field))) {
        Report(1, "missing required field '" + std::string(field) + "'");
      }
    }
  }

 private:
  void Report(int line, std::string message) {
    problems_.push_back({file_, line, std::move(message)});
  }

  // The trimmed text of a single-value field; reports and returns nullopt when it is a list, a
  // mapping or empty.
  std::optional<std::string> Text(const std::string& name, const YAML::Node& value, int line) {
    if (value.IsNull()) {
      Report(line, "field '" + name + "' is empty");
      return std::nullopt;
    }
    if (!value.IsScalar()) {
      Report(line, "field '" + name + "' must be a single text value, not " + Describe(value));
      return std::nullopt;
    }
    std::string text(base::Trim(value.Scalar()));
    if (text.empty()) {
      Report(line, "field '" + name + "' is empty");
      return std::nullopt;
    }
    return text;
  }

  // A list of non-empty texts (or, when `allow_single`, one text).
  std::vector<std::string> List(const std::string& name, const YAML::Node& value, int line,
                                bool allow_single) {
    std::vector<std::string> items;
    if (value.IsNull()) return items;
    if (allow_single && value.IsScalar()) {
      if (auto text = Text(name, value, line)) items.push_back(std::move(*text));
      return items;
    }
    if (!value.IsSequence()) {
      Report(line,
             "field '" + name + "' must be a list ('- ' lines or [a, b]), not " + Describe(value));
      return items;
    }
    int index = 0;
    for (const YAML::Node& item : value) {
      ++index;
      const int item_line =
          item.IsNull() ? NullItemLine(item.Mark(), line) : FileLine(item.Mark(), line);
      const std::string where = name + " entry " + std::to_string(index);
      if (item.IsNull() || (item.IsScalar() && base::Trim(item.Scalar()).empty())) {
        Report(item_line, where + " is empty");
      } else if (!item.IsScalar()) {
        Report(item_line, where + " must be a text, not " + Describe(item));
      } else {
        items.emplace_back(base::Trim(item.Scalar()));
      }
    }
    return items;
  }

  // yaml-cpp marks an empty list entry ("-" alone on its line) at the token after it; the entry's
  // own line is that of the last non-blank character before that token.
  int NullItemLine(const YAML::Mark& mark, int fallback) const {
    if (mark.is_null() || mark.pos < 0 || static_cast<size_t>(mark.pos) > yaml_.size()) {
      return fallback;
    }
    auto pos = static_cast<size_t>(mark.pos);
    while (pos > 0 && (yaml_[pos - 1] == ' ' || yaml_[pos - 1] == '\t' || yaml_[pos - 1] == '\n' ||
                       yaml_[pos - 1] == '\r')) {
      --pos;
    }
    if (pos == 0) return fallback;
    const std::string_view before = yaml_.substr(0, pos - 1);
    return static_cast<int>(std::count(before.begin(), before.end(), '\n')) + 2;
  }

  // Field-level problems are reported at the field's name: a missing value has no line of its own.
  void ReadField(const std::string& name, const YAML::Node& value, int line,
                 model::Article& article) {
    if (name == "id") {
      if (auto id = Text(name, value, line)) {
        if (!IsKebabCase(*id)) {
          Report(line, "id '" + *id +
                           "' is not kebab-case; use lower-case letters, digits and single "
                           "hyphens, e.g. 'pincode-vergeten'");
        }
        article.id = std::move(*id);
        article.source.line = line;
      }
    } else if (name == "title") {
      if (auto title = Text(name, value, line)) article.title = CollapseWhitespace(*title);
    } else if (name == "url") {
      if (auto url = Text(name, value, line)) {
        if (!IsHttpUrl(*url)) {
          Report(line, "url '" + *url +
                           "' must start with http:// or https:// and be a full "
                           "address without spaces");
        }
        article.url = std::move(*url);
      }
    } else if (name == "language") {
      if (auto code = Text(name, value, line)) {
        if (auto language = model::ParseLanguage(*code)) {
          article.language = *language;
        } else {
          Report(line, "language '" + *code + "' is not supported; use nl or en");
        }
      }
    } else if (name == "topics") {
      article.topics = List(name, value, line, /*allow_single=*/true);
    } else if (name == "examples") {
      article.examples = List(name, value, line, /*allow_single=*/false);
    } else if (name == "handoff") {
      if (auto handoff = Text(name, value, line)) {
        if (*handoff == "never") {
          article.handoff = model::Handoff::kNever;
        } else if (*handoff == "always") {
          article.handoff = model::Handoff::kAlways;
        } else {
          Report(line, "handoff '" + *handoff + "' is not valid; use never or always");
        }
      }
    } else if (name == "reviewed") {
      if (auto date = Text(name, value, line)) {
        if (!IsIsoDate(*date)) {
          Report(line, "reviewed '" + *date + "' is not a valid date; write it as YYYY-MM-DD");
        }
        article.reviewed = std::move(*date);
      }
    } else {
      std::string message = "unknown field '" + name + "'";
      std::string_view suggestion;
      int best = 3;
      for (std::string_view known : kFields) {
        const int distance = base::EditDistance(AsciiLower(name), known, 2);
        if (distance < best) {
          best = distance;
          suggestion = known;
        }
      }
      if (!suggestion.empty()) message += " (did you mean '" + std::string(suggestion) + "'?)";
      message += "; known fields are id, title, url, language, topics, examples, handoff, reviewed";
      Report(line, std::move(message));
    }
  }

  std::string_view yaml_;
  const std::string& file_;
  std::vector<Problem>& problems_;
};

// Decodes an HTML entity reference ("&amp;", "&#233;") with gumbo's complete entity table.
std::string DecodeEntity(std::string_view entity) {
  const std::string buffer(entity);
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;
  GumboOutput* output = gumbo_parse_with_options(&options, buffer.data(), buffer.size());
  std::string decoded;
  // The fragment lands as a text node in the implied <body>.
  const GumboNode* node = output->root;
  while (node != nullptr && node->type == GUMBO_NODE_ELEMENT) {
    const GumboVector& children = node->v.element.children;
    if (children.length == 0) break;
    node = static_cast<const GumboNode*>(children.data[children.length - 1]);
  }
  if (node != nullptr && node->type == GUMBO_NODE_TEXT) decoded = node->v.text.text;
  gumbo_destroy_output(&options, output);
  return decoded.empty() ? buffer : decoded;
}

// Walks md4c's SAX events and feeds a SectionBuilder. md4c calls back through C, so no exception
// may leave a callback: each one catches and asks md4c to stop.
class MarkdownBody {
 public:
  explicit MarkdownBody(std::string_view title) : builder_(title) {}

  // False when md4c failed (out of memory, or an exception inside a callback).
  bool Parse(std::string_view body) {
    MD_PARSER parser{};
    parser.abi_version = 0;
    parser.flags = MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | MD_FLAG_NOINDENTEDCODEBLOCKS;
    parser.enter_block = &MarkdownBody::EnterBlock;
    parser.leave_block = &MarkdownBody::LeaveBlock;
    parser.enter_span = &MarkdownBody::EnterSpan;
    parser.leave_span = &MarkdownBody::LeaveSpan;
    parser.text = &MarkdownBody::Text;
    return md_parse(body.data(), static_cast<MD_SIZE>(body.size()), &parser, this) == 0 && !failed_;
  }

  std::vector<model::Section> Finish() { return builder_.Finish(); }

 private:
  template <typename F>
  static int Guard(void* userdata, F&& f) {
    auto* self = static_cast<MarkdownBody*>(userdata);
    try {
      f(*self);
      return 0;
    } catch (...) {
      self->failed_ = true;
      return -1;
    }
  }

  static int EnterBlock(MD_BLOCKTYPE type, void* detail, void* userdata) {
    return Guard(userdata, [&](MarkdownBody& self) { self.OnEnterBlock(type, detail); });
  }
  static int LeaveBlock(MD_BLOCKTYPE type, void* detail, void* userdata) {
    return Guard(userdata, [&](MarkdownBody& self) { self.OnLeaveBlock(type, detail); });
  }
  static int EnterSpan(MD_SPANTYPE type, void* /*detail*/, void* userdata) {
    return Guard(userdata, [&](MarkdownBody& self) {
      if (type == MD_SPAN_IMG) ++self.image_depth_;
    });
  }
  static int LeaveSpan(MD_SPANTYPE type, void* /*detail*/, void* userdata) {
    return Guard(userdata, [&](MarkdownBody& self) {
      if (type == MD_SPAN_IMG && self.image_depth_ > 0) --self.image_depth_;
    });
  }
  static int Text(MD_TEXTTYPE type, const MD_CHAR* text, MD_SIZE size, void* userdata) {
    return Guard(userdata, [&](MarkdownBody& self) { self.OnText(type, {text, size}); });
  }

  void OnEnterBlock(MD_BLOCKTYPE type, void* detail) {
    switch (type) {
      case MD_BLOCK_H:
        builder_.ParagraphBreak();
        heading_level_ = static_cast<MD_BLOCK_H_DETAIL*>(detail)->level;
        heading_.clear();
        break;
      case MD_BLOCK_UL:
      case MD_BLOCK_OL:
        BlockBreak();
        ++list_depth_;
        break;
      case MD_BLOCK_LI:
      case MD_BLOCK_TR:
        builder_.LineBreak();
        break;
      case MD_BLOCK_TH:
      case MD_BLOCK_TD:
        builder_.AppendSeparator("; ");
        break;
      case MD_BLOCK_P:
        BlockBreak();
        break;
      case MD_BLOCK_CODE:
        builder_.ParagraphBreak();
        in_code_block_ = true;
        break;
      case MD_BLOCK_HTML:
        in_html_block_ = true;
        break;
      case MD_BLOCK_DOC:
      case MD_BLOCK_THEAD:
      case MD_BLOCK_TBODY:
        break;
      default:  // quote, rule, table
        builder_.ParagraphBreak();
        break;
    }
  }

  void OnLeaveBlock(MD_BLOCKTYPE type, void* /*detail*/) {
    switch (type) {
      case MD_BLOCK_H:
        EndHeading();
        break;
      case MD_BLOCK_UL:
      case MD_BLOCK_OL:
        if (list_depth_ > 0) --list_depth_;
        BlockBreak();
        break;
      case MD_BLOCK_LI:
      case MD_BLOCK_TR:
        builder_.LineBreak();
        break;
      case MD_BLOCK_TH:
      case MD_BLOCK_TD:
      case MD_BLOCK_THEAD:
      case MD_BLOCK_TBODY:
      case MD_BLOCK_DOC:
        break;
      case MD_BLOCK_P:
        BlockBreak();
        break;
      case MD_BLOCK_CODE:
        builder_.ParagraphBreak();
        in_code_block_ = false;
        break;
      case MD_BLOCK_HTML:
        in_html_block_ = false;
        break;
      default:
        builder_.ParagraphBreak();
        break;
    }
  }

  // Inside a list, paragraphs and nested lists are lines of the list; elsewhere, paragraphs.
  void BlockBreak() {
    if (list_depth_ > 0) {
      builder_.LineBreak();
    } else {
      builder_.ParagraphBreak();
    }
  }

  void EndHeading() {
    const unsigned level = heading_level_;
    heading_level_ = 0;
    if (level == 1 && !title_heading_seen_ && builder_.Untouched()) {
      title_heading_seen_ = true;  // "# Title" at the top repeats the front-matter title
      return;
    }
    if (level <= 3) {
      builder_.StartSection(heading_);
    } else {  // "####" and deeper: a line of the section, not a new section
      builder_.AppendText(heading_);
      builder_.ParagraphBreak();
    }
  }

  void Append(std::string_view text) {
    if (heading_level_ > 0) {
      heading_.append(text);
    } else {
      builder_.AppendText(text);
    }
  }

  void OnText(MD_TEXTTYPE type, std::string_view text) {
    if (image_depth_ > 0 || in_html_block_) return;
    switch (type) {
      case MD_TEXT_HTML:
      case MD_TEXT_NULLCHAR:
        return;
      case MD_TEXT_BR:
        if (heading_level_ > 0) {
          heading_ += ' ';
        } else {
          builder_.LineBreak();
        }
        return;
      case MD_TEXT_SOFTBR:
        Append(" ");
        return;
      case MD_TEXT_ENTITY:
        Append(DecodeEntity(text));
        return;
      case MD_TEXT_CODE:
        if (in_code_block_) {
          // Keep the lines of a code block.
          size_t start = 0;
          for (size_t end = text.find('\n'); end != std::string_view::npos;
               end = text.find('\n', start)) {
            builder_.AppendText(text.substr(start, end - start));
            builder_.LineBreak();
            start = end + 1;
          }
          builder_.AppendText(text.substr(start));
          return;
        }
        Append(text);
        return;
      default:
        Append(text);
        return;
    }
  }

  SectionBuilder builder_;
  std::string heading_;
  unsigned heading_level_ = 0;  // > 0 while inside a heading
  int list_depth_ = 0;
  int image_depth_ = 0;
  bool in_code_block_ = false;
  bool in_html_block_ = false;
  bool title_heading_seen_ = false;
  bool failed_ = false;
};

Checked<model::Article> Check(std::string_view text, const std::string& file) {
  Checked<model::Article> result;
  std::vector<Problem>& problems = result.problems;
  if (text.size() > kMaxFileBytes) {
    problems.push_back({file, 0, "file is larger than 8 MiB; is it really an article?"});
    return result;
  }
  if (const int bad_line = FirstInvalidUtf8Line(text); bad_line > 0) {
    problems.push_back({file, bad_line, "invalid UTF-8; save the file as UTF-8"});
    return result;
  }
  text = StripByteOrderMark(text);
  const std::optional<Fences> fences = SplitFences(text, file, problems);
  if (!fences) return result;

  model::Article article;
  article.source.file = file;
  article.source.line = 1;
  try {
    const YAML::Node root = YAML::Load(std::string(fences->yaml));
    FrontMatterReader(fences->yaml, file, problems).Read(root, article);
  } catch (const YAML::Exception& e) {
    problems.push_back({file, FileLine(e.mark, 2), "YAML syntax error in front matter: " + e.msg});
  }

  MarkdownBody body(article.title);
  if (!body.Parse(fences->body)) {
    problems.push_back({file, fences->closing_line + 1, "cannot parse the Markdown body"});
  } else {
    article.sections = body.Finish();
    if (article.sections.empty()) {
      problems.push_back({file, fences->closing_line,
                          "article has no body text; write the answer below the closing '---'"});
    }
  }
  if (problems.empty()) result.value = std::move(article);
  return result;
}

}  // namespace

Checked<model::Article> CheckMarkdownArticle(std::string_view text, const std::string& file) {
  try {
    return Check(text, file);
  } catch (const std::exception& e) {  // e.g. std::bad_alloc: exceptions never leave the library
    Checked<model::Article> result;
    result.problems.push_back({file, 0, std::string("cannot read article: ") + e.what()});
    return result;
  }
}

base::Result<model::Article> ParseMarkdownArticle(std::string_view text, const std::string& file) {
  return ToResult(CheckMarkdownArticle(text, file));
}

}  // namespace balie::knowledge
