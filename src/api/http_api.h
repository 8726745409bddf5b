#ifndef BALIE_API_HTTP_API_H_
#define BALIE_API_HTTP_API_H_

// Balie's HTTP and WebSocket API as one net::Application: the route table (docs/api.md and
// docs/staff-api.md), who may call each route (checked in one place, Guard, before any handler
// runs: the customer token, or the staff session, its role and its CSRF token), CORS and security
// headers, rate limits, and the mapping of errors to HTTP statuses (ErrorResponse, the one place
// that decides them). Blocking work runs on the worker pool; the I/O threads only parse and
// route. Thread-safe.

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "api/conversation_stream.h"
#include "api/customer_limits.h"
#include "api/login_guard.h"
#include "api/rate_limiter.h"
#include "api/router.h"
#include "api/static_files.h"
#include "base/status.h"
#include "base/worker_pool.h"
#include "net/server.h"
#include "service/agent_desk.h"
#include "service/conversation_hub.h"
#include "service/conversation_service.h"
#include "service/queue_admin.h"
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

// What the API calls. All outlive the HttpApi.
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
};

// An error as an HTTP response: the status for its code and {"error": {"code", "message"}}.
net::HttpResponse ErrorResponse(const base::Status& status);

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

 private:
  using Method = net::HttpResponse (HttpApi::*)(const Request&);
  using AsyncMethod = void (HttpApi::*)(const Request&, Respond);
  void AddRoutes();
  void AddStaffRoutes();
  void Public(std::string method, std::string pattern, Method handler, std::string summary);
  void PublicAsync(std::string method, std::string pattern, AsyncMethod handler,
                   std::string summary);
  void Customer(std::string method, std::string pattern, Method handler, std::string summary);
  void Staff(std::string method, std::string pattern, model::Role role, Method handler,
             std::string summary);
  // Who may call: the customer token, or the staff session (role, CSRF, origin). Fills
  // request.staff.
  base::Status Guard(const Route& route, Request& request) const;
  // Guard, then the route's handler; a handler that throws (a bug) answers 500 with an incident
  // reference, and is logged.
  net::HttpResponse Answer(const Route& route, Request& request) const;
  // The same for a route with an async handler.
  void AnswerLater(const Route& route, Request& request, const Respond& respond) const;
  // 429 with Retry-After.
  static net::HttpResponse TooMany(const base::Status& status,
                                   std::chrono::milliseconds retry_after);
  // The customer's action limit (and booking limit, for a callback choice) for a request to
  // conversation {id}: an error response, or nullopt when the request may go on.
  std::optional<net::HttpResponse> LimitCustomer(const Request& request, bool booking);
  // Adds CORS and security headers.
  void Decorate(const net::HttpRequest& request, net::HttpResponse& response) const;
  bool OriginAllowed(std::string_view origin) const;
  // Whether the request's Origin (if any) is this server itself.
  static bool SameOrigin(const net::HttpRequest& request);

  // Customer routes (http_api.cc).
  net::HttpResponse StartConversation(const Request& request);
  net::HttpResponse GetStatus(const Request& request);
  net::HttpResponse GetMessages(const Request& request);
  net::HttpResponse PostMessage(const Request& request);
  net::HttpResponse PostChoice(const Request& request);
  net::HttpResponse PostHandoff(const Request& request);
  net::HttpResponse GetCallbackSlots(const Request& request);
  net::HttpResponse GetAdvisor(const Request& request);
  net::HttpResponse GetAvailability(const Request& request);
  net::HttpResponse GetStatic(const Request& request);

  // Staff routes (staff_routes.cc).
  void Login(const Request& request, Respond respond);
  net::HttpResponse FinishLogin(const std::string& name, const std::string& password,
                                const std::string& address, bool secure_cookie);
  net::HttpResponse Logout(const Request& request);
  net::HttpResponse Me(const Request& request);
  net::HttpResponse StaffConversation(const Request& request);
  net::HttpResponse Suggestions(const Request& request);
  net::HttpResponse Reply(const Request& request);
  net::HttpResponse AddNote(const Request& request);
  net::HttpResponse Transfer(const Request& request);
  net::HttpResponse Resolve(const Request& request);
  net::HttpResponse StaffCallbackSlots(const Request& request);
  net::HttpResponse StaffBookCallback(const Request& request);
  net::HttpResponse CallbackOutcome(const Request& request);
  net::HttpResponse Assign(const Request& request);
  net::HttpResponse AddFlag(const Request& request);
  net::HttpResponse ListFlags(const Request& request);
  net::HttpResponse GetOverview(const Request& request);
  net::HttpResponse ListAgents(const Request& request);
  net::HttpResponse ListUsers(const Request& request);
  net::HttpResponse AddUser(const Request& request);
  net::HttpResponse ChangeUser(const Request& request);
  net::HttpResponse ListQueues(const Request& request);
  net::HttpResponse ChangeQueue(const Request& request);
  void UpgradeStaff(net::HttpRequest http, std::function<void(net::UpgradeDecision)> decide);

  ApiServices services_;
  base::WorkerPool& workers_;
  base::WorkerPool& hashing_;
  const StaticFiles files_;
  const ApiOptions options_;
  KeyedRateLimiter conversation_limiter_;
  CustomerLimits customer_limits_;
  LoginGuard login_guard_;
  std::atomic<bool> ready_{false};
  std::function<base::Status()> health_check_;
  Router router_;
};

}  // namespace balie::api

#endif  // BALIE_API_HTTP_API_H_
