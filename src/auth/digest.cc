#include "auth/digest.h"

#include <sodium.h>

#include <array>

#include "auth/sodium.h"

namespace balie::auth {

std::string Sha256Hex(std::string_view data) {
  EnsureSodium();
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(data.data()),
                     data.size());
  std::string hex(crypto_hash_sha256_BYTES * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  hex.pop_back();
  return hex;
}

std::string AuditEntryHash(const model::AuditEntry& entry) {
  return Sha256Hex(model::AuditHashInput(entry));
}

}  // namespace balie::auth
