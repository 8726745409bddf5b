#include "service/validation.h"

#include <gtest/gtest.h>

namespace balie::service {
namespace {

TEST(ValidationTest, TextIsUtf8WithoutHiddenControls) {
  EXPECT_TRUE(CheckText("Ik ben mijn pas kwijt.\nWat nu?\t(dringend)", 100).ok());
  EXPECT_TRUE(CheckText("Één vraag over €50 – dank u", 100).ok());
  EXPECT_FALSE(CheckText("", 100).ok());
  EXPECT_FALSE(CheckText(" \n ", 100).ok());
  EXPECT_FALSE(CheckText("\xff\xfe", 100).ok());
  EXPECT_FALSE(CheckText(std::string("a\0b", 3), 100).ok());
  EXPECT_FALSE(CheckText("bel \x1b[31mnu", 100).ok());
  // A right-to-left override makes "…exe.txt" read as "…txt.exe", a link look like another.
  const base::Status reversed = CheckText("zie https://bank.nl/\u202Egnp.exe", 100);
  EXPECT_FALSE(reversed.ok());
  EXPECT_NE(reversed.message().find("direction"), std::string::npos);
  EXPECT_FALSE(CheckText("a\u2066b", 100).ok());
  EXPECT_FALSE(CheckText("abcdef", 5).ok());
}

TEST(ValidationTest, NamesHaveNoHiddenControlsEither) {
  EXPECT_TRUE(CheckName("Jan de Vries").ok());
  EXPECT_FALSE(CheckName("Jan\u202Eseirv").ok());
  EXPECT_FALSE(CheckName(std::string(101, 'a')).ok());
}

}  // namespace
}  // namespace balie::service
