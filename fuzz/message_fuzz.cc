// libFuzzer target for the customer API's WebSocket frames: whatever bytes a client sends,
// DecodeClientFrame accepts or refuses them without crashing or throwing, a refusal always has a
// code and a message, and whatever it accepts can be echoed back as JSON.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <variant>

#include "api/frames.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto decoded = balie::api::DecodeClientFrame(text);
  if (const auto* error = std::get_if<balie::api::FrameError>(&decoded)) {
    if (error->code.empty() || error->message.empty()) {
      std::abort();
    }
    // The error goes back to the client, with whatever client_id could be read.
    (void)balie::api::ErrorFrame(error->code, error->message, error->client_id);
    return 0;
  }
  const auto& frame = std::get<balie::api::ClientFrame>(decoded);
  // What a client sent comes back in events (its text, its client id) as JSON.
  balie::model::Event event;
  event.client_id = frame.client_id;
  event.text = frame.text;
  event.data["article_id"] = frame.article_id;
  event.data["phone"] = frame.phone;
  const std::string json = balie::api::EventFrame(event);
  if (json.empty()) {
    std::abort();
  }
  return 0;
}
