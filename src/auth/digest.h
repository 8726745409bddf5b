#ifndef BALIE_AUTH_DIGEST_H_
#define BALIE_AUTH_DIGEST_H_

// SHA-256 (libsodium) for what is stored in place of something else: token hashes, the audit
// trail's chain (model/audit.h), the fingerprint of an erased text. Thread-safe.

#include <string>
#include <string_view>

#include "model/audit.h"

namespace balie::auth {

// SHA-256 of `data`, lower-case hex (64 characters).
std::string Sha256Hex(std::string_view data);

// An audit entry's hash: Sha256Hex(model::AuditHashInput(entry)).
std::string AuditEntryHash(const model::AuditEntry& entry);

}  // namespace balie::auth

#endif  // BALIE_AUTH_DIGEST_H_
