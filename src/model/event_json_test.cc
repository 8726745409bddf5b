#include "model/event_json.h"

#include <gtest/gtest.h>

#include "base/time_format.h"

namespace balie::model {
namespace {

using nlohmann::json;

CallbackBooking Booking() {
  return {*base::ParseTime("2026-12-07T09:00:00Z"), *base::ParseTime("2026-12-07T09:15:00Z"),
          "0612345678", "Jan"};
}

// One event of each kind with every field set.
std::vector<EventData> EveryKind() {
  const AgentRef anna{"s-anna", "Anna"};
  return {
      StartedEvent{Language::kEnglish},
      CustomerMessageEvent{"pas-kwijt"},
      BotReplyEvent{ReplyDecision::kClarify,
                    {{"pas-kwijt", "Pas kwijt", "https://example.nl/pas"}},
                    0.42,
                    {"two articles fit"},
                    Language::kDutch,
                    "Blokkeren"},
      HandoffEvent{{"hypotheken", "Hypotheken"}, "upset", {"upset"}, true, false, anna},
      ChoiceEvent{ChoiceOption::kCallback, Author::kAgent, "", "hypotheken", Booking(), true},
      AgentMessageEvent{anna},
      NoteEvent{anna},
      AssignedEvent{anna, true, "0612345678"},
      TransferredEvent{{"sparen", "Sparen"}, false, {"s-bob", "Bob"}, {"transferred"}, anna},
      ResolvedEvent{anna},
      CallbackOutcomeEvent{CallbackResult::kNoAnswer, 2, anna,
                           CallbackBooking{Booking().start, Booking().end, "0612345678", ""}},
      AgentJoinedEvent{anna},
      NoticeEvent{"nobody_on_duty",
                  {ChoiceOption::kLeaveMessage, ChoiceOption::kOtherQueue},
                  QueueRef{"algemeen", "Klantenservice"}},
      DecisionEvent{"waive_fee", "euro", 5000, "klant al 30 jaar", "tarievenlijst 2026", anna, true,
                    Booking().end},
      ApprovalEvent{7, ApprovalVerdict::kRefused, "niet binnen het beleid",
                    AgentRef{"s-bob", "Bob"}},
      ContestEvent{3, ContestStage::kUpheld, "de feiten dragen het niet", AgentRef{"s-eva", "Eva"}},
  };
}

TEST(EventJson, EveryKindRoundTrips) {
  const std::vector<EventData> all = EveryKind();
  ASSERT_EQ(all.size(), std::variant_size_v<EventData>);
  for (size_t i = 0; i < all.size(); ++i) {
    const EventData& data = all[i];
    ASSERT_EQ(data.index(), i) << "EveryKind is in the order of EventKind";
    const auto kind = static_cast<EventKind>(i);
    SCOPED_TRACE(EventKindName(kind));
    // Through text, as storage keeps it.
    auto parsed = ParseEventData(kind, json::parse(EventDataJson(data).dump()));
    ASSERT_TRUE(parsed.ok()) << parsed.status().message();
    EXPECT_TRUE(*parsed == data);
  }
}

TEST(EventJson, TheStoredFieldsAreTheDocumentedOnes) {
  const json handoff = EventDataJson(EveryKind()[3]);
  EXPECT_EQ(handoff, json::parse(R"({"queue": {"id": "hypotheken", "name": "Hypotheken"},
      "cause": "upset", "reasons": ["upset"], "open": true, "staffed": false,
      "agent": {"id": "s-anna", "name": "Anna"}})"));
  const json choice = EventDataJson(EveryKind()[4]);
  EXPECT_EQ(choice, json::parse(R"({"option": "callback", "by": "agent",
      "queue": {"id": "hypotheken"}, "slot": {"start": "2026-12-07T09:00:00Z",
      "end": "2026-12-07T09:15:00Z"}, "phone": "0612345678", "name": "Jan",
      "with_advisor": true})"));
  EXPECT_EQ(EventDataJson(CustomerMessageEvent{}), json::object()) << "empty fields are left out";
  EXPECT_EQ(EventDataJson(ResolvedEvent{}), json::object());
}

TEST(EventJson, EventsStoredByEarlierVersionsStillRead) {
  // A hand-off from before `staffed` and `cause` were recorded: someone was taken to be on duty.
  auto handoff = ParseEventData(EventKind::kHandoff, json::parse(R"({"queue": {"id": "algemeen",
      "name": "Klantenservice"}, "reasons": ["asked for a person"], "open": true})"));
  ASSERT_TRUE(handoff.ok()) << handoff.status().message();
  EXPECT_TRUE(std::get<HandoffEvent>(*handoff).staffed);
  EXPECT_TRUE(std::get<HandoffEvent>(*handoff).cause.empty());
  // A started event before its language was recorded, a resolution without its agent.
  EXPECT_TRUE(ParseEventData(EventKind::kStarted, json::object()).ok());
  EXPECT_TRUE(ParseEventData(EventKind::kResolved, json::object()).ok());
  // Fields this version does not know are left alone.
  EXPECT_TRUE(ParseEventData(EventKind::kNote, json::parse(R"({"mood": "sunny"})")).ok());
}

TEST(EventJson, AFieldOfTheWrongTypeOrMissingIsNamed) {
  struct Case {
    EventKind kind;
    const char* data;
    const char* named;
  };
  const Case cases[] = {
      {EventKind::kHandoff, R"({"open": true})", "handoff lacks its queue"},
      {EventKind::kHandoff, R"({"queue": {"id": "x"}})", "handoff lacks open"},
      {EventKind::kHandoff, R"({"queue": {"id": "x"}, "open": "yes"})", "open is not true"},
      {EventKind::kHandoff, R"({"queue": "x", "open": true})", "queue is not an object"},
      {EventKind::kChoice, R"({"option": "dance"})", "option 'dance' is unknown"},
      {EventKind::kChoice, R"({})", "lacks its option"},
      {EventKind::kChoice, R"({"option": "callback", "slot": "soon"})", "slot is not an object"},
      {EventKind::kChoice,
       R"({"option": "callback", "slot": {"start": "2026-12-07T10:00:00Z",
           "end": "2026-12-07T09:00:00Z"}})",
       "slot is not a slot"},
      {EventKind::kChoice, R"({"option": "callback"})", "lacks its slot"},
      {EventKind::kAssigned, R"({})", "assigned lacks its agent"},
      {EventKind::kAssigned, R"({"agent": {"id": 7}})", "assigned.agent id is not a string"},
      {EventKind::kBotReply, R"({"sources": [{"id": 1}]})", "bot_reply.sources id"},
      {EventKind::kBotReply, R"({"reasons": [1]})", "reasons holds a value that is not a string"},
      {EventKind::kCallbackOutcome, R"({"outcome": "maybe"})", "outcome 'maybe' is unknown"},
      {EventKind::kNotice, R"({"options": ["fly"]})", "notice lacks known options"},
      {EventKind::kStarted, R"({"language": "fr"})", "language 'fr' is unknown"},
      {EventKind::kNote, R"([1, 2])", "note is not an object"},
      {EventKind::kDecision, R"({"decision_id": "waive_fee", "amount": 0, "by": {"id": "s-1"}})",
       "decision lacks an amount above 0"},
      {EventKind::kDecision, R"({"decision_id": "waive_fee", "amount": 5})", "lacks who decided"},
      {EventKind::kDecision,
       R"({"decision_id": "waive_fee", "amount": 5, "by": {"id": "s-1"}, "expires": "soon"})",
       "expires is not a time"},
      {EventKind::kApproval, R"({"verdict": "approved"})", "lacks the seq of its request"},
      {EventKind::kApproval, R"({"request": 3, "verdict": "maybe"})", "verdict 'maybe' is unknown"},
      {EventKind::kContest, R"({"stage": "received", "by": {"id": "s-1"}})",
       "lacks the id of its flag"},
      {EventKind::kContest, R"({"flag": 2, "stage": "won", "by": {"id": "s-1"}})",
       "stage 'won' is unknown"},
      {EventKind::kContest, R"({"flag": 2, "stage": "received"})", "lacks who recorded or"},
  };
  for (const Case& test : cases) {
    SCOPED_TRACE(test.data);
    auto parsed = ParseEventData(test.kind, json::parse(test.data));
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.status().code(), base::StatusCode::kInvalidArgument);
    EXPECT_NE(parsed.status().message().find(test.named), std::string::npos)
        << parsed.status().message();
  }
}

TEST(EventJson, TheKindFollowsItsFields) {
  Event event;
  event.data = NoticeEvent{};
  EXPECT_EQ(event.kind(), EventKind::kNotice);
  EXPECT_NE(event.As<NoticeEvent>(), nullptr);
  EXPECT_EQ(event.As<HandoffEvent>(), nullptr);
}

}  // namespace
}  // namespace balie::model
