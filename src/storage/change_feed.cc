#include "storage/change_feed.h"

#include <charconv>
#include <chrono>

namespace balie::storage {
namespace {

constexpr std::string_view kVersion = "balie1 ";
constexpr std::string_view kPresenceVersion = "balie2p ";
constexpr std::string_view kTypingVersion = "balie1t ";
constexpr std::string_view kTakenVersion = "balie1l ";

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

std::string ChangesHead(std::string_view origin) {
  return std::string(kVersion) + std::string(origin) + "\n";
}

std::vector<std::string> EncodeChanges(std::string_view origin,
                                       std::span<const StoredChange> changes, size_t max_bytes) {
  std::vector<std::string> texts;
  const std::string head = ChangesHead(origin);
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

namespace {

// Splits `lines` into texts of at most `max_bytes`, each beginning with `head`; at least one
// text (none present is news too).
std::vector<std::string> Pack(const std::string& head, std::span<const std::string> lines,
                              size_t max_bytes) {
  std::vector<std::string> texts;
  std::string text = head;
  for (const std::string& line : lines) {
    if (text.size() + line.size() > max_bytes && text.size() > head.size()) {
      texts.push_back(std::move(text));
      text = head;
    }
    text += line;
  }
  texts.push_back(std::move(text));
  return texts;
}

std::string Millis(base::TimePoint time) {
  return std::to_string(
      std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count());
}

bool ReadTime(std::string_view text, base::TimePoint& time) {
  std::int64_t millis = 0;
  if (!ReadInt(text, millis)) {
    return false;
  }
  time = base::TimePoint(std::chrono::milliseconds(millis));
  return true;
}

bool IsState(std::string_view state) {
  return state == "available" || state == "busy" || state == "away" || state == "offline";
}

// The lines of `text` after its head, each handed to `read`; false when one does not read.
template <typename Read>
bool ReadLines(std::string_view text, Read read) {
  while (!text.empty()) {
    const size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    if (!read(line)) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::vector<std::string> EncodePresence(std::string_view origin,
                                        std::span<const StaffPresence> staff, size_t max_bytes) {
  std::vector<std::string> lines;
  lines.reserve(staff.size());
  for (const StaffPresence& member : staff) {
    lines.push_back(member.staff_id + " " + member.state + " " + member.chosen + " " +
                    Millis(member.chosen_at) + " " +
                    (member.back_at ? Millis(*member.back_at) : std::string("-")) + "\n");
  }
  return Pack(std::string(kPresenceVersion) + std::string(origin) + "\n", lines, max_bytes);
}

bool DecodePresence(std::string_view text, std::string& origin, std::vector<StaffPresence>& staff) {
  if (!ReadHead(text, kPresenceVersion, origin)) {
    return false;
  }
  return ReadLines(text, [&staff](std::string_view line) {
    StaffPresence member;
    member.staff_id = std::string(NextField(line));
    member.state = std::string(NextField(line));
    member.chosen = std::string(NextField(line));
    const std::string_view chosen_at = NextField(line);
    const std::string_view back_at = NextField(line);
    if (member.staff_id.empty() || !IsState(member.state) || !IsState(member.chosen) ||
        member.chosen == "busy" || !ReadTime(chosen_at, member.chosen_at) || !line.empty()) {
      return false;
    }
    if (back_at != "-") {
      base::TimePoint time;
      if (!ReadTime(back_at, time)) {
        return false;
      }
      member.back_at = time;
    }
    staff.push_back(std::move(member));
    return true;
  });
}

std::vector<std::string> EncodeTyping(std::string_view origin, std::span<const Typing> typing,
                                      size_t max_bytes) {
  std::vector<std::string> lines;
  lines.reserve(typing.size());
  for (const Typing& one : typing) {
    lines.push_back(one.conversation_id + " " + one.author + "\n");
  }
  return Pack(std::string(kTypingVersion) + std::string(origin) + "\n", lines, max_bytes);
}

bool DecodeTyping(std::string_view text, std::string& origin, std::vector<Typing>& typing) {
  if (!ReadHead(text, kTypingVersion, origin)) {
    return false;
  }
  return ReadLines(text, [&typing](std::string_view line) {
    Typing one;
    one.conversation_id = std::string(NextField(line));
    one.author = std::string(NextField(line));
    if (one.conversation_id.empty() || (one.author != "customer" && one.author != "agent") ||
        !line.empty()) {
      return false;
    }
    typing.push_back(std::move(one));
    return true;
  });
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
  if (taken.empty()) {
    return {};  // nothing taken is no news
  }
  std::vector<std::string> lines;
  lines.reserve(taken.size());
  for (const LimitTaken& one : taken) {
    lines.push_back(one.limit + " " + std::to_string(one.count) + " " + Escaped(one.key) + "\n");
  }
  return Pack(std::string(kTakenVersion) + std::string(origin) + "\n", lines, max_bytes);
}

bool DecodeTaken(std::string_view text, std::string& origin, std::vector<LimitTaken>& taken) {
  if (!ReadHead(text, kTakenVersion, origin)) {
    return false;
  }
  return ReadLines(text, [&taken](std::string_view line) {
    LimitTaken one;
    one.limit = std::string(NextField(line));
    const std::string_view count = NextField(line);
    if (one.limit.empty() || !ReadInt(count, one.count) || !Unescaped(line, one.key)) {
      return false;
    }
    taken.push_back(std::move(one));
    return true;
  });
}

}  // namespace balie::storage
