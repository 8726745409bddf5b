#ifndef BALIE_AUTH_PASSWORD_H_
#define BALIE_AUTH_PASSWORD_H_

// Staff passwords, hashed with argon2id (libsodium's crypto_pwhash_str: a random salt and the
// cost are in the hash). Hashing takes about a tenth of a second and 64 MiB on purpose: call it
// from a worker thread. Thread-safe.

#include <string>
#include <string_view>

#include "base/status.h"

namespace balie::auth {

// The length any password must have: 10 to 200 bytes. The message says what is wrong.
[[nodiscard]] base::Status CheckPasswordRules(std::string_view password);

// Whose password it is: their words may not make it up.
struct PasswordOwner {
  std::string_view name;          // the log-in name ("jan.devries")
  std::string_view display_name;  // "Jan de Vries"
};

// The least estimated strength of a new password, in bits (log2 of the guesses an attacker
// needs, as zxcvbn estimates them): 2^40 guesses at argon2id's tenth of a second each take a
// single core thousands of years.
inline constexpr double kMinPasswordBits = 40;

// Whether `password` may be set as a new one. Besides CheckPasswordRules: not only white space;
// not containing the owner's name (or a word of 4+ letters of their display name); not a simple
// sequence, repetition or keyboard row ("abcdefghijk", "1234567890", "qwertyuiop", "aaaaaaaaaa");
// and at least kMinPasswordBits as estimated by zxcvbn (libzxcvbn: dictionaries of common
// passwords, English words, names, keyboard patterns, dates), with a list of common Dutch
// password words and the owner's names as extra dictionary words. kInvalidArgument with a
// message, in English, that says why and what would do. Pure and thread-safe.
[[nodiscard]] base::Status CheckNewPassword(std::string_view password, const PasswordOwner& owner);

// The storable hash ("$argon2id$v=19$m=65536,t=2,p=1$…"). kInvalidArgument when the password
// breaks CheckPasswordRules (a new password is checked with CheckNewPassword first), kUnavailable
// when memory for hashing is lacking.
[[nodiscard]] base::Result<std::string> HashPassword(std::string_view password);

// Whether `password` matches `hash`, in time independent of where they differ.
bool VerifyPassword(std::string_view password, const std::string& hash);

}  // namespace balie::auth

#endif  // BALIE_AUTH_PASSWORD_H_
