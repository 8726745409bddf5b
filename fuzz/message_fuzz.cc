// libFuzzer target for the customer API's WebSocket frames: whatever bytes a client sends,
// DecodeClientFrame accepts or refuses them without crashing or throwing, a refusal always has a
// code and a message, and whatever it accepts can be echoed back as JSON.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <variant>

#include "api/frames.h"
#include "model/event_json.h"

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
  // What a client sent comes back in events (its text, its client id) as JSON, and is stored
  // as JSON that reads back as the same event.
  balie::model::ChoiceEvent choice;
  choice.option = balie::model::ChoiceOption::kCallback;
  choice.callback = balie::model::CallbackBooking{
      {}, std::chrono::system_clock::time_point(std::chrono::minutes(15)), frame.phone, frame.name};
  for (const balie::model::EventData& fields :
       {balie::model::EventData(balie::model::CustomerMessageEvent{frame.article_id}),
        balie::model::EventData(choice)}) {
    balie::model::Event event;
    event.client_id = frame.client_id;
    event.text = frame.text;
    event.data = fields;
    if (balie::api::EventFrame(event).empty()) {
      std::abort();
    }
    const auto stored =
        nlohmann::json::parse(balie::api::Dump(balie::model::EventDataJson(fields)));
    const auto read = balie::model::ParseEventData(event.kind(), stored);
    if (!read.ok() || !(*read == fields)) {
      std::abort();
    }
  }
  return 0;
}
