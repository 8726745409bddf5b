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

}  // namespace
}  // namespace balie::model
