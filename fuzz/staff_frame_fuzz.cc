// libFuzzer target for the staff console's WebSocket frames: whatever bytes a console sends,
// DecodeStaffFrame accepts or refuses them without crashing or throwing, and a refusal always has
// a code and a message that can be sent back.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <variant>

#include "api/staff_frames.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto decoded = balie::api::DecodeStaffFrame(text);
  if (const auto* error = std::get_if<balie::api::FrameError>(&decoded)) {
    if (error->code.empty() || error->message.empty()) {
      std::abort();
    }
    (void)balie::api::ErrorFrame(error->code, error->message);
    return 0;
  }
  const auto& frame = std::get<balie::api::StaffFrame>(decoded);
  const bool needs_id = frame.type == balie::api::StaffFrameType::kWatch ||
                        frame.type == balie::api::StaffFrameType::kUnwatch ||
                        frame.type == balie::api::StaffFrameType::kTyping;
  if (needs_id == frame.conversation_id.empty() || frame.conversation_id.size() > 64) {
    std::abort();  // an accepted frame has the id it needs, of a sane size
  }
  return 0;
}
