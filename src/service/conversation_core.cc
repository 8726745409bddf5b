#include "service/conversation_core.h"

#include <algorithm>

#include "base/barrier.h"
#include "base/log.h"
#include "model/conversation_machine.h"
#include "service/texts.h"

namespace balie::service {
namespace {

using model::Author;
using model::Conversation;
using model::ConversationState;
using model::Event;
using model::EventKind;

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

// A change that gives an agent the conversation (to one who did not have it).
bool Assigns(const Conversation& before, const Conversation& after) {
  return after.state == ConversationState::kAssigned &&
         (before.state != ConversationState::kAssigned || before.agent != after.agent);
}

// A change that books a callback (a slot it did not have).
bool Books(const Conversation& before, const Conversation& after) {
  return after.state == ConversationState::kCallback && after.callback &&
         (before.state != ConversationState::kCallback || before.callback != after.callback);
}

bool SameSituation(const Conversation& a, const Conversation& b) {
  return a.state == b.state && a.queue == b.queue && a.agent == b.agent &&
         a.callback == b.callback && a.requested_agent == b.requested_agent;
}

}  // namespace

ConversationCore::ConversationCore(storage::ConversationStore& store, const answer::Engine& engine,
                                   const base::Clock& clock, QueueBoard& queues,
                                   AgentRoster& roster, ConversationHub& hub, StaffHub& staff_hub)
    : store_(store),
      engine_(engine),
      clock_(clock),
      queues_(queues),
      roster_(roster),
      hub_(hub),
      staff_hub_(staff_hub) {}

ConversationCore::~ConversationCore() {
  std::unique_lock lock(in_flight_mutex_);
  in_flight_done_.wait(lock, [this] { return in_flight_ == 0; });
}

ConversationLock& ConversationCore::LockFor(std::string_view id) const {
  return locks_[std::hash<std::string_view>{}(id) % locks_.size()];
}

base::Result<ConversationCore::Change> ConversationCore::Begin(std::string_view id,
                                                               std::string_view client_id) const {
  return Load(std::unique_lock(LockFor(id)), id, client_id);
}

base::Result<ConversationCore::Change> ConversationCore::TryBegin(
    std::string_view id, std::string_view client_id) const {
  std::unique_lock lock(LockFor(id), std::try_to_lock);
  if (!lock.owns_lock()) {
    return base::Unavailable("conversation " + std::string(id) + " is being changed");
  }
  auto loaded = store_.GetForChangeNow(id, client_id);
  if (!loaded) {
    return base::Unavailable("conversation " + std::string(id) + " must be read");
  }
  return Loaded(std::move(lock), std::move(*loaded));
}

base::Result<ConversationCore::Change> ConversationCore::Load(
    std::unique_lock<ConversationLock> lock, std::string_view id,
    std::string_view client_id) const {
  return Loaded(std::move(lock), store_.GetForChange(id, client_id));
}

base::Result<ConversationCore::Change> ConversationCore::Loaded(
    std::unique_lock<ConversationLock> lock,
    base::Result<storage::ConversationStore::ForChange> loaded) {
  if (!loaded.ok()) {
    return loaded.status();
  }
  return Change{std::move(lock),
                std::move(loaded->conversation),
                std::move(loaded->resent),
                loaded->unchecked,
                {}};
}

void ConversationCore::UndoBookingOnFailure(Change& change) const {
  change.undo.emplace_back([this, before = change.conversation] {
    queues_.ReleaseCallback(before.id);
    if (before.callback) {
      queues_.RestoreCallback({before.id,
                               before.queue,
                               {before.callback->start, before.callback->end},
                               before.requested_agent,
                               before.language});
    }
  });
}

base::Status ConversationCore::Commit(Change& change, std::vector<Event> events,
                                      std::vector<Event>& committed,
                                      const std::function<void()>& stored) {
  base::Status status = Commit(change.conversation, std::move(events), committed, stored);
  if (!status.ok()) {
    Undo(change);
  }
  change.undo.clear();
  return status;
}

void ConversationCore::Undo(Change& change) const {
  // Last booked, first freed (std::views::reverse, which clang-tidy 14 cannot parse with
  // libstdc++ 12).
  // NOLINTNEXTLINE(modernize-loop-convert)
  for (auto undo = change.undo.rbegin(); undo != change.undo.rend(); ++undo) {
    (*undo)();
  }
  change.undo.clear();
}

base::Result<std::vector<Event>> ConversationCore::Decide(const Conversation& conversation,
                                                          const model::Command& command,
                                                          std::int64_t max_events) const {
  return model::Decide(conversation, command, {clock_.Now(), max_events});
}

base::Result<Conversation> ConversationCore::Applied(const Conversation& conversation,
                                                     const std::vector<Event>& events) const {
  Conversation updated = conversation;
  for (const Event& event : events) {
    if (base::Status status = model::Apply(updated, event); !status.ok()) {
      // The use cases check first; this is a change that raced another or a bug.
      base::Log(base::LogLevel::kWarning, "conversation change refused by the state machine",
                {{"conversation", conversation.id}, {"cause", status.message()}});
      return status;
    }
  }
  return updated;
}

base::Status ConversationCore::Commit(Conversation& conversation, std::vector<Event> events,
                                      std::vector<Event>& committed,
                                      const std::function<void()>& stored) {
  const Conversation before = conversation;
  auto updated = Applied(conversation, events);
  if (!updated.ok()) {
    return updated.status();
  }
  // A change that gives an agent a conversation is stored only within their capacity as storage
  // counts it: another process sharing the database may have assigned to them meanwhile, which
  // this process's count (the roster's chats) learns only from its notification.
  const auto agent = Assigns(before, *updated) ? roster_.Agent(updated->agent) : std::nullopt;
  // So is a change that books a callback within its slot's room: two processes may each have
  // booked the slot's last place in memory.
  const auto room = Books(before, *updated) ? queues_.RoomOf(updated->id) : std::nullopt;
  base::Status status = agent  ? store_.AppendAssignment(*updated, events, agent->capacity)
                        : room ? store_.AppendBooking(*updated, events, *room)
                               : store_.Append(*updated, events);
  if (!status.ok()) {
    return status;
  }
  Committed(before, conversation, std::move(updated).value(), events, committed, stored);
  return base::Status::Ok();
}

void ConversationCore::Committed(const Conversation& before, Conversation& conversation,
                                 Conversation updated, std::vector<Event>& events,
                                 std::vector<Event>& committed,
                                 const std::function<void()>& stored) {
  conversation = std::move(updated);
  if (stored) {
    stored();
  }
  QueueBoard::QueuePtr bot_queue;
  for (Event& event : events) {
    if (event.kind() == EventKind::kBotReply && conversation.state == ConversationState::kBot) {
      bot_queue = queues_.Choose(TopicsOf(event));
    }
    hub_.PublishEvent(conversation.id, event);
    committed.push_back(std::move(event));
  }
  Settle(before, conversation);
  if (bot_queue != nullptr) {
    hub_.PublishStatus(conversation.id, StatusOf(conversation, bot_queue));
  }
}

void ConversationCore::CommitThen(Change change, std::vector<Event> events,
                                  std::function<void()> stored, CommitDone done) {
  auto updated = Applied(change.conversation, events);
  if (!updated.ok()) {
    Undo(change);
    change.lock.unlock();
    return done(updated.status(), {});
  }
  if (Assigns(change.conversation, *updated) || Books(change.conversation, *updated)) {
    Undo(change);
    change.lock.unlock();
    return done(base::Internal("a change that assigns or books must wait for its commit"), {});
  }
  {
    std::lock_guard lock(in_flight_mutex_);
    ++in_flight_;
  }
  // What the writer's callback needs, kept until it has run (std::function copies its callable).
  struct Pending {
    Change change;
    Conversation updated;
    std::vector<Event> events;
    std::function<void()> stored;
    CommitDone done;
  };
  auto pending = std::make_shared<Pending>(
      Pending{std::move(change), *updated, events, std::move(stored), std::move(done)});
  store_.AppendThen(
      std::move(updated).value(), std::move(events), [this, pending](const base::Status& status) {
        // On the writer thread: nothing may escape (barrier.h), and the lock is released whatever
        // happens.
        std::vector<Event> committed;
        const std::string id = pending->updated.id;
        base::Status outcome = status;
        if (status.ok()) {
          outcome = base::Contain("publishing a stored change failed", {{"conversation", id}}, [&] {
            const Conversation before = pending->change.conversation;
            Committed(before, pending->change.conversation, std::move(pending->updated),
                      pending->events, committed, pending->stored);
          });
        } else {
          Undo(pending->change);
        }
        pending->change.lock.unlock();
        (void)base::Contain("a commit's callback failed", {{"conversation", id}},
                            [&] { pending->done(outcome, std::move(committed)); });
        // What they hold (a stream) goes now, while the hubs it leaves surely exist.
        pending->stored = nullptr;
        pending->done = nullptr;
        std::lock_guard lock(in_flight_mutex_);
        if (--in_flight_ == 0) {
          in_flight_done_.notify_all();
        }
      });
}

base::Status ConversationCore::Do(Conversation& conversation, const model::Command& command,
                                  std::vector<Event>& committed) {
  auto events = Decide(conversation, command);
  return events.ok() ? Commit(conversation, std::move(*events), committed) : events.status();
}

base::Status ConversationCore::Do(Change& change, const model::Command& command,
                                  std::vector<Event>& committed) {
  auto events = Decide(change.conversation, command);
  if (!events.ok()) {
    Undo(change);
    return events.status();
  }
  if (events->empty()) {
    return base::Status::Ok();  // nothing to say (an agent who already started opens it again)
  }
  return Commit(change, std::move(*events), committed);
}

model::AskForPerson ConversationCore::HandOff(const Conversation& conversation,
                                              const QueueBoard::QueuePtr& queue,
                                              std::string_view cause,
                                              std::vector<std::string> reasons, Author by,
                                              std::string_view client_id,
                                              const std::string& agent) const {
  const base::TimePoint now = clock_.Now();
  const bool open = queue->hours().IsOpen(now);
  model::AskForPerson ask{std::string(client_id),
                          by,
                          false,
                          {{queue->id, queue->Name(conversation.language)}, open, false, {}},
                          std::string(cause),
                          std::move(reasons)};
  // A hand-off to one agent waits for them (their own status says where they are); otherwise
  // nobody on duty is as good as closed: no waiting for nobody.
  ask.to.staffed = open && (!agent.empty() || Staffed(*queue, now));
  if (!agent.empty()) {
    auto view = roster_.Agent(agent);
    ask.to.agent = model::AgentRef{agent, view ? view->display_name : ""};
  }
  return ask;
}

bool ConversationCore::Staffed(const QueueConfig& queue, base::TimePoint now) const {
  return queue.hours().IsOpen(now) && !roster_.OnDuty(queue.id).empty();
}

QueueBoard::QueuePtr ConversationCore::Alternative(const QueueConfig& queue,
                                                   model::Language language,
                                                   base::TimePoint now) const {
  std::vector<QueueBoard::QueuePtr> candidates = queues_.queues();
  std::stable_partition(
      candidates.begin(), candidates.end(),
      [default_queue = queues_.Choose({})](const QueueBoard::QueuePtr& candidate) {
        return candidate == default_queue;
      });
  for (const QueueBoard::QueuePtr& candidate : candidates) {
    const auto& languages = candidate->languages;
    if (candidate->id != queue.id &&
        std::find(languages.begin(), languages.end(), language) != languages.end() &&
        Staffed(*candidate, now)) {
      return candidate;
    }
  }
  return nullptr;
}

model::Notify ConversationCore::Notice(const Conversation& conversation, std::string_view reason,
                                       bool keep_for_reply, std::string client_id) const {
  // Told as the question stands once the notice is stored (kept: its options, when someone is
  // due).
  const ConversationStatus status =
      StatusIn(keep_for_reply ? ConversationState::kFollowUp : conversation.state, conversation);
  model::Notify notify{std::move(client_id), keep_for_reply,
                       model::NoticeEvent{std::string(reason), status.options, std::nullopt}, ""};
  if (!status.alternative_id.empty()) {
    notify.notice.alternative = model::QueueRef{status.alternative_id, status.alternative_name};
  }
  const base::TimePoint now = clock_.Now();
  notify.text = NoticeMessage(reason, status, engine_.config().dutch_register,
                              now - conversation.queued_at, now);
  return notify;
}

std::vector<std::string> ConversationCore::TopicsOf(const Event& bot_reply) const {
  const auto* reply = bot_reply.As<model::BotReplyEvent>();
  if (reply == nullptr || reply->sources.empty()) {
    return {};
  }
  const auto* article = engine_.knowledge().Find(reply->sources.front().id);
  return article != nullptr ? article->topics : std::vector<std::string>{};
}

std::vector<std::string> ConversationCore::RecentTopics(const Conversation& conversation) const {
  auto recent =
      store_.Events(conversation.id, std::max<std::int64_t>(0, conversation.last_seq - 20), 20);
  if (!recent.ok()) {
    return {};
  }
  // Newest first (std::views::reverse, which clang-tidy 14 cannot parse with libstdc++ 12).
  // NOLINTNEXTLINE(modernize-loop-convert)
  for (auto it = recent->rbegin(); it != recent->rend(); ++it) {
    if (it->kind() == EventKind::kBotReply) {
      return TopicsOf(*it);
    }
  }
  return {};
}

QueueBoard::QueuePtr ConversationCore::HandOffQueue(const Conversation& conversation) const {
  return queues_.Choose(RecentTopics(conversation));
}

ConversationStatus ConversationCore::StatusOf(const Conversation& conversation,
                                              const QueueBoard::QueuePtr& bot_queue) const {
  return StatusIn(conversation.state, conversation, bot_queue);
}

ConversationStatus ConversationCore::StatusIn(ConversationState state,
                                              const Conversation& conversation,
                                              const QueueBoard::QueuePtr& bot_queue) const {
  const base::TimePoint now = clock_.Now();
  ConversationStatus status;
  status.state = state;
  status.language = conversation.language;
  QueueBoard::QueuePtr queue;
  if (state == ConversationState::kBot) {
    // Before a hand-off: where one would go now (the topics of the bot's last answer).
    queue = bot_queue != nullptr ? bot_queue : HandOffQueue(conversation);
  } else {
    queue = queues_.Find(conversation.queue);
    if (queue == nullptr) {
      queue = queues_.Choose({});
    }
  }
  status.queue_id = queue->id;
  status.queue_name = queue->Name(conversation.language);
  status.time_zone = queue->hours().time_zone_name();
  status.open = queue->hours().IsOpen(now);
  status.staffed = status.open && Staffed(*queue, now);
  if (status.open) {
    status.closes_at = queue->hours().ClosesAt(now);
  } else {
    status.opens_at = queue->hours().NextOpening(now);
  }
  if (status.open && !status.staffed) {
    status.staffed_from = roster_.NextOnDuty(queue->id, queue->hours());
    if (const auto alternative = Alternative(*queue, conversation.language, now)) {
      status.alternative_id = alternative->id;
      status.alternative_name = alternative->Name(conversation.language);
    }
  }
  if (state == ConversationState::kWaiting) {
    status.position = queues_.Position(queue->id, conversation.id);
    if (status.position && status.staffed) {
      status.estimated_wait =
          queues_.EstimatedWait(queue->id, *status.position, roster_.OnDuty(queue->id));
    }
  }
  if (state == ConversationState::kWaiting || state == ConversationState::kFollowUp ||
      state == ConversationState::kCallback) {
    status.choice = ChoiceOfState(state);
    if (status.staffed) {
      status.options.push_back(ChoiceOption::kWait);
    }
    status.options.push_back(ChoiceOption::kLeaveMessage);
    if (state == ConversationState::kCallback || !queues_.CallbackSlots(queue->id, now).empty()) {
      status.options.push_back(ChoiceOption::kCallback);
    }
    if (!status.alternative_id.empty()) {
      status.options.push_back(ChoiceOption::kOtherQueue);
    }
  }
  if (state == ConversationState::kCallback) {
    status.callback = conversation.callback;
  }
  if (state == ConversationState::kAssigned) {
    if (auto agent = roster_.Agent(conversation.agent)) {
      status.agent_name = agent->display_name;
    }
  }
  status.message =
      StatusMessage(status, engine_.config().dutch_register, now, queue->hours().time_zone_name());
  return status;
}

void ConversationCore::PublishStatus(const Conversation& conversation) {
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

void ConversationCore::RefreshQueue(const std::string& queue_id) {
  if (queues_.Find(queue_id) == nullptr) {
    return;
  }
  for (const WaitingEntry& entry : queues_.Waiting(queue_id)) {
    if (entry.callback || !hub_.HasListeners(entry.conversation_id)) {
      continue;
    }
    // Where the line stands, without loading each conversation.
    Conversation conversation;
    conversation.id = entry.conversation_id;
    conversation.language = entry.language;
    conversation.queue = queue_id;
    conversation.queued_at = entry.queued_at;
    ConversationStatus status = StatusIn(ConversationState::kWaiting, conversation);
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

void ConversationCore::RefreshWaiting() {
  for (const auto& queue : queues_.queues()) {
    RefreshQueue(queue->id);
  }
}

void ConversationCore::Observe(const std::string& queue, const std::string& kind,
                               std::chrono::system_clock::duration duration) {
  // Lost observations only make the estimate rest on fewer chats: a failure is not the
  // customer's problem.
  (void)store_.AddQueueObservation(
      {queue, kind, std::chrono::duration_cast<std::chrono::milliseconds>(duration), clock_.Now()});
}

void ConversationCore::RestoreObservations() {
  auto observations = store_.RecentQueueObservations(200);
  if (!observations.ok()) {
    return;
  }
  for (const auto& observation : *observations) {
    if (observation.kind == "handled") {
      queues_.RecordHandled(observation.queue, observation.duration);
    } else {
      queues_.RecordLeftLine(observation.queue, observation.duration,
                             observation.kind == "abandoned");
    }
  }
}

void ConversationCore::Settle(const Conversation& before, const Conversation& after, bool here) {
  const base::TimePoint now = clock_.Now();
  bool refresh_before = false;
  // The line.
  const bool left_line =
      before.state == ConversationState::kWaiting &&
      (after.state != ConversationState::kWaiting || after.queue != before.queue);
  if (left_line) {
    queues_.Leave(before.queue, before.id);
    const bool abandoned = after.state != ConversationState::kAssigned;
    queues_.RecordLeftLine(before.queue, now - before.queued_at, abandoned);
    if (here) {
      Observe(before.queue, abandoned ? "abandoned" : "taken", now - before.queued_at);
    }
    refresh_before = true;
  }
  if (after.state == ConversationState::kWaiting) {
    WaitingEntry entry{after.id,        after.language,        after.priority,
                       after.queued_at, after.requested_agent, false,
                       std::nullopt};
    if (before.state != ConversationState::kWaiting || before.queue != after.queue) {
      // What the customer is told as they join: a wait well beyond it gets them offered
      // alternatives (AgentDesk).
      entry.estimate = queues_.EstimatedWait(
          after.queue, static_cast<int>(queues_.Waiting(after.queue).size()) + 1,
          roster_.OnDuty(after.queue));
    }
    queues_.Join(after.queue, entry);
  }
  // A callback: its booking, and its place in the line once due.
  if (before.state == ConversationState::kCallback && after.state != ConversationState::kCallback) {
    queues_.ReleaseCallback(before.id);
    queues_.Leave(before.queue, before.id);
  }
  // The agents' loads and the handling time.
  const bool was_assigned = before.state == ConversationState::kAssigned;
  const bool is_assigned = after.state == ConversationState::kAssigned;
  if (was_assigned && (!is_assigned || after.agent != before.agent)) {
    CountFor(before.id, "");
    if (after.state == ConversationState::kResolved) {
      queues_.RecordHandled(before.queue, now - before.assigned_at);
      if (here) {
        Observe(before.queue, "handled", now - before.assigned_at);
      }
    }
  }
  if (is_assigned && (!was_assigned || after.agent != before.agent)) {
    CountFor(after.id, after.agent);
  }
  const bool changed = !SameSituation(before, after);
  if (changed) {
    PublishStatus(after);
  }
  if (refresh_before) {
    RefreshQueue(before.queue);
  }
  if (changed || after.state != ConversationState::kBot) {
    staff_hub_.PublishChanged();
  }
  if (changed && dispatch_hook_) {
    dispatch_hook_();
  }
}

base::Status ConversationCore::SettleElsewhere(std::string_view id, std::int64_t first_seq,
                                               std::int64_t last_seq) {
  std::unique_lock lock(LockFor(id));
  auto now = store_.Get(id);
  if (!now.ok()) {
    return now.status();
  }
  auto events = store_.Events(id, 0, static_cast<size_t>(std::max<std::int64_t>(last_seq, 0)));
  if (!events.ok()) {
    return events.status();
  }
  const auto first = std::find_if(events->begin(), events->end(), [first_seq](const Event& event) {
    return event.seq >= first_seq;
  });
  auto before = model::Replay(*now, std::vector<Event>(events->begin(), first));
  auto after = model::Replay(*now, *events);
  if (!before.ok() || !after.ok()) {
    return before.ok() ? after.status() : before.status();
  }
  // Its callback was booked by the process that stored it: counted here too.
  if (after->state == ConversationState::kCallback && after->callback &&
      (before->state != ConversationState::kCallback || before->callback != after->callback)) {
    queues_.ReleaseCallback(id);
    queues_.RestoreCallback({after->id,
                             after->queue,
                             {after->callback->start, after->callback->end},
                             after->requested_agent,
                             after->language});
  }
  Settle(*before, *after, /*here=*/false);
  const bool newly_assigned =
      after->state == ConversationState::kAssigned &&
      (before->state != ConversationState::kAssigned || before->agent != after->agent);
  if (newly_assigned) {
    staff_hub_.PublishAssigned(after->agent, after->id);
  }
  // A later change settled here before this one (its notification came after this process
  // read it) decides where the conversation is now.
  if (now->last_seq > last_seq) {
    CountFor(now->id, now->state == ConversationState::kAssigned ? now->agent : "");
    if (now->state == ConversationState::kWaiting) {
      if (!queues_.Position(now->queue, now->id)) {
        queues_.Join(now->queue, {now->id, now->language, now->priority, now->queued_at,
                                  now->requested_agent, false, std::nullopt});
      }
    } else if (now->state != ConversationState::kCallback) {
      queues_.Leave(after->queue, now->id);
    }
  }
  return base::Status::Ok();
}

void ConversationCore::CountFor(const std::string& id, const std::string& agent) {
  std::string before;
  {
    std::lock_guard lock(counted_mutex_);
    auto found = counted_for_.find(id);
    before = found == counted_for_.end() ? "" : found->second;
    if (before == agent) {
      return;
    }
    if (agent.empty()) {
      counted_for_.erase(found);
    } else {
      counted_for_[id] = agent;
    }
  }
  if (!before.empty()) {
    roster_.AddChats(before, -1);
  }
  if (!agent.empty()) {
    roster_.AddChats(agent, +1);
  }
}

base::Status ConversationCore::Reconcile() {
  const ConversationState states[] = {ConversationState::kWaiting, ConversationState::kCallback,
                                      ConversationState::kAssigned};
  auto active = store_.InStates(states);
  if (!active.ok()) {
    return active.status();
  }
  std::unordered_map<std::string, const Conversation*> waiting;
  std::unordered_map<std::string, std::string> assigned;
  for (const Conversation& c : *active) {
    if (c.state == ConversationState::kWaiting) {
      waiting.emplace(c.id, &c);
    } else if (c.state == ConversationState::kAssigned) {
      assigned.emplace(c.id, c.agent);
    } else if (c.callback) {
      queues_.ReleaseCallback(c.id);
      queues_.RestoreCallback(
          {c.id, c.queue, {c.callback->start, c.callback->end}, c.requested_agent, c.language});
    }
  }
  for (const QueueBoard::QueuePtr& queue : queues_.queues()) {
    for (const WaitingEntry& entry : queues_.Waiting(queue->id)) {
      auto found = waiting.find(entry.conversation_id);
      if (!entry.callback && (found == waiting.end() || found->second->queue != queue->id)) {
        queues_.Leave(queue->id, entry.conversation_id);
      }
    }
  }
  for (const auto& [id, c] : waiting) {
    if (!queues_.Position(c->queue, id)) {
      queues_.Join(c->queue, {c->id, c->language, c->priority, c->queued_at, c->requested_agent,
                              false, std::nullopt});
    }
  }
  std::vector<std::string> counted;
  {
    std::lock_guard lock(counted_mutex_);
    for (const auto& [id, agent] : counted_for_) {
      counted.push_back(id);
    }
  }
  for (const std::string& id : counted) {
    auto found = assigned.find(id);
    if (found == assigned.end()) {
      CountFor(id, "");
    }
  }
  for (const auto& [id, agent] : assigned) {
    CountFor(id, agent);
  }
  RefreshWaiting();
  staff_hub_.PublishChanged();
  if (dispatch_hook_) {
    dispatch_hook_();
  }
  return base::Status::Ok();
}

base::Result<ConversationCore::Request> ConversationCore::RequestFor(std::string_view id,
                                                                     std::int64_t request) const {
  auto events = store_.Events(id, request - 1, 100000);
  if (!events.ok()) {
    return events.status();
  }
  const auto* decision = !events->empty() && events->front().seq == request
                             ? events->front().As<model::DecisionEvent>()
                             : nullptr;
  if (decision == nullptr || !decision->needs_approval) {
    return base::NotFound("event " + std::to_string(request) + " of conversation " +
                          std::string(id) + " is no request for approval");
  }
  const bool answered = std::any_of(events->begin(), events->end(), [&](const model::Event& e) {
    const auto* answer = e.As<model::ApprovalEvent>();
    return answer != nullptr && answer->request == request;
  });
  return Request{*decision, !answered};
}

}  // namespace balie::service
