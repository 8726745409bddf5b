#include "auth/password.h"

#include <sodium.h>

#include "auth/sodium.h"

namespace balie::auth {

namespace {
constexpr size_t kMinPassword = 10;
constexpr size_t kMaxPassword = 200;
}  // namespace

base::Status CheckPasswordRules(std::string_view password) {
  if (password.size() < kMinPassword) {
    return base::InvalidArgument("the password must have at least 10 characters");
  }
  if (password.size() > kMaxPassword) {
    return base::InvalidArgument("the password must have at most 200 characters");
  }
  return base::Status::Ok();
}

base::Result<std::string> HashPassword(std::string_view password) {
  if (base::Status status = CheckPasswordRules(password); !status.ok()) {
    return status;
  }
  EnsureSodium();
  char hash[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(hash, password.data(), password.size(),
                            crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return base::Unavailable("not enough memory to hash a password; try again");
  }
  return std::string(hash);
}

bool VerifyPassword(std::string_view password, const std::string& hash) {
  EnsureSodium();
  if (hash.empty() || password.size() > kMaxPassword) {
    return false;
  }
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

}  // namespace balie::auth
