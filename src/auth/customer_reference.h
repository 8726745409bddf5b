#ifndef BALIE_AUTH_CUSTOMER_REFERENCE_H_
#define BALIE_AUTH_CUSTOMER_REFERENCE_H_

// A signed customer reference: how the organisation's website tells Balie who the customer is
// (and who their personal advisor is) without Balie knowing its customers. Format (docs/api.md):
// PAYLOAD.SIGNATURE, PAYLOAD = URL-safe Base64 of {"ref", "advisor"?, "exp"}, SIGNATURE =
// URL-safe Base64 of HMAC-SHA256(secret, PAYLOAD). Pure and thread-safe.

#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/status.h"

namespace balie::auth {

struct CustomerReference {
  std::string ref;      // the organisation's customer number, 1 to 64 printable characters
  std::string advisor;  // the personal advisor's Balie user name; empty when none
};

// Checks the signature (in constant time) and the expiry. kInvalidArgument with a message for
// anything wrong: malformed, a bad signature, expired, an empty secret.
[[nodiscard]] base::Result<CustomerReference> VerifyCustomerReference(std::string_view reference,
                                                                      std::string_view secret,
                                                                      base::TimePoint now);

// Makes a reference (for tests and for organisations' integration examples).
std::string SignCustomerReference(const CustomerReference& customer, base::TimePoint expires,
                                  std::string_view secret);

}  // namespace balie::auth

#endif  // BALIE_AUTH_CUSTOMER_REFERENCE_H_
