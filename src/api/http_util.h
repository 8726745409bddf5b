#ifndef BALIE_API_HTTP_UTIL_H_
#define BALIE_API_HTTP_UTIL_H_

// What the route classes (CustomerRoutes, StaffRoutes, AdminRoutes) and HttpApi share: the one
// mapping of errors to HTTP statuses, reading request bodies, building responses, and adding a
// route class's handlers to the table. Stateless.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/router.h"
#include "base/status.h"
#include "model/staff.h"
#include "net/server.h"
#include "routing/office_hours.h"

namespace balie::api {

// An error as an HTTP response: the status for its code and {"error": {"code", "message"}}. The
// one place that decides HTTP statuses for errors.
net::HttpResponse ErrorResponse(const base::Status& status);

// ErrorResponse with Retry-After (whole seconds, at least 1): a limit was reached.
net::HttpResponse TooMany(const base::Status& status, std::chrono::milliseconds retry_after);

net::HttpResponse JsonResponse(int status, const nlohmann::json& body);

// {"slots": [{"start", "end"}, …]}: callback slots, for customers and staff alike.
nlohmann::json SlotsJson(const std::vector<routing::Interval>& slots);

// The JSON object of a request body; an empty body is {}.
base::Result<nlohmann::json> BodyObject(const Request& request);

// A string field of a body: nullopt when absent; kInvalidArgument when present and not a string.
base::Result<std::optional<std::string>> OptionalString(const nlohmann::json& body,
                                                        const char* name);
// A required string field.
base::Result<std::string> RequiredString(const nlohmann::json& body, const char* name);

// The body of `request` decoded by `decode` (a decoder of staff_requests.h), or the 400 that says
// what is wrong with it.
template <typename Decode>
auto Decoded(const Request& request, Decode decode) -> decltype(decode(nlohmann::json())) {
  auto body = BodyObject(request);
  if (!body.ok()) return body.status();
  return decode(*body);
}

std::optional<std::int64_t> NonNegative(std::string_view text);

// The value of one cookie of the request, or "".
std::string CookieValue(const net::HttpRequest& request, std::string_view name);

// "Bearer TOKEN" from the Authorization header, or "".
std::string BearerToken(const net::HttpRequest& request);

// Constant-time comparison of two secrets.
bool SecretsEqual(std::string_view a, std::string_view b);

// Whether the request's Origin (if any) is this server itself.
bool SameOrigin(const net::HttpRequest& request);

// Adds the routes of one route class, each answered by a member function of `routes`, to the
// table. Who may call a route (its Access and role) is checked by HttpApi's Guard before the
// member function runs; handlers run on the worker pool.
template <typename Routes>
class RouteAdder {
 public:
  using Method = net::HttpResponse (Routes::*)(const Request&);

  RouteAdder(Router& router, Routes& routes) : router_(router), routes_(routes) {}

  // Anyone may call.
  void Public(std::string method, std::string pattern, Method handler, std::string summary) {
    Add({std::move(method), std::move(pattern), Access::kPublic, model::Role::kAgent, false,
         Bind(handler), std::move(summary)});
  }
  // A logged-in member of staff with at least `role`.
  void Staff(std::string method, std::string pattern, model::Role role, Method handler,
             std::string summary) {
    Add({std::move(method), std::move(pattern), Access::kStaff, role, false, Bind(handler),
         std::move(summary)});
  }
  // The same, for a route that shows staff a customer's conversation ("{id}"): each call that
  // answers is a `conversation_read` entry in the audit trail (Route::reads_customer_data).
  void StaffReadingCustomerData(std::string method, std::string pattern, model::Role role,
                                Method handler, std::string summary) {
    Route route;
    route.method = std::move(method);
    route.pattern = std::move(pattern);
    route.access = Access::kStaff;
    route.role = role;
    route.handler = Bind(handler);
    route.summary = std::move(summary);
    route.reads_customer_data = true;
    Add(std::move(route));
  }
  void Add(Route route) { router_.Add(std::move(route)); }
  // `handler` called on the route class.
  Handler Bind(Method handler) const {
    return [routes = &routes_, handler](const Request& request) {
      return (routes->*handler)(request);
    };
  }

 private:
  Router& router_;
  Routes& routes_;
};

}  // namespace balie::api

#endif  // BALIE_API_HTTP_UTIL_H_
