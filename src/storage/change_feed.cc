#include "storage/change_feed.h"

#include <charconv>

namespace balie::storage {
namespace {

constexpr std::string_view kVersion = "balie1 ";
constexpr std::string_view kOnDutyVersion = "balie1p ";
constexpr std::string_view kTakenVersion = "balie1l ";

// The next field of `line` up to a space (or its end), consumed.
std::string_view NextField(std::string_view& line) {
  const size_t space = line.find(' ');
  std::string_view field = line.substr(0, space);
  line.remove_prefix(space == std::string_view::npos ? line.size() : space + 1);
  return field;
}

// The next line of `text` (without its '\n'), consumed.
std::string_view NextLine(std::string_view& text) {
  const size_t end = text.find('\n');
  std::string_view line = text.substr(0, end);
  text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
  return line;
}

// Adds `line` to the last of `texts`, or to a new one that starts with `head` where the last
// would pass `max_bytes` (a line too long by itself gets a text of its own).
void AddLine(std::vector<std::string>& texts, const std::string& head, std::string_view line,
             size_t max_bytes) {
  if (texts.empty() ||
      (texts.back().size() + line.size() > max_bytes && texts.back().size() > head.size())) {
    texts.push_back(head);
  }
  texts.back() += line;
}

bool ReadInt(std::string_view text, std::int64_t& value) {
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size();
}

}  // namespace

std::vector<std::string> EncodeChanges(std::string_view origin,
                                       std::span<const StoredChange> changes, size_t max_bytes) {
  std::vector<std::string> texts;
  const std::string head = std::string(kVersion) + std::string(origin) + "\n";
  for (const StoredChange& change : changes) {
    AddLine(texts, head,
            change.conversation_id + " " + std::to_string(change.first_seq) + " " +
                std::to_string(change.last_seq) + (change.situation ? " 1\n" : " 0\n"),
            max_bytes);
  }
  return texts;
}

namespace {

// Reads a notification's first line, `version` then the sending process, off `text`.
bool ReadHead(std::string_view& text, std::string_view version, std::string& origin) {
  if (!text.starts_with(version)) {
    return false;
  }
  text.remove_prefix(version.size());
  const size_t end_of_head = text.find('\n');
  if (end_of_head == std::string_view::npos) {
    return false;
  }
  origin = std::string(text.substr(0, end_of_head));
  text.remove_prefix(end_of_head + 1);
  return true;
}

}  // namespace

bool DecodeChanges(std::string_view text, std::string& origin, std::vector<StoredChange>& changes) {
  if (!ReadHead(text, kVersion, origin)) {
    return false;
  }
  while (!text.empty()) {
    std::string_view line = NextLine(text);
    StoredChange change;
    change.conversation_id = std::string(NextField(line));
    const std::string_view first = NextField(line);
    const std::string_view last = NextField(line);
    const std::string_view situation = NextField(line);
    if (change.conversation_id.empty() || !ReadInt(first, change.first_seq) ||
        !ReadInt(last, change.last_seq) || (situation != "0" && situation != "1") ||
        !line.empty()) {
      return false;
    }
    change.situation = situation == "1";
    changes.push_back(std::move(change));
  }
  return true;
}

std::vector<std::string> EncodeOnDuty(std::string_view origin, std::span<const std::string> ids,
                                      size_t max_bytes) {
  std::vector<std::string> texts;
  const std::string head = std::string(kOnDutyVersion) + std::string(origin) + "\n";
  for (const std::string& id : ids) {
    AddLine(texts, head, id + "\n", max_bytes);
  }
  if (texts.empty()) {
    texts.push_back(head);  // none on duty is news too
  }
  return texts;
}

bool DecodeOnDuty(std::string_view text, std::string& origin, std::vector<std::string>& ids) {
  if (!ReadHead(text, kOnDutyVersion, origin)) {
    return false;
  }
  while (!text.empty()) {
    const std::string_view id = NextLine(text);
    if (id.empty() || id.find(' ') != std::string_view::npos) {
      return false;
    }
    ids.emplace_back(id);
  }
  return true;
}

namespace {

constexpr std::string_view kHex = "0123456789ABCDEF";

std::string Escaped(std::string_view key) {
  std::string escaped;
  escaped.reserve(key.size());
  for (const char c : key) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '%' || byte < 0x20 || byte >= 0x7f) {
      escaped += '%';
      escaped += kHex[static_cast<size_t>(byte >> 4)];
      escaped += kHex[static_cast<size_t>(byte & 0xf)];
    } else {
      escaped += c;
    }
  }
  return escaped;
}

bool Unescaped(std::string_view text, std::string& key) {
  key.clear();
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      key += text[i];
      continue;
    }
    if (i + 2 >= text.size()) {
      return false;
    }
    const size_t high = kHex.find(text[i + 1]);
    const size_t low = kHex.find(text[i + 2]);
    if (high == std::string_view::npos || low == std::string_view::npos) {
      return false;
    }
    key += static_cast<char>(high * 16 + low);  // (both below 16)
    i += 2;
  }
  return true;
}

}  // namespace

std::vector<std::string> EncodeTaken(std::string_view origin, std::span<const LimitTaken> taken,
                                     size_t max_bytes) {
  std::vector<std::string> texts;
  const std::string head = std::string(kTakenVersion) + std::string(origin) + "\n";
  for (const LimitTaken& one : taken) {
    AddLine(texts, head,
            one.limit + " " + std::to_string(one.count) + " " + Escaped(one.key) + "\n", max_bytes);
  }
  return texts;
}

bool DecodeTaken(std::string_view text, std::string& origin, std::vector<LimitTaken>& taken) {
  if (!ReadHead(text, kTakenVersion, origin)) {
    return false;
  }
  while (!text.empty()) {
    std::string_view line = NextLine(text);
    LimitTaken one;
    one.limit = std::string(NextField(line));
    const std::string_view count = NextField(line);
    if (one.limit.empty() || !ReadInt(count, one.count) || !Unescaped(line, one.key)) {
      return false;
    }
    taken.push_back(std::move(one));
  }
  return true;
}

}  // namespace balie::storage
