#include "base/text.h"

#include <utf8proc.h>

#include <algorithm>
#include <array>

namespace balie::base {
namespace {

bool IsAsciiAlnum(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
}

void AppendUtf8(utf8proc_int32_t cp, std::string& out) {
  std::array<utf8proc_uint8_t, 4> buf{};
  const auto n = utf8proc_encode_char(cp, buf.data());
  out.append(reinterpret_cast<const char*>(buf.data()), static_cast<size_t>(n));
}

}  // namespace

std::string FoldText(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(utf8.data());
  auto left = static_cast<utf8proc_ssize_t>(utf8.size());
  constexpr auto kOptions = static_cast<utf8proc_option_t>(UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD |
                                                           UTF8PROC_STRIPMARK | UTF8PROC_COMPAT);
  while (left > 0) {
    if (*p < 0x80) {  // fast path for ASCII
      char c = static_cast<char>(*p);
      out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
      ++p;
      --left;
      continue;
    }
    utf8proc_int32_t cp = 0;
    const auto used = utf8proc_iterate(p, left, &cp);
    if (used <= 0) {  // invalid byte: drop it
      ++p;
      --left;
      continue;
    }
    p += used;
    left -= used;
    std::array<utf8proc_int32_t, 8> decomposed{};
    int last_boundclass = 0;
    const auto n = utf8proc_decompose_char(cp, decomposed.data(), decomposed.size(), kOptions,
                                           &last_boundclass);
    if (n < 0 || static_cast<size_t>(n) > decomposed.size()) continue;
    for (utf8proc_ssize_t i = 0; i < n; ++i) AppendUtf8(decomposed[static_cast<size_t>(i)], out);
  }
  return out;
}

constexpr utf8proc_int32_t kEuroSign = 0x20AC;

std::vector<std::string> SplitWords(std::string_view folded) {
  std::vector<std::string> words;
  std::string current;
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(folded.data());
  auto left = static_cast<utf8proc_ssize_t>(folded.size());
  auto flush = [&] {
    if (!current.empty()) words.push_back(std::move(current));
    current.clear();
  };
  while (left > 0) {
    if (*p < 0x80) {
      const unsigned char c = *p;
      if (IsAsciiAlnum(c)) {
        current.push_back(static_cast<char>(c));
      } else if ((c == '\'' || c == '`') && !current.empty() && left > 1 && IsAsciiAlnum(p[1])) {
        // "zo'n", "auto's": keep the word whole, drop the apostrophe
      } else {
        flush();
      }
      ++p;
      --left;
      continue;
    }
    utf8proc_int32_t cp = 0;
    const auto used = utf8proc_iterate(p, left, &cp);
    if (used <= 0) {
      flush();
      ++p;
      --left;
      continue;
    }
    const auto category = utf8proc_category(cp);
    const bool letter_or_digit =
        (category >= UTF8PROC_CATEGORY_LU && category <= UTF8PROC_CATEGORY_LO) ||
        category == UTF8PROC_CATEGORY_ND;
    if (letter_or_digit) {
      current.append(reinterpret_cast<const char*>(p), static_cast<size_t>(used));
    } else {
      flush();
      // Pages write "€ 6,50", customers "6 euro 50": the sign is the word, in Dutch and English.
      if (cp == kEuroSign) words.emplace_back("euro");
    }
    p += used;
    left -= used;
  }
  flush();
  return words;
}

std::vector<std::string> Words(std::string_view utf8) { return SplitWords(FoldText(utf8)); }

int EditDistance(std::string_view a, std::string_view b, int limit) {
  const auto size_gap = static_cast<int>(a.size()) - static_cast<int>(b.size());
  if (std::abs(size_gap) > limit) return limit + 1;
  std::vector<int> prev(b.size() + 1);
  std::vector<int> cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = static_cast<int>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = static_cast<int>(i);
    int row_min = cur[0];
    for (size_t j = 1; j <= b.size(); ++j) {
      const int substitution = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, substitution});
      row_min = std::min(row_min, cur[j]);
    }
    if (row_min > limit) return limit + 1;
    std::swap(prev, cur);
  }
  return std::min(prev[b.size()], limit + 1);
}

std::string_view Trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n\f\v");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n\f\v");
  return text.substr(first, last - first + 1);
}

bool IsValidUtf8(std::string_view text) {
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  auto left = static_cast<utf8proc_ssize_t>(text.size());
  while (left > 0) {
    utf8proc_int32_t cp = 0;
    const auto used = utf8proc_iterate(p, left, &cp);
    if (used <= 0) return false;
    p += used;
    left -= used;
  }
  return true;
}

}  // namespace balie::base
