#ifndef BALIE_AUTH_TOKEN_H_
#define BALIE_AUTH_TOKEN_H_

// Secrets handed to clients: random identifiers and bearer tokens. A token is shown to its owner
// once and only its hash is stored, so a copy of the database grants nothing. Thread-safe
// (libsodium's generator); the library initialises libsodium itself.

#include <string>
#include <string_view>

namespace balie::auth {

// `bytes` random bytes from the system's generator, URL-safe Base64 without padding
// (16 bytes -> 22 characters).
std::string RandomToken(size_t bytes = 32);

// "c_" + 16 random bytes: a conversation id that cannot be guessed.
std::string NewConversationId();

// The hash that is stored for a token: SHA-256, lower-case hex.
std::string TokenHash(std::string_view token);

// Compares a presented token with a stored hash in time that does not depend on where they
// differ.
bool TokenMatches(std::string_view token, std::string_view stored_hash);

}  // namespace balie::auth

#endif  // BALIE_AUTH_TOKEN_H_
