#include "model/event.h"

#include <type_traits>
#include <utility>

#include "model/enum_names.h"

namespace balie::model {
namespace {

constexpr NameTable<EventKind, 16> kEventKinds{{
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
    {EventKind::kDecision, "decision"},
    {EventKind::kApproval, "approval"},
    {EventKind::kContest, "contest"},
}};

constexpr NameTable<ApprovalVerdict, 3> kVerdicts{{
    {ApprovalVerdict::kApproved, "approved"},
    {ApprovalVerdict::kRefused, "refused"},
    {ApprovalVerdict::kExpired, "expired"},
}};

constexpr NameTable<ContestStage, 3> kContestStages{{
    {ContestStage::kReceived, "received"},
    {ContestStage::kUpheld, "upheld"},
    {ContestStage::kRejected, "rejected"},
}};

constexpr NameTable<Author, 4> kAuthors{{
    {Author::kCustomer, "customer"},
    {Author::kBot, "bot"},
    {Author::kSystem, "system"},
    {Author::kAgent, "agent"},
}};

constexpr NameTable<ChoiceOption, 5> kChoices{{
    {ChoiceOption::kWait, "wait"},
    {ChoiceOption::kLeaveMessage, "leave_message"},
    {ChoiceOption::kCallback, "callback"},
    {ChoiceOption::kAdvisorMessage, "advisor_message"},
    {ChoiceOption::kOtherQueue, "other_queue"},
}};

constexpr NameTable<ReplyDecision, 4> kDecisions{{
    {ReplyDecision::kAnswer, "answer"},
    {ReplyDecision::kClarify, "clarify"},
    {ReplyDecision::kHandoff, "handoff"},
    {ReplyDecision::kDecline, "decline"},
}};

constexpr NameTable<CallbackResult, 4> kCallbackResults{{
    {CallbackResult::kReached, "reached"},
    {CallbackResult::kNoAnswer, "no_answer"},
    {CallbackResult::kWrongNumber, "wrong_number"},
    {CallbackResult::kLate, "late"},
}};

template <size_t... I>
EventData Alternative(size_t index, std::index_sequence<I...> /*unused*/) {
  EventData data;
  ((index == I ? (data = std::variant_alternative_t<I, EventData>{}, 0) : 0), ...);
  return data;
}

}  // namespace

EventData DefaultData(EventKind kind) {
  return Alternative(static_cast<size_t>(kind),
                     std::make_index_sequence<std::variant_size_v<EventData>>());
}

std::string_view EventKindName(EventKind kind) { return NameOf(kEventKinds, kind); }
std::optional<EventKind> ParseEventKind(std::string_view name) {
  return FindName(kEventKinds, name);
}

bool VisibleToCustomer(EventKind kind) { return kind != EventKind::kNote; }

namespace {

bool Empty(std::string& field) {
  if (field.empty()) return false;
  field.clear();
  return true;
}

bool EraseContact(std::optional<CallbackBooking>& booking) {
  if (!booking) return false;
  const bool phone = Empty(booking->phone);
  return Empty(booking->name) || phone;
}

// Engines before 2026-12-08 quoted the sentences of a long message that they decided on:
// `decided on the sentences that ask: "…"`. The quote goes; the reason stays.
bool EraseQuotes(std::vector<std::string>& reasons) {
  constexpr std::string_view kQuoting = "decided on the sentences that ask: \"";
  bool erased = false;
  for (std::string& reason : reasons) {
    if (reason.starts_with(kQuoting)) {
      reason.resize(kQuoting.size() - 3);
      erased = true;
    }
  }
  return erased;
}

}  // namespace

bool ErasePersonalFields(EventData& data) {
  return std::visit(
      [](auto& event) {
        using T = std::decay_t<decltype(event)>;
        if constexpr (std::is_same_v<T, ChoiceEvent>) {
          return EraseContact(event.callback);
        } else if constexpr (std::is_same_v<T, AssignedEvent>) {
          return Empty(event.phone);
        } else if constexpr (std::is_same_v<T, CallbackOutcomeEvent>) {
          return EraseContact(event.retry);
        } else if constexpr (std::is_same_v<T, BotReplyEvent> || std::is_same_v<T, HandoffEvent>) {
          return EraseQuotes(event.reasons);
        } else {
          return false;
        }
      },
      data);
}

std::string_view ApprovalVerdictName(ApprovalVerdict verdict) { return NameOf(kVerdicts, verdict); }
std::optional<ApprovalVerdict> ParseApprovalVerdict(std::string_view name) {
  return FindName(kVerdicts, name);
}

std::string_view ContestStageName(ContestStage stage) { return NameOf(kContestStages, stage); }
std::optional<ContestStage> ParseContestStage(std::string_view name) {
  return FindName(kContestStages, name);
}

std::string_view AuthorName(Author author) { return NameOf(kAuthors, author); }
std::optional<Author> ParseAuthor(std::string_view name) { return FindName(kAuthors, name); }

std::string_view ChoiceName(ChoiceOption option) { return NameOf(kChoices, option); }
std::optional<ChoiceOption> ParseChoice(std::string_view name) { return FindName(kChoices, name); }

std::string_view ReplyDecisionName(ReplyDecision decision) { return NameOf(kDecisions, decision); }
std::optional<ReplyDecision> ParseReplyDecision(std::string_view name) {
  return FindName(kDecisions, name);
}

std::string_view CallbackResultName(CallbackResult result) {
  return NameOf(kCallbackResults, result);
}
std::optional<CallbackResult> ParseCallbackResult(std::string_view name) {
  return FindName(kCallbackResults, name);
}

}  // namespace balie::model
