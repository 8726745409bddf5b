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
  ChoiceEvent callback;
  callback.option = ChoiceOption::kCallback;
  callback.queue = "q";
  callback.callback = booking;
  EventData choice = callback;
  EXPECT_TRUE(ErasePersonalFields(choice));
  const auto& chosen = std::get<ChoiceEvent>(choice);
  EXPECT_EQ(chosen.callback->phone, "");
  EXPECT_EQ(chosen.callback->name, "");
  EXPECT_EQ(chosen.callback->start, booking.start);
  EXPECT_EQ(chosen.queue, "q");
  EXPECT_FALSE(ErasePersonalFields(choice)) << "nothing left to erase";

  AssignedEvent call{{"s_1", "Anna"}, true, "06"};
  EventData assigned = call;
  EXPECT_TRUE(ErasePersonalFields(assigned));
  call.phone.clear();
  EXPECT_EQ(assigned, EventData(call));

  CallbackOutcomeEvent not_reached;
  not_reached.outcome = CallbackResult::kNoAnswer;
  not_reached.retry = booking;
  EventData outcome = not_reached;
  EXPECT_TRUE(ErasePersonalFields(outcome));
  EXPECT_EQ(std::get<CallbackOutcomeEvent>(outcome).retry->phone, "");

  BotReplyEvent answered;
  answered.reasons = {"decided on the sentences that ask: \"Wat kost het voor Jan?\"", "answered"};
  EventData reply = answered;
  EXPECT_TRUE(ErasePersonalFields(reply));
  EXPECT_EQ(std::get<BotReplyEvent>(reply).reasons,
            (std::vector<std::string>{"decided on the sentences that ask", "answered"}));

  EventData wait = DefaultData(EventKind::kChoice);
  DecisionEvent waived;
  waived.decision = "waive_fee";
  waived.reason = "klant was ziek";
  EventData decision = waived;
  EXPECT_FALSE(ErasePersonalFields(wait));
  EXPECT_FALSE(ErasePersonalFields(decision)) << "staff's reasons are the decision's record";
}

}  // namespace
}  // namespace balie::model
