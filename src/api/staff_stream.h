#ifndef BALIE_API_STAFF_STREAM_H_
#define BALIE_API_STAFF_STREAM_H_

// One agent's console WebSocket (docs/staff-api.md): keeps the agent's presence (connected,
// heartbeats, their chosen state), sends the inbox, presence and — for supervisors — the
// overview whenever they may have changed (one refresh at a time), the events of the
// conversations the console watches, assignments and the customer's typing.
//
// The stream ends (a close frame, 4401 or 4403: docs/staff-api.md) as soon as its session does:
// at log-out of that session, when the account is disabled or gets a new password, and — so that
// the console reconnects with them — when the member's role or queues change (all through
// StaffHub). It also asks whether its session is still valid on every heartbeat and before every
// inbox it sends, which catches changes made by another process and sessions that expired.
//
// A conversation is watched, and typed into, only while the agent may see it (AgentDesk::MaySee):
// checked on a worker when the watch begins, and again after every event that can move the
// conversation out of the agent's sight (a transfer, an assignment, a hand-off, a choice); until
// a check has answered, the watch holds its events back. A watch the agent may not (or no
// longer) see ends with an `error` frame `forbidden` that names the conversation.
//
// Threads: OnMessage/OnClose come from the connection's strand; the hub callbacks from any
// thread. Everything sent is queued on the connection, which is thread-safe.

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "api/rate_limiter.h"
#include "base/clock.h"
#include "base/worker_pool.h"
#include "net/server.h"
#include "service/agent_desk.h"
#include "service/agent_roster.h"
#include "service/audit_trail.h"
#include "service/conversation_hub.h"
#include "service/staff_accounts.h"
#include "service/staff_hub.h"

namespace balie::api {

// What the staff side (StaffRoutes and each console's StaffStream) calls. All outlive both.
struct StaffServices {
  service::ConversationHub& hub;
  service::AgentDesk& desk;
  service::StaffAccounts& accounts;
  service::StaffHub& staff_hub;
  service::AgentRoster& roster;
  const base::Clock& clock;
  service::AuditTrail& audit;  // log-ins, failed log-ins, lock-outs, log-outs
};

class StaffStream final : public net::WebSocketHandler,
                          public service::StaffListener,
                          public std::enable_shared_from_this<StaffStream> {
 public:
  // `session`: the key of the session that opened it (service::Authenticated::session).
  StaffStream(std::shared_ptr<net::WebSocketConnection> connection, model::StaffMember member,
              std::string session, StaffServices services, base::WorkerPool& workers);
  ~StaffStream() override;

  // Marks the agent connected, subscribes, and sends the first inbox; call once.
  void Begin();

  void OnMessage(std::string_view message) override;
  void OnTooLarge(size_t size) override;
  void OnClose() override;

  void OnChanged() override;
  void OnAssigned(const std::string& agent_id, const std::string& conversation_id) override;
  void OnCustomerTyping(const std::string& conversation_id) override;
  void OnSessionsEnded(const service::SessionsEnded& ended) override;

  // The close codes (docs/staff-api.md).
  static constexpr std::uint16_t kSessionEnded = 4401;   // log in again
  static constexpr std::uint16_t kRightsChanged = 4403;  // reconnect: the rights are new

 private:
  // A console's frames per second (bursts twice as many): far above what a person does.
  static constexpr double kFramesPerSecond = 20;
  // OnMessage without the exception barrier and the frame limit.
  void Receive(std::string_view message);
  class Watch;
  // Queues a frame, unless the stream has ended.
  void Send(std::string frame);
  // Ends the stream: no more frames, no more watches, and a close frame. Idempotent.
  void End(std::uint16_t code, std::string reason);
  // Ends the stream when its session is no longer valid; false then. On a worker.
  bool Revalidate();
  void Refresh();
  void Unwatch(const std::string& conversation_id);
  void BeginWatch(const std::string& conversation_id, std::optional<std::int64_t> after);
  // Reads on a worker what the watch's conversation stored after its last event delivered.
  void CatchUp(const std::shared_ptr<Watch>& watch);
  // Asks on a worker whether the agent may see the watch's conversation; then lets its events
  // through, or ends it.
  void Check(const std::shared_ptr<Watch>& watch);
  // Ends `watch` (if it is still the one for its conversation) and tells the console why.
  void EndWatch(const std::shared_ptr<Watch>& watch, std::string_view code,
                std::string_view message);

  const std::shared_ptr<net::WebSocketConnection> connection_;
  const model::StaffMember member_;
  const std::string session_;
  const StaffServices services_;
  base::WorkerPool& workers_;

  std::atomic<bool> ended_{false};
  std::atomic<bool> revalidating_{false};  // a heartbeat's check is queued or running
  TokenBucket frames_{kFramesPerSecond, 2 * kFramesPerSecond};  // used on the I/O strand only
  std::atomic<bool> refresh_pending_{false};
  std::atomic<bool> refresh_again_{false};
  std::mutex mutex_;
  std::string last_presence_;
  std::map<std::string, std::shared_ptr<Watch>> watches_;
  bool closed_ = false;
};

}  // namespace balie::api

#endif  // BALIE_API_STAFF_STREAM_H_
