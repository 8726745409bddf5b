#include "api/staff_frames.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "base/time_format.h"

namespace balie::api {
namespace {

using nlohmann::json;

FrameError BadField(std::string message) { return {"bad_field", std::move(message), ""}; }

std::optional<StaffFrameType> ParseType(std::string_view type) {
  if (type == "heartbeat") return StaffFrameType::kHeartbeat;
  if (type == "watch") return StaffFrameType::kWatch;
  if (type == "unwatch") return StaffFrameType::kUnwatch;
  if (type == "typing") return StaffFrameType::kTyping;
  if (type == "presence") return StaffFrameType::kPresence;
  return std::nullopt;
}

// Conversation ids are "c_" and 22 characters of URL-safe Base64; this accepts any id of that
// alphabet, so that an unknown one is answered as unknown rather than as malformed.
bool ConversationIdShape(std::string_view id) {
  return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  });
}

}  // namespace

std::variant<StaffFrame, FrameError> DecodeStaffFrame(std::string_view text) {
  const json object = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (object.is_discarded() || !object.is_object()) {
    return FrameError{"bad_json", "a frame must be one JSON object, e.g. {\"type\": \"heartbeat\"}",
                      ""};
  }
  const auto type_field = object.find("type");
  if (type_field == object.end() || !type_field->is_string()) {
    return BadField("type is missing or not a string");
  }
  const std::string& type_name = type_field->get_ref<const std::string&>();
  const auto type = ParseType(type_name);
  if (!type) {
    return FrameError{"unknown_type",
                      "unknown frame type '" + type_name.substr(0, 40) +
                          "'; expected heartbeat, watch, unwatch, typing or presence",
                      ""};
  }
  StaffFrame frame;
  frame.type = *type;
  switch (*type) {
    case StaffFrameType::kHeartbeat:
      return frame;
    case StaffFrameType::kWatch:
    case StaffFrameType::kUnwatch:
    case StaffFrameType::kTyping: {
      const auto id = object.find("conversation_id");
      if (id == object.end() || !id->is_string()) {
        return BadField("conversation_id is missing or not a string");
      }
      frame.conversation_id = id->get<std::string>();
      if (!ConversationIdShape(frame.conversation_id)) {
        return BadField("conversation_id must be a conversation's id (e.g. c_…)");
      }
      if (const auto after = object.find("after");
          *type == StaffFrameType::kWatch && after != object.end() && !after->is_null()) {
        if (!after->is_number_integer() || after->get<std::int64_t>() < 0) {
          return BadField("after must be the number of an event (0 or more)");
        }
        frame.after = after->get<std::int64_t>();
      }
      return frame;
    }
    case StaffFrameType::kPresence: {
      const auto state = object.find("state");
      if (state != object.end() && *state == "available") {
        frame.state = routing::ChosenState::kAvailable;
      } else if (state != object.end() && *state == "away") {
        frame.state = routing::ChosenState::kAway;
      } else {
        return BadField("state must be available or away");
      }
      if (const auto back = object.find("back_at"); back != object.end() && !back->is_null()) {
        if (back->is_string()) {
          frame.back_at = base::ParseTime(back->get<std::string>());
        }
        if (!frame.back_at) {
          return BadField("back_at must be a time like 2026-11-24T13:00:00Z");
        }
      }
      return frame;
    }
  }
  return BadField("unknown frame");
}

}  // namespace balie::api
