#include "model/conversation.h"

#include "model/enum_names.h"

namespace balie::model {
namespace {

constexpr NameTable<ConversationState, 6> kStates{{
    {ConversationState::kBot, "bot"},
    {ConversationState::kWaiting, "waiting"},
    {ConversationState::kFollowUp, "follow_up"},
    {ConversationState::kCallback, "callback"},
    {ConversationState::kAssigned, "assigned"},
    {ConversationState::kResolved, "resolved"},
}};

}  // namespace

std::string_view StateName(ConversationState state) { return NameOf(kStates, state); }
std::optional<ConversationState> ParseState(std::string_view name) {
  return FindName(kStates, name);
}

}  // namespace balie::model
