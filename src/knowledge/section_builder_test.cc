#include "knowledge/section_builder.h"

#include <gtest/gtest.h>

namespace balie::knowledge {
namespace {

TEST(SectionBuilderTest, SeparatesLinesAndParagraphs) {
  SectionBuilder builder("Titel");
  EXPECT_TRUE(builder.Untouched());
  builder.AppendText("  eerste ");
  builder.AppendText("\n regel ");
  builder.LineBreak();
  builder.AppendText("tweede");
  builder.ParagraphBreak();
  builder.LineBreak();  // a weaker break does not undo the paragraph break
  builder.AppendText("derde");
  EXPECT_FALSE(builder.Untouched());
  const std::vector<model::Section> sections = builder.Finish();
  ASSERT_EQ(sections.size(), 1u);
  EXPECT_EQ(sections[0].heading, "Titel");
  EXPECT_EQ(sections[0].text, "eerste regel\ntweede\n\nderde");
}

TEST(SectionBuilderTest, DropsEmptySectionsAndCollapsesHeadings) {
  SectionBuilder builder("Titel");
  builder.StartSection("  Leeg ");  // the title section has no text: dropped
  builder.ParagraphBreak();
  builder.StartSection("Kosten \n en  tijd");
  builder.AppendText("Gratis.");
  builder.StartSection("Ook leeg");
  const std::vector<model::Section> sections = builder.Finish();
  ASSERT_EQ(sections.size(), 1u);
  EXPECT_EQ(sections[0].heading, "Kosten en tijd");
  EXPECT_EQ(sections[0].text, "Gratis.");
}

TEST(SectionBuilderTest, SeparatorOnlyBetweenVisibleText) {
  SectionBuilder builder("T");
  builder.AppendSeparator("; ");
  builder.AppendText("a");
  builder.AppendSeparator("; ");
  builder.AppendText("b");
  const std::vector<model::Section> sections = builder.Finish();
  ASSERT_EQ(sections.size(), 1u);
  EXPECT_EQ(sections[0].text, "a; b");
}

}  // namespace
}  // namespace balie::knowledge
