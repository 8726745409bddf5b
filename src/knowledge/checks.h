#ifndef BALIE_KNOWLEDGE_CHECKS_H_
#define BALIE_KNOWLEDGE_CHECKS_H_

// Small validation and text rules shared by the Markdown, HTML and list-file parsers of
// balie_knowledge. Internal to the module (other modules use the parsers); pure and thread-safe.

#include <cstddef>
#include <string>
#include <string_view>

namespace balie::knowledge {

// Files larger than this are rejected: knowledge-base pages are far smaller, and the limit keeps a
// stray binary from being parsed.
inline constexpr std::size_t kMaxFileBytes = std::size_t{8} * 1024 * 1024;

// Lower-case ASCII letters and digits in groups joined by single hyphens: "pincode-vergeten-en".
bool IsKebabCase(std::string_view id);

// A real calendar date written YYYY-MM-DD (leap years included).
bool IsIsoDate(std::string_view date);

// Starts with "http://" or "https://", has a host after it and contains no white space.
bool IsHttpUrl(std::string_view url);

// 1-based number of the first line holding invalid UTF-8, or 0 when the text is valid.
int FirstInvalidUtf8Line(std::string_view text);

// Replaces every run of white space (ASCII white space and U+00A0) by one space and trims the ends.
std::string CollapseWhitespace(std::string_view text);

// ASCII lower case.
std::string AsciiLower(std::string_view text);

// Removes a UTF-8 byte-order mark from the front, if present.
std::string_view StripByteOrderMark(std::string_view text);

}  // namespace balie::knowledge

#endif  // BALIE_KNOWLEDGE_CHECKS_H_
