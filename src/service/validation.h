#ifndef BALIE_SERVICE_VALIDATION_H_
#define BALIE_SERVICE_VALIDATION_H_

// Checks of what customers and staff send, with messages that say what is wrong. Pure.

#include <string_view>

#include "base/status.h"

namespace balie::service {

// 1 to 64 characters of A-Z, a-z, 0-9, '_' or '-'.
[[nodiscard]] base::Status CheckClientId(std::string_view id);
// Valid UTF-8, not only white space, at most `max_chars` Unicode characters.
[[nodiscard]] base::Status CheckText(std::string_view text, size_t max_chars);
// "+31 6 1234 5678", "020-123 45 67", "(020) 1234567": 6 to 15 digits with spacing.
[[nodiscard]] base::Status CheckPhone(std::string_view phone);
// An optional name, at most 100 characters.
[[nodiscard]] base::Status CheckName(std::string_view name);

size_t CodePoints(std::string_view utf8);

}  // namespace balie::service

#endif  // BALIE_SERVICE_VALIDATION_H_
