#include "knowledge/checks.h"

#include <gtest/gtest.h>

namespace balie::knowledge {
namespace {

TEST(IsKebabCaseTest, AcceptsLowerCaseWordsJoinedBySingleHyphens) {
  EXPECT_TRUE(IsKebabCase("pincode-vergeten"));
  EXPECT_TRUE(IsKebabCase("pincode-vergeten-en"));
  EXPECT_TRUE(IsKebabCase("faq2"));
  EXPECT_FALSE(IsKebabCase(""));
  EXPECT_FALSE(IsKebabCase("Pincode"));
  EXPECT_FALSE(IsKebabCase("pin_code"));
  EXPECT_FALSE(IsKebabCase("pin code"));
  EXPECT_FALSE(IsKebabCase("-pin"));
  EXPECT_FALSE(IsKebabCase("pin-"));
  EXPECT_FALSE(IsKebabCase("pin--code"));
  EXPECT_FALSE(IsKebabCase("één"));
}

TEST(IsIsoDateTest, AcceptsOnlyRealDates) {
  EXPECT_TRUE(IsIsoDate("2024-05-01"));
  EXPECT_TRUE(IsIsoDate("2024-02-29"));   // leap year
  EXPECT_TRUE(IsIsoDate("2000-02-29"));   // divisible by 400
  EXPECT_FALSE(IsIsoDate("1900-02-29"));  // divisible by 100 only
  EXPECT_FALSE(IsIsoDate("2023-02-29"));
  EXPECT_FALSE(IsIsoDate("2024-04-31"));
  EXPECT_FALSE(IsIsoDate("2024-13-01"));
  EXPECT_FALSE(IsIsoDate("2024-00-10"));
  EXPECT_FALSE(IsIsoDate("2024-5-1"));
  EXPECT_FALSE(IsIsoDate("01-05-2024"));
  EXPECT_FALSE(IsIsoDate("2024/05/01"));
  EXPECT_FALSE(IsIsoDate(""));
}

TEST(IsHttpUrlTest, NeedsSchemeAndHostWithoutSpaces) {
  EXPECT_TRUE(IsHttpUrl("https://www.voorbeeldbank.nl/betalen"));
  EXPECT_TRUE(IsHttpUrl("http://example.nl"));
  EXPECT_FALSE(IsHttpUrl("www.example.nl"));
  EXPECT_FALSE(IsHttpUrl("ftp://example.nl"));
  EXPECT_FALSE(IsHttpUrl("https://"));
  EXPECT_FALSE(IsHttpUrl("https:///path"));
  EXPECT_FALSE(IsHttpUrl("https://example.nl/a b"));
}

TEST(FirstInvalidUtf8LineTest, FindsTheLine) {
  EXPECT_EQ(FirstInvalidUtf8Line("één\ntwee\n"), 0);
  EXPECT_EQ(FirstInvalidUtf8Line("een\ntwee\ndr\xff"
                                 "ie\n"),
            3);
  EXPECT_EQ(FirstInvalidUtf8Line("\xc3"), 1);  // truncated sequence
}

TEST(CollapseWhitespaceTest, CollapsesAndTrims) {
  EXPECT_EQ(CollapseWhitespace("  a \t\n b  "), "a b");
  EXPECT_EQ(CollapseWhitespace("\xC2\xA0"
                               "€\xC2\xA0"
                               "5 "),
            "€ 5");
  EXPECT_EQ(CollapseWhitespace(" \n "), "");
}

TEST(StripByteOrderMarkTest, RemovesOnlyALeadingMark) {
  EXPECT_EQ(StripByteOrderMark("\xEF\xBB\xBF---"), "---");
  EXPECT_EQ(StripByteOrderMark("---"), "---");
}

}  // namespace
}  // namespace balie::knowledge
