#ifndef BALIE_AUTH_PASSWORD_H_
#define BALIE_AUTH_PASSWORD_H_

// Staff passwords, hashed with argon2id (libsodium's crypto_pwhash_str: a random salt and the
// cost are in the hash). Hashing takes about a tenth of a second and 64 MiB on purpose: call it
// from a worker thread. Thread-safe.

#include <string>
#include <string_view>

#include "base/status.h"

namespace balie::auth {

// What a password must be: 10 to 200 bytes. The message says what is wrong.
[[nodiscard]] base::Status CheckPasswordRules(std::string_view password);

// The storable hash ("$argon2id$v=19$m=65536,t=2,p=1$…"). kInvalidArgument when the password
// breaks the rules, kUnavailable when memory for hashing is lacking.
[[nodiscard]] base::Result<std::string> HashPassword(std::string_view password);

// Whether `password` matches `hash`, in time independent of where they differ.
bool VerifyPassword(std::string_view password, const std::string& hash);

}  // namespace balie::auth

#endif  // BALIE_AUTH_PASSWORD_H_
