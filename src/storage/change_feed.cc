#include "storage/change_feed.h"

#include <charconv>

namespace balie::storage {
namespace {

constexpr std::string_view kVersion = "balie1 ";
constexpr std::string_view kOnDutyVersion = "balie1p ";

// The next field of `line` up to a space (or its end), consumed.
std::string_view NextField(std::string_view& line) {
  const size_t space = line.find(' ');
  std::string_view field = line.substr(0, space);
  line.remove_prefix(space == std::string_view::npos ? line.size() : space + 1);
  return field;
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
  std::string text = head;
  for (const StoredChange& change : changes) {
    std::string line = change.conversation_id + " " + std::to_string(change.first_seq) + " " +
                       std::to_string(change.last_seq) + (change.situation ? " 1\n" : " 0\n");
    if (text.size() + line.size() > max_bytes && text.size() > head.size()) {
      texts.push_back(std::move(text));
      text = head;
    }
    text += line;
  }
  if (text.size() > head.size()) {
    texts.push_back(std::move(text));
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
    const size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
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
  std::string text = head;
  for (const std::string& id : ids) {
    if (text.size() + id.size() + 1 > max_bytes && text.size() > head.size()) {
      texts.push_back(std::move(text));
      text = head;
    }
    text += id + "\n";
  }
  texts.push_back(std::move(text));  // none on duty is news too
  return texts;
}

bool DecodeOnDuty(std::string_view text, std::string& origin, std::vector<std::string>& ids) {
  if (!ReadHead(text, kOnDutyVersion, origin)) {
    return false;
  }
  while (!text.empty()) {
    const size_t end = text.find('\n');
    const std::string_view id = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    if (id.empty() || id.find(' ') != std::string_view::npos) {
      return false;
    }
    ids.emplace_back(id);
  }
  return true;
}

}  // namespace balie::storage
