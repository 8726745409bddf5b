#ifndef BALIE_API_HTTP_API_H_
#define BALIE_API_HTTP_API_H_

// Balie's HTTP and WebSocket API as one net::Application. It owns the route table (docs/api.md
// and docs/staff-api.md), which the route classes fill: CustomerRoutes (the customer API),
// StaffRoutes (the agent and supervisor console) and AdminRoutes (users and queues). Before any
// handler runs, it checks in one place who may call the route (Guard: the customer token, or the
// staff session, its role and its CSRF token, and the origin); it contains what a handler throws,
// adds CORS and security headers, answers /healthz, /readyz and the front end's files, and sends
// WebSocket upgrades to the route class whose stream they open. Errors become HTTP statuses in
// ErrorResponse (http_util.h). Blocking work runs on the worker pool; the I/O threads only parse
// and route. Thread-safe.

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "api/admin_routes.h"
#include "api/conversation_stream.h"
#include "api/customer_limits.h"
#include "api/customer_routes.h"
#include "api/login_guard.h"
#include "api/router.h"
#include "api/shared_limits.h"
#include "api/staff_routes.h"
#include "api/static_files.h"
#include "base/status.h"
#include "base/worker_pool.h"
#include "net/server.h"
#include "service/agent_desk.h"
#include "service/agent_roster.h"
#include "service/audit_trail.h"
#include "service/conversation_hub.h"
#include "service/conversation_service.h"
#include "service/queue_admin.h"
#include "service/queue_board.h"
#include "service/staff_accounts.h"
#include "service/staff_hub.h"

namespace balie::api {

struct ApiOptions {
  StreamOptions stream;
  CustomerLimitOptions customers;
  LoginLimitOptions logins;
  // POST /api/v1/conversations per client address.
  double conversations_per_second = 2;
  double conversation_burst = 30;
  // Origins allowed to call the API from a browser (CORS) and to open its WebSockets. "*" or
  // empty: any (the widget is meant to be embedded on other sites). Staff routes accept only
  // Balie's own origin, whatever this says.
  std::vector<std::string> allowed_origins;
  std::string content_security_policy =
      "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; "
      "img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
  std::chrono::hours session_lifetime{12};
};

// What the API calls; HttpApi gives each route class only the services it uses. All outlive the
// HttpApi.
struct ApiServices {
  service::ConversationService& conversations;
  service::ConversationHub& hub;
  service::AgentDesk& desk;
  service::StaffAccounts& accounts;
  service::StaffHub& staff_hub;
  service::AgentRoster& roster;
  service::QueueBoard& queues;
  service::QueueAdmin& queue_admin;
  const base::Clock& clock;
  service::AuditTrail& audit;
};

class HttpApi final : public net::Application {
 public:
  // `workers` run the handlers; `hashing` (small, with a bounded backlog) checks staff passwords,
  // so that a flood of log-ins cannot take the workers from customers.
  HttpApi(ApiServices services, base::WorkerPool& workers, base::WorkerPool& hashing,
          StaticFiles files, ApiOptions options);

  void HandleHttp(net::HttpRequest request,
                  std::function<void(net::HttpResponse)> respond) override;
  void HandleUpgrade(net::HttpRequest request,
                     std::function<void(net::UpgradeDecision)> decide) override;

  // /readyz answers 200 only while ready: set after recovery, cleared when shutting down.
  void SetReady(bool ready) { ready_ = ready; }
  // And while `check` is ok (the store's Health): otherwise 503 with its message. Set before
  // serving; called on I/O threads, so it must be cheap and never block.
  void SetHealthCheck(std::function<base::Status()> check) { health_check_ = std::move(check); }
  const Router& router() const { return router_; }
  // Shares the customers' and the log-ins' rate limits with the other processes on the database
  // through `shared`, until this object is destroyed (which stops `shared`).
  void ShareLimits(SharedLimits& shared);
  ~HttpApi() override;

 private:
  void AddRoutes();
  // Who may call: the customer token, or the staff session (role, CSRF, origin). Fills
  // request.staff.
  base::Status Guard(const Route& route, Request& request) const;
  // Guard, then the route's handler; a handler that throws (a bug) answers 500 with an incident
  // reference, and is logged. A route that reads customer data records the access first (Record).
  net::HttpResponse Answer(const Route& route, Request& request) const;
  // The same for a route with an async handler.
  void AnswerLater(const Route& route, Request& request, const Respond& respond) const;
  // The `conversation_read` entry of a route that reads customer data; ok for other routes.
  base::Status RecordAccess(const Route& route, const Request& request) const;
  // Adds CORS and security headers.
  void Decorate(const net::HttpRequest& request, net::HttpResponse& response) const;
  bool OriginAllowed(std::string_view origin) const;
  net::HttpResponse GetStatic(const Request& request) const;

  // For Guard.
  service::ConversationService& conversations_;
  service::StaffAccounts& accounts_;
  service::AuditTrail& audit_;
  base::WorkerPool& workers_;
  const StaticFiles files_;
  const ApiOptions options_;
  std::atomic<bool> ready_{false};
  std::function<base::Status()> health_check_;
  CustomerRoutes customer_routes_;
  StaffRoutes staff_routes_;
  AdminRoutes admin_routes_;
  Router router_;
  SharedLimits* shared_limits_ = nullptr;
};

}  // namespace balie::api

#endif  // BALIE_API_HTTP_API_H_
