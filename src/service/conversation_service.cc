#include "service/conversation_service.h"

#include <algorithm>
#include <iterator>

#include "answer/triage.h"
#include "auth/customer_reference.h"
#include "auth/token.h"
#include "base/log.h"
#include "base/text.h"
#include "base/time_format.h"
#include "model/conversation_machine.h"
#include "service/texts.h"
#include "service/validation.h"

namespace balie::service {
namespace {

using model::Author;
using model::Conversation;
using model::ConversationState;
using model::Event;
using model::EventKind;

model::ReplyDecision ReplyDecisionOf(answer::DecisionKind kind) {
  switch (kind) {
    case answer::DecisionKind::kAnswer:
      return model::ReplyDecision::kAnswer;
    case answer::DecisionKind::kClarify:
      return model::ReplyDecision::kClarify;
    case answer::DecisionKind::kHandoff:
      return model::ReplyDecision::kHandoff;
    case answer::DecisionKind::kDecline:
      return model::ReplyDecision::kDecline;
  }
  return model::ReplyDecision::kHandoff;
}

}  // namespace

ConversationService::ConversationService(ConversationCore& core, ServiceOptions options)
    : core_(core), options_(std::move(options)) {}

base::Result<ConversationService::Started> ConversationService::Start(
    model::Language language, std::string_view customer_reference) {
  Started started;
  Conversation& c = started.conversation;
  if (!customer_reference.empty()) {
    auto customer = auth::VerifyCustomerReference(
        customer_reference, options_.customer_reference_secret, core_.clock().Now());
    if (!customer.ok()) {
      return customer.status();
    }
    c.customer_ref = customer->ref;
    if (!customer->advisor.empty()) {
      if (auto advisor = core_.roster().AgentByName(customer->advisor)) {
        c.advisor = advisor->id;
      }
    }
  }
  started.token = auth::RandomToken();
  c.id = auth::NewConversationId();
  c.token_hash = auth::TokenHash(started.token);
  c.language = language;
  c.created_at = core_.clock().Now();
  Event event;
  event.seq = c.last_seq = 1;
  event.at = c.created_at;
  event.author = Author::kSystem;
  event.data = model::StartedEvent{language};
  if (base::Status status = core_.store().Create(c, {&event, 1}); !status.ok()) {
    return status;
  }
  return started;
}

base::Result<Conversation> ConversationService::Authorize(std::string_view id,
                                                          std::string_view token) const {
  auto conversation = core_.store().Get(id);
  if (!conversation.ok()) {
    return conversation.status();
  }
  if (token.empty() || !auth::TokenMatches(token, conversation->token_hash)) {
    return base::Unauthenticated("the token is not valid for this conversation");
  }
  return conversation;
}

Outcome ConversationService::Resent(const Conversation& conversation, const Event& resent) const {
  Outcome outcome;
  outcome.receipt = {resent.client_id, resent.seq, true};
  outcome.status = core_.StatusOf(conversation);
  return outcome;
}

answer::Decision ConversationService::AnswerFromArticle(const model::Article& article) const {
  answer::Decision decision;
  decision.language = article.language;
  decision.topics = article.topics;
  decision.sources.push_back({article.id, article.title, article.url});
  decision.confidence = 1.0;
  const model::Voice voice{article.language, core_.engine().config().dutch_register};
  if (article.handoff == model::Handoff::kAlways) {
    decision.kind = answer::DecisionKind::kHandoff;
    decision.answer = voice.Say("Dit geef ik door aan een medewerker, die u verder helpt.",
                                "Dit geef ik door aan een medewerker, die je verder helpt.",
                                "I am passing this on to a colleague who can help you further.");
    decision.handoff_cause = "always_person";
    decision.reasons.push_back("topic '" + article.id + "' always goes to a person");
    return decision;
  }
  decision.kind = answer::DecisionKind::kAnswer;
  if (!article.sections.empty()) {
    decision.answer = article.sections.front().text;
    decision.passage_heading = article.sections.front().heading;
  }
  decision.reasons.push_back("the customer chose '" + article.title + "' from the options");
  return decision;
}

const model::Article* ConversationService::PickedArticle(const CustomerMessage& message) const {
  return message.article_id.empty() ? nullptr : core_.engine().knowledge().Find(message.article_id);
}

std::optional<model::Language> ConversationService::AcceptsOfferedPerson(
    const Conversation& conversation, std::string_view text) const {
  if (!answer::SaysYes(base::Words(text))) {
    return std::nullopt;
  }
  // The events before the message (which is not stored yet): the bot's reply is the last or,
  // after a notice, the one before.
  auto recent = core_.store().Events(conversation.id,
                                     std::max<std::int64_t>(0, conversation.last_seq - 3), 2);
  if (!recent.ok()) {
    return std::nullopt;  // answered as any other message
  }
  // NOLINTNEXTLINE(modernize-loop-convert): clang-tidy 14 cannot parse std::views::reverse
  for (auto it = recent->rbegin(); it != recent->rend(); ++it) {
    if (const auto* reply = std::get_if<model::BotReplyEvent>(&it->data)) {
      const bool offered =
          std::any_of(reply->reasons.begin(), reply->reasons.end(), [](const std::string& reason) {
            return reason == answer::kSaidWhatTheBotIs ||
                   reason == answer::kOfferedAPersonForNoHelp;
          });
      return offered ? std::optional(reply->language) : std::nullopt;
    }
  }
  return std::nullopt;
}

base::Result<std::vector<Event>> ConversationService::Answer(const Conversation& conversation,
                                                             const CustomerMessage& message) const {
  const model::Article* picked = PickedArticle(message);
  const std::optional<model::Language> accepted =
      picked == nullptr ? AcceptsOfferedPerson(conversation, message.text) : std::nullopt;
  const answer::Decision decision = picked != nullptr ? AnswerFromArticle(*picked)
                                    : accepted
                                        ? core_.engine().PersonAccepted(*accepted)
                                        : core_.engine().Ask(message.text, conversation.language);
  model::BotAnswer answer{
      model::BotReplyEvent{ReplyDecisionOf(decision.kind), decision.sources, decision.confidence,
                           decision.reasons, decision.language, decision.passage_heading},
      decision.answer, std::nullopt, ""};
  if (decision.kind == answer::DecisionKind::kHandoff) {
    // The conversation goes on in the question's language (applying the reply says so): the
    // hand-off and what the bot adds to it speak that language already.
    Conversation asking = conversation;
    asking.language = decision.language;
    answer.handoff = core_.HandOff(asking, core_.queues().Choose(decision.topics),
                                   decision.handoff_cause, decision.reasons, Author::kBot, "");
    // For a question already left for a written reply (after hours): the bot answers what it
    // can, and what it would hand over reaches that person without a second hand-off (the reply
    // says so, and when; its sources still link the article, and an urgent situation's route —
    // the 24/7 fraud line — is in the text).
    const ConversationStatus status = core_.StatusOf(asking);
    answer.already_left_text =
        AlreadyLeftMessage(status.queue_name, status.open ? status.staffed_from : status.opens_at,
                           core_.clock().Now(), status.time_zone, core_.VoiceOf(asking));
    // What cannot wait for that reply (fraud: the 24/7 line) is said now.
    if (!decision.urgent.empty()) answer.already_left_text += "\n\n" + decision.urgent;
  }
  return core_.Decide(conversation, answer);
}

base::Status ConversationService::Reply(Conversation& conversation, const CustomerMessage& message,
                                        std::vector<Event>& committed) {
  auto events = Answer(conversation, message);
  if (!events.ok()) {
    return events.status();
  }
  return core_.Commit(conversation, std::move(*events), committed);
}

base::Result<std::vector<Event>> ConversationService::Decide(const Conversation& conversation,
                                                             const model::Command& command) const {
  return core_.Decide(conversation, command,
                      static_cast<std::int64_t>(options_.max_events_per_conversation));
}

base::Result<ConversationService::MessageAndReplyEvents> ConversationService::MessageAndReply(
    const Conversation& conversation, const CustomerMessage& message) const {
  const model::Article* picked = PickedArticle(message);
  auto events = Decide(conversation, model::SendMessage{message.client_id, message.text,
                                                        picked != nullptr ? picked->id : ""});
  if (!events.ok()) {
    return events.status();
  }
  // The message and the bot's reply are stored in one commit (one group commit per question, and
  // no worker waits twice): the reply is worked out on the conversation as the message leaves it,
  // and the receipt goes out once both are durable, before either is published. The bot replies
  // where the state machine lets it: in its own state (a new question reopens a resolved
  // conversation for it), and while a question waits for a written reply after hours.
  MessageAndReplyEvents asked{std::move(events).value(), 0, base::Status::Ok()};
  asked.message_seq = asked.events.empty() ? conversation.last_seq : asked.events.back().seq;
  Conversation after_message = conversation;
  bool applies = true;
  for (const Event& event : asked.events) {
    applies = applies && model::Apply(after_message, event).ok();
  }
  if (applies && model::Next(after_message.state, model::Step::kBotReply)) {
    auto reply = Answer(after_message, message);
    if (reply.ok()) {
      asked.events.insert(asked.events.end(), std::make_move_iterator(reply->begin()),
                          std::make_move_iterator(reply->end()));
    } else {
      asked.replied = reply.status();  // the message is stored alone, awaiting its reply (Recover)
    }
  }
  return asked;
}

bool ConversationService::PostMessageThen(std::string_view id, const CustomerMessage& message,
                                          OnStored on_stored, Done done) {
  if (core_.commits_in_flight() >= options_.max_commits_in_flight) {
    return false;
  }
  if (base::Status status = CheckClientId(message.client_id); !status.ok()) {
    done(status);
    return true;
  }
  if (base::Status status = CheckText(message.text, options_.max_message_chars); !status.ok()) {
    done(status);
    return true;
  }
  auto change = core_.TryBegin(id, message.client_id);
  if (!change.ok()) {
    if (change.status().code() == base::StatusCode::kUnavailable) {
      return false;  // another change of it is under way, or it must be read: PostMessage waits
    }
    done(change.status());
    return true;
  }
  if (change->resent) {
    return false;  // a resend is answered by PostMessage, which may reply to it again
  }
  auto asked = MessageAndReply(change->conversation, message);
  if (!asked.ok()) {
    done(asked.status());
    return true;
  }
  auto stored = [on_stored = std::move(on_stored), client_id = message.client_id,
                 seq = asked->message_seq] {
    if (on_stored) {
      on_stored({client_id, seq, false});
    }
  };
  // From a copy in the store's memory, the message may be a resend that storage refuses by its
  // client id, or the copy stale: either way nothing is stored, and PostMessage, which reads, does
  // it again (kAborted, as for a conversation changed meanwhile).
  const bool unchecked = change->unchecked;
  core_.CommitThen(std::move(change).value(), std::move(asked->events), std::move(stored),
                   [replied = asked->replied, unchecked, done = std::move(done)](
                       const base::Status& status, const std::vector<Event>&) {
                     if (unchecked && status.code() == base::StatusCode::kAlreadyExists) {
                       return done(base::Aborted(status.message()));
                     }
                     done(status.ok() ? replied : status);
                   });
  return true;
}

namespace {

// A change the store refused because another process changed the conversation between its read
// and the append (kAborted, "changed meanwhile": PostgreSQL, several processes) is worked out
// again on what is stored now, as the customer would resend it.
constexpr int kTriesOnConflict = 3;

template <typename Attempt>
base::Result<Outcome> RetriedOnConflict(const Attempt& attempt) {
  for (int tries = 1;; ++tries) {
    base::Result<Outcome> outcome = attempt();
    if (outcome.ok() || outcome.status().code() != base::StatusCode::kAborted ||
        tries == kTriesOnConflict) {
      return outcome;
    }
  }
}

}  // namespace

base::Result<Outcome> ConversationService::PostMessage(std::string_view id,
                                                       const CustomerMessage& message,
                                                       const OnStored& on_stored) {
  return RetriedOnConflict([&] { return PostMessageOnce(id, message, on_stored); });
}

base::Result<Outcome> ConversationService::RequestPerson(std::string_view id,
                                                         std::string_view client_id,
                                                         bool to_advisor,
                                                         const OnStored& on_stored) {
  return RetriedOnConflict([&] { return RequestPersonOnce(id, client_id, to_advisor, on_stored); });
}

base::Result<Outcome> ConversationService::Choose(std::string_view id, const Choice& choice,
                                                  const OnStored& on_stored) {
  return RetriedOnConflict([&] { return ChooseOnce(id, choice, on_stored); });
}

base::Result<Outcome> ConversationService::PostMessageOnce(std::string_view id,
                                                           const CustomerMessage& message,
                                                           const OnStored& on_stored) {
  if (base::Status status = CheckClientId(message.client_id); !status.ok()) {
    return status;
  }
  if (base::Status status = CheckText(message.text, options_.max_message_chars); !status.ok()) {
    return status;
  }
  auto change = core_.Begin(id, message.client_id);
  if (!change.ok()) {
    return change.status();
  }
  Conversation& conversation = change->conversation;
  if (change->resent) {
    Outcome outcome = Resent(conversation, *change->resent);
    // The first try was stored but its reply was not (storage failed in between): reply now.
    if (conversation.awaiting_reply && outcome.receipt.seq == conversation.last_seq) {
      if (base::Status status = Reply(conversation, message, outcome.events); !status.ok()) {
        return status;
      }
      outcome.status = core_.StatusOf(conversation);
    }
    if (on_stored) {
      on_stored(outcome.receipt);
    }
    return outcome;
  }
  auto asked = MessageAndReply(conversation, message);
  if (!asked.ok()) {
    return asked.status();
  }
  const std::int64_t message_seq = asked->message_seq;
  const base::Status replied = asked->replied;
  Outcome outcome;
  auto stored = [&] {
    outcome.receipt = {message.client_id, message_seq, false};
    if (on_stored) {
      on_stored(outcome.receipt);
    }
  };
  if (base::Status status = core_.Commit(*change, std::move(asked->events), outcome.events, stored);
      !status.ok()) {
    return status;
  }
  if (!replied.ok()) {
    return replied;
  }
  // In state bot the status names the queue of the reply just stored (as Commit published it),
  // without reading the recent events back.
  QueueBoard::QueuePtr bot_queue;
  for (const Event& event : outcome.events) {
    if (event.kind() == EventKind::kBotReply) {
      bot_queue = core_.queues().Choose(core_.TopicsOf(event));
    }
  }
  outcome.status = core_.StatusOf(conversation, bot_queue);
  return outcome;
}

std::vector<std::string> ConversationService::RecentTopics(const Conversation& conversation) const {
  return core_.RecentTopics(conversation);
}

base::Result<Outcome> ConversationService::RequestPersonOnce(std::string_view id,
                                                             std::string_view client_id,
                                                             bool to_advisor,
                                                             const OnStored& on_stored) {
  if (base::Status status = CheckClientId(client_id); !status.ok()) {
    return status;
  }
  auto change = core_.Begin(id, client_id);
  if (!change.ok()) {
    return change.status();
  }
  Conversation& conversation = change->conversation;
  if (change->resent) {
    Outcome outcome = Resent(conversation, *change->resent);
    if (on_stored) {
      on_stored(outcome.receipt);
    }
    return outcome;
  }
  model::AskForPerson ask =
      core_.HandOff(conversation, core_.queues().Choose(RecentTopics(conversation)),
                    to_advisor ? "advisor_request" : "customer_request",
                    {to_advisor ? "the customer asked for their personal advisor"
                                : "the customer asked for a person"},
                    Author::kCustomer, client_id, to_advisor ? conversation.advisor : "");
  ask.to_advisor = to_advisor;
  auto events = Decide(conversation, ask);
  if (!events.ok()) {
    return events.status();
  }
  Outcome outcome;
  const std::int64_t first_seq = conversation.last_seq + 1;
  auto stored = [&] {
    outcome.receipt = {std::string(client_id), first_seq, false};
    if (on_stored) {
      on_stored(outcome.receipt);
    }
  };
  if (base::Status status = core_.Commit(*change, std::move(*events), outcome.events, stored);
      !status.ok()) {
    return status;
  }
  outcome.status = core_.StatusOf(conversation);
  return outcome;
}

base::Result<Outcome> ConversationService::ChooseOnce(std::string_view id, const Choice& choice,
                                                      const OnStored& on_stored) {
  if (base::Status status = CheckClientId(choice.client_id); !status.ok()) {
    return status;
  }
  if (choice.option == ChoiceOption::kCallback) {
    if (!choice.slot) {
      return base::InvalidArgument(
          "slot is missing: a callback needs the start of one of the offered callback times");
    }
    if (base::Status status = CheckPhone(choice.phone); !status.ok()) {
      return status;
    }
    if (base::Status status = CheckName(choice.name); !status.ok()) {
      return status;
    }
  }
  auto change = core_.Begin(id, choice.client_id);
  if (!change.ok()) {
    return change.status();
  }
  Conversation& conversation = change->conversation;
  if (change->resent) {
    Outcome outcome = Resent(conversation, *change->resent);
    if (on_stored) {
      on_stored(outcome.receipt);
    }
    return outcome;
  }
  QueueBoard::QueuePtr queue = core_.queues().Find(conversation.queue);
  if (queue == nullptr) {
    queue = core_.queues().Choose(RecentTopics(conversation));
  }
  const base::TimePoint now = core_.clock().Now();
  model::Choose command{choice.client_id,
                        choice.option,
                        choice.with_advisor,
                        queue->id,
                        queue->hours().IsOpen(now),
                        core_.Staffed(*queue, now),
                        queue->hours().NextOpening(now),
                        std::nullopt,
                        std::nullopt};
  if (choice.option == ChoiceOption::kOtherQueue) {
    if (auto alternative = core_.Alternative(*queue, conversation.language, now)) {
      command.alternative =
          core_.HandOff(conversation, alternative, "", {}, Author::kCustomer, "").to;
    }
  }
  if (choice.option == ChoiceOption::kCallback) {
    // Decided before a slot is booked (a refusal books nothing), and again with the slot booked.
    command.booked = model::CallbackBooking{*choice.slot, *choice.slot + std::chrono::seconds(1),
                                            choice.phone, choice.name};
    if (auto refused = Decide(conversation, command); !refused.ok()) {
      return refused.status();
    }
    Booking booking{conversation.id, queue->id, {}, "", conversation.language};
    std::optional<routing::OfficeHours> schedule;
    if (choice.with_advisor) {
      booking.agent = conversation.advisor;
      schedule = core_.roster().Schedule(conversation.advisor);
      if (!schedule) {
        schedule = queue->hours();
      }
    }
    auto slot =
        core_.queues().BookCallback(booking, *choice.slot, now, schedule ? &*schedule : nullptr);
    if (!slot.ok()) {
      return base::FailedPrecondition(slot.status().message());
    }
    command.booked->start = slot->start;
    command.booked->end = slot->end;
    core_.UndoBookingOnFailure(*change);
  }
  auto events = Decide(conversation, command);
  if (!events.ok()) {
    core_.Undo(*change);
    return events.status();
  }
  Outcome outcome;
  auto stored = [&] {
    outcome.receipt = {choice.client_id, conversation.last_seq, false};
    if (on_stored) {
      on_stored(outcome.receipt);
    }
  };
  if (base::Status status = core_.Commit(*change, std::move(*events), outcome.events, stored);
      !status.ok()) {
    return status;
  }
  outcome.status = core_.StatusOf(conversation);
  return outcome;
}

void ConversationService::Typing(const std::string& id) {
  core_.staff_hub().PublishCustomerTyping(id);
}

base::Result<std::vector<Event>> ConversationService::History(std::string_view id,
                                                              std::int64_t after,
                                                              size_t limit) const {
  auto page = Page(id, after, limit);
  if (!page.ok()) {
    return page.status();
  }
  return std::move(page->events);
}

base::Result<ConversationService::HistoryPage> ConversationService::Page(std::string_view id,
                                                                         std::int64_t after,
                                                                         size_t limit) const {
  // One event more than asked tells whether more follow. Notes are skipped, so the store is read
  // on until there are enough visible events or none are left; reads are at least kMinRead
  // events, so that many notes in a row take few reads.
  constexpr size_t kMinRead = 64;
  limit = std::min(limit, options_.max_history_page);
  const size_t wanted = limit + 1;
  HistoryPage page;
  std::int64_t cursor = after;
  while (page.events.size() < wanted) {
    const size_t read = std::max(wanted - page.events.size(), kMinRead);
    auto events = core_.store().Events(id, cursor, read);
    if (!events.ok()) {
      return events.status();
    }
    for (Event& event : *events) {
      cursor = event.seq;
      if (model::VisibleToCustomer(event.kind())) {
        page.events.push_back(std::move(event));
      }
    }
    if (events->size() < read) {
      break;  // the end of the conversation
    }
  }
  if (page.events.size() > limit) {
    page.events.resize(limit);
    page.more = true;
  }
  return page;
}

base::Result<ConversationStatus> ConversationService::Status(std::string_view id) const {
  auto conversation = core_.store().Get(id);
  if (!conversation.ok()) {
    return conversation.status();
  }
  return core_.StatusOf(*conversation);
}

base::Result<std::vector<routing::Interval>> ConversationService::CallbackSlots(
    std::string_view id) const {
  auto conversation = core_.store().Get(id);
  if (!conversation.ok()) {
    return conversation.status();
  }
  QueueBoard::QueuePtr queue = core_.queues().Find(conversation->queue);
  if (queue == nullptr) {
    queue = core_.queues().Choose(RecentTopics(*conversation));
  }
  return core_.queues().CallbackSlots(queue->id, core_.clock().Now());
}

base::Result<AdvisorStatus> ConversationService::Advisor(std::string_view id) const {
  auto conversation = core_.store().Get(id);
  if (!conversation.ok()) {
    return conversation.status();
  }
  const auto advisor =
      conversation->advisor.empty() ? std::nullopt : core_.roster().Agent(conversation->advisor);
  if (!advisor) {
    return base::NotFound("this customer has no personal advisor");
  }
  const base::TimePoint now = core_.clock().Now();
  AdvisorStatus status;
  status.name = advisor->display_name;
  const auto queue = core_.queues().Choose({});
  switch (advisor->presence.state) {
    case routing::PresenceState::kAvailable:
      status.state = AdvisorStatus::State::kAvailable;
      break;
    case routing::PresenceState::kBusy:
      status.state = AdvisorStatus::State::kBusy;
      status.estimated_wait =
          core_.queues().EstimatedWait(queue->id, 1, {{advisor->capacity, advisor->chats}});
      break;
    case routing::PresenceState::kAway:
      status.state = AdvisorStatus::State::kAway;
      status.back_at = advisor->back_at;
      break;
    case routing::PresenceState::kOffline: {
      // Not there: within their working hours that is "away" (back unknown), outside them "off
      // duty" until the next shift. Without a schedule of their own, the queue's hours count.
      const auto schedule = core_.roster().Schedule(advisor->id);
      const routing::OfficeHours& hours = schedule ? *schedule : queue->hours();
      if (hours.IsOpen(now)) {
        status.state = AdvisorStatus::State::kAway;
      } else {
        status.state = AdvisorStatus::State::kOffDuty;
        status.next_shift = hours.NextOpening(now);
      }
      break;
    }
  }
  const bool there = status.state == AdvisorStatus::State::kAvailable ||
                     status.state == AdvisorStatus::State::kBusy;
  if (there) {
    status.options.emplace_back("advisor");
  }
  status.options.insert(status.options.end(), {"colleague", "advisor_message"});
  const auto schedule = core_.roster().Schedule(advisor->id);
  status.slots =
      core_.queues().AgentCallbackSlots(advisor->id, schedule ? *schedule : queue->hours(), now);
  if (!status.slots.empty()) {
    status.options.emplace_back("advisor_callback");
  }
  status.message = AdvisorMessage(status.name, AdvisorStateName(status.state),
                                  status.estimated_wait, status.back_at, status.next_shift, now,
                                  queue->hours().time_zone_name(), core_.VoiceOf(*conversation));
  return status;
}

base::Result<size_t> ConversationService::Recover() {
  storage::ConversationStore& store = core_.store();
  const ConversationState states[] = {ConversationState::kWaiting, ConversationState::kCallback,
                                      ConversationState::kAssigned};
  auto active = store.InStates(states);
  if (!active.ok()) {
    return active.status();
  }
  for (const Conversation& c : *active) {
    const auto queue = core_.queues().Find(c.queue);
    const std::string queue_id = queue != nullptr ? queue->id : core_.queues().Choose({})->id;
    switch (c.state) {
      case ConversationState::kWaiting:
        core_.queues().Join(queue_id, {c.id, c.language, c.priority, c.queued_at, c.requested_agent,
                                       false, std::nullopt});
        break;
      case ConversationState::kCallback:
        if (c.callback) {
          core_.queues().RestoreCallback({c.id,
                                          queue_id,
                                          {c.callback->start, c.callback->end},
                                          c.requested_agent,
                                          c.language});
        }
        break;
      case ConversationState::kAssigned:
        core_.CountFor(c.id, c.agent);
        break;
      default:
        break;
    }
  }
  core_.RestoreObservations();
  auto awaiting = store.AwaitingReply();
  if (!awaiting.ok()) {
    return awaiting.status();
  }
  size_t answered = 0;
  for (const Conversation& stale : *awaiting) {
    auto change = core_.Begin(stale.id, "");
    if (!change.ok()) {
      return change.status();
    }
    Conversation& conversation = change->conversation;
    auto events =
        store.Events(conversation.id, std::max<std::int64_t>(0, conversation.last_seq - 50), 50);
    if (!events.ok()) {
      return events.status();
    }
    auto last = std::find_if(events->rbegin(), events->rend(), [](const Event& event) {
      return event.kind() == EventKind::kCustomerMessage;
    });
    if (!conversation.awaiting_reply || last == events->rend()) {
      continue;
    }
    CustomerMessage message{last->client_id, last->text,
                            std::get<model::CustomerMessageEvent>(last->data).article_id};
    std::vector<Event> committed;
    if (base::Status status = Reply(conversation, message, committed); !status.ok()) {
      // Another process on the same database (PostgreSQL) answered it meanwhile: the
      // conversation changed under the reply, which is not stored.
      if (status.code() == base::StatusCode::kAborted) {
        base::Log(base::LogLevel::kInfo,
                  "recovery: a message left unanswered was answered meanwhile",
                  {{"conversation", conversation.id}, {"cause", status.message()}});
        continue;
      }
      return status;
    }
    ++answered;
  }
  return answered;
}

}  // namespace balie::service
