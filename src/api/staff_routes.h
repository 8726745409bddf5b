#ifndef BALIE_API_STAFF_ROUTES_H_
#define BALIE_API_STAFF_ROUTES_H_

// The agent and supervisor console's API (docs/staff-api.md): log-in and log-out, who am I, a
// conversation with its context, knowledge suggestions, reply, note, transfer, resolve, callback
// slots, booking and outcome, reassignment, knowledge flags, the overview, colleagues and their
// presence, and the console's WebSocket (StaffStream). Owns the limits on log-ins (LoginGuard);
// passwords are checked on a pool of their own. HttpApi checks the session, the role and the CSRF
// token (Guard) before a handler runs, and the origin before OpenStream. Thread-safe.

#include <chrono>
#include <functional>
#include <string>

#include "api/login_guard.h"
#include "api/router.h"
#include "api/staff_stream.h"
#include "base/worker_pool.h"
#include "net/server.h"

namespace balie::api {

class StaffRoutes {
 public:
  // All outlive the StaffRoutes. `workers` run the consoles' streams' work; `hashing` (small,
  // with a bounded backlog) checks passwords, so that a flood of log-ins cannot take the workers
  // from customers. A log-in's session cookie lives `session_lifetime`.
  StaffRoutes(StaffServices services, base::WorkerPool& workers, base::WorkerPool& hashing,
              const LoginLimitOptions& logins, std::chrono::hours session_lifetime);

  StaffRoutes(const StaffRoutes&) = delete;
  StaffRoutes& operator=(const StaffRoutes&) = delete;

  // Adds the staff routes to `router`; they refer to this object.
  void AddTo(Router& router);
  // Shares the limits on log-ins with the other processes (SharedLimits).
  void ShareLimits(SharedLimits& shared) { login_guard_.ShareLimits(shared); }

  // Opens a console's WebSocket (GET /api/v1/staff/stream) once its session cookie is checked on
  // a worker.
  void OpenStream(const net::HttpRequest& http, std::function<void(net::UpgradeDecision)> decide);

 private:
  // Writes an audit entry (log-in, failed log-in, lock-out, log-out); a failure is logged.
  void Record(const service::AuditRecord& record);
  void Login(const Request& request, Respond respond);
  net::HttpResponse FinishLogin(const std::string& name, const std::string& password,
                                const std::string& address, bool secure_cookie);
  net::HttpResponse Logout(const Request& request);
  net::HttpResponse Me(const Request& request);
  net::HttpResponse Conversation(const Request& request);
  net::HttpResponse Suggestions(const Request& request);
  net::HttpResponse Reply(const Request& request);
  net::HttpResponse AddNote(const Request& request);
  net::HttpResponse Transfer(const Request& request);
  net::HttpResponse Resolve(const Request& request);
  net::HttpResponse CallbackSlots(const Request& request);
  net::HttpResponse BookCallback(const Request& request);
  net::HttpResponse CallbackOutcome(const Request& request);
  net::HttpResponse Assign(const Request& request);
  net::HttpResponse AddFlag(const Request& request);
  net::HttpResponse ListFlags(const Request& request);
  net::HttpResponse GetOverview(const Request& request);
  net::HttpResponse ListAgents(const Request& request);
  net::HttpResponse RecordDecision(const Request& request);
  net::HttpResponse ListApprovals(const Request& request);
  net::HttpResponse AnswerApproval(const Request& request);
  net::HttpResponse DecisionReport(const Request& request);
  net::HttpResponse RaiseFlag(const Request& request);
  net::HttpResponse ListCustomerFlags(const Request& request);
  net::HttpResponse ChangeFlag(const Request& request);
  net::HttpResponse ContestFlag(const Request& request);
  net::HttpResponse ReviewContest(const Request& request);
  net::HttpResponse ListContests(const Request& request);
  // A staff id's display name, for flags (empty where unknown).
  std::string NameOf(const std::string& staff_id) const;
  // A flag about a customer as the staff API sends it, with the names of who acted on it.
  nlohmann::json FlagOut(const model::CustomerFlag& flag) const;
  // {"flag": …} with `code`, or the error of `flag`.
  net::HttpResponse FlagResponse(int code, const base::Result<model::CustomerFlag>& flag) const;

  const StaffServices services_;
  base::WorkerPool& workers_;
  base::WorkerPool& hashing_;
  const std::chrono::hours session_lifetime_;
  LoginGuard login_guard_;
};

}  // namespace balie::api

#endif  // BALIE_API_STAFF_ROUTES_H_
