#include "base/text.h"

#include <gtest/gtest.h>

namespace balie::base {
namespace {

using Strings = std::vector<std::string>;

TEST(FoldTextTest, LowercasesAndStripsAccents) {
  EXPECT_EQ(FoldText("Één Café, Ä ß"), "een cafe, a ss");
  EXPECT_EQ(FoldText("REÜNIE ideeën"), "reunie ideeen");
}

TEST(FoldTextTest, DropsInvalidUtf8) {
  const std::string bad = std::string("ab") + static_cast<char>(0xff) + "c";
  EXPECT_EQ(FoldText(bad), "abc");
  EXPECT_TRUE(IsValidUtf8(FoldText(bad)));
  EXPECT_FALSE(IsValidUtf8(bad));
}

TEST(SplitWordsTest, SplitsOnPunctuationKeepsInnerApostrophes) {
  EXPECT_EQ(Words("Zo'n auto's, e-mail!"), (Strings{"zon", "autos", "e", "mail"}));
  EXPECT_EQ(Words("  "), Strings{});
  EXPECT_EQ(Words("pinpas 1234"), (Strings{"pinpas", "1234"}));
  EXPECT_EQ(Words("\u20ac6,50 of \u20ac 25"), (Strings{"euro", "6", "50", "of", "euro", "25"}));
}

TEST(EditDistanceTest, CountsEditsWithLimit) {
  EXPECT_EQ(EditDistance("hypotheek", "hypoteek", 2), 1);
  EXPECT_EQ(EditDistance("kitten", "sitting", 3), 3);
  EXPECT_EQ(EditDistance("kitten", "sitting", 1), 2);
  EXPECT_EQ(EditDistance("a", "abcdef", 2), 3);
}

TEST(TrimTest, RemovesOuterWhiteSpace) {
  EXPECT_EQ(Trim("  a b \n"), "a b");
  EXPECT_EQ(Trim(" \t"), "");
}

}  // namespace
}  // namespace balie::base
