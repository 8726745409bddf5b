#include "knowledge/section_builder.h"

#include <utility>

#include "knowledge/checks.h"

namespace balie::knowledge {

SectionBuilder::SectionBuilder(std::string_view first_heading)
    : heading_(CollapseWhitespace(first_heading)) {}

void SectionBuilder::AppendText(std::string_view text) { pending_.append(text); }

void SectionBuilder::AppendSeparator(std::string_view separator) {
  if (!CollapseWhitespace(pending_).empty()) pending_.append(separator);
}

void SectionBuilder::LineBreak() { Flush(Break::kLine); }

void SectionBuilder::ParagraphBreak() { Flush(Break::kParagraph); }

void SectionBuilder::StartSection(std::string_view heading) {
  CloseSection();
  heading_ = CollapseWhitespace(heading);
  touched_ = true;
}

bool SectionBuilder::Untouched() const {
  return !touched_ && text_.empty() && CollapseWhitespace(pending_).empty();
}

std::vector<model::Section> SectionBuilder::Finish() {
  CloseSection();
  return std::move(sections_);
}

void SectionBuilder::Flush(Break kind) {
  std::string line = CollapseWhitespace(pending_);
  pending_.clear();
  if (line.empty()) {
    // No text since the last break: keep the strongest break asked for.
    if (kind == Break::kParagraph) break_ = kind;
    return;
  }
  if (!text_.empty()) text_ += break_ == Break::kParagraph ? "\n\n" : "\n";
  text_ += line;
  break_ = kind;
  touched_ = true;
}

void SectionBuilder::CloseSection() {
  Flush(Break::kParagraph);
  if (!text_.empty()) sections_.push_back({heading_, std::move(text_)});
  text_.clear();
  break_ = Break::kParagraph;
}

}  // namespace balie::knowledge
