#include "service/dispatcher.h"

#include <algorithm>
#include <array>
#include <utility>

#include "base/log.h"
#include "base/time_format.h"
#include "routing/assignment.h"
#include "service/audit_trail.h"
#include "service/texts.h"

namespace balie::service {
namespace {

using model::Author;
using model::Conversation;
using model::ConversationState;
using model::Event;
using model::EventKind;

}  // namespace

Dispatcher::Dispatcher(ConversationCore& core, DeskOptions options)
    : core_(core), options_(std::move(options)) {
  RestoreServiceLevel();
  core_.SetDispatchHook([this] { Kick(); });
}

Dispatcher::~Dispatcher() {
  Stop();
  core_.SetDispatchHook(nullptr);
}

std::unique_lock<std::mutex> Dispatcher::Lock() { return std::unique_lock(mutex_); }

std::unique_lock<std::mutex> Dispatcher::Lock(std::defer_lock_t) {
  return {mutex_, std::defer_lock};
}

Dispatcher::DayCount Dispatcher::ServiceLevelToday(const QueueConfig& queue,
                                                   base::TimePoint now) const {
  const base::TimePoint today = queue.hours().StartOfDay(now);
  std::lock_guard lock(stats_mutex_);
  if (auto count = service_level_.find(queue.id);
      count != service_level_.end() && count->second.day == today) {
    return count->second;
  }
  return {today, 0, 0};
}

std::optional<base::TimePoint> Dispatcher::NobodyOnDutySince(std::string_view queue) const {
  std::lock_guard lock(stats_mutex_);
  auto since = unstaffed_since_.find(queue);
  return since != unstaffed_since_.end() ? since->second : std::nullopt;
}

base::TimePoint Dispatcher::StartOfDay(const std::string& queue, base::TimePoint time) const {
  const auto found = core_.queues().Find(queue);
  return found != nullptr ? found->hours().StartOfDay(time)
                          : std::chrono::floor<std::chrono::days>(time);
}

void Dispatcher::RestoreServiceLevel() {
  const base::TimePoint now = core_.clock().Now();
  const auto target =
      std::chrono::duration_cast<std::chrono::milliseconds>(options_.service_level_target);
  for (const auto& queue : core_.queues().queues()) {
    // Each queue's own today (their time zones may differ).
    const base::TimePoint today = StartOfDay(queue->id, now);
    auto counts = core_.store().TakenSince(today, target);
    if (!counts.ok()) {
      return;  // the overview starts from zero: nothing a customer notices
    }
    std::lock_guard lock(stats_mutex_);  // (no other lock is taken under it)
    for (const auto& count : *counts) {
      if (count.queue == queue->id) {
        service_level_[count.queue] = {today, count.taken, count.within_target};
      }
    }
  }
}

void Dispatcher::Start() {
  std::lock_guard lock(run_mutex_);
  if (!thread_.joinable()) {
    stopping_ = false;
    thread_ = std::thread([this] { Run(); });
  }
}

void Dispatcher::Stop() {
  {
    std::lock_guard lock(run_mutex_);
    stopping_ = true;
  }
  kicked_.notify_all();
  if (thread_.joinable()) {
    thread_.join();
  }
}

void Dispatcher::Kick() {
  {
    std::lock_guard lock(run_mutex_);
    kick_ = true;
  }
  kicked_.notify_all();
}

void Dispatcher::Run() {
  std::unique_lock lock(run_mutex_);
  while (!stopping_) {
    kicked_.wait_for(lock, std::chrono::seconds(1), [this] { return kick_ || stopping_; });
    if (stopping_) {
      break;
    }
    kick_ = false;
    lock.unlock();
    if (core_.roster().Tick()) {
      core_.staff_hub().PublishChanged();
    }
    Dispatch();
    lock.lock();
  }
}

std::vector<std::pair<std::string, std::string>> Dispatcher::Dispatch() {
  std::lock_guard dispatch(mutex_);
  const base::TimePoint now = core_.clock().Now();
  QueueBoard& queues = core_.queues();
  // Callbacks whose slot has begun go first in their queue's line.
  for (const Booking& booking : queues.DueCallbacks(now)) {
    if (!queues.Position(booking.queue, booking.conversation_id)) {
      queues.Join(booking.queue, {booking.conversation_id, booking.language, 0, booking.slot.start,
                                  booking.agent, true, std::nullopt});
    }
  }
  NoteLateCallbacks(now);
  ExpireApprovals(now);
  WatchWaits(now);
  std::vector<routing::AssignmentRequest> requests;
  for (const auto& queue : queues.queues()) {
    for (const WaitingEntry& entry : queues.Waiting(queue->id)) {
      routing::AssignmentRequest request;
      request.item = {entry.conversation_id, entry.priority, entry.queued_at, entry.callback};
      request.skill = queue->id;
      request.language = entry.language;
      if (!entry.requested_agent.empty()) {
        request.agent_id = entry.requested_agent;
      }
      requests.push_back(std::move(request));
    }
  }
  std::vector<std::pair<std::string, std::string>> made;
  if (requests.empty()) {
    return made;
  }
  const auto agents = core_.roster().Snapshots();
  for (const routing::Assignment& pair : routing::Assign(requests, agents)) {
    auto change = core_.Begin(pair.item_id, "");
    if (!change.ok()) {
      base::Log(base::LogLevel::kError, "dispatch: cannot load a waiting conversation",
                {{"conversation", pair.item_id}, {"cause", change.status().ToString()}});
      continue;
    }
    // The line may be behind storage: another process sharing the database took it, and its
    // notification has not been settled here yet (remote_changes.h).
    const ConversationState state = change->conversation.state;
    if (state != ConversationState::kWaiting && state != ConversationState::kCallback) {
      continue;
    }
    std::vector<Event> committed;
    if (base::Status status =
            Assign(change->conversation, pair.agent_id, committed, "", Author::kSystem);
        !status.ok()) {
      // It stays in the line; the next round tries again. Refused by storage as already taken or
      // over the agent's capacity is what processes racing for one agent meet: no warning.
      base::Log(
          status.code() == base::StatusCode::kFailedPrecondition ||
                  status.code() == base::StatusCode::kAborted
              ? base::LogLevel::kInfo
              : base::LogLevel::kWarning,
          "dispatch: assignment failed",
          {{"conversation", pair.item_id}, {"staff", pair.agent_id}, {"cause", status.ToString()}});
      continue;
    }
    made.emplace_back(pair.item_id, pair.agent_id);
  }
  return made;
}

base::Status Dispatcher::Assign(Conversation& conversation, const std::string& agent,
                                std::vector<Event>& committed, const std::string& client_id,
                                Author by) {
  const auto view = core_.roster().Agent(agent);
  if (!view) {
    return base::NotFound("no agent " + agent);
  }
  if (conversation.state == ConversationState::kAssigned && conversation.agent == agent) {
    return base::FailedPrecondition("the conversation is already assigned to " +
                                    view->display_name);
  }
  if (view->chats >= view->capacity) {
    return base::FailedPrecondition(view->display_name + " already has " +
                                    std::to_string(view->chats) + " conversations (capacity " +
                                    std::to_string(view->capacity) + ")");
  }
  const ConversationState before = conversation.state;
  // No text: the customer is told when the agent really starts (agent_joined), not now.
  if (base::Status status = core_.Do(
          conversation, model::Assign{client_id, by, {agent, view->display_name}}, committed);
      !status.ok()) {
    return status;
  }
  if (before == ConversationState::kWaiting) {
    CountServiceLevel(conversation);
  }
  core_.staff_hub().PublishAssigned(agent, conversation.id);
  return base::Status::Ok();
}

void Dispatcher::CountServiceLevel(const Conversation& conversation) {
  const base::TimePoint today = StartOfDay(conversation.queue, conversation.assigned_at);
  std::lock_guard lock(stats_mutex_);
  DayCount& count = service_level_[conversation.queue];
  if (count.day != today) {
    count = {today, 0, 0};
  }
  ++count.answered;
  if (conversation.assigned_at - conversation.queued_at <= options_.service_level_target) {
    ++count.within_target;
  }
}

void Dispatcher::NoteLateCallbacks(base::TimePoint now) {
  for (const Booking& booking : core_.queues().DueCallbacks(now)) {
    if (booking.slot.end > now) {
      continue;
    }
    // One notice per booking, after a restart too: its client id names the slot (with a ':',
    // which no client's id has).
    const std::string client_id = "late:" + base::FormatTime(booking.slot.start);
    {
      std::lock_guard lock(stats_mutex_);
      if (!told_.insert(booking.conversation_id + client_id).second) {
        continue;
      }
    }
    auto change = core_.Begin(booking.conversation_id, client_id);
    if (!change.ok() || change->resent ||
        change->conversation.state != ConversationState::kCallback) {
      continue;
    }
    const Conversation& conversation = change->conversation;
    const auto queue = core_.queues().Find(conversation.queue);
    const model::LateCallback late{
        client_id,
        CallbackOutcomeMessage("late", std::nullopt, now,
                               queue ? queue->hours().time_zone_name() : "Europe/Amsterdam",
                               core_.VoiceOf(conversation))};
    std::vector<Event> committed;
    if (base::Status status = core_.Do(*change, late, committed); !status.ok()) {
      base::Log(base::LogLevel::kWarning, "could not tell the customer their callback is late",
                {{"conversation", conversation.id}, {"cause", status.message()}});
    }
  }
}

void Dispatcher::ExpireApprovals(base::TimePoint now) {
  {
    std::lock_guard lock(stats_mutex_);
    if (now - approvals_checked_ < std::chrono::minutes(1)) {
      return;
    }
    approvals_checked_ = now;
  }
  // The longest expiry the configuration allows is 30 days.
  auto waiting = core_.store().Decisions(now - std::chrono::days(31), true, 10000);
  if (!waiting.ok()) {
    base::Log(base::LogLevel::kWarning, "cannot look for expired requests for approval",
              {{"cause", waiting.status().ToString()}});
    return;
  }
  for (const auto& record : *waiting) {
    const auto& decision = *record.decision.As<model::DecisionEvent>();
    if (!decision.expires || *decision.expires > now) {
      continue;
    }
    const std::string client_id = "expired:" + std::to_string(record.decision.seq);
    auto change = core_.Begin(record.conversation_id, client_id);
    if (!change.ok() || change->resent) {
      continue;
    }
    // Answered meanwhile (an approver came first): under the lock, read it again.
    auto request = core_.RequestFor(record.conversation_id, record.decision.seq);
    if (!request.ok() || !request->waiting) {
      continue;
    }
    const model::AnswerApproval expired{
        client_id,
        {record.decision.seq, model::ApprovalVerdict::kExpired, "", std::nullopt},
        true,
        ApprovalMessage("expired",
                        DecisionWhat(options_.mandates, decision, change->conversation.language),
                        "", core_.VoiceOf(change->conversation))};
    std::vector<Event> committed;
    if (base::Status status = core_.Do(*change, expired, committed); !status.ok()) {
      base::Log(base::LogLevel::kWarning, "could not record an expired request for approval",
                {{"conversation", record.conversation_id}, {"cause", status.message()}});
      continue;
    }
    RecordAfter(audit_, {.actor = std::string(model::kSystemActor),
                         .action = model::AuditAction::kApproval,
                         .conversation_id = record.conversation_id,
                         .customer_ref = change->conversation.customer_ref,
                         .details = {{"request", record.decision.seq},
                                     {"decision", decision.decision},
                                     {"verdict", "expired"}}});
  }
}

void Dispatcher::WatchWaits(base::TimePoint now) {
  for (const auto& queue : core_.queues().queues()) {
    const bool open = queue->hours().IsOpen(now);
    const bool staffed = core_.Staffed(*queue, now);
    bool nobody_too_long = false;
    bool changed = false;
    {
      std::lock_guard lock(stats_mutex_);
      auto [since, first] = unstaffed_since_.try_emplace(queue->id);
      const bool was_unstaffed = since->second.has_value();
      if (open && !staffed) {
        if (!was_unstaffed) {
          since->second = now;
        }
        nobody_too_long = now - *since->second >= options_.nobody_on_duty_grace;
      } else {
        since->second.reset();
      }
      changed = !first && was_unstaffed != since->second.has_value();
    }
    if (changed) {
      // Someone came or the last one left: the options of those waiting and of those whose
      // question is kept change (to wait, or to go elsewhere), and so does the overview.
      core_.RefreshQueue(queue->id);
      RefreshLeftQuestions(queue->id);
      core_.staff_hub().PublishChanged();
    }
    for (const WaitingEntry& entry : core_.queues().Waiting(queue->id)) {
      if (entry.callback) {
        continue;
      }
      if (nobody_too_long && entry.requested_agent.empty()) {
        TellNobodyOnDuty(queue->id, entry.conversation_id);
        continue;
      }
      const auto waited = now - entry.queued_at;
      if (staffed && (waited >= options_.offer_after ||
                      (entry.estimate && waited >= *entry.estimate + options_.offer_margin))) {
        OfferAlternatives(entry, queue->id);
      }
    }
  }
}

void Dispatcher::RefreshLeftQuestions(const std::string& queue) {
  const std::array<ConversationState, 1> left_states = {ConversationState::kFollowUp};
  auto left = core_.store().InStates(left_states);
  if (!left.ok()) {
    base::Log(base::LogLevel::kWarning, "cannot refresh the status of questions left",
              {{"queue", queue}, {"cause", left.status().ToString()}});
    return;
  }
  for (const Conversation& conversation : *left) {
    if (conversation.queue == queue && core_.hub().HasListeners(conversation.id)) {
      core_.PublishStatus(conversation);
    }
  }
}

void Dispatcher::TellNobodyOnDuty(const std::string& queue, const std::string& id) {
  auto change = core_.Begin(id, "");
  if (!change.ok() || change->conversation.state != ConversationState::kWaiting ||
      change->conversation.queue != queue) {
    return;  // it moved on meanwhile
  }
  std::vector<Event> committed;
  if (base::Status status = core_.Do(
          *change, core_.Notice(change->conversation, "nobody_on_duty", true, ""), committed);
      !status.ok()) {
    base::Log(base::LogLevel::kWarning, "could not tell a waiting customer nobody is on duty",
              {{"conversation", id}, {"queue", queue}, {"cause", status.message()}});
  }
}

void Dispatcher::OfferAlternatives(const WaitingEntry& entry, const std::string& queue) {
  // Once per wait, after a restart too: the notice's client id names the wait's start.
  const std::string client_id = "offer:" + base::FormatTime(entry.queued_at);
  {
    std::lock_guard lock(stats_mutex_);
    if (!told_.insert(entry.conversation_id + client_id).second) {
      return;
    }
  }
  auto change = core_.Begin(entry.conversation_id, client_id);
  if (!change.ok() || change->resent || change->conversation.state != ConversationState::kWaiting ||
      change->conversation.queue != queue) {
    return;
  }
  std::vector<Event> committed;
  if (base::Status status = core_.Do(
          *change, core_.Notice(change->conversation, "long_wait", false, client_id), committed);
      !status.ok()) {
    base::Log(base::LogLevel::kWarning, "could not offer a long-waiting customer alternatives",
              {{"conversation", entry.conversation_id}, {"cause", status.message()}});
  }
}

}  // namespace balie::service
