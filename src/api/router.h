#ifndef BALIE_API_ROUTER_H_
#define BALIE_API_ROUTER_H_

// The route table: which handler answers which method and path, and who may call it. One table
// shows the whole HTTP API (HttpApi builds it); tests walk it to prove every protected route
// refuses callers without the right credentials. Immutable once built; thread-safe to read.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/staff.h"
#include "net/server.h"
#include "service/staff_accounts.h"

namespace balie::api {

// Who may call a route.
enum class Access {
  kPublic,    // anyone (health, starting a conversation, the front end)
  kCustomer,  // the conversation's customer token
  kStaff,     // a logged-in member of staff
};

// A request with what the route pattern and query string held.
struct Request {
  net::HttpRequest http;
  std::string path;                                        // percent-decoded, without the query
  std::map<std::string, std::string, std::less<>> params;  // from "{name}" segments
  std::map<std::string, std::string, std::less<>> query;   // percent-decoded

  // The logged-in member of staff, on kStaff routes (checked before the handler runs).
  std::optional<service::Authenticated> staff;

  std::string_view Query(std::string_view name) const;
  std::string_view Param(std::string_view name) const;
};

using Handler = std::function<net::HttpResponse(const Request&)>;
// A handler that answers later (from another pool): calls `respond` exactly once.
using Respond = std::function<void(net::HttpResponse)>;
using AsyncHandler = std::function<void(const Request&, Respond respond)>;

struct Route {
  std::string method;   // "GET", "POST", …
  std::string pattern;  // "/api/v1/conversations/{id}/messages"; "/*" matches any path
  Access access = Access::kPublic;
  model::Role role = model::Role::kAgent;  // the least role, on kStaff routes
  // Answered on the I/O thread (cheap and never blocking: health, static files) rather than on
  // the worker pool.
  bool inline_answer = false;
  Handler handler;
  std::string summary;  // for docs and test names
  // Instead of `handler`, for work that waits elsewhere (log-in).
  AsyncHandler async_handler = nullptr;
  // The route shows staff a customer's data (kStaff, with the conversation's id as "{id}"): every
  // answer 2xx is recorded first in the audit trail as a `conversation_read` entry (HttpApi), and
  // a call whose entry cannot be written is refused.
  bool reads_customer_data = false;
};

// Splits a target into a decoded path and query parameters; nullopt for malformed
// percent-encoding.
std::optional<Request> ParseTarget(const net::HttpRequest& http);

class Router {
 public:
  void Add(Route route);
  // The route for the request's method and path, with its parameters filled in; nullptr when
  // none matches. `path_exists` tells a wrong method (405) from an unknown path (404).
  const Route* Match(Request& request, bool& path_exists) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace balie::api

#endif  // BALIE_API_ROUTER_H_
