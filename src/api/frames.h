#ifndef BALIE_API_FRAMES_H_
#define BALIE_API_FRAMES_H_

// The JSON of the customer API (docs/api.md): frames from the client, decoded and checked; and
// what Balie sends, encoded. Decoding accepts any bytes and never throws; every refusal says what
// was wrong. Pure and thread-safe.

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/clock.h"
#include "model/conversation.h"
#include "service/conversation_service.h"
#include "service/conversation_status.h"

namespace balie::api {

enum class FrameType { kMessage, kChoose, kHandoff, kTyping, kPing };

struct ClientFrame {
  FrameType type = FrameType::kPing;
  std::string client_id;                                        // message, choose, handoff
  std::string text;                                             // message
  std::string article_id;                                       // message, optional
  service::ChoiceOption option = service::ChoiceOption::kWait;  // choose
  std::optional<base::TimePoint> slot;                          // choose (callback)
  std::string phone;                                            // choose (callback)
  std::string name;                                             // choose (callback), optional
  bool with_advisor = false;                                    // choose (callback)
  bool to_advisor = false;                                      // handoff
};

// A refused frame: `code` is one of docs/api.md's stream error codes (bad_json, unknown_type,
// bad_field); `client_id` is the frame's, when it could be read.
struct FrameError {
  std::string code;
  std::string message;
  std::string client_id;
};

// Decodes one frame from the client. Checks types and presence of fields and the shape of
// client_id; the service checks the rest (lengths, phone numbers, what the state allows).
std::variant<ClientFrame, FrameError> DecodeClientFrame(std::string_view text);

// The choice in a `choose` frame or a POST …/choice body (the same fields).
std::variant<ClientFrame, FrameError> DecodeChoice(const nlohmann::json& object);

// The advisor's status as docs/api.md describes it.
nlohmann::json AdvisorJson(const service::AdvisorStatus& advisor);

// An event as the customer sees it (docs/api.md): per kind, only the fields on its allow-list
// (CustomerView in frames.cc); `client_id` only on the customer's own events; nullopt for kinds the
// customer never sees (internal notes). What is for colleagues (notes, transfer notes and
// reasons, staff ids) never passes. Every customer-facing path (the stream, GET …/messages, POST
// responses) goes through this.
std::optional<nlohmann::json> CustomerEventJson(const model::Event& event);
// An event as staff see it (docs/staff-api.md): every field as stored (model/event_json.h),
// internal notes included.
nlohmann::json StaffEventJson(const model::Event& event);

// JSON objects as docs/api.md describes them.
nlohmann::json StatusJson(const service::ConversationStatus& status);
nlohmann::json ReceiptJson(const service::Receipt& receipt);

// Whole frames from Balie. EventFrame: the customer's view (CustomerEventJson); "" for an event
// the customer does not see.
std::string EventFrame(const model::Event& event);
std::string StatusFrame(const service::ConversationStatus& status);
std::string ReceiptFrame(const service::Receipt& receipt);
// `retry_after_ms` (rate_limited): when the client may send again.
std::string ErrorFrame(std::string_view code, std::string_view message,
                       std::string_view client_id = {},
                       std::optional<long> retry_after_ms = std::nullopt);
std::string TypingFrame(model::Author author);
std::string PongFrame();

// JSON text without exceptions: invalid UTF-8 (which the service never stores) is replaced.
std::string Dump(const nlohmann::json& json);

}  // namespace balie::api

#endif  // BALIE_API_FRAMES_H_
