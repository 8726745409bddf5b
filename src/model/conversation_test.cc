#include "model/conversation.h"

#include <gtest/gtest.h>

namespace balie::model {
namespace {

TEST(Conversation, NamesRoundTrip) {
  for (auto state :
       {ConversationState::kBot, ConversationState::kWaiting, ConversationState::kFollowUp,
        ConversationState::kCallback, ConversationState::kAssigned, ConversationState::kResolved}) {
    EXPECT_EQ(ParseState(StateName(state)), state);
  }
  for (int i = 0; i <= static_cast<int>(EventKind::kNotice); ++i) {
    const auto kind = static_cast<EventKind>(i);
    EXPECT_EQ(ParseEventKind(EventKindName(kind)), kind);
  }
  for (auto author : {Author::kCustomer, Author::kBot, Author::kSystem, Author::kAgent}) {
    EXPECT_EQ(ParseAuthor(AuthorName(author)), author);
  }
  EXPECT_FALSE(ParseState("sleeping").has_value());
  EXPECT_FALSE(ParseEventKind("").has_value());
}

TEST(Conversation, NotesAreForStaffOnly) {
  EXPECT_FALSE(VisibleToCustomer(EventKind::kNote));
  EXPECT_TRUE(VisibleToCustomer(EventKind::kAgentMessage));
}

TEST(Conversation, RetentionErasesPhoneNumbersNamesAndQuotedWordsAndNothingElse) {
  const CallbackBooking booking{base::TimePoint(std::chrono::hours(1)),
                                base::TimePoint(std::chrono::hours(2)), "0612345678", "Jan"};
  EventData choice =
      ChoiceEvent{.option = ChoiceOption::kCallback, .queue = "q", .callback = booking};
  EXPECT_TRUE(ErasePersonalFields(choice));
  const auto& chosen = std::get<ChoiceEvent>(choice);
  EXPECT_EQ(chosen.callback->phone, "");
  EXPECT_EQ(chosen.callback->name, "");
  EXPECT_EQ(chosen.callback->start, booking.start);
  EXPECT_EQ(chosen.queue, "q");
  EXPECT_FALSE(ErasePersonalFields(choice)) << "nothing left to erase";

  EventData assigned = AssignedEvent{.agent = {"s_1", "Anna"}, .callback = true, .phone = "06"};
  EXPECT_TRUE(ErasePersonalFields(assigned));
  EXPECT_EQ(assigned, EventData(AssignedEvent{.agent = {"s_1", "Anna"}, .callback = true}));

  EventData outcome = CallbackOutcomeEvent{.outcome = CallbackResult::kNoAnswer, .retry = booking};
  EXPECT_TRUE(ErasePersonalFields(outcome));
  EXPECT_EQ(std::get<CallbackOutcomeEvent>(outcome).retry->phone, "");

  EventData reply = BotReplyEvent{
      .reasons = {"decided on the sentences that ask: \"Wat kost het voor Jan?\"", "answered"}};
  EXPECT_TRUE(ErasePersonalFields(reply));
  EXPECT_EQ(std::get<BotReplyEvent>(reply).reasons,
            (std::vector<std::string>{"decided on the sentences that ask", "answered"}));

  EventData wait = ChoiceEvent{.option = ChoiceOption::kWait};
  EventData decision = DecisionEvent{.decision = "waive_fee", .reason = "klant was ziek"};
  EXPECT_FALSE(ErasePersonalFields(wait));
  EXPECT_FALSE(ErasePersonalFields(decision)) << "staff's reasons are the decision's record";
}

}  // namespace
}  // namespace balie::model
