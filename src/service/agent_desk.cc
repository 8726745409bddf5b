#include "service/agent_desk.h"

#include <algorithm>
#include <array>
#include <utility>

#include "base/log.h"
#include "base/text.h"
#include "base/time_format.h"
#include "routing/assignment.h"
#include "service/texts.h"
#include "service/validation.h"

namespace balie::service {
namespace {

using model::Author;
using model::Conversation;
using model::ConversationState;
using model::Event;
using model::EventKind;
using model::StaffMember;

constexpr size_t kContextEvents = 40;

bool Serves(const StaffMember& member, const std::string& queue) {
  return model::RoleAtLeast(member.role, model::Role::kSupervisor) ||
         std::find(member.queues.begin(), member.queues.end(), queue) != member.queues.end();
}

std::string Shorten(const std::string& text, size_t max) {
  if (text.size() <= max) {
    return text;
  }
  size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
    --cut;  // not inside a UTF-8 character
  }
  return text.substr(0, cut) + "…";
}

model::AgentRef AgentOf(const StaffMember& who) { return {who.id, who.display_name}; }

std::string Joined(const std::vector<std::string>& reasons) {
  std::string joined;
  for (const std::string& reason : reasons) {
    joined += (joined.empty() ? "" : "; ") + reason;
  }
  return joined;
}

// Whether the assigned agent has started since the conversation was last assigned: an
// agent_joined, or a message of theirs, comes after the latest assigned event. A read that fails
// counts as started: better no notice than a second one.
bool Started(storage::ConversationStore& store, const Conversation& conversation) {
  constexpr std::int64_t kPage = 50;
  for (std::int64_t end = conversation.last_seq; end > 0; end -= kPage) {
    auto page = store.Events(conversation.id, std::max<std::int64_t>(0, end - kPage),
                             static_cast<size_t>(end - std::max<std::int64_t>(0, end - kPage)));
    if (!page.ok()) {
      return true;
    }
    // Newest first (std::views::reverse, which clang-tidy 14 cannot parse with libstdc++ 12).
    // NOLINTNEXTLINE(modernize-loop-convert)
    for (auto it = page->rbegin(); it != page->rend(); ++it) {
      if (it->kind() == EventKind::kAgentJoined) {
        return true;
      }
      if (const auto* message = it->As<model::AgentMessageEvent>();
          message != nullptr && message->agent.id == conversation.agent) {
        return true;
      }
      if (it->kind() == EventKind::kAssigned) {
        return false;
      }
    }
  }
  return false;
}

// The customer is told that `who` now helps them, once per assignment (Decide says when).
model::Join JoinOf(const ConversationCore& core, const Conversation& conversation,
                   const StaffMember& who) {
  return {AgentOf(who), conversation.agent != who.id || Started(core.store(), conversation),
          JoinedMessage(who.display_name, core.VoiceOf(conversation))};
}

// What the knowledge suggestions follow: the newest of the customer's last few messages that
// Balie does not read as out of scope or off-topic. "Dank u, het is gelukt!" after the agent's
// help is no question to look knowledge up for; the question before it still is.
std::string NewestQuestion(const answer::Engine& engine, const std::vector<Event>& events) {
  constexpr int kLooked = 10;
  int looked = 0;
  for (auto it = events.rbegin(); it != events.rend() && looked < kLooked; ++it) {
    if (it->kind() != EventKind::kCustomerMessage) {
      continue;
    }
    ++looked;
    const answer::Decision decision = engine.Ask(it->text);
    const bool off_topic = decision.kind == answer::DecisionKind::kDecline ||
                           (decision.kind == answer::DecisionKind::kHandoff &&
                            decision.handoff_cause == "out_of_scope");
    if (!off_topic) {
      return it->text;
    }
  }
  return "";
}

}  // namespace

AgentDesk::AgentDesk(ConversationCore& core, storage::StaffStore& staff, DeskOptions options)
    : core_(core), staff_(staff), options_(std::move(options)), dispatcher_(core, options_) {}

InboxItem AgentDesk::ItemOf(const Conversation& conversation) const {
  InboxItem item;
  item.conversation = conversation;
  if (const auto queue = core_.queues().Find(conversation.queue)) {
    item.queue_name = queue->name_nl;
  }
  if (!conversation.agent.empty()) {
    if (const auto agent = core_.roster().Agent(conversation.agent)) {
      item.agent_name = agent->display_name;
    }
  }
  auto events = core_.store().Events(
      conversation.id,
      std::max<std::int64_t>(0, conversation.last_seq - static_cast<std::int64_t>(kContextEvents)),
      kContextEvents);
  if (events.ok()) {
    // Newest first (std::views::reverse, which clang-tidy 14 cannot parse with libstdc++ 12).
    // NOLINTNEXTLINE(modernize-loop-convert)
    for (auto it = events->rbegin(); it != events->rend(); ++it) {
      if (item.last_message.empty() && it->kind() == EventKind::kCustomerMessage) {
        item.last_message = Shorten(it->text, 200);
      }
      if (item.reason.empty()) {
        if (const auto* handoff = it->As<model::HandoffEvent>()) {
          item.reason = Joined(handoff->reasons);
          item.reason_code = handoff->cause;
        } else if (const auto* transfer = it->As<model::TransferredEvent>()) {
          item.reason = Joined(transfer->reasons);
          item.reason_code = "transferred";
        }
      }
    }
  }
  return item;
}

base::Result<Inbox> AgentDesk::InboxOf(const StaffMember& agent) const {
  Inbox inbox;
  const base::TimePoint now = core_.clock().Now();
  for (const auto& queue : core_.queues().queues()) {
    if (!Serves(agent, queue->id)) {
      continue;
    }
    for (const WaitingEntry& entry : core_.queues().Waiting(queue->id)) {
      if (entry.callback) {
        continue;
      }
      if (auto conversation = core_.store().Get(entry.conversation_id); conversation.ok()) {
        inbox.waiting.push_back(ItemOf(*conversation));
      }
    }
  }
  const ConversationState states[] = {ConversationState::kFollowUp, ConversationState::kAssigned};
  auto held = core_.store().InStates(states);
  if (!held.ok()) {
    return held.status();
  }
  for (const Conversation& conversation : *held) {
    if (conversation.state == ConversationState::kAssigned) {
      if (conversation.agent == agent.id) {
        inbox.mine.push_back(ItemOf(conversation));
      } else if (model::RoleAtLeast(agent.role, model::Role::kSupervisor)) {
        inbox.others.push_back(ItemOf(conversation));
      }
    } else if (Serves(agent, conversation.queue) &&
               (conversation.requested_agent.empty() || conversation.requested_agent == agent.id ||
                model::RoleAtLeast(agent.role, model::Role::kSupervisor))) {
      inbox.waiting.push_back(ItemOf(conversation));
    }
  }
  for (const Booking& booking : core_.queues().DueCallbacks(now)) {
    if (!Serves(agent, booking.queue) || (!booking.agent.empty() && booking.agent != agent.id)) {
      continue;
    }
    if (auto conversation = core_.store().Get(booking.conversation_id); conversation.ok()) {
      inbox.callbacks_due.push_back(ItemOf(*conversation));
    }
  }
  std::sort(inbox.waiting.begin(), inbox.waiting.end(), [](const auto& a, const auto& b) {
    return a.conversation.queued_at < b.conversation.queued_at;
  });
  return inbox;
}

std::vector<Suggestion> AgentDesk::Suggest(std::string_view text) const {
  std::vector<Suggestion> suggestions;
  if (base::Trim(text).empty()) {
    return suggestions;
  }
  const answer::Decision decision = core_.engine().Ask(text);
  const model::KnowledgeBase& knowledge = core_.engine().knowledge();
  for (const answer::ScoredCandidate& candidate : decision.candidates) {
    if (suggestions.size() >= options_.suggestions) {
      break;
    }
    const model::Article* article = knowledge.Find(candidate.id);
    if (article == nullptr) {
      continue;
    }
    Suggestion suggestion{article->id, article->title, article->url, "", "", candidate.score};
    const bool answered_from_it = decision.kind == answer::DecisionKind::kAnswer &&
                                  !decision.sources.empty() &&
                                  decision.sources.front().id == article->id;
    if (answered_from_it) {
      suggestion.heading = decision.passage_heading;
      suggestion.passage = decision.answer;
    } else if (!article->sections.empty()) {
      suggestion.heading = article->sections.front().heading;
      suggestion.passage = article->sections.front().text;
    }
    suggestions.push_back(std::move(suggestion));
  }
  return suggestions;
}

base::Status AgentDesk::MaySee(const StaffMember& who, const Conversation& conversation,
                               bool log) const {
  if (model::RoleAtLeast(who.role, model::Role::kSupervisor) || conversation.agent == who.id ||
      conversation.requested_agent == who.id || conversation.advisor == who.id ||
      Serves(who, QueueOf(conversation)->id) || MayApproveIn(who, conversation.id)) {
    return base::Status::Ok();
  }
  if (log) {
    // Not a slip of the console (which lists only what the agent sees): worth a look.
    base::Log(base::LogLevel::kWarning, "staff access refused: not their queue or conversation",
              {{"staff", who.id}, {"conversation", conversation.id}});
  }
  return base::PermissionDenied(
      "this conversation is not in one of your queues and not assigned to you; a supervisor can "
      "open it or give it to you");
}

base::Status AgentDesk::MaySee(const StaffMember& who, std::string_view id) const {
  auto conversation = core_.store().Get(id);
  return conversation.ok() ? MaySee(who, *conversation) : conversation.status();
}

base::Result<std::vector<model::Event>> AgentDesk::EventsAfter(std::string_view id,
                                                               std::int64_t after,
                                                               size_t limit) const {
  return core_.store().Events(id, after, limit);
}

base::Result<std::int64_t> AgentDesk::LastSeq(std::string_view id) const {
  auto conversation = core_.store().Get(id);
  if (!conversation.ok()) {
    return conversation.status();
  }
  return conversation->last_seq;
}

base::Result<ConversationView> AgentDesk::Open(const StaffMember& who, std::string_view id) const {
  auto conversation = core_.store().Get(id);
  if (!conversation.ok()) {
    return conversation.status();
  }
  if (base::Status status = MaySee(who, *conversation); !status.ok()) {
    return status;
  }
  core_.roster().Acted(who.id);
  ConversationView view;
  view.item = ItemOf(*conversation);
  for (std::int64_t after = 0;;) {
    auto page = core_.store().Events(id, after, 500);
    if (!page.ok()) {
      return page.status();
    }
    view.events.insert(view.events.end(), page->begin(), page->end());
    if (page->size() < 500) {
      break;
    }
    after = page->back().seq;
  }
  if (!conversation->customer_ref.empty()) {
    auto earlier =
        core_.store().OfCustomer(conversation->customer_ref, options_.earlier_conversations + 1);
    if (earlier.ok()) {
      for (const Conversation& other : *earlier) {
        if (other.id != conversation->id && MaySee(who, other, /*log=*/false).ok()) {
          view.earlier.push_back(ItemOf(other));
        }
      }
    }
  }
  view.suggestions = Suggest(NewestQuestion(core_.engine(), view.events));
  return view;
}

base::Status AgentDesk::Opened(const StaffMember& who, std::string_view id) {
  auto action = core_.Begin(id, "");
  if (!action.ok()) {
    return action.status();
  }
  Conversation& conversation = action->conversation;
  if (conversation.state != ConversationState::kAssigned || conversation.agent != who.id) {
    return base::Status::Ok();
  }
  std::vector<Event> committed;
  return Finish(who, *action, JoinOf(core_, conversation, who), committed);
}

base::Status AgentDesk::MayAct(const StaffMember& who, const Conversation& conversation,
                               bool taking_allowed) const {
  if (conversation.state == ConversationState::kAssigned && conversation.agent == who.id) {
    return base::Status::Ok();
  }
  if (model::RoleAtLeast(who.role, model::Role::kSupervisor)) {
    return base::Status::Ok();
  }
  if (base::Status status = MaySee(who, conversation); !status.ok()) {
    return status;
  }
  if (taking_allowed && conversation.state != ConversationState::kAssigned &&
      conversation.state != ConversationState::kBot && Serves(who, conversation.queue)) {
    return base::Status::Ok();
  }
  return base::FailedPrecondition(
      conversation.state == ConversationState::kAssigned
          ? "this conversation is assigned to someone else"
          : "this conversation is not assigned to you; it is not in one of your queues, or the "
            "bot still has it");
}

base::Result<ConversationCore::Change> AgentDesk::Begin(std::string_view id,
                                                        const std::string& client_id) const {
  if (base::Status status = CheckClientId(client_id); !status.ok()) {
    return status;
  }
  return core_.Begin(id, client_id);
}

base::Status AgentDesk::Finish(const StaffMember& who, ConversationCore::Change& change,
                               const model::Command& command, std::vector<Event>& committed) {
  if (base::Status status = core_.Do(change, command, committed); !status.ok()) {
    return status;
  }
  core_.roster().Acted(who.id);
  return base::Status::Ok();
}

QueueBoard::QueuePtr AgentDesk::QueueOf(const Conversation& conversation) const {
  auto queue = core_.queues().Find(conversation.queue);
  return queue != nullptr ? queue : core_.queues().Choose({});
}

base::Result<Event> AgentDesk::Reply(const StaffMember& who, std::string_view id,
                                     const std::string& client_id, const std::string& text) {
  if (base::Status status = CheckText(text, 8000); !status.ok()) {
    return status;
  }
  // Taking a conversation is an assignment: under the dispatcher's lock, taken first.
  std::unique_lock dispatch = dispatcher_.Lock(std::defer_lock);
  if (auto peek = core_.store().Get(id);
      peek.ok() && !(peek->state == ConversationState::kAssigned && peek->agent == who.id)) {
    dispatch.lock();
  }
  auto action = Begin(id, client_id);
  if (!action.ok()) {
    return action.status();
  }
  Conversation& conversation = action->conversation;
  if (base::Status status = MaySee(who, conversation); !status.ok()) {
    return status;
  }
  if (action->resent) {
    return *action->resent;
  }
  if (base::Status status = MayAct(who, conversation, /*taking_allowed=*/true); !status.ok()) {
    return status;
  }
  std::vector<Event> committed;
  if (conversation.state != ConversationState::kAssigned) {
    if (!dispatch.owns_lock()) {
      return base::FailedPrecondition("the conversation changed meanwhile; try again");
    }
    if (base::Status status =
            dispatcher_.Assign(conversation, who.id, committed, "", Author::kAgent);
        !status.ok()) {
      return status;
    }
  }
  if (base::Status status =
          Finish(who, *action, model::AgentReply{client_id, text, JoinOf(core_, conversation, who)},
                 committed);
      !status.ok()) {
    return status;
  }
  return committed.back();
}

base::Result<Event> AgentDesk::Note(const StaffMember& who, std::string_view id,
                                    const std::string& client_id, const std::string& text) {
  if (base::Status status = CheckText(text, 8000); !status.ok()) {
    return status;
  }
  auto action = Begin(id, client_id);
  if (!action.ok()) {
    return action.status();
  }
  Conversation& conversation = action->conversation;
  if (base::Status status = MaySee(who, conversation); !status.ok()) {
    return status;
  }
  if (action->resent) {
    return *action->resent;
  }
  std::vector<Event> committed;
  if (base::Status status =
          Finish(who, *action, model::AddNote{client_id, AgentOf(who), text}, committed);
      !status.ok()) {
    return status;
  }
  return committed.back();
}

base::Result<InboxItem> AgentDesk::Transfer(const StaffMember& who, std::string_view id,
                                            const std::string& client_id, const std::string& queue,
                                            const std::string& agent, const std::string& note) {
  if (queue.empty() && agent.empty()) {
    return base::InvalidArgument("give the queue or the agent to transfer to");
  }
  std::optional<AgentView> to_agent;
  if (!agent.empty()) {
    to_agent = core_.roster().Agent(agent);
    if (!to_agent) {
      return base::NotFound("no agent " + agent);
    }
  }
  QueueBoard::QueuePtr to_queue;
  if (!queue.empty()) {
    to_queue = core_.queues().Find(queue);
    if (to_queue == nullptr) {
      return base::NotFound("no queue " + queue);
    }
  }
  auto action = Begin(id, client_id);
  if (!action.ok()) {
    return action.status();
  }
  Conversation& conversation = action->conversation;
  if (base::Status status = MaySee(who, conversation); !status.ok()) {
    return status;
  }
  if (action->resent) {
    return ItemOf(conversation);
  }
  if (base::Status status = MayAct(who, conversation, /*taking_allowed=*/false); !status.ok()) {
    return status;
  }
  if (to_queue == nullptr) {
    to_queue = core_.queues().Find(conversation.queue);
    if (to_queue == nullptr ||
        !std::count(to_agent->queues.begin(), to_agent->queues.end(), to_queue->id)) {
      to_queue = to_agent->queues.empty() ? core_.queues().Choose({})
                                          : core_.queues().Find(to_agent->queues.front());
      if (to_queue == nullptr) {
        to_queue = core_.queues().Choose({});
      }
    }
  }
  model::Transfer transfer{client_id,
                           AgentOf(who),
                           {{to_queue->id, to_queue->Name(conversation.language)},
                            to_queue->hours().IsOpen(core_.clock().Now()),
                            true,
                            std::nullopt},
                           "",
                           note};
  if (to_agent) {
    transfer.to.agent = model::AgentRef{to_agent->id, to_agent->display_name};
  }
  const std::string& destination =
      to_agent ? to_agent->display_name : to_queue->Name(conversation.language);
  transfer.text = TransferMessage(destination, core_.VoiceOf(conversation));
  std::vector<Event> committed;
  if (base::Status status = Finish(who, *action, transfer, committed); !status.ok()) {
    return status;
  }
  return ItemOf(conversation);
}

base::Result<InboxItem> AgentDesk::Resolve(const StaffMember& who, std::string_view id,
                                           const std::string& client_id) {
  auto action = Begin(id, client_id);
  if (!action.ok()) {
    return action.status();
  }
  Conversation& conversation = action->conversation;
  if (base::Status status = MaySee(who, conversation); !status.ok()) {
    return status;
  }
  if (action->resent) {
    return ItemOf(conversation);
  }
  if (base::Status status = MayAct(who, conversation, /*taking_allowed=*/false); !status.ok()) {
    return status;
  }
  std::vector<Event> committed;
  if (base::Status status =
          Finish(who, *action, model::Resolve{client_id, AgentOf(who)}, committed);
      !status.ok()) {
    return status;
  }
  return ItemOf(conversation);
}

base::Result<std::vector<routing::Interval>> AgentDesk::CallbackSlots(const StaffMember& who,
                                                                      std::string_view id) const {
  auto conversation = core_.store().Get(id);
  if (!conversation.ok()) {
    return conversation.status();
  }
  if (base::Status status = MaySee(who, *conversation); !status.ok()) {
    return status;
  }
  const auto queue = QueueOf(*conversation);
  return core_.queues().CallbackSlots(queue->id, core_.clock().Now());
}

base::Result<InboxItem> AgentDesk::BookCallback(const StaffMember& who, std::string_view id,
                                                const std::string& client_id, base::TimePoint slot,
                                                const std::string& phone) {
  if (base::Status status = CheckPhone(phone); !status.ok()) {
    return status;
  }
  auto action = Begin(id, client_id);
  if (!action.ok()) {
    return action.status();
  }
  Conversation& conversation = action->conversation;
  if (base::Status status = MaySee(who, conversation); !status.ok()) {
    return status;
  }
  if (action->resent) {
    return ItemOf(conversation);
  }
  if (base::Status status = MayAct(who, conversation, /*taking_allowed=*/true); !status.ok()) {
    return status;
  }
  const auto queue = QueueOf(conversation);
  const base::TimePoint now = core_.clock().Now();
  auto booked = core_.queues().BookCallback(
      {conversation.id, queue->id, {}, "", conversation.language}, slot, now);
  if (!booked.ok()) {
    return base::FailedPrecondition(booked.status().message());
  }
  core_.UndoBookingOnFailure(*action);
  std::vector<Event> committed;
  if (base::Status status =
          Finish(who, *action,
                 model::BookCallback{client_id, AgentOf(who), queue->id,
                                     model::CallbackBooking{booked->start, booked->end, phone, ""}},
                 committed);
      !status.ok()) {
    return status;
  }
  return ItemOf(conversation);
}

base::Result<InboxItem> AgentDesk::CallbackOutcome(const StaffMember& who, std::string_view id,
                                                   const std::string& client_id,
                                                   const std::string& outcome,
                                                   const std::string& note) {
  const std::optional<model::CallbackResult> result = model::ParseCallbackResult(outcome);
  if (!result || *result == model::CallbackResult::kLate) {
    return base::InvalidArgument("outcome must be reached, no_answer or wrong_number");
  }
  auto action = Begin(id, client_id);
  if (!action.ok()) {
    return action.status();
  }
  Conversation& conversation = action->conversation;
  if (base::Status status = MaySee(who, conversation); !status.ok()) {
    return status;
  }
  if (action->resent) {
    return ItemOf(conversation);
  }
  if (base::Status status = MayAct(who, conversation, /*taking_allowed=*/false); !status.ok()) {
    return status;
  }
  const auto queue = QueueOf(conversation);
  // The phone number of the callback, from the assignment that routed it.
  auto recent = core_.store().Events(
      id,
      std::max<std::int64_t>(0, conversation.last_seq - static_cast<std::int64_t>(kContextEvents)),
      kContextEvents);
  if (!recent.ok()) {
    return recent.status();
  }
  // The number of the call: the booking the assignment kept (else, for one assigned before it was
  // kept, the assignment's event).
  std::string phone = conversation.callback ? conversation.callback->phone : "";
  int attempts = 1;
  for (const Event& event : *recent) {
    if (const auto* assigned = event.As<model::AssignedEvent>();
        phone.empty() && assigned != nullptr && assigned->callback) {
      phone = assigned->phone;
    }
    if (const auto* called = event.As<model::CallbackOutcomeEvent>();
        called != nullptr && called->outcome == model::CallbackResult::kNoAnswer) {
      ++attempts;
    }
  }
  const base::TimePoint now = core_.clock().Now();
  std::optional<routing::Interval> retry;
  if (*result == model::CallbackResult::kNoAnswer && attempts < options_.max_callback_attempts &&
      !phone.empty()) {
    for (const routing::Interval& slot : core_.queues().CallbackSlots(queue->id, now)) {
      auto booked = core_.queues().BookCallback(
          {conversation.id, queue->id, {}, "", conversation.language}, slot.start, now);
      if (booked.ok()) {
        retry = *booked;
        core_.UndoBookingOnFailure(*action);
        break;
      }
    }
  }
  model::RecordCallback called{
      client_id,
      AgentOf(who),
      *result,
      attempts,
      std::nullopt,
      CallbackOutcomeMessage(outcome, retry ? std::optional(retry->start) : std::nullopt, now,
                             queue->hours().time_zone_name(), core_.VoiceOf(conversation)),
      note};
  if (retry) {
    called.retry = model::CallbackBooking{retry->start, retry->end, phone, ""};
  }
  std::vector<Event> committed;
  if (base::Status status = Finish(who, *action, called, committed); !status.ok()) {
    return status;
  }
  return ItemOf(conversation);
}

base::Result<InboxItem> AgentDesk::Reassign(const StaffMember& who, std::string_view id,
                                            const std::string& client_id,
                                            const std::string& agent) {
  if (!model::RoleAtLeast(who.role, model::Role::kSupervisor)) {
    return base::PermissionDenied("only supervisors reassign conversations");
  }
  std::unique_lock dispatch = dispatcher_.Lock();
  auto action = Begin(id, client_id);
  if (!action.ok()) {
    return action.status();
  }
  Conversation& conversation = action->conversation;
  if (base::Status status = MaySee(who, conversation); !status.ok()) {
    return status;
  }
  if (action->resent) {
    return ItemOf(conversation);
  }
  std::vector<Event> committed;
  if (base::Status status =
          dispatcher_.Assign(conversation, agent, committed, client_id, Author::kAgent);
      !status.ok()) {
    return status;
  }
  core_.roster().Acted(who.id);
  return ItemOf(conversation);
}

base::Result<model::KnowledgeFlag> AgentDesk::Flag(const StaffMember& who, model::FlagKind kind,
                                                   const std::string& article_id,
                                                   const std::string& conversation_id,
                                                   const std::string& note) {
  if (kind == model::FlagKind::kWrong && core_.engine().knowledge().Find(article_id) == nullptr) {
    return base::InvalidArgument("article_id must name an article of the knowledge base");
  }
  if (base::Status status = CheckText(note, 4000); !status.ok()) {
    return base::InvalidArgument("note must say what is wrong or missing (1 to 4000 characters)");
  }
  // A flag may point at a conversation only the one who raises it may see (kNotFound for none).
  if (!conversation_id.empty()) {
    if (base::Status status = MaySee(who, conversation_id); !status.ok()) {
      return status;
    }
  }
  model::KnowledgeFlag flag;
  flag.kind = kind;
  flag.article_id = kind == model::FlagKind::kWrong ? article_id : "";
  flag.conversation_id = conversation_id;
  flag.note = note;
  flag.staff_id = who.id;
  flag.at = core_.clock().Now();
  auto id = staff_.AddFlag(flag);
  if (!id.ok()) {
    return id.status();
  }
  flag.id = *id;
  core_.roster().Acted(who.id);
  return flag;
}

base::Result<std::vector<model::KnowledgeFlag>> AgentDesk::Flags() const {
  return staff_.Flags(500);
}

Overview AgentDesk::GetOverview() const {
  Overview overview;
  overview.target = options_.service_level_target;
  const base::TimePoint now = core_.clock().Now();
  overview.agents = core_.roster().Agents();
  std::vector<Conversation> left;
  const std::array<ConversationState, 1> left_states = {ConversationState::kFollowUp};
  if (auto found = core_.store().InStates(left_states); found.ok()) {
    left = std::move(found).value();
  }
  for (const auto& queue : core_.queues().queues()) {
    QueueOverview line;
    line.id = queue->id;
    line.name = queue->name_nl;
    line.open = queue->hours().IsOpen(now);
    const auto waiting = core_.queues().Waiting(queue->id);
    for (const WaitingEntry& entry : waiting) {
      if (entry.callback) continue;
      ++line.waiting;
      const auto wait = std::chrono::duration_cast<std::chrono::seconds>(now - entry.queued_at);
      line.oldest_wait = std::max(line.oldest_wait.value_or(wait), wait);
    }
    for (const Conversation& conversation : left) {
      if (QueueOf(conversation)->id != queue->id) continue;
      ++line.left;
      if (conversation.queued_at.time_since_epoch().count() != 0) {
        const auto wait =
            std::chrono::duration_cast<std::chrono::seconds>(now - conversation.queued_at);
        line.oldest_left = std::max(line.oldest_left.value_or(wait), wait);
      }
    }
    const auto on_duty = core_.roster().OnDuty(queue->id);
    line.agents_on_duty = static_cast<int>(on_duty.size());
    line.estimated_wait = core_.queues().EstimatedWait(queue->id, line.waiting + 1, on_duty);
    line.nobody_on_duty = line.open && on_duty.empty();
    if (line.nobody_on_duty) {
      line.nobody_on_duty_since = dispatcher_.NobodyOnDutySince(queue->id);
    }
    for (const Booking& booking : core_.queues().Bookings(queue->id)) {
      ++line.callbacks_booked;
      line.callbacks_overdue += booking.slot.end <= now ? 1 : 0;
    }
    const Dispatcher::DayCount today = dispatcher_.ServiceLevelToday(*queue, now);
    line.answered_today = today.answered;
    line.within_target_today = today.within_target;
    overview.queues.push_back(std::move(line));
  }
  return overview;
}

std::vector<Availability> AgentDesk::GetAvailability(model::Language language) const {
  std::vector<Availability> all;
  const base::TimePoint now = core_.clock().Now();
  for (const auto& queue : core_.queues().queues()) {
    Availability availability;
    availability.id = queue->id;
    availability.name = queue->Name(language);
    availability.is_default = queue == core_.queues().Choose({});
    availability.time_zone = queue->hours().time_zone_name();
    availability.open = queue->hours().IsOpen(now);
    if (availability.open) {
      availability.closes_at = queue->hours().ClosesAt(now);
    } else {
      availability.opens_at = queue->hours().NextOpening(now);
    }
    const auto on_duty = core_.roster().OnDuty(queue->id);
    availability.agents_on_duty = availability.open ? static_cast<int>(on_duty.size()) : 0;
    availability.staffed = availability.agents_on_duty > 0;
    if (availability.open && !availability.staffed) {
      availability.staffed_from = core_.roster().NextOnDuty(queue->id, queue->hours());
    }
    if (availability.staffed) {
      int waiting = 0;
      for (const WaitingEntry& entry : core_.queues().Waiting(queue->id)) {
        waiting += entry.callback ? 0 : 1;
      }
      availability.estimated_wait = core_.queues().EstimatedWait(queue->id, waiting + 1, on_duty);
    }
    all.push_back(std::move(availability));
  }
  return all;
}

}  // namespace balie::service
