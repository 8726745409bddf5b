#ifndef BALIE_API_HTTP_API_H_
#define BALIE_API_HTTP_API_H_

// Balie's HTTP and WebSocket API as one net::Application: the route table (docs/api.md), the
// customer token checks, CORS and security headers, rate limits, and the mapping of errors to
// HTTP statuses (ErrorResponse, the one place that decides them). Blocking work runs on the
// worker pool; the I/O threads only parse and route. Thread-safe.

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "api/conversation_stream.h"
#include "api/rate_limiter.h"
#include "api/router.h"
#include "api/static_files.h"
#include "base/status.h"
#include "base/worker_pool.h"
#include "net/server.h"
#include "service/conversation_hub.h"
#include "service/conversation_service.h"

namespace balie::api {

struct ApiOptions {
  StreamOptions stream;
  // POST /api/v1/conversations per client address.
  double conversations_per_second = 2;
  double conversation_burst = 30;
  // Origins allowed to call the API from a browser (CORS) and to open its WebSockets. "*" or
  // empty: any (the widget is meant to be embedded on other sites).
  std::vector<std::string> allowed_origins;
  std::string content_security_policy =
      "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; "
      "img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
};

// An error as an HTTP response: the status for its code and {"error": {"code", "message"}}.
net::HttpResponse ErrorResponse(const base::Status& status);

class HttpApi final : public net::Application {
 public:
  HttpApi(service::ConversationService& service, service::ConversationHub& hub,
          base::WorkerPool& workers, StaticFiles files, ApiOptions options);

  void HandleHttp(net::HttpRequest request,
                  std::function<void(net::HttpResponse)> respond) override;
  void HandleUpgrade(net::HttpRequest request,
                     std::function<void(net::UpgradeDecision)> decide) override;

  // /readyz answers 200 only while ready: set after recovery, cleared when shutting down.
  void SetReady(bool ready) { ready_ = ready; }
  const Router& router() const { return router_; }

 private:
  void AddRoutes();
  // Adds CORS and security headers.
  void Decorate(const net::HttpRequest& request, net::HttpResponse& response) const;
  bool OriginAllowed(std::string_view origin) const;
  // The conversation of {id} if the request carries its customer token.
  base::Status AuthorizeCustomer(const Request& request) const;

  net::HttpResponse StartConversation(const Request& request);
  net::HttpResponse GetStatus(const Request& request);
  net::HttpResponse GetMessages(const Request& request);
  net::HttpResponse PostMessage(const Request& request);
  net::HttpResponse PostChoice(const Request& request);
  net::HttpResponse PostHandoff(const Request& request);
  net::HttpResponse GetCallbackSlots(const Request& request);
  net::HttpResponse GetStatic(const Request& request) const;

  service::ConversationService& service_;
  service::ConversationHub& hub_;
  base::WorkerPool& workers_;
  const StaticFiles files_;
  const ApiOptions options_;
  KeyedRateLimiter conversation_limiter_;
  std::atomic<bool> ready_{false};
  Router router_;
};

}  // namespace balie::api

#endif  // BALIE_API_HTTP_API_H_
