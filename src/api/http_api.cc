#include "api/http_api.h"

#include <algorithm>

#include "api/frames.h"
#include "api/http_util.h"
#include "api/staff_stream.h"
#include "base/barrier.h"
#include "base/time_format.h"

namespace balie::api {
namespace {

using nlohmann::json;

std::string_view ErrorCodeName(base::StatusCode code) {
  switch (code) {
    case base::StatusCode::kInvalidArgument:
      return "bad_request";
    case base::StatusCode::kUnauthenticated:
      return "unauthorized";
    case base::StatusCode::kPermissionDenied:
      return "forbidden";
    case base::StatusCode::kNotFound:
      return "not_found";
    case base::StatusCode::kAlreadyExists:
    case base::StatusCode::kFailedPrecondition:
      return "conflict";
    case base::StatusCode::kResourceExhausted:
      return "rate_limited";
    case base::StatusCode::kUnavailable:
      return "unavailable";
    default:
      return "internal";
  }
}

int HttpStatus(base::StatusCode code) {
  switch (code) {
    case base::StatusCode::kOk:
      return 200;
    case base::StatusCode::kInvalidArgument:
      return 400;
    case base::StatusCode::kUnauthenticated:
      return 401;
    case base::StatusCode::kPermissionDenied:
      return 403;
    case base::StatusCode::kNotFound:
      return 404;
    case base::StatusCode::kAlreadyExists:
    case base::StatusCode::kFailedPrecondition:
      return 409;
    case base::StatusCode::kResourceExhausted:
      return 429;
    case base::StatusCode::kUnavailable:
      return 503;
    case base::StatusCode::kInternal:
      return 500;
  }
  return 500;
}

json ConversationEvents(const std::vector<model::Event>& events) {
  json list = json::array();
  for (const model::Event& event : events) {
    if (auto object = CustomerEventJson(event)) {
      list.push_back(std::move(*object));
    }
  }
  return list;
}

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

net::HttpResponse ErrorResponse(const base::Status& status) {
  net::HttpResponse response = JsonResponse(
      HttpStatus(status.code()),
      {{"error", {{"code", ErrorCodeName(status.code())}, {"message", status.message()}}}});
  if (status.code() == base::StatusCode::kUnauthenticated) {
    response.headers.emplace_back("WWW-Authenticate", "Bearer");
  }
  return response;
}

HttpApi::HttpApi(ApiServices services, base::WorkerPool& workers, base::WorkerPool& hashing,
                 StaticFiles files, ApiOptions options)
    : services_(services),
      workers_(workers),
      hashing_(hashing),
      files_(std::move(files)),
      options_(std::move(options)),
      conversation_limiter_(options_.conversations_per_second, options_.conversation_burst),
      customer_limits_(options_.customers, services_.clock),
      login_guard_(options_.logins, services_.clock) {
  AddRoutes();
}

void HttpApi::PublicAsync(std::string method, std::string pattern, AsyncMethod handler,
                          std::string summary) {
  Route route{std::move(method), std::move(pattern), Access::kPublic, model::Role::kAgent, false,
              nullptr,           std::move(summary)};
  route.async_handler = [this, handler](const Request& request, Respond respond) {
    (this->*handler)(request, std::move(respond));
  };
  router_.Add(std::move(route));
}

net::HttpResponse HttpApi::TooMany(const base::Status& status,
                                   std::chrono::milliseconds retry_after) {
  net::HttpResponse response = ErrorResponse(status);
  response.headers.emplace_back(
      "Retry-After", std::to_string(std::max<long>(1, (retry_after.count() + 999) / 1000)));
  return response;
}

std::optional<net::HttpResponse> HttpApi::LimitCustomer(const Request& request, bool booking) {
  std::chrono::milliseconds retry_after{0};
  base::Status allowed = customer_limits_.TakeAction(request.Param("id"), retry_after);
  if (allowed.ok() && booking) {
    allowed =
        customer_limits_.TakeBooking(request.Param("id"), request.http.remote_address, retry_after);
  }
  if (allowed.ok()) {
    return std::nullopt;
  }
  return TooMany(allowed, retry_after);
}

void HttpApi::Public(std::string method, std::string pattern, Method handler, std::string summary) {
  router_.Add({std::move(method), std::move(pattern), Access::kPublic, model::Role::kAgent, false,
               [this, handler](const Request& request) { return (this->*handler)(request); },
               std::move(summary)});
}

void HttpApi::Customer(std::string method, std::string pattern, Method handler,
                       std::string summary) {
  // Reads have a limit of their own per conversation (changes count theirs in the handler).
  const bool read = method == "GET";
  router_.Add({std::move(method), std::move(pattern), Access::kCustomer, model::Role::kAgent, false,
               [this, handler, read](const Request& request) {
                 std::chrono::milliseconds retry_after{0};
                 if (base::Status allowed =
                         read ? customer_limits_.TakeRead(request.Param("id"), retry_after)
                              : base::Status::Ok();
                     !allowed.ok()) {
                   return TooMany(allowed, retry_after);
                 }
                 return (this->*handler)(request);
               },
               std::move(summary)});
}

void HttpApi::Staff(std::string method, std::string pattern, model::Role role, Method handler,
                    std::string summary) {
  router_.Add({std::move(method), std::move(pattern), Access::kStaff, role, false,
               [this, handler](const Request& request) { return (this->*handler)(request); },
               std::move(summary)});
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
  Public("POST", "/api/v1/conversations", &HttpApi::StartConversation, "start a conversation");
  Public("GET", "/api/v1/availability", &HttpApi::GetAvailability, "availability per queue");
  Customer("GET", "/api/v1/conversations/{id}", &HttpApi::GetStatus, "conversation status");
  Customer("GET", "/api/v1/conversations/{id}/messages", &HttpApi::GetMessages, "history");
  Customer("POST", "/api/v1/conversations/{id}/messages", &HttpApi::PostMessage,
           "send a customer message");
  Customer("POST", "/api/v1/conversations/{id}/choice", &HttpApi::PostChoice,
           "choose how to go on");
  Customer("POST", "/api/v1/conversations/{id}/handoff", &HttpApi::PostHandoff, "ask for a person");
  Customer("GET", "/api/v1/conversations/{id}/callback-slots", &HttpApi::GetCallbackSlots,
           "callback times");
  Customer("GET", "/api/v1/conversations/{id}/advisor", &HttpApi::GetAdvisor,
           "the personal advisor's status");
  AddStaffRoutes();
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

bool HttpApi::SameOrigin(const net::HttpRequest& request) {
  const std::string_view origin = request.Header("origin");
  if (origin.empty()) {
    return true;  // not a browser's cross-site request
  }
  const std::string_view host = request.Header("host");
  const size_t scheme = origin.find("://");
  return scheme != std::string_view::npos && !host.empty() && origin.substr(scheme + 3) == host;
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
      return services_.conversations.Authorize(request.Param("id"), token).status();
    }
    case Access::kStaff: {
      if (!SameOrigin(request.http)) {
        return base::PermissionDenied("staff requests must come from Balie's own pages");
      }
      auto staff = services_.accounts.Authenticate(CookieValue(request.http, "balie_session"));
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
      });
  return handled.ok() ? response : ErrorResponse(handled);
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
    return UpgradeStaff(std::move(http), std::move(decide));
  }
  const std::string id = parsed ? StreamConversation(parsed->path) : std::string();
  if (id.empty()) {
    return decide(ErrorResponse(
        base::NotFound("WebSockets are at /api/v1/conversations/{id}/stream?token=TOKEN")));
  }
  const std::string_view origin = http.Header("origin");
  if (!origin.empty() && !OriginAllowed(origin)) {
    return decide(ErrorResponse(base::PermissionDenied("this origin may not open a stream")));
  }
  std::int64_t after = 0;
  if (const std::string_view text = parsed->Query("after"); !text.empty()) {
    const auto value = NonNegative(text);
    if (!value) {
      return decide(
          ErrorResponse(base::InvalidArgument("after must be a non-negative event number")));
    }
    after = *value;
  }
  std::string token(parsed->Query("token"));
  const bool posted =
      workers_.Post([this, id, token, after, decide, address = http.remote_address] {
        auto conversation = services_.conversations.Authorize(id, token);
        if (!conversation.ok()) {
          return decide(ErrorResponse(conversation.status()));
        }
        std::shared_ptr<void> place = customer_limits_.OpenStream(id);
        if (!place) {
          return decide(ErrorResponse(base::ResourceExhausted(
              "this conversation has " +
              std::to_string(options_.customers.max_streams_per_conversation) +
              " streams open already, the most it may: close one (another tab or device) first")));
        }
        decide(net::AcceptWebSocket(
            [this, id, after, address, place](std::shared_ptr<net::WebSocketConnection> c) {
              auto stream = std::make_shared<ConversationStream>(
                  std::move(c), id, after, address, place,
                  StreamServices{services_.conversations, services_.hub, workers_, customer_limits_,
                                 services_.clock},
                  options_.stream);
              stream->Begin();
              return stream;
            }));
      });
  if (!posted) {
    decide(ErrorResponse(base::Unavailable("Balie is shutting down; reconnect shortly")));
  }
}

net::HttpResponse HttpApi::StartConversation(const Request& request) {
  std::chrono::milliseconds retry_after{0};
  if (!conversation_limiter_.Take(request.http.remote_address, services_.clock.Now(),
                                  retry_after)) {
    return TooMany(
        base::ResourceExhausted("too many new conversations from this address; try again later"),
        retry_after);
  }
  auto body = BodyObject(request);
  if (!body.ok()) {
    return ErrorResponse(body.status());
  }
  model::Language language = model::Language::kDutch;
  auto language_code = OptionalString(*body, "language");
  auto customer = OptionalString(*body, "customer");
  if (!language_code.ok() || !customer.ok()) {
    return ErrorResponse(!language_code.ok() ? language_code.status() : customer.status());
  }
  if (language_code->has_value()) {
    const auto parsed = model::ParseLanguage(**language_code);
    if (!parsed) {
      return ErrorResponse(base::InvalidArgument("language must be \"nl\" or \"en\""));
    }
    language = *parsed;
  }
  auto started = services_.conversations.Start(language, customer->value_or(""));
  if (!started.ok()) {
    return ErrorResponse(started.status());
  }
  const std::string& id = started->conversation.id;
  return JsonResponse(201, {{"id", id},
                            {"token", started->token},
                            {"language", model::LanguageCode(language)},
                            {"stream", "/api/v1/conversations/" + id + "/stream"},
                            {"advisor", !started->conversation.advisor.empty()}});
}

net::HttpResponse HttpApi::GetStatus(const Request& request) {
  auto status = services_.conversations.Status(request.Param("id"));
  return status.ok() ? JsonResponse(200, StatusJson(*status)) : ErrorResponse(status.status());
}

net::HttpResponse HttpApi::GetMessages(const Request& request) {
  const size_t page = services_.conversations.options().max_history_page;
  std::int64_t after = 0;
  std::int64_t limit = static_cast<std::int64_t>(page);
  for (auto [name, target] : {std::pair{"after", &after}, std::pair{"limit", &limit}}) {
    if (const std::string_view text = request.Query(name); !text.empty()) {
      const auto value = NonNegative(text);
      if (!value) {
        return ErrorResponse(
            base::InvalidArgument(std::string(name) + " must be a non-negative number"));
      }
      *target = *value;
    }
  }
  limit = std::clamp<std::int64_t>(limit, 1, static_cast<std::int64_t>(page));
  auto history =
      services_.conversations.Page(request.Param("id"), after, static_cast<size_t>(limit));
  if (!history.ok()) {
    return ErrorResponse(history.status());
  }
  return JsonResponse(200,
                      {{"events", ConversationEvents(history->events)}, {"more", history->more}});
}

net::HttpResponse HttpApi::PostMessage(const Request& request) {
  auto body = BodyObject(request);
  if (!body.ok()) {
    return ErrorResponse(body.status());
  }
  (*body)["type"] = "message";
  auto decoded = DecodeClientFrame(Dump(*body));
  if (const auto* error = std::get_if<FrameError>(&decoded)) {
    return ErrorResponse(base::InvalidArgument(error->message));
  }
  const ClientFrame& frame = std::get<ClientFrame>(decoded);
  if (auto refused = LimitCustomer(request, /*booking=*/false)) {
    return *refused;
  }
  auto outcome = services_.conversations.PostMessage(
      request.Param("id"), {frame.client_id, frame.text, frame.article_id});
  if (!outcome.ok()) {
    return ErrorResponse(outcome.status());
  }
  return JsonResponse(outcome->receipt.duplicate ? 200 : 201,
                      {{"receipt", ReceiptJson(outcome->receipt)},
                       {"events", ConversationEvents(outcome->events)},
                       {"status", StatusJson(outcome->status)}});
}

net::HttpResponse HttpApi::PostChoice(const Request& request) {
  auto body = BodyObject(request);
  if (!body.ok()) {
    return ErrorResponse(body.status());
  }
  auto decoded = DecodeChoice(*body);
  if (const auto* error = std::get_if<FrameError>(&decoded)) {
    return ErrorResponse(base::InvalidArgument(error->message));
  }
  const ClientFrame& frame = std::get<ClientFrame>(decoded);
  const bool booking = frame.option == service::ChoiceOption::kCallback;
  if (auto refused = LimitCustomer(request, booking)) {
    return *refused;
  }
  auto outcome = services_.conversations.Choose(
      request.Param("id"),
      {frame.client_id, frame.option, frame.slot, frame.phone, frame.name, frame.with_advisor});
  if (!outcome.ok()) {
    if (booking) {
      customer_limits_.RefundBooking(request.Param("id"), request.http.remote_address);
    }
    return ErrorResponse(outcome.status());
  }
  return JsonResponse(
      200, {{"receipt", ReceiptJson(outcome->receipt)}, {"status", StatusJson(outcome->status)}});
}

net::HttpResponse HttpApi::PostHandoff(const Request& request) {
  auto body = BodyObject(request);
  if (!body.ok()) {
    return ErrorResponse(body.status());
  }
  (*body)["type"] = "handoff";
  auto decoded = DecodeClientFrame(Dump(*body));
  if (const auto* error = std::get_if<FrameError>(&decoded)) {
    return ErrorResponse(base::InvalidArgument(error->message));
  }
  const ClientFrame& frame = std::get<ClientFrame>(decoded);
  if (auto refused = LimitCustomer(request, /*booking=*/false)) {
    return *refused;
  }
  auto outcome =
      services_.conversations.RequestPerson(request.Param("id"), frame.client_id, frame.to_advisor);
  if (!outcome.ok()) {
    return ErrorResponse(outcome.status());
  }
  return JsonResponse(
      200, {{"receipt", ReceiptJson(outcome->receipt)}, {"status", StatusJson(outcome->status)}});
}

net::HttpResponse HttpApi::GetCallbackSlots(const Request& request) {
  auto slots = services_.conversations.CallbackSlots(request.Param("id"));
  if (!slots.ok()) {
    return ErrorResponse(slots.status());
  }
  json list = json::array();
  for (const routing::Interval& slot : *slots) {
    list.push_back({{"start", base::FormatTime(slot.start)}, {"end", base::FormatTime(slot.end)}});
  }
  return JsonResponse(200, {{"slots", std::move(list)}});
}

net::HttpResponse HttpApi::GetAdvisor(const Request& request) {
  auto advisor = services_.conversations.Advisor(request.Param("id"));
  return advisor.ok() ? JsonResponse(200, AdvisorJson(*advisor)) : ErrorResponse(advisor.status());
}

net::HttpResponse HttpApi::GetAvailability(const Request& request) {
  const auto language = model::ParseLanguage(request.Query("language"));
  json queues = json::array();
  for (const service::Availability& queue :
       services_.desk.GetAvailability(language.value_or(model::Language::kDutch))) {
    auto time_or_null = [](const std::optional<base::TimePoint>& time) {
      return time ? json(base::FormatTime(*time)) : json(nullptr);
    };
    queues.push_back(
        {{"id", queue.id},
         {"name", queue.name},
         {"time_zone", queue.time_zone},
         {"open", queue.open},
         {"staffed", queue.staffed},
         {"opens_at", time_or_null(queue.opens_at)},
         {"closes_at", time_or_null(queue.closes_at)},
         {"staffed_from", time_or_null(queue.staffed_from)},
         {"agents_on_duty", queue.agents_on_duty},
         {"estimated_wait_seconds",
          queue.estimated_wait ? json(queue.estimated_wait->count()) : json(nullptr)}});
  }
  return JsonResponse(200, {{"queues", std::move(queues)}});
}

net::HttpResponse HttpApi::GetStatic(const Request& request) {
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
