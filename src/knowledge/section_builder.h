#ifndef BALIE_KNOWLEDGE_SECTION_BUILDER_H_
#define BALIE_KNOWLEDGE_SECTION_BUILDER_H_

// SectionBuilder turns a stream of inline text, line breaks, paragraph breaks and headings (as the
// Markdown and HTML walkers produce them) into plain-text model::Sections. Internal to
// balie_knowledge. Not thread-safe; one builder per parse.

#include <string>
#include <string_view>
#include <vector>

#include "model/article.h"

namespace balie::knowledge {

class SectionBuilder {
 public:
  // `first_heading` is the heading of the section that holds the text before the first heading
  // (the article's title).
  explicit SectionBuilder(std::string_view first_heading);

  // Appends inline text to the current line; white space is collapsed when the line ends.
  void AppendText(std::string_view text);
  // Appends `separator` only when the current line already has visible text (table cells).
  void AppendSeparator(std::string_view separator);
  // Ends the current line: the next text starts on a new line ("\n").
  void LineBreak();
  // Ends the current paragraph: the next text starts after a blank line ("\n\n").
  void ParagraphBreak();
  // Ends the current section and starts one with `heading` (white space collapsed). A section
  // without text is dropped.
  void StartSection(std::string_view heading);

  // True while nothing has been written: no text and no heading yet. Used to recognise a title
  // heading at the top of a page.
  bool Untouched() const;

  // Ends the last section and returns all non-empty sections in order.
  std::vector<model::Section> Finish();

 private:
  enum class Break { kLine, kParagraph };
  void Flush(Break kind);
  void CloseSection();

  std::vector<model::Section> sections_;
  std::string heading_;
  std::string text_;                 // the current section's finished lines
  std::string pending_;              // the current line, not yet collapsed
  Break break_ = Break::kParagraph;  // what separates the next line from text_
  bool touched_ = false;
};

}  // namespace balie::knowledge

#endif  // BALIE_KNOWLEDGE_SECTION_BUILDER_H_
