#include "auth/token.h"

#include <sodium.h>

#include <cstdlib>
#include <vector>

#include "auth/digest.h"
#include "auth/sodium.h"

namespace balie::auth {

void EnsureSodium() {
  // sodium_init is idempotent and thread-safe.
  static const bool kReady = sodium_init() >= 0;
  if (!kReady) {
    std::abort();
  }
}

std::string RandomToken(size_t bytes) {
  EnsureSodium();
  std::vector<unsigned char> raw(bytes);
  randombytes_buf(raw.data(), raw.size());
  const int variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string encoded(sodium_base64_encoded_len(bytes, variant), '\0');
  sodium_bin2base64(encoded.data(), encoded.size(), raw.data(), raw.size(), variant);
  encoded.resize(encoded.find('\0'));
  return encoded;
}

std::string NewConversationId() { return "c_" + RandomToken(16); }

std::string TokenHash(std::string_view token) { return Sha256Hex(token); }

bool TokenMatches(std::string_view token, std::string_view stored_hash) {
  const std::string hash = TokenHash(token);
  if (hash.size() != stored_hash.size()) {
    return false;
  }
  return sodium_memcmp(hash.data(), stored_hash.data(), hash.size()) == 0;
}

}  // namespace balie::auth
