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

base::Status CheckText(std::string_view text, size_t max_chars) {
  if (!base::IsValidUtf8(text) || base::Trim(text).empty()) {
    return base::InvalidArgument("text must be a non-empty message in UTF-8");
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
  if (!base::IsValidUtf8(name) || CodePoints(name) > 100) {
    return base::InvalidArgument("name must be at most 100 characters");
  }
  return base::Status::Ok();
}

}  // namespace balie::service
