#ifndef BALIE_API_STAFF_FRAMES_H_
#define BALIE_API_STAFF_FRAMES_H_

// The frames the staff console sends on its WebSocket (docs/staff-api.md), decoded and checked
// like the customer's (api/frames.h): any bytes are accepted, nothing throws, every refusal says
// what was wrong. Pure and thread-safe.

#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "api/frames.h"
#include "base/clock.h"
#include "routing/presence.h"

namespace balie::api {

enum class StaffFrameType { kHeartbeat, kWatch, kUnwatch, kTyping, kPresence };

struct StaffFrame {
  StaffFrameType type = StaffFrameType::kHeartbeat;
  // watch, unwatch, typing: 1 to 64 characters of A-Z, a-z, 0-9, '_' or '-'.
  std::string conversation_id;
  // watch: the last event the console has of the conversation (from GET …/conversations/{id});
  // the stored events after it are sent first. Absent: from the watch on.
  std::optional<std::int64_t> after;
  // presence: kAvailable or kAway; back_at optional (away).
  routing::ChosenState state = routing::ChosenState::kAvailable;
  std::optional<base::TimePoint> back_at;
};

// Decodes one frame from the console. Refusals carry docs/staff-api.md's codes: bad_json (not a
// JSON object), unknown_type, bad_field (a field missing or of the wrong type or shape).
std::variant<StaffFrame, FrameError> DecodeStaffFrame(std::string_view text);

}  // namespace balie::api

#endif  // BALIE_API_STAFF_FRAMES_H_
