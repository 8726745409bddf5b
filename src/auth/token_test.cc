#include "auth/token.h"

#include <gtest/gtest.h>

#include <set>

namespace balie::auth {
namespace {

TEST(Token, RandomTokensAreUrlSafeAndDistinct) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    const std::string token = RandomToken();
    EXPECT_EQ(token.size(), 43u);
    EXPECT_EQ(
        token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
        std::string::npos);
    seen.insert(token);
  }
  EXPECT_EQ(seen.size(), 100u);
  EXPECT_EQ(NewConversationId().size(), 24u);
}

TEST(Token, HashMatchesOnlyItsToken) {
  const std::string token = RandomToken();
  const std::string hash = TokenHash(token);
  EXPECT_EQ(hash.size(), 64u);
  EXPECT_TRUE(TokenMatches(token, hash));
  EXPECT_FALSE(TokenMatches(token + "x", hash));
  EXPECT_FALSE(TokenMatches("", hash));
  EXPECT_FALSE(TokenMatches(token, ""));
  // The SHA-256 of "abc".
  EXPECT_EQ(TokenHash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace balie::auth
