#include "service/validation.h"

#include <algorithm>
#include <string>

#include "base/text.h"

namespace balie::service {

size_t CodePoints(std::string_view utf8) {
  return static_cast<size_t>(std::count_if(utf8.begin(), utf8.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

base::Status CheckClientId(std::string_view id) {
  const bool valid =
      !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_' || c == '-';
      });
  if (!valid) {
    return base::InvalidArgument(
        "client_id must be 1 to 64 characters of A-Z, a-z, 0-9, '_' or '-', unique within the "
        "conversation");
  }
  return base::Status::Ok();
}

namespace {

// A control character (other than a tab or a line break), or a code point that reorders how text
// is shown (bidirectional overrides and isolates, which can make a link or an amount look like
// another to the person reading it). `text` is valid UTF-8.
bool HasHiddenControls(std::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
      return true;
    }
    // U+202A..U+202E are E2 80 AA..AE; U+2066..U+2069 are E2 81 A6..A9.
    if (c == 0xE2 && i + 2 < text.size()) {
      const auto b1 = static_cast<unsigned char>(text[i + 1]);
      const auto b2 = static_cast<unsigned char>(text[i + 2]);
      if ((b1 == 0x80 && b2 >= 0xAA && b2 <= 0xAE) || (b1 == 0x81 && b2 >= 0xA6 && b2 <= 0xA9)) {
        return true;
      }
    }
  }
  return false;
}

}  // namespace

base::Status CheckText(std::string_view text, size_t max_chars) {
  if (!base::IsValidUtf8(text) || base::Trim(text).empty()) {
    return base::InvalidArgument("text must be a non-empty message in UTF-8");
  }
  if (HasHiddenControls(text)) {
    return base::InvalidArgument(
        "text may not contain control characters or characters that reverse the direction of "
        "the text (only line breaks and tabs)");
  }
  if (CodePoints(text) > max_chars) {
    return base::InvalidArgument("text is longer than " + std::to_string(max_chars) +
                                 " characters; send a shorter message");
  }
  return base::Status::Ok();
}

base::Status CheckPhone(std::string_view phone) {
  size_t digits = 0;
  bool valid = true;
  for (size_t i = 0; i < phone.size() && valid; ++i) {
    const char c = phone[i];
    if (c >= '0' && c <= '9') {
      ++digits;
    } else if (c == '+' && digits == 0 && i == phone.find_first_not_of(' ')) {
      continue;
    } else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')') {
      valid = false;
    }
  }
  if (!valid || digits < 6 || digits > 15) {
    return base::InvalidArgument(
        "phone must be a telephone number of 6 to 15 digits, e.g. +31 20 123 4567");
  }
  return base::Status::Ok();
}

base::Status CheckName(std::string_view name) {
  if (!base::IsValidUtf8(name) || CodePoints(name) > 100 || HasHiddenControls(name)) {
    return base::InvalidArgument("name must be at most 100 characters, without control characters");
  }
  return base::Status::Ok();
}

}  // namespace balie::service
