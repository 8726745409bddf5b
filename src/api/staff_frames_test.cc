#include "api/staff_frames.h"

#include <gtest/gtest.h>

#include "api/frames.h"
#include "base/time_format.h"

namespace balie::api {
namespace {

// The code of a refused frame, or "" when it was accepted.
std::string Refusal(std::string_view text) {
  const auto decoded = DecodeStaffFrame(text);
  const auto* error = std::get_if<FrameError>(&decoded);
  if (error != nullptr) {
    EXPECT_FALSE(error->message.empty()) << text;
  }
  return error != nullptr ? error->code : "";
}

TEST(StaffFrames, AnErasedTextIsMarkedAndNotShown) {
  model::Event event;
  event.seq = 2;
  event.author = model::Author::kCustomer;
  event.data = model::DefaultData(model::EventKind::kCustomerMessage);
  event.text = "nog hier";
  EXPECT_FALSE(StaffEventJson(event).contains("text_erased"));
  event.text = "";
  event.erased_text_sha256 = std::string(64, 'a');
  const auto json = StaffEventJson(event);
  EXPECT_EQ(json["text_erased"], true);
  EXPECT_FALSE(json.contains("text"));
  EXPECT_FALSE(json.dump().find(event.erased_text_sha256) != std::string::npos);
}

TEST(StaffFrames, DecodesEachType) {
  auto watch =
      std::get<StaffFrame>(DecodeStaffFrame(R"({"type":"watch","conversation_id":"c_x1"})"));
  EXPECT_EQ(watch.type, StaffFrameType::kWatch);
  EXPECT_EQ(watch.conversation_id, "c_x1");
  EXPECT_FALSE(watch.after.has_value());
  EXPECT_EQ(std::get<StaffFrame>(
                DecodeStaffFrame(R"({"type":"watch","conversation_id":"c_x1","after":7})"))
                .after,
            7);
  EXPECT_EQ(
      std::get<StaffFrame>(DecodeStaffFrame(R"({"type":"unwatch","conversation_id":"c_1"})")).type,
      StaffFrameType::kUnwatch);
  EXPECT_EQ(
      std::get<StaffFrame>(DecodeStaffFrame(R"({"type":"typing","conversation_id":"c_1"})")).type,
      StaffFrameType::kTyping);
  EXPECT_EQ(std::get<StaffFrame>(DecodeStaffFrame(R"({"type":"heartbeat"})")).type,
            StaffFrameType::kHeartbeat);
  auto away = std::get<StaffFrame>(
      DecodeStaffFrame(R"({"type":"presence","state":"away","back_at":"2026-11-24T13:00:00Z"})"));
  EXPECT_EQ(away.state, routing::ChosenState::kAway);
  EXPECT_EQ(away.back_at, base::ParseTime("2026-11-24T13:00:00Z"));
  auto available =
      std::get<StaffFrame>(DecodeStaffFrame(R"({"type":"presence","state":"available"})"));
  EXPECT_EQ(available.state, routing::ChosenState::kAvailable);
  EXPECT_FALSE(available.back_at);
}

TEST(StaffFrames, RefusesWhatIsWrongWithACodeAndAMessage) {
  // The frame that brought the server down: a number where a string belongs.
  EXPECT_EQ(Refusal(R"({"type":"watch","conversation_id":1})"), "bad_field");
  EXPECT_EQ(Refusal(R"({"type":"typing","conversation_id":null})"), "bad_field");
  EXPECT_EQ(Refusal(R"({"type":"unwatch","conversation_id":["c_1"]})"), "bad_field");
  EXPECT_EQ(Refusal(R"({"type":"watch"})"), "bad_field");
  EXPECT_EQ(Refusal(R"({"type":"watch","conversation_id":"c_1","after":-1})"), "bad_field");
  EXPECT_EQ(Refusal(R"({"type":"watch","conversation_id":"c_1","after":"7"})"), "bad_field");
  EXPECT_EQ(Refusal(R"({"type":"watch","conversation_id":""})"), "bad_field");
  EXPECT_EQ(Refusal(R"({"type":"watch","conversation_id":"../etc"})"), "bad_field");
  EXPECT_EQ(Refusal(R"({"type":"watch","conversation_id":")" + std::string(65, 'a') + "\"}"),
            "bad_field");
  EXPECT_EQ(Refusal(R"({"type":"presence","state":7})"), "bad_field");
  EXPECT_EQ(Refusal(R"({"type":"presence","state":"asleep"})"), "bad_field");
  EXPECT_EQ(Refusal(R"({"type":"presence","state":"away","back_at":12})"), "bad_field");
  EXPECT_EQ(Refusal(R"({"type":"presence","state":"away","back_at":"soon"})"), "bad_field");
  EXPECT_EQ(Refusal(R"({"type":1})"), "bad_field");
  EXPECT_EQ(Refusal(R"({})"), "bad_field");
  EXPECT_EQ(Refusal(R"({"type":"dance"})"), "unknown_type");
  EXPECT_EQ(Refusal("[1,2]"), "bad_json");
  EXPECT_EQ(Refusal("{\"type\":"), "bad_json");
  EXPECT_EQ(Refusal(""), "bad_json");
  EXPECT_EQ(Refusal("\xff\xfe"), "bad_json");
  EXPECT_EQ(Refusal(R"({"type":"heartbeat","extra":{"deep":[1,2,3]}})"), "");
}

}  // namespace
}  // namespace balie::api
