#ifndef BALIE_SERVICE_DISPATCHER_H_
#define BALIE_SERVICE_DISPATCHER_H_

// Who gets which conversation, and the watch over the waits.
//
// Assignment is atomic: every assignment (automatic, an agent taking a conversation by replying,
// a supervisor reassigning) happens under the dispatcher's one lock (Lock), taken before any
// conversation's lock, and checks the agent's capacity and the conversation's state after taking
// them; the store's check of the last event refuses a second writer besides. A thread (Start)
// runs Dispatch whenever the queues or the agents change (ConversationCore's dispatch hook) and
// every second: callbacks that come due, presence that times out, and the waits — open is not
// someone there: customers waiting in a queue open with nobody on duty are told and their
// question is kept, and a wait far past what was told is offered the other ways once.
// Also keeps today's service level per queue (restored from storage at start).
//
// Thread-safe; calls block on storage: call them from workers or its own thread.

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "base/status.h"
#include "model/customer_flag.h"
#include "model/mandate.h"
#include "service/conversation_core.h"

namespace balie::service {

struct DeskOptions {
  std::chrono::seconds service_level_target{60};  // "answered within" for the overview
  int max_callback_attempts = 3;                  // no answer this often: the question is kept
  size_t suggestions = 5;
  size_t earlier_conversations = 10;
  // An open queue with nobody on duty this long (consoles reconnecting after a restart, an agent
  // who steps out for a moment) has its waiting customers told, their questions kept for a reply
  // and other ways offered.
  std::chrono::seconds nobody_on_duty_grace{60};
  // A customer waiting this long, or longer than the wait they were told plus the margin, is
  // offered the alternatives again (once per wait).
  std::chrono::seconds offer_after{std::chrono::minutes{10}};
  std::chrono::seconds offer_margin{std::chrono::minutes{3}};
  // The decisions staff may take for customers and how far each may go alone (issue 12); a
  // request for approval above a mandate expires unanswered after `approval_expiry`.
  model::Mandates mandates;
  std::chrono::seconds approval_expiry{std::chrono::hours{24}};
  // The kinds of flag staff may raise about customers, in the organisation's words.
  model::FlagRules flags;
};

class AuditTrail;

class Dispatcher {
 public:
  Dispatcher(ConversationCore& core, DeskOptions options);
  ~Dispatcher();
  Dispatcher(const Dispatcher&) = delete;
  Dispatcher& operator=(const Dispatcher&) = delete;

  // Where a request for approval that lapses is recorded (before Start; none: not recorded).
  void SetAuditTrail(AuditTrail* audit) { audit_ = audit; }

  // The thread. Stop is idempotent and also called by the destructor.
  void Start();
  void Stop();
  // One round: due callbacks join their line, late ones are told, the waits are watched, and
  // what can be assigned now is; returns the pairs (conversation id, agent id).
  std::vector<std::pair<std::string, std::string>> Dispatch();

  // The lock every assignment is made under, taken before any conversation's lock.
  [[nodiscard]] std::unique_lock<std::mutex> Lock();
  [[nodiscard]] std::unique_lock<std::mutex> Lock(std::defer_lock_t);
  // Assigns `conversation` (loaded, under its lock and Lock()) to `agent`, within their capacity.
  [[nodiscard]] base::Status Assign(model::Conversation& conversation, const std::string& agent,
                                    std::vector<model::Event>& committed,
                                    const std::string& client_id, model::Author by);

  struct DayCount {
    base::TimePoint day;  // the local midnight that began the day counted
    int answered = 0;
    int within_target = 0;
  };
  // Today's waits that ended with an agent in `queue`, and how many within the target.
  DayCount ServiceLevelToday(const QueueConfig& queue, base::TimePoint now) const;
  // Since when `queue`, open by its hours, has had nobody on duty, as this process saw it;
  // nullopt while someone is (or before the first round).
  std::optional<base::TimePoint> NobodyOnDutySince(std::string_view queue) const;
  // Today's counts of CountServiceLevel from the stored queue observations: at the start (after a
  // restart), and every second where several processes share the database (`balie serve`), so
  // that each shows the assignments of all of them. Blocks on a storage read.
  void RestoreServiceLevel();

 private:
  void CountServiceLevel(const model::Conversation& conversation);
  // The start of `time`'s date in the queue's time zone (UTC for a queue that is gone).
  base::TimePoint StartOfDay(const std::string& queue, base::TimePoint time) const;
  void NoteLateCallbacks(base::TimePoint now);
  // Requests for approval past their expiry are recorded as expired and the customer is told
  // (looked for at most once a minute).
  void ExpireApprovals(base::TimePoint now);
  // Customers waiting for nobody: in a queue open with nobody on duty (longer than the grace),
  // they are told and their question is kept for a reply; in a staffed one, a wait well past what
  // they were told gets them offered the alternatives, once. Staffing that changes refreshes
  // the statuses of those whose options it changes.
  void WatchWaits(base::TimePoint now);
  // Sends a fresh status to the watched conversations whose question is kept in `queue`.
  void RefreshLeftQuestions(const std::string& queue);
  // Tells the customer of waiting conversation `id` that nobody serves `queue` any more, and
  // keeps their question for a reply.
  void TellNobodyOnDuty(const std::string& queue, const std::string& id);
  // Offers the alternatives to the customer waiting long in conversation `id` (once per wait).
  void OfferAlternatives(const WaitingEntry& entry, const std::string& queue);
  void Run();
  void Kick();

  ConversationCore& core_;
  const DeskOptions options_;
  AuditTrail* audit_ = nullptr;
  std::mutex mutex_;  // assignments

  mutable std::mutex stats_mutex_;
  std::map<std::string, DayCount, std::less<>> service_level_;
  // Notices told (a callback late, a long wait offered the alternatives) by conversation id and
  // the notice's client id: a cache, the stored notice is what counts.
  std::set<std::string> told_;
  // Per queue open by its hours: since when nobody is on duty (nullopt while someone is).
  std::map<std::string, std::optional<base::TimePoint>, std::less<>> unstaffed_since_;
  base::TimePoint approvals_checked_;

  std::mutex run_mutex_;
  std::condition_variable kicked_;
  bool kick_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace balie::service

#endif  // BALIE_SERVICE_DISPATCHER_H_
