#include "api/http_api.h"

#include <algorithm>
#include <charconv>

#include "api/frames.h"
#include "base/text.h"
#include "base/time_format.h"

namespace balie::api {
namespace {

using nlohmann::json;

net::HttpResponse Json(int status, const json& body) {
  net::HttpResponse response;
  response.status = status;
  response.body = Dump(body);
  return response;
}

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

// The JSON object of a request body; an empty body is {}.
base::Result<json> BodyObject(const Request& request) {
  if (base::Trim(request.http.body).empty()) {
    return json::object();
  }
  json body = json::parse(request.http.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object()) {
    return base::InvalidArgument("the request body must be a JSON object");
  }
  return body;
}

std::string BearerToken(const net::HttpRequest& request) {
  const std::string_view header = request.Header("authorization");
  constexpr std::string_view kBearer = "Bearer ";
  if (header.size() > kBearer.size() &&
      std::equal(kBearer.begin(), kBearer.end(), header.begin(),
                 [](char a, char b) { return std::tolower(a) == std::tolower(b); })) {
    return std::string(base::Trim(header.substr(kBearer.size())));
  }
  return {};
}

std::optional<std::int64_t> NonNegative(std::string_view text) {
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < 0) {
    return std::nullopt;
  }
  return value;
}

json ConversationEvents(const std::vector<model::Event>& events) {
  json list = json::array();
  for (const model::Event& event : events) {
    if (model::VisibleToCustomer(event.kind)) {
      list.push_back(EventJson(event));
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

}  // namespace

net::HttpResponse ErrorResponse(const base::Status& status) {
  net::HttpResponse response =
      Json(HttpStatus(status.code()),
           {{"error", {{"code", ErrorCodeName(status.code())}, {"message", status.message()}}}});
  if (status.code() == base::StatusCode::kUnauthenticated) {
    response.headers.emplace_back("WWW-Authenticate", "Bearer");
  }
  return response;
}

HttpApi::HttpApi(service::ConversationService& service, service::ConversationHub& hub,
                 base::WorkerPool& workers, StaticFiles files, ApiOptions options)
    : service_(service),
      hub_(hub),
      workers_(workers),
      files_(std::move(files)),
      options_(std::move(options)),
      conversation_limiter_(options_.conversations_per_second, options_.conversation_burst) {
  AddRoutes();
}

void HttpApi::AddRoutes() {
  auto bind = [this](net::HttpResponse (HttpApi::*method)(const Request&)) {
    return [this, method](const Request& request) { return (this->*method)(request); };
  };
  router_.Add({"GET", "/healthz", Access::kPublic, true,
               [](const Request&) {
                 return Json(200, {{"status", "ok"}});
               },
               "liveness"});
  router_.Add({"GET", "/readyz", Access::kPublic, true,
               [this](const Request&) {
                 return ready_ ? Json(200, {{"status", "ready"}})
                               : ErrorResponse(
                                     base::Unavailable("not ready: starting or shutting down"));
               },
               "readiness"});
  router_.Add({"POST", "/api/v1/conversations", Access::kPublic, false,
               bind(&HttpApi::StartConversation), "start a conversation"});
  router_.Add({"GET", "/api/v1/conversations/{id}", Access::kCustomer, false,
               bind(&HttpApi::GetStatus), "conversation status"});
  router_.Add({"GET", "/api/v1/conversations/{id}/messages", Access::kCustomer, false,
               bind(&HttpApi::GetMessages), "conversation history"});
  router_.Add({"POST", "/api/v1/conversations/{id}/messages", Access::kCustomer, false,
               bind(&HttpApi::PostMessage), "send a customer message"});
  router_.Add({"POST", "/api/v1/conversations/{id}/choice", Access::kCustomer, false,
               bind(&HttpApi::PostChoice), "choose how to go on"});
  router_.Add({"POST", "/api/v1/conversations/{id}/handoff", Access::kCustomer, false,
               bind(&HttpApi::PostHandoff), "ask for a person"});
  router_.Add({"GET", "/api/v1/conversations/{id}/callback-slots", Access::kCustomer, false,
               bind(&HttpApi::GetCallbackSlots), "callback times"});
  router_.Add({"GET", "/*", Access::kPublic, true,
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
    if (!origin.empty() && OriginAllowed(origin)) {
      headers.emplace_back("Access-Control-Allow-Origin", std::string(origin));
      headers.emplace_back("Vary", "Origin");
    }
  }
}

void HttpApi::HandleHttp(net::HttpRequest http, std::function<void(net::HttpResponse)> respond) {
  auto finish = [this, respond](const net::HttpRequest& request, net::HttpResponse response) {
    Decorate(request, response);
    respond(std::move(response));
  };
  // CORS preflight for the API.
  if (http.method == "OPTIONS" && http.target.starts_with("/api/")) {
    net::HttpResponse response;
    response.status = OriginAllowed(http.Header("origin")) ? 204 : 403;
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
    return finish(http, route->handler(*parsed));
  }
  if (workers_.backlog() > options_.stream.max_worker_backlog) {
    return finish(http, ErrorResponse(base::Unavailable("Balie is very busy; try again shortly")));
  }
  auto request = std::make_shared<Request>(std::move(*parsed));
  const bool posted =
      workers_.Post([route, request, finish] { finish(request->http, route->handler(*request)); });
  if (!posted) {
    finish(http, ErrorResponse(base::Unavailable("Balie is shutting down; try again shortly")));
  }
}

void HttpApi::HandleUpgrade(net::HttpRequest http,
                            std::function<void(net::UpgradeDecision)> decide) {
  std::optional<Request> parsed = ParseTarget(http);
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
  const bool posted = workers_.Post([this, id, token, after, decide] {
    auto conversation = service_.Authorize(id, token);
    if (!conversation.ok()) {
      return decide(ErrorResponse(conversation.status()));
    }
    decide(net::AcceptWebSocket([this, id, after](std::shared_ptr<net::WebSocketConnection> c) {
      auto stream = std::make_shared<ConversationStream>(std::move(c), id, after, service_, hub_,
                                                         workers_, options_.stream);
      stream->Begin();
      return stream;
    }));
  });
  if (!posted) {
    decide(ErrorResponse(base::Unavailable("Balie is shutting down; reconnect shortly")));
  }
}

base::Status HttpApi::AuthorizeCustomer(const Request& request) const {
  const std::string token = BearerToken(request.http);
  if (token.empty()) {
    return base::Unauthenticated(
        "this endpoint needs the conversation's token: Authorization: Bearer TOKEN");
  }
  return service_.Authorize(request.Param("id"), token).status();
}

net::HttpResponse HttpApi::StartConversation(const Request& request) {
  std::chrono::milliseconds retry_after{0};
  if (!conversation_limiter_.Take(request.http.remote_address, std::chrono::steady_clock::now(),
                                  retry_after)) {
    net::HttpResponse response = ErrorResponse(
        base::ResourceExhausted("too many new conversations from this address; try again later"));
    response.headers.emplace_back(
        "Retry-After", std::to_string(std::max<long>(1, (retry_after.count() + 999) / 1000)));
    return response;
  }
  auto body = BodyObject(request);
  if (!body.ok()) {
    return ErrorResponse(body.status());
  }
  model::Language language = model::Language::kDutch;
  if (auto found = body->find("language"); found != body->end() && !found->is_null()) {
    const auto parsed =
        found->is_string() ? model::ParseLanguage(found->get<std::string>()) : std::nullopt;
    if (!parsed) {
      return ErrorResponse(base::InvalidArgument("language must be \"nl\" or \"en\""));
    }
    language = *parsed;
  }
  auto started = service_.Start(language);
  if (!started.ok()) {
    return ErrorResponse(started.status());
  }
  const std::string& id = started->conversation.id;
  return Json(201, {{"id", id},
                    {"token", started->token},
                    {"language", model::LanguageCode(language)},
                    {"stream", "/api/v1/conversations/" + id + "/stream"}});
}

net::HttpResponse HttpApi::GetStatus(const Request& request) {
  if (base::Status status = AuthorizeCustomer(request); !status.ok()) {
    return ErrorResponse(status);
  }
  auto status = service_.Status(request.Param("id"));
  return status.ok() ? Json(200, StatusJson(*status)) : ErrorResponse(status.status());
}

net::HttpResponse HttpApi::GetMessages(const Request& request) {
  if (base::Status status = AuthorizeCustomer(request); !status.ok()) {
    return ErrorResponse(status);
  }
  std::int64_t after = 0;
  std::int64_t limit = static_cast<std::int64_t>(service_.options().max_history_page);
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
  limit = std::clamp<std::int64_t>(limit, 1,
                                   static_cast<std::int64_t>(service_.options().max_history_page));
  auto events = service_.History(request.Param("id"), after, static_cast<size_t>(limit) + 1);
  if (!events.ok()) {
    return ErrorResponse(events.status());
  }
  const bool more = events->size() > static_cast<size_t>(limit);
  if (more) {
    events->resize(static_cast<size_t>(limit));
  }
  return Json(200, {{"events", ConversationEvents(*events)}, {"more", more}});
}

net::HttpResponse HttpApi::PostMessage(const Request& request) {
  if (base::Status status = AuthorizeCustomer(request); !status.ok()) {
    return ErrorResponse(status);
  }
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
  auto outcome =
      service_.PostMessage(request.Param("id"), {frame.client_id, frame.text, frame.article_id});
  if (!outcome.ok()) {
    return ErrorResponse(outcome.status());
  }
  return Json(outcome->receipt.duplicate ? 200 : 201,
              {{"receipt", ReceiptJson(outcome->receipt)},
               {"events", ConversationEvents(outcome->events)},
               {"status", StatusJson(outcome->status)}});
}

net::HttpResponse HttpApi::PostChoice(const Request& request) {
  if (base::Status status = AuthorizeCustomer(request); !status.ok()) {
    return ErrorResponse(status);
  }
  auto body = BodyObject(request);
  if (!body.ok()) {
    return ErrorResponse(body.status());
  }
  auto decoded = DecodeChoice(*body);
  if (const auto* error = std::get_if<FrameError>(&decoded)) {
    return ErrorResponse(base::InvalidArgument(error->message));
  }
  const ClientFrame& frame = std::get<ClientFrame>(decoded);
  auto outcome = service_.Choose(
      request.Param("id"), {frame.client_id, frame.option, frame.slot, frame.phone, frame.name});
  if (!outcome.ok()) {
    return ErrorResponse(outcome.status());
  }
  return Json(
      200, {{"receipt", ReceiptJson(outcome->receipt)}, {"status", StatusJson(outcome->status)}});
}

net::HttpResponse HttpApi::PostHandoff(const Request& request) {
  if (base::Status status = AuthorizeCustomer(request); !status.ok()) {
    return ErrorResponse(status);
  }
  auto body = BodyObject(request);
  if (!body.ok()) {
    return ErrorResponse(body.status());
  }
  const auto client_id = body->find("client_id");
  if (client_id == body->end() || !client_id->is_string()) {
    return ErrorResponse(base::InvalidArgument("client_id is missing"));
  }
  auto outcome = service_.RequestPerson(request.Param("id"), client_id->get<std::string>());
  if (!outcome.ok()) {
    return ErrorResponse(outcome.status());
  }
  return Json(
      200, {{"receipt", ReceiptJson(outcome->receipt)}, {"status", StatusJson(outcome->status)}});
}

net::HttpResponse HttpApi::GetCallbackSlots(const Request& request) {
  if (base::Status status = AuthorizeCustomer(request); !status.ok()) {
    return ErrorResponse(status);
  }
  auto slots = service_.CallbackSlots(request.Param("id"));
  if (!slots.ok()) {
    return ErrorResponse(slots.status());
  }
  json list = json::array();
  for (const routing::Interval& slot : *slots) {
    list.push_back({{"start", base::FormatTime(slot.start)}, {"end", base::FormatTime(slot.end)}});
  }
  return Json(200, {{"slots", std::move(list)}});
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
