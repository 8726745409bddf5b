#include "service/conversation_service.h"

#include <algorithm>
#include <functional>

#include "auth/token.h"
#include "base/text.h"
#include "base/time_format.h"
#include "service/texts.h"

namespace balie::service {
namespace {

using model::Author;
using model::Conversation;
using model::ConversationState;
using model::Event;
using model::EventKind;

constexpr size_t kMaxClientIdLength = 64;
constexpr size_t kMaxNameLength = 100;

bool ValidClientId(std::string_view id) {
  return !id.empty() && id.size() <= kMaxClientIdLength &&
         std::all_of(id.begin(), id.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '_' || c == '-';
         });
}

base::Status CheckClientId(std::string_view id) {
  if (!ValidClientId(id)) {
    return base::InvalidArgument(
        "client_id must be 1 to 64 characters of A-Z, a-z, 0-9, '_' or '-', unique within the "
        "conversation");
  }
  return base::Status::Ok();
}

size_t CodePoints(std::string_view utf8) {
  return static_cast<size_t>(std::count_if(utf8.begin(), utf8.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

// "+31 6 1234 5678", "020-123 45 67", "(020) 1234567": digits with spacing, an optional leading
// '+', 6 to 15 digits.
bool ValidPhone(std::string_view phone) {
  size_t digits = 0;
  for (size_t i = 0; i < phone.size(); ++i) {
    const char c = phone[i];
    if (c >= '0' && c <= '9') {
      ++digits;
    } else if (c == '+' && digits == 0 && i == phone.find_first_not_of(' ')) {
      continue;
    } else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')') {
      return false;
    }
  }
  return digits >= 6 && digits <= 15;
}

bool WithPerson(ConversationState state) {
  return state == ConversationState::kWaiting || state == ConversationState::kFollowUp ||
         state == ConversationState::kCallback || state == ConversationState::kAssigned;
}

nlohmann::json SourcesJson(const std::vector<answer::SourceRef>& sources) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& source : sources) {
    list.push_back({{"id", source.id}, {"title", source.title}, {"url", source.url}});
  }
  return list;
}

// Adds an event numbered after the conversation's stored events and those already in `events`.
Event& AddEvent(std::vector<Event>& events, const Conversation& conversation, EventKind kind,
                Author author, base::TimePoint now) {
  Event& event = events.emplace_back();
  event.seq = conversation.last_seq + static_cast<std::int64_t>(events.size());
  event.kind = kind;
  event.author = author;
  event.at = now;
  return event;
}

ChoiceOption ChoiceOfState(ConversationState state) {
  switch (state) {
    case ConversationState::kFollowUp:
      return ChoiceOption::kLeaveMessage;
    case ConversationState::kCallback:
      return ChoiceOption::kCallback;
    default:
      return ChoiceOption::kWait;
  }
}

}  // namespace

std::string_view ChoiceName(ChoiceOption option) {
  switch (option) {
    case ChoiceOption::kWait:
      return "wait";
    case ChoiceOption::kLeaveMessage:
      return "leave_message";
    case ChoiceOption::kCallback:
      return "callback";
  }
  return "wait";
}

std::optional<ChoiceOption> ParseChoice(std::string_view name) {
  for (ChoiceOption option :
       {ChoiceOption::kWait, ChoiceOption::kLeaveMessage, ChoiceOption::kCallback}) {
    if (ChoiceName(option) == name) {
      return option;
    }
  }
  return std::nullopt;
}

ConversationService::ConversationService(storage::ConversationStore& store,
                                         const answer::Engine& engine, const base::Clock& clock,
                                         QueueBoard& queues, ConversationHub& hub,
                                         ServiceOptions options)
    : store_(store),
      engine_(engine),
      clock_(clock),
      queues_(queues),
      hub_(hub),
      options_(options) {}

std::mutex& ConversationService::LockFor(std::string_view id) const {
  return locks_[std::hash<std::string_view>{}(id) % locks_.size()];
}

base::Result<Conversation> ConversationService::Load(std::string_view id) const {
  return store_.Get(id);
}

base::Result<ConversationService::Started> ConversationService::Start(model::Language language) {
  Started started;
  started.token = auth::RandomToken();
  Conversation& c = started.conversation;
  c.id = auth::NewConversationId();
  c.token_hash = auth::TokenHash(started.token);
  c.language = language;
  c.created_at = clock_.Now();
  std::vector<Event> events;
  Event& event = AddEvent(events, c, EventKind::kStarted, Author::kSystem, c.created_at);
  event.data = {{"language", model::LanguageCode(language)}};
  c.last_seq = event.seq;
  if (base::Status status = store_.Create(c, events); !status.ok()) {
    return status;
  }
  return started;
}

base::Result<Conversation> ConversationService::Authorize(std::string_view id,
                                                          std::string_view token) const {
  auto conversation = Load(id);
  if (!conversation.ok()) {
    return conversation.status();
  }
  if (token.empty() || !auth::TokenMatches(token, conversation->token_hash)) {
    return base::Unauthenticated("the token is not valid for this conversation");
  }
  return conversation;
}

base::Status ConversationService::Commit(Conversation& conversation, std::vector<Event> events,
                                         std::vector<Event>& committed) {
  Conversation updated = conversation;
  updated.last_seq = events.back().seq;
  if (base::Status status = store_.Append(updated, events); !status.ok()) {
    return status;
  }
  conversation = std::move(updated);
  for (Event& event : events) {
    hub_.PublishEvent(conversation.id, event);
    committed.push_back(std::move(event));
  }
  return base::Status::Ok();
}

base::Result<std::optional<Outcome>> ConversationService::FindDuplicate(
    const Conversation& conversation, std::string_view client_id) const {
  auto existing = store_.EventByClientId(conversation.id, client_id);
  if (!existing.ok()) {
    return existing.status();
  }
  if (!existing->has_value()) {
    return std::optional<Outcome>();
  }
  Outcome outcome;
  outcome.receipt = {std::string(client_id), (*existing)->seq, true};
  outcome.status = StatusOf(conversation);
  return std::optional<Outcome>(std::move(outcome));
}

answer::Decision ConversationService::AnswerFromArticle(std::string_view article_id,
                                                        std::string_view text) const {
  const model::Article* article = engine_.knowledge().Find(article_id);
  if (article == nullptr) {
    return engine_.Ask(text);
  }
  answer::Decision decision;
  decision.language = article->language;
  decision.topics = article->topics;
  decision.sources.push_back({article->id, article->title, article->url});
  decision.confidence = 1.0;
  const bool dutch = article->language == model::Language::kDutch;
  if (article->handoff == model::Handoff::kAlways) {
    decision.kind = answer::DecisionKind::kHandoff;
    decision.answer = dutch ? "Dit geef ik door aan een medewerker, die u verder helpt."
                            : "I am passing this on to a colleague who can help you further.";
    decision.reasons.push_back("topic '" + article->id + "' always goes to a person");
    return decision;
  }
  decision.kind = answer::DecisionKind::kAnswer;
  if (!article->sections.empty()) {
    decision.answer = article->sections.front().text;
    decision.passage_heading = article->sections.front().heading;
  }
  decision.reasons.push_back("the customer chose '" + article->title + "' from the options");
  return decision;
}

void ConversationService::HandOff(Conversation& conversation, const QueueConfig& queue,
                                  std::vector<std::string> reasons, Author by,
                                  std::string_view client_id, std::vector<Event>& events) {
  const base::TimePoint now = clock_.Now();
  const bool open = queue.hours().IsOpen(now);
  Event& handoff = AddEvent(events, conversation, EventKind::kHandoff, by, now);
  handoff.client_id = std::string(client_id);
  handoff.data = {{"queue", {{"id", queue.id}, {"name", queue.Name(conversation.language)}}},
                  {"reasons", std::move(reasons)},
                  {"open", open}};
  conversation.queue = queue.id;
  if (open) {
    conversation.state = ConversationState::kWaiting;
    conversation.queued_at = now;
    return;
  }
  // Closed: the question is kept for a reply; the customer may still book a callback.
  conversation.state = ConversationState::kFollowUp;
  Event& choice = AddEvent(events, conversation, EventKind::kChoice, Author::kSystem, now);
  choice.data = {{"option", ChoiceName(ChoiceOption::kLeaveMessage)}, {"by", "system"}};
}

base::Status ConversationService::Reply(Conversation& conversation, const CustomerMessage& message,
                                        std::vector<Event>& committed) {
  const answer::Decision decision = message.article_id.empty()
                                        ? engine_.Ask(message.text)
                                        : AnswerFromArticle(message.article_id, message.text);
  std::vector<Event> events;
  Event& reply = AddEvent(events, conversation, EventKind::kBotReply, Author::kBot, clock_.Now());
  reply.text = decision.answer;
  reply.data = {{"decision", answer::DecisionName(decision.kind)},
                {"sources", SourcesJson(decision.sources)},
                {"confidence", decision.confidence},
                {"reasons", decision.reasons},
                {"language", model::LanguageCode(decision.language)}};
  if (!decision.passage_heading.empty()) {
    reply.data["heading"] = decision.passage_heading;
  }
  if (decision.kind == answer::DecisionKind::kHandoff) {
    HandOff(conversation, queues_.Choose(decision.topics), decision.reasons, Author::kBot, "",
            events);
  }
  conversation.awaiting_reply = false;
  return Commit(conversation, std::move(events), committed);
}

base::Result<Outcome> ConversationService::PostMessage(std::string_view id,
                                                       const CustomerMessage& message,
                                                       const OnStored& on_stored) {
  if (base::Status status = CheckClientId(message.client_id); !status.ok()) {
    return status;
  }
  if (!base::IsValidUtf8(message.text) || base::Trim(message.text).empty()) {
    return base::InvalidArgument("text must be a non-empty message in UTF-8");
  }
  if (CodePoints(message.text) > options_.max_message_chars) {
    return base::InvalidArgument("text is longer than " +
                                 std::to_string(options_.max_message_chars) +
                                 " characters; send a shorter message");
  }
  std::lock_guard lock(LockFor(id));
  auto loaded = Load(id);
  if (!loaded.ok()) {
    return loaded.status();
  }
  Conversation conversation = std::move(loaded).value();
  auto duplicate = FindDuplicate(conversation, message.client_id);
  if (!duplicate.ok()) {
    return duplicate.status();
  }
  if (duplicate->has_value()) {
    Outcome outcome = std::move(**duplicate);
    // The first try was stored but its reply was not (storage failed in between): reply now.
    if (conversation.awaiting_reply && outcome.receipt.seq == conversation.last_seq) {
      if (base::Status status = Reply(conversation, message, outcome.events); !status.ok()) {
        return status;
      }
      EnterQueueIfWaiting(conversation);
      outcome.status = StatusOf(conversation);
      PublishStatus(conversation);
    }
    if (on_stored) {
      on_stored(outcome.receipt);
    }
    return outcome;
  }

  const ConversationState before = conversation.state;
  if (conversation.state == ConversationState::kResolved) {
    conversation.state = ConversationState::kBot;  // a new question reopens the conversation
  }
  const bool bot_replies = conversation.state == ConversationState::kBot;
  std::vector<Event> events;
  Event& event =
      AddEvent(events, conversation, EventKind::kCustomerMessage, Author::kCustomer, clock_.Now());
  event.client_id = message.client_id;
  event.text = message.text;
  if (!message.article_id.empty()) {
    event.data["article_id"] = message.article_id;
  }
  conversation.awaiting_reply = bot_replies;
  Outcome outcome;
  if (base::Status status = Commit(conversation, std::move(events), outcome.events); !status.ok()) {
    return status;
  }
  outcome.receipt = {message.client_id, conversation.last_seq, false};
  if (on_stored) {
    on_stored(outcome.receipt);
  }
  if (bot_replies) {
    if (base::Status status = Reply(conversation, message, outcome.events); !status.ok()) {
      return status;
    }
    EnterQueueIfWaiting(conversation);
  }
  outcome.status = StatusOf(conversation);
  if (conversation.state != before) {
    PublishStatus(conversation);
  }
  return outcome;
}

base::Result<Outcome> ConversationService::RequestPerson(std::string_view id,
                                                         std::string_view client_id,
                                                         const OnStored& on_stored) {
  if (base::Status status = CheckClientId(client_id); !status.ok()) {
    return status;
  }
  std::lock_guard lock(LockFor(id));
  auto loaded = Load(id);
  if (!loaded.ok()) {
    return loaded.status();
  }
  Conversation conversation = std::move(loaded).value();
  auto duplicate = FindDuplicate(conversation, client_id);
  if (!duplicate.ok()) {
    return duplicate.status();
  }
  if (duplicate->has_value()) {
    if (on_stored) {
      on_stored((*duplicate)->receipt);
    }
    return std::move(**duplicate);
  }
  if (WithPerson(conversation.state)) {
    return base::FailedPrecondition(
        "a person already has this conversation, or it is already waiting for one");
  }
  // The queue of what the bot last answered about, if anything.
  std::vector<std::string> topics;
  if (auto recent =
          store_.Events(conversation.id, std::max<std::int64_t>(0, conversation.last_seq - 20), 20);
      recent.ok()) {
    for (auto it = recent->rbegin(); it != recent->rend(); ++it) {
      if (it->kind == EventKind::kBotReply && !it->data["sources"].empty()) {
        if (const auto* article =
                engine_.knowledge().Find(it->data["sources"][0].value("id", std::string()))) {
          topics = article->topics;
        }
        break;
      }
    }
  }
  std::vector<Event> events;
  HandOff(conversation, queues_.Choose(topics), {"the customer asked for a person"},
          Author::kCustomer, client_id, events);
  Outcome outcome;
  if (base::Status status = Commit(conversation, std::move(events), outcome.events); !status.ok()) {
    return status;
  }
  outcome.receipt = {std::string(client_id), outcome.events.front().seq, false};
  if (on_stored) {
    on_stored(outcome.receipt);
  }
  EnterQueueIfWaiting(conversation);
  outcome.status = StatusOf(conversation);
  PublishStatus(conversation);
  return outcome;
}

base::Result<Outcome> ConversationService::Choose(std::string_view id, const Choice& choice,
                                                  const OnStored& on_stored) {
  if (base::Status status = CheckClientId(choice.client_id); !status.ok()) {
    return status;
  }
  if (choice.option == ChoiceOption::kCallback) {
    if (!choice.slot) {
      return base::InvalidArgument(
          "slot is missing: a callback needs the start of one of the offered callback times");
    }
    if (!ValidPhone(choice.phone)) {
      return base::InvalidArgument(
          "phone must be a telephone number of 6 to 15 digits, e.g. +31 20 123 4567");
    }
    if (CodePoints(choice.name) > kMaxNameLength || !base::IsValidUtf8(choice.name)) {
      return base::InvalidArgument("name must be at most 100 characters");
    }
  }
  std::lock_guard lock(LockFor(id));
  auto loaded = Load(id);
  if (!loaded.ok()) {
    return loaded.status();
  }
  Conversation conversation = std::move(loaded).value();
  auto duplicate = FindDuplicate(conversation, choice.client_id);
  if (!duplicate.ok()) {
    return duplicate.status();
  }
  if (duplicate->has_value()) {
    if (on_stored) {
      on_stored((*duplicate)->receipt);
    }
    return std::move(**duplicate);
  }
  const ConversationState before = conversation.state;
  if (before != ConversationState::kWaiting && before != ConversationState::kFollowUp &&
      before != ConversationState::kCallback) {
    return base::FailedPrecondition(
        "there is nothing to choose: this conversation is not waiting for a person");
  }
  const QueueConfig* queue = queues_.Find(conversation.queue);
  if (queue == nullptr) {
    queue = &queues_.Choose({});
    conversation.queue = queue->id;
  }
  const base::TimePoint now = clock_.Now();
  std::optional<model::CallbackBooking> previous_callback = conversation.callback;
  std::optional<routing::Interval> booked;
  switch (choice.option) {
    case ChoiceOption::kWait:
      if (!queue->hours().IsOpen(now)) {
        const auto opens = queue->hours().NextOpening(now);
        return base::FailedPrecondition(
            "the queue is closed" + (opens ? " until " + base::FormatTime(*opens) : std::string()) +
            "; leave the question for a reply or book a callback");
      }
      if (before != ConversationState::kWaiting) {
        conversation.queued_at = now;
      }
      conversation.state = ConversationState::kWaiting;
      conversation.callback.reset();
      break;
    case ChoiceOption::kLeaveMessage:
      conversation.state = ConversationState::kFollowUp;
      conversation.callback.reset();
      break;
    case ChoiceOption::kCallback: {
      auto slot = queues_.BookCallback(queue->id, *choice.slot, now);
      if (!slot.ok()) {
        return slot.status();
      }
      booked = *slot;
      conversation.state = ConversationState::kCallback;
      conversation.callback =
          model::CallbackBooking{slot->start, slot->end, choice.phone, choice.name};
      break;
    }
  }
  std::vector<Event> events;
  Event& event = AddEvent(events, conversation, EventKind::kChoice, Author::kCustomer, now);
  event.client_id = choice.client_id;
  event.data = {{"option", ChoiceName(choice.option)}, {"by", "customer"}};
  if (booked) {
    event.data["slot"] = {{"start", base::FormatTime(booked->start)},
                          {"end", base::FormatTime(booked->end)}};
    event.data["phone"] = choice.phone;
  }
  Outcome outcome;
  if (base::Status status = Commit(conversation, std::move(events), outcome.events); !status.ok()) {
    if (booked) {
      queues_.ReleaseCallback(queue->id, booked->start);
    }
    return status;
  }
  outcome.receipt = {choice.client_id, conversation.last_seq, false};
  if (on_stored) {
    on_stored(outcome.receipt);
  }
  if (previous_callback && (!conversation.callback || conversation.callback != previous_callback)) {
    queues_.ReleaseCallback(queue->id, previous_callback->start);
  }
  if (conversation.state == ConversationState::kWaiting) {
    EnterQueueIfWaiting(conversation);
  } else if (before == ConversationState::kWaiting) {
    queues_.Leave(queue->id, conversation.id);
  }
  outcome.status = StatusOf(conversation);
  PublishStatus(conversation);
  if (before == ConversationState::kWaiting && conversation.state != before) {
    RefreshQueue(queue->id);  // those behind moved up
  }
  return outcome;
}

base::Result<std::vector<Event>> ConversationService::History(std::string_view id,
                                                              std::int64_t after,
                                                              size_t limit) const {
  auto events = store_.Events(id, after, std::min(limit, options_.max_history_page));
  if (!events.ok()) {
    return events.status();
  }
  std::erase_if(*events, [](const Event& event) { return !model::VisibleToCustomer(event.kind); });
  return events;
}

base::Result<ConversationStatus> ConversationService::Status(std::string_view id) const {
  auto conversation = Load(id);
  if (!conversation.ok()) {
    return conversation.status();
  }
  return StatusOf(*conversation);
}

base::Result<std::vector<routing::Interval>> ConversationService::CallbackSlots(
    std::string_view id) const {
  auto conversation = Load(id);
  if (!conversation.ok()) {
    return conversation.status();
  }
  const QueueConfig* queue = queues_.Find(conversation->queue);
  if (queue == nullptr) {
    queue = &queues_.Choose({});
  }
  return queues_.CallbackSlots(queue->id, clock_.Now());
}

ConversationStatus ConversationService::WaitingStatus(const WaitingEntry& entry,
                                                      const QueueConfig& queue,
                                                      base::TimePoint now) const {
  Conversation conversation;
  conversation.id = entry.conversation_id;
  conversation.language = entry.language;
  conversation.state = ConversationState::kWaiting;
  conversation.queue = queue.id;
  conversation.queued_at = entry.queued_at;
  conversation.priority = entry.priority;
  (void)now;
  return StatusOf(conversation);
}

ConversationStatus ConversationService::StatusOf(const Conversation& conversation) const {
  const base::TimePoint now = clock_.Now();
  ConversationStatus status;
  status.state = conversation.state;
  status.language = conversation.language;
  const QueueConfig* queue = queues_.Find(conversation.queue);
  if (queue == nullptr) {
    queue = &queues_.Choose({});  // before a hand-off: where one would go
  }
  status.queue_id = queue->id;
  status.queue_name = queue->Name(conversation.language);
  status.open = queue->hours().IsOpen(now);
  if (status.open) {
    status.closes_at = queue->hours().ClosesAt(now);
  } else {
    status.opens_at = queue->hours().NextOpening(now);
  }
  const ConversationState state = conversation.state;
  if (state == ConversationState::kWaiting) {
    status.position = queues_.Position(queue->id, conversation.id);
    if (status.position && status.open) {
      status.estimated_wait = queues_.EstimatedWait(queue->id, *status.position, now);
    }
  }
  if (state == ConversationState::kWaiting || state == ConversationState::kFollowUp ||
      state == ConversationState::kCallback) {
    status.choice = ChoiceOfState(state);
    if (status.open) {
      status.options.push_back(ChoiceOption::kWait);
    }
    status.options.push_back(ChoiceOption::kLeaveMessage);
    if (state == ConversationState::kCallback || !queues_.CallbackSlots(queue->id, now).empty()) {
      status.options.push_back(ChoiceOption::kCallback);
    }
  }
  if (state == ConversationState::kCallback) {
    status.callback = conversation.callback;
  }
  status.message = StatusMessage(status, now, queue->hours().time_zone_name());
  return status;
}

void ConversationService::EnterQueueIfWaiting(const Conversation& conversation) {
  if (conversation.state == ConversationState::kWaiting) {
    queues_.Join(conversation.queue, {conversation.id, conversation.language, conversation.priority,
                                      conversation.queued_at});
  }
}

void ConversationService::PublishStatus(const Conversation& conversation) {
  const ConversationStatus status = StatusOf(conversation);
  {
    std::lock_guard lock(published_mutex_);
    if (conversation.state == ConversationState::kWaiting) {
      last_published_[conversation.id] = status;
    } else {
      last_published_.erase(conversation.id);
    }
  }
  hub_.PublishStatus(conversation.id, status);
}

void ConversationService::RefreshQueue(const std::string& queue_id) {
  const QueueConfig* queue = queues_.Find(queue_id);
  if (queue == nullptr) {
    return;
  }
  const base::TimePoint now = clock_.Now();
  for (const WaitingEntry& entry : queues_.Waiting(queue_id)) {
    if (!hub_.HasListeners(entry.conversation_id)) {
      continue;
    }
    ConversationStatus status = WaitingStatus(entry, *queue, now);
    {
      std::lock_guard lock(published_mutex_);
      auto& last = last_published_[entry.conversation_id];
      if (last == status) {
        continue;
      }
      last = status;
    }
    hub_.PublishStatus(entry.conversation_id, status);
  }
}

void ConversationService::RefreshWaiting() {
  for (const QueueConfig& queue : queues_.queues()) {
    RefreshQueue(queue.id);
  }
}

base::Result<size_t> ConversationService::Recover() {
  const ConversationState waiting[] = {ConversationState::kWaiting};
  auto in_queues = store_.InStates(waiting);
  if (!in_queues.ok()) {
    return in_queues.status();
  }
  for (const Conversation& c : *in_queues) {
    const QueueConfig* queue = queues_.Find(c.queue);
    queues_.Join(queue != nullptr ? queue->id : queues_.Choose({}).id,
                 {c.id, c.language, c.priority, c.queued_at});
  }
  const ConversationState callback[] = {ConversationState::kCallback};
  auto callbacks = store_.InStates(callback);
  if (!callbacks.ok()) {
    return callbacks.status();
  }
  for (const Conversation& c : *callbacks) {
    if (c.callback) {
      queues_.RestoreCallback(c.queue, c.callback->start);
    }
  }
  auto awaiting = store_.AwaitingReply();
  if (!awaiting.ok()) {
    return awaiting.status();
  }
  size_t answered = 0;
  for (const Conversation& stale : *awaiting) {
    std::lock_guard lock(LockFor(stale.id));
    auto loaded = Load(stale.id);
    if (!loaded.ok()) {
      return loaded.status();
    }
    Conversation conversation = std::move(loaded).value();
    auto events =
        store_.Events(conversation.id, std::max<std::int64_t>(0, conversation.last_seq - 50), 50);
    if (!events.ok()) {
      return events.status();
    }
    auto last = std::find_if(events->rbegin(), events->rend(), [](const Event& event) {
      return event.kind == EventKind::kCustomerMessage;
    });
    if (!conversation.awaiting_reply || last == events->rend()) {
      continue;
    }
    CustomerMessage message{last->client_id, last->text,
                            last->data.value("article_id", std::string())};
    std::vector<Event> committed;
    if (base::Status status = Reply(conversation, message, committed); !status.ok()) {
      return status;
    }
    EnterQueueIfWaiting(conversation);
    ++answered;
  }
  return answered;
}

}  // namespace balie::service
