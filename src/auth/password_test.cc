#include "auth/password.h"

#include <gtest/gtest.h>

namespace balie::auth {
namespace {

TEST(Password, HashesWithArgon2idAndVerifies) {
  auto hash = HashPassword("correct horse battery");
  ASSERT_TRUE(hash.ok()) << hash.status().ToString();
  EXPECT_TRUE(hash->starts_with("$argon2id$"));
  EXPECT_TRUE(VerifyPassword("correct horse battery", *hash));
  EXPECT_FALSE(VerifyPassword("correct horse batterY", *hash));
  EXPECT_FALSE(VerifyPassword("", *hash));
  EXPECT_FALSE(VerifyPassword("correct horse battery", ""));
  EXPECT_FALSE(VerifyPassword("correct horse battery", "not a hash"));
  // A random salt: the same password hashes differently.
  EXPECT_NE(*hash, HashPassword("correct horse battery").value());
}

TEST(Password, RefusesPasswordsThatBreakTheRules) {
  EXPECT_NE(HashPassword("short").status().message().find("at least 10"), std::string::npos);
  EXPECT_FALSE(HashPassword(std::string(201, 'x')).ok());
}

// The reason a new password is refused, or "" when it is accepted.
std::string Refusal(std::string_view password, std::string_view name = "jan.devries",
                    std::string_view display_name = "Jan de Vries") {
  const base::Status status = CheckNewPassword(password, {name, display_name});
  if (!status.ok()) {
    EXPECT_EQ(status.code(), base::StatusCode::kInvalidArgument);
  }
  return status.ok() ? "" : status.message();
}

TEST(Password, ANewPasswordMustBeHardToGuessAndSaysWhyNot) {
  const struct {
    std::string password;
    std::string why;  // a part of the message; "" for accepted
  } cases[] = {
      // Too short, too long, nothing at all.
      {"kort", "at least 10"},
      {std::string(201, 'x'), "at most 200"},
      {"", "only spaces"},
      {"              ", "only spaces"},
      {"\t \xc2\xa0\xe2\x80\x83   \xe3\x80\x80  ", "only spaces"},
      // The owner's names.
      {"jan.devries-is-de-baas", "user name ('jan.devries')"},
      {"JAN.DEVRIES 2026 blauw", "user name ('jan.devries')"},
      {"mijn naam is Vries, zo!", "user name ('vries')"},
      // Sequences, repetitions, keyboard rows.
      {"abcdefghijklmnop", "simple sequence"},
      {"12345678901", "simple sequence"},
      {"qwertyuiopasdf", "simple sequence"},
      {"aaaaaaaaaaaaaaa", "simple sequence"},
      {"ababababababab", "simple sequence"},
      // Common passwords and words, Dutch ones too; dates.
      {"geheim wachtwoord", "common words"},
      {"Welkom2024!", "too easy to guess"},
      {"password123", "common words"},
      {"p4ssw0rd!!", "too easy"},
      {"Zomer2025!!", "too easy to guess"},
      {"amsterdam2024", "too easy to guess"},
      {"iloveyou123", "common words"},
      // Strong enough: random characters, or a sentence of unusual words.
      {"xK9#mQ2$vL8p", ""},
      {"Sl9-vK2p-Qw7m", ""},
      {"korte zin met vier woorden", ""},
      {"gele tulpen bij de Kolk", ""},
      {"correct horse battery", ""},
  };
  for (const auto& c : cases) {
    const std::string refusal = Refusal(c.password);
    if (c.why.empty()) {
      EXPECT_EQ(refusal, "") << c.password;
    } else {
      EXPECT_NE(refusal.find(c.why), std::string::npos) << c.password << ": " << refusal;
    }
  }
  // A short log-in name counts whole; its letters inside other words do not.
  EXPECT_NE(Refusal("ik ben jan en fiets graag", "jan", "Jan").find("user name"),
            std::string::npos);
  EXPECT_EQ(Refusal("paarse olifanten dansen", "ab", ""), "");
}

}  // namespace
}  // namespace balie::auth
