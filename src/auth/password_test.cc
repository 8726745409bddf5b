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

}  // namespace
}  // namespace balie::auth
