#include "api/http_api.h"

#include <algorithm>

#include "api/http_util.h"
#include "base/barrier.h"
#include "base/log.h"

namespace balie::api {
namespace {

// "/api/v1/conversations/{id}/stream" -> id; empty when the path is something else.
std::string StreamConversation(std::string_view path) {
  constexpr std::string_view kPrefix = "/api/v1/conversations/";
  constexpr std::string_view kSuffix = "/stream";
  if (path.size() <= kPrefix.size() + kSuffix.size() || !path.starts_with(kPrefix) ||
      !path.ends_with(kSuffix)) {
    return {};
  }
  std::string_view id = path.substr(kPrefix.size(), path.size() - kPrefix.size() - kSuffix.size());
  return id.find('/') == std::string_view::npos ? std::string(id) : std::string();
}

bool Changes(const std::string& method) { return method != "GET" && method != "HEAD"; }

}  // namespace

HttpApi::HttpApi(ApiServices services, base::WorkerPool& workers, base::WorkerPool& hashing,
                 StaticFiles files, ApiOptions options)
    : conversations_(services.conversations),
      accounts_(services.accounts),
      audit_(services.audit),
      workers_(workers),
      files_(std::move(files)),
      options_(std::move(options)),
      customer_routes_(services.conversations, services.hub, services.desk, services.clock, workers,
                       {options_.stream, options_.customers, options_.conversations_per_second,
                        options_.conversation_burst}),
      staff_routes_({services.hub, services.desk, services.accounts, services.staff_hub,
                     services.roster, services.clock, services.audit},
                    workers, hashing, options_.logins, options_.session_lifetime),
      admin_routes_(services.accounts, services.queues, services.queue_admin, services.staff_hub,
                    services.audit) {
  AddRoutes();
}

HttpApi::~HttpApi() {
  if (shared_limits_ != nullptr) {
    shared_limits_->Stop();
  }
}

void HttpApi::ShareLimits(SharedLimits& shared) {
  shared_limits_ = &shared;
  customer_routes_.ShareLimits(shared);
  staff_routes_.ShareLimits(shared);
}

void HttpApi::AddRoutes() {
  router_.Add({"GET", "/healthz", Access::kPublic, model::Role::kAgent, true,
               [](const Request&) {
                 return JsonResponse(200, {{"status", "ok"}});
               },
               "liveness"});
  router_.Add({"GET", "/readyz", Access::kPublic, model::Role::kAgent, true,
               [this](const Request&) {
                 if (!ready_) {
                   return ErrorResponse(base::Unavailable("not ready: starting or shutting down"));
                 }
                 if (health_check_) {
                   if (base::Status health = health_check_(); !health.ok()) {
                     return ErrorResponse(base::Unavailable("not ready: " + health.message()));
                   }
                 }
                 return JsonResponse(200, {{"status", "ready"}});
               },
               "readiness"});
  customer_routes_.AddTo(router_);
  staff_routes_.AddTo(router_);
  admin_routes_.AddTo(router_);
  router_.Add({"GET", "/*", Access::kPublic, model::Role::kAgent, true,
               [this](const Request& request) { return GetStatic(request); }, "front end"});
}

bool HttpApi::OriginAllowed(std::string_view origin) const {
  if (options_.allowed_origins.empty()) {
    return true;
  }
  return std::any_of(
      options_.allowed_origins.begin(), options_.allowed_origins.end(),
      [origin](const std::string& allowed) { return allowed == "*" || allowed == origin; });
}

void HttpApi::Decorate(const net::HttpRequest& request, net::HttpResponse& response) const {
  auto& headers = response.headers;
  headers.emplace_back("X-Content-Type-Options", "nosniff");
  headers.emplace_back("Referrer-Policy", "no-referrer");
  if (response.content_type.starts_with("text/html")) {
    headers.emplace_back("Content-Security-Policy", options_.content_security_policy);
    headers.emplace_back("X-Frame-Options", "DENY");
  }
  if (request.target.starts_with("/api/")) {
    headers.emplace_back("Cache-Control", "no-store");
    const std::string_view origin = request.Header("origin");
    if (!origin.empty() && !request.target.starts_with("/api/v1/staff/") && OriginAllowed(origin)) {
      headers.emplace_back("Access-Control-Allow-Origin", std::string(origin));
      headers.emplace_back("Vary", "Origin");
    }
  }
}

base::Status HttpApi::Guard(const Route& route, Request& request) const {
  switch (route.access) {
    case Access::kPublic:
      return base::Status::Ok();
    case Access::kCustomer: {
      const std::string token = BearerToken(request.http);
      if (token.empty()) {
        return base::Unauthenticated(
            "this endpoint needs the conversation's token: Authorization: Bearer TOKEN");
      }
      return conversations_.Authorize(request.Param("id"), token).status();
    }
    case Access::kStaff: {
      if (!SameOrigin(request.http)) {
        return base::PermissionDenied("staff requests must come from Balie's own pages");
      }
      auto staff = accounts_.Authenticate(CookieValue(request.http, "balie_session"));
      if (!staff.ok()) {
        return staff.status();
      }
      if (!model::RoleAtLeast(staff->member.role, route.role)) {
        return base::PermissionDenied("this needs the role " +
                                      std::string(model::RoleName(route.role)) + " or higher");
      }
      if (Changes(request.http.method) &&
          !SecretsEqual(request.http.Header("x-csrf-token"), staff->csrf)) {
        return base::PermissionDenied(
            "the X-CSRF-Token header is missing or wrong (it comes with the log-in and "
            "GET /api/v1/staff/me)");
      }
      request.staff = std::move(staff).value();
      return base::Status::Ok();
    }
  }
  return base::Internal("unknown access");
}

void HttpApi::HandleHttp(net::HttpRequest http, std::function<void(net::HttpResponse)> respond) {
  auto finish = [this, respond](const net::HttpRequest& request, net::HttpResponse response) {
    Decorate(request, response);
    respond(std::move(response));
  };
  // CORS preflight for the customer API (the staff API is same-origin only).
  if (http.method == "OPTIONS" && http.target.starts_with("/api/")) {
    net::HttpResponse response;
    response.status =
        OriginAllowed(http.Header("origin")) && !http.target.starts_with("/api/v1/staff/") ? 204
                                                                                           : 403;
    response.content_type = "text/plain";
    response.headers = {{"Access-Control-Allow-Methods", "GET, POST, OPTIONS"},
                        {"Access-Control-Allow-Headers", "Authorization, Content-Type"},
                        {"Access-Control-Max-Age", "600"}};
    return finish(http, std::move(response));
  }
  std::optional<Request> parsed = ParseTarget(http);
  if (!parsed) {
    return finish(http, ErrorResponse(base::InvalidArgument("the request target is malformed")));
  }
  bool path_exists = false;
  const Route* route = router_.Match(*parsed, path_exists);
  if (route == nullptr) {
    net::HttpResponse response =
        path_exists ? ErrorResponse(base::InvalidArgument("method not allowed here"))
                    : ErrorResponse(base::NotFound("no such page or endpoint: " + parsed->path));
    if (path_exists) {
      response.status = 405;
    }
    return finish(http, std::move(response));
  }
  if (route->inline_answer) {
    return finish(http, Answer(*route, *parsed));
  }
  if (workers_.backlog() > options_.stream.max_worker_backlog) {
    return finish(http, ErrorResponse(base::Unavailable("Balie is very busy; try again shortly")));
  }
  auto request = std::make_shared<Request>(std::move(*parsed));
  const bool posted = workers_.Post([this, route, request, finish] {
    if (route->async_handler) {
      return AnswerLater(*route, *request, [request, finish](net::HttpResponse response) {
        finish(request->http, std::move(response));
      });
    }
    finish(request->http, Answer(*route, *request));
  });
  if (!posted) {
    finish(http, ErrorResponse(base::Unavailable("Balie is shutting down; try again shortly")));
  }
}

net::HttpResponse HttpApi::Answer(const Route& route, Request& request) const {
  net::HttpResponse response;
  const base::Status handled = base::Contain(
      "a route failed",
      {{"route", route.method + " " + route.pattern}, {"id", request.Param("id")}}, [&] {
        const base::Status allowed = Guard(route, request);
        response = allowed.ok() ? route.handler(request) : ErrorResponse(allowed);
        if (allowed.ok() && response.status >= 200 && response.status < 300) {
          if (const base::Status recorded = RecordAccess(route, request); !recorded.ok()) {
            // What was read is not shown unless the access is on record.
            response = ErrorResponse(recorded);
          }
        }
      });
  return handled.ok() ? response : ErrorResponse(handled);
}

base::Status HttpApi::RecordAccess(const Route& route, const Request& request) const {
  if (!route.reads_customer_data || !request.staff) {
    return base::Status::Ok();
  }
  auto recorded = audit_.Record({.actor = request.staff->member.id,
                                 .action = model::AuditAction::kConversationRead,
                                 .conversation_id = std::string(request.Param("id")),
                                 .customer_ref = "",
                                 .details = {{"route", route.method + " " + route.pattern}}});
  if (!recorded.ok()) {
    base::Log(base::LogLevel::kError, "a staff read was refused: its audit entry was not written",
              {{"route", route.method + " " + route.pattern},
               {"conversation", std::string(request.Param("id"))},
               {"staff", request.staff->member.id},
               {"error", recorded.status().message()}});
    return base::Unavailable(
        "this could not be recorded in the audit trail, so it is not shown; try again shortly");
  }
  return base::Status::Ok();
}

void HttpApi::AnswerLater(const Route& route, Request& request, const Respond& respond) const {
  const base::Status handled =
      base::Contain("a route failed", {{"route", route.method + " " + route.pattern}}, [&] {
        if (const base::Status allowed = Guard(route, request); !allowed.ok()) {
          return respond(ErrorResponse(allowed));
        }
        route.async_handler(request, respond);
      });
  if (!handled.ok()) {
    respond(ErrorResponse(handled));  // the net layer keeps only the first answer
  }
}

void HttpApi::HandleUpgrade(net::HttpRequest http,
                            std::function<void(net::UpgradeDecision)> decide) {
  std::optional<Request> parsed = ParseTarget(http);
  if (parsed && parsed->path == "/api/v1/staff/stream") {
    if (!SameOrigin(http)) {
      return decide(ErrorResponse(base::PermissionDenied("the console opens its stream itself")));
    }
    return staff_routes_.OpenStream(http, std::move(decide));
  }
  std::string id = parsed ? StreamConversation(parsed->path) : std::string();
  if (id.empty()) {
    return decide(ErrorResponse(
        base::NotFound("WebSockets are at /api/v1/conversations/{id}/stream?token=TOKEN")));
  }
  const std::string_view origin = http.Header("origin");
  if (!origin.empty() && !OriginAllowed(origin)) {
    return decide(ErrorResponse(base::PermissionDenied("this origin may not open a stream")));
  }
  customer_routes_.OpenStream(*parsed, std::move(id), std::move(decide));
}

net::HttpResponse HttpApi::GetStatic(const Request& request) const {
  const StaticFile* file = files_.Find(request.path);
  if (file == nullptr || request.path.find("..") != std::string::npos) {
    return ErrorResponse(base::NotFound("no such page: " + request.path));
  }
  net::HttpResponse response;
  response.content_type = file->content_type;
  response.body = file->body;
  response.headers.emplace_back("Cache-Control", "no-cache");
  return response;
}

}  // namespace balie::api
