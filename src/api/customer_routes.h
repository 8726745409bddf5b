#ifndef BALIE_API_CUSTOMER_ROUTES_H_
#define BALIE_API_CUSTOMER_ROUTES_H_

// The customer API (docs/api.md): starting a conversation, its status and history, messages,
// choices, asking for a person, callback slots, the personal advisor, availability per queue, and
// the conversation's WebSocket. Owns the limits on what one customer may do (new conversations
// per address, CustomerLimits per conversation and address). HttpApi checks the conversation's
// token (Guard) before a handler runs, and the origin before OpenStream. Handlers run on the
// worker pool. Thread-safe.

#include <functional>
#include <optional>
#include <string>

#include "api/conversation_stream.h"
#include "api/customer_limits.h"
#include "api/rate_limiter.h"
#include "api/router.h"
#include "api/shared_limits.h"
#include "base/clock.h"
#include "base/worker_pool.h"
#include "net/server.h"
#include "service/agent_desk.h"
#include "service/conversation_hub.h"
#include "service/conversation_service.h"

namespace balie::api {

struct CustomerRouteOptions {
  StreamOptions stream;
  CustomerLimitOptions limits;
  // POST /api/v1/conversations per client address.
  double conversations_per_second = 2;
  double conversation_burst = 30;
};

class CustomerRoutes {
 public:
  // All outlive the CustomerRoutes. `desk` answers the availability per queue; `workers` run
  // the streams' work.
  CustomerRoutes(service::ConversationService& conversations, service::ConversationHub& hub,
                 service::AgentDesk& desk, const base::Clock& clock, base::WorkerPool& workers,
                 CustomerRouteOptions options);

  CustomerRoutes(const CustomerRoutes&) = delete;
  CustomerRoutes& operator=(const CustomerRoutes&) = delete;

  // Adds the customer routes to `router`; they refer to this object.
  void AddTo(Router& router);
  // Shares the limits per address and per conversation with the other processes (SharedLimits).
  void ShareLimits(SharedLimits& shared);

  // Opens the WebSocket of conversation `id` (GET /api/v1/conversations/{id}/stream?token=…
  // &after=N) once the token is checked on a worker, if the conversation has room for another
  // stream.
  void OpenStream(const Request& request, std::string id,
                  std::function<void(net::UpgradeDecision)> decide);

 private:
  using Method = net::HttpResponse (CustomerRoutes::*)(const Request&);
  // A route that needs the conversation's token; reads count against their own limit.
  void Customer(Router& router, std::string method, std::string pattern, Method handler,
                std::string summary);
  // The customer's action limit (and booking limit, for a callback choice) for a request to
  // conversation {id}: an error response, or nullopt when the request may go on.
  std::optional<net::HttpResponse> LimitCustomer(const Request& request, bool booking);

  net::HttpResponse StartConversation(const Request& request);
  net::HttpResponse GetStatus(const Request& request);
  net::HttpResponse GetMessages(const Request& request);
  net::HttpResponse PostMessage(const Request& request);
  net::HttpResponse PostChoice(const Request& request);
  net::HttpResponse PostHandoff(const Request& request);
  net::HttpResponse GetCallbackSlots(const Request& request);
  net::HttpResponse GetAdvisor(const Request& request);
  net::HttpResponse GetAvailability(const Request& request);

  service::ConversationService& conversations_;
  service::ConversationHub& hub_;
  service::AgentDesk& desk_;
  const base::Clock& clock_;
  base::WorkerPool& workers_;
  const CustomerRouteOptions options_;
  KeyedRateLimiter conversation_limiter_;
  CustomerLimits limits_;
};

}  // namespace balie::api

#endif  // BALIE_API_CUSTOMER_ROUTES_H_
