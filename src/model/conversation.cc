#include "model/conversation.h"

#include <array>
#include <utility>

namespace balie::model {
namespace {

template <typename Enum, size_t N>
std::optional<Enum> Find(const std::array<std::pair<Enum, std::string_view>, N>& names,
                         std::string_view name) {
  for (const auto& [value, value_name] : names) {
    if (value_name == name) {
      return value;
    }
  }
  return std::nullopt;
}

template <typename Enum, size_t N>
std::string_view NameOf(const std::array<std::pair<Enum, std::string_view>, N>& names, Enum value) {
  for (const auto& [candidate, name] : names) {
    if (candidate == value) {
      return name;
    }
  }
  return "unknown";
}

constexpr std::array<std::pair<ConversationState, std::string_view>, 6> kStates{{
    {ConversationState::kBot, "bot"},
    {ConversationState::kWaiting, "waiting"},
    {ConversationState::kFollowUp, "follow_up"},
    {ConversationState::kCallback, "callback"},
    {ConversationState::kAssigned, "assigned"},
    {ConversationState::kResolved, "resolved"},
}};

constexpr std::array<std::pair<EventKind, std::string_view>, 13> kEventKinds{{
    {EventKind::kStarted, "started"},
    {EventKind::kCustomerMessage, "customer_message"},
    {EventKind::kBotReply, "bot_reply"},
    {EventKind::kHandoff, "handoff"},
    {EventKind::kChoice, "choice"},
    {EventKind::kAgentMessage, "agent_message"},
    {EventKind::kNote, "note"},
    {EventKind::kAssigned, "assigned"},
    {EventKind::kTransferred, "transferred"},
    {EventKind::kResolved, "resolved"},
    {EventKind::kCallbackOutcome, "callback_outcome"},
    {EventKind::kAgentJoined, "agent_joined"},
    {EventKind::kNotice, "notice"},
}};

constexpr std::array<std::pair<Author, std::string_view>, 4> kAuthors{{
    {Author::kCustomer, "customer"},
    {Author::kBot, "bot"},
    {Author::kSystem, "system"},
    {Author::kAgent, "agent"},
}};

}  // namespace

std::string_view StateName(ConversationState state) { return NameOf(kStates, state); }
std::optional<ConversationState> ParseState(std::string_view name) { return Find(kStates, name); }

std::string_view EventKindName(EventKind kind) { return NameOf(kEventKinds, kind); }
std::optional<EventKind> ParseEventKind(std::string_view name) { return Find(kEventKinds, name); }

bool VisibleToCustomer(EventKind kind) { return kind != EventKind::kNote; }

std::string_view AuthorName(Author author) { return NameOf(kAuthors, author); }
std::optional<Author> ParseAuthor(std::string_view name) { return Find(kAuthors, name); }

}  // namespace balie::model
