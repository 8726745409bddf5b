// HttpApi's staff routes (docs/staff-api.md): log-in, conversations and their actions, knowledge
// flags, the overview, and the administration of users and queues. Guard (http_api.cc) has
// checked the session, the role and the CSRF token before any of these runs.

#include <algorithm>

#include "api/frames.h"
#include "api/http_api.h"
#include "api/http_util.h"
#include "api/staff_json.h"
#include "api/staff_requests.h"
#include "api/staff_stream.h"
#include "base/barrier.h"
#include "base/log.h"
#include "base/time_format.h"

namespace balie::api {
namespace {

using model::Role;
using nlohmann::json;

// A string that must be there (client ids, texts): the error is a 400.
#define BALIE_REQUIRE(var, body, name)            \
  auto var##_result = RequiredString(body, name); \
  if (!var##_result.ok()) {                       \
    return ErrorResponse(var##_result.status());  \
  }                                               \
  const std::string var = std::move(var##_result).value()

bool IsLoopback(std::string_view host) {
  const size_t colon = host.rfind(':');
  std::string_view name = host;
  if (colon != std::string_view::npos && host.find(']') == std::string_view::npos) {
    name = host.substr(0, colon);
  } else if (host.starts_with("[")) {
    name = host.substr(0, host.find(']') + 1);
  }
  return name == "localhost" || name == "127.0.0.1" || name == "[::1]";
}

std::string SessionCookie(const std::string& value, long max_age, bool secure) {
  return "balie_session=" + value +
         "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age) +
         (secure ? "; Secure" : "");
}

// The body of `request` decoded by `decode`, or the 400 that says what is wrong with it.
template <typename Decode>
auto Decoded(const Request& request, Decode decode) -> decltype(decode(nlohmann::json())) {
  auto body = BodyObject(request);
  if (!body.ok()) return body.status();
  return decode(*body);
}

}  // namespace

void HttpApi::AddStaffRoutes() {
  PublicAsync("POST", "/api/v1/staff/login", &HttpApi::Login, "staff log-in");
  Staff("POST", "/api/v1/staff/logout", Role::kAgent, &HttpApi::Logout, "staff log-out");
  Staff("GET", "/api/v1/staff/me", Role::kAgent, &HttpApi::Me, "who am I");
  Staff("GET", "/api/v1/staff/conversations/{id}", Role::kAgent, &HttpApi::StaffConversation,
        "a conversation with its context");
  Staff("GET", "/api/v1/staff/suggestions", Role::kAgent, &HttpApi::Suggestions,
        "knowledge suggestions");
  Staff("POST", "/api/v1/staff/conversations/{id}/reply", Role::kAgent, &HttpApi::Reply, "reply");
  Staff("POST", "/api/v1/staff/conversations/{id}/notes", Role::kAgent, &HttpApi::AddNote,
        "internal note");
  Staff("POST", "/api/v1/staff/conversations/{id}/transfer", Role::kAgent, &HttpApi::Transfer,
        "transfer");
  Staff("POST", "/api/v1/staff/conversations/{id}/resolve", Role::kAgent, &HttpApi::Resolve,
        "resolve");
  Staff("GET", "/api/v1/staff/conversations/{id}/callback-slots", Role::kAgent,
        &HttpApi::StaffCallbackSlots, "callback slots");
  Staff("POST", "/api/v1/staff/conversations/{id}/callback", Role::kAgent,
        &HttpApi::StaffBookCallback, "book a callback");
  Staff("POST", "/api/v1/staff/conversations/{id}/callback-outcome", Role::kAgent,
        &HttpApi::CallbackOutcome, "callback outcome");
  Staff("POST", "/api/v1/staff/conversations/{id}/assign", Role::kSupervisor, &HttpApi::Assign,
        "reassign");
  Staff("POST", "/api/v1/staff/knowledge-flags", Role::kAgent, &HttpApi::AddFlag,
        "flag an article");
  Staff("GET", "/api/v1/staff/knowledge-flags", Role::kSupervisor, &HttpApi::ListFlags,
        "knowledge flags");
  Staff("GET", "/api/v1/staff/overview", Role::kSupervisor, &HttpApi::GetOverview, "overview");
  Staff("GET", "/api/v1/staff/agents", Role::kAgent, &HttpApi::ListAgents,
        "colleagues and their presence");
  Staff("GET", "/api/v1/staff/users", Role::kAdmin, &HttpApi::ListUsers, "users");
  Staff("POST", "/api/v1/staff/users", Role::kAdmin, &HttpApi::AddUser, "add a user");
  Staff("POST", "/api/v1/staff/users/{id}", Role::kAdmin, &HttpApi::ChangeUser, "change a user");
  Staff("GET", "/api/v1/staff/queues", Role::kAdmin, &HttpApi::ListQueues, "queues");
  Staff("POST", "/api/v1/staff/queues/{id}", Role::kAdmin, &HttpApi::ChangeQueue, "change a queue");
}

void HttpApi::Login(const Request& request, Respond respond) {
  if (!SameOrigin(request.http)) {
    return respond(ErrorResponse(base::PermissionDenied("log in on Balie's own page")));
  }
  auto body = BodyObject(request);
  if (!body.ok()) {
    return respond(ErrorResponse(body.status()));
  }
  auto name = RequiredString(*body, "name");
  auto password = RequiredString(*body, "password");
  if (!name.ok() || !password.ok()) {
    return respond(ErrorResponse(!name.ok() ? name.status() : password.status()));
  }
  const std::string& address = request.http.remote_address;
  const LoginGuard::Verdict verdict = login_guard_.Check(*name, address);
  if (!verdict.allowed) {
    return respond(
        TooMany(base::ResourceExhausted("too many wrong passwords from here; wait and try again"),
                verdict.retry_after));
  }
  // The password is checked on the hashing pool (after the account's slow-down, if any), so that
  // log-ins never hold the workers that answer customers.
  const bool secure_cookie = !IsLoopback(request.http.Header("host"));
  const bool queued = hashing_.PostAfter(
      verdict.delay, [this, name = *name, password = *password, address, secure_cookie, respond] {
        net::HttpResponse response;
        const base::Status handled =
            base::Contain("a log-in failed", {{"route", "POST /api/v1/staff/login"}},
                          [&] { response = FinishLogin(name, password, address, secure_cookie); });
        respond(handled.ok() ? std::move(response) : ErrorResponse(handled));
      });
  if (!queued) {
    respond(TooMany(base::Unavailable("too many log-ins at once; try again in a few seconds"),
                    std::chrono::seconds(5)));
  }
}

net::HttpResponse HttpApi::FinishLogin(const std::string& name, const std::string& password,
                                       const std::string& address, bool secure_cookie) {
  auto logged_in = services_.accounts.Login(name, password);
  if (!logged_in.ok()) {
    if (logged_in.status().code() == base::StatusCode::kUnauthenticated) {
      login_guard_.Failed(name);
    }
    return ErrorResponse(logged_in.status());
  }
  login_guard_.Succeeded(name, address);
  net::HttpResponse response =
      JsonResponse(200, {{"staff", StaffJson(logged_in->member)}, {"csrf", logged_in->csrf}});
  const long max_age =
      std::chrono::duration_cast<std::chrono::seconds>(options_.session_lifetime).count();
  response.headers.emplace_back("Set-Cookie",
                                SessionCookie(logged_in->session_token, max_age, secure_cookie));
  return response;
}

net::HttpResponse HttpApi::Logout(const Request& request) {
  (void)services_.accounts.Logout(CookieValue(request.http, "balie_session"));
  net::HttpResponse response;
  response.status = 204;
  response.content_type = "text/plain";
  response.headers.emplace_back("Set-Cookie",
                                SessionCookie("", 0, !IsLoopback(request.http.Header("host"))));
  return response;
}

net::HttpResponse HttpApi::Me(const Request& request) {
  const auto& me = request.staff->member;
  json presence = nullptr;
  if (auto view = services_.roster.Agent(me.id)) {
    presence = PresenceJson(*view);
  }
  return JsonResponse(
      200, {{"staff", StaffJson(me)}, {"csrf", request.staff->csrf}, {"presence", presence}});
}

net::HttpResponse HttpApi::StaffConversation(const Request& request) {
  // Opening one's own assigned conversation is when the customer hears that a person helps.
  if (base::Status opened = services_.desk.Opened(request.staff->member, request.Param("id"));
      !opened.ok() && opened.code() != base::StatusCode::kNotFound) {
    base::Log(base::LogLevel::kWarning, "could not tell the customer that the agent started",
              {{"conversation", std::string(request.Param("id"))},
               {"staff", request.staff->member.id},
               {"error", opened.message()}});
  }
  auto view = services_.desk.Open(request.staff->member, request.Param("id"));
  if (!view.ok()) {
    return ErrorResponse(view.status());
  }
  const base::TimePoint now = services_.clock.Now();
  json events = json::array();
  for (const model::Event& event : view->events) {
    events.push_back(StaffEventJson(event));
  }
  json earlier = json::array();
  for (const auto& item : view->earlier) {
    earlier.push_back(ItemJson(item, now));
  }
  json suggestions = json::array();
  for (const auto& suggestion : view->suggestions) {
    suggestions.push_back(SuggestionJson(suggestion));
  }
  return JsonResponse(200, {{"conversation", ItemJson(view->item, now)},
                            {"events", std::move(events)},
                            {"earlier", std::move(earlier)},
                            {"suggestions", std::move(suggestions)}});
}

net::HttpResponse HttpApi::Suggestions(const Request& request) {
  json suggestions = json::array();
  for (const auto& suggestion : services_.desk.Suggest(request.Query("q"))) {
    suggestions.push_back(SuggestionJson(suggestion));
  }
  return JsonResponse(200, {{"suggestions", std::move(suggestions)}});
}

net::HttpResponse HttpApi::Reply(const Request& request) {
  auto body = Decoded(request, DecodeTextBody);
  if (!body.ok()) return ErrorResponse(body.status());
  auto event =
      services_.desk.Reply(request.staff->member, request.Param("id"), body->client_id, body->text);
  return event.ok() ? JsonResponse(201, {{"event", StaffEventJson(*event)}})
                    : ErrorResponse(event.status());
}

net::HttpResponse HttpApi::AddNote(const Request& request) {
  auto body = Decoded(request, DecodeTextBody);
  if (!body.ok()) return ErrorResponse(body.status());
  auto event =
      services_.desk.Note(request.staff->member, request.Param("id"), body->client_id, body->text);
  return event.ok() ? JsonResponse(201, {{"event", StaffEventJson(*event)}})
                    : ErrorResponse(event.status());
}

net::HttpResponse HttpApi::Transfer(const Request& request) {
  auto body = Decoded(request, DecodeTransferBody);
  if (!body.ok()) return ErrorResponse(body.status());
  auto item = services_.desk.Transfer(request.staff->member, request.Param("id"), body->client_id,
                                      body->queue, body->agent, body->note);
  return item.ok() ? JsonResponse(200, {{"conversation", ItemJson(*item, services_.clock.Now())}})
                   : ErrorResponse(item.status());
}

net::HttpResponse HttpApi::Resolve(const Request& request) {
  auto body = Decoded(request, DecodeResolveBody);
  if (!body.ok()) return ErrorResponse(body.status());
  auto item = services_.desk.Resolve(request.staff->member, request.Param("id"), body->client_id);
  return item.ok() ? JsonResponse(200, {{"conversation", ItemJson(*item, services_.clock.Now())}})
                   : ErrorResponse(item.status());
}

net::HttpResponse HttpApi::StaffCallbackSlots(const Request& request) {
  auto slots = services_.desk.CallbackSlots(request.staff->member, request.Param("id"));
  if (!slots.ok()) return ErrorResponse(slots.status());
  json list = json::array();
  for (const routing::Interval& slot : *slots) {
    list.push_back({{"start", base::FormatTime(slot.start)}, {"end", base::FormatTime(slot.end)}});
  }
  return JsonResponse(200, {{"slots", std::move(list)}});
}

net::HttpResponse HttpApi::StaffBookCallback(const Request& request) {
  auto body = Decoded(request, DecodeCallbackBody);
  if (!body.ok()) return ErrorResponse(body.status());
  auto item = services_.desk.BookCallback(request.staff->member, request.Param("id"),
                                          body->client_id, body->slot, body->phone);
  return item.ok() ? JsonResponse(200, {{"conversation", ItemJson(*item, services_.clock.Now())}})
                   : ErrorResponse(item.status());
}

net::HttpResponse HttpApi::CallbackOutcome(const Request& request) {
  auto body = Decoded(request, DecodeOutcomeBody);
  if (!body.ok()) return ErrorResponse(body.status());
  auto item = services_.desk.CallbackOutcome(request.staff->member, request.Param("id"),
                                             body->client_id, body->outcome, body->note);
  return item.ok() ? JsonResponse(200, {{"conversation", ItemJson(*item, services_.clock.Now())}})
                   : ErrorResponse(item.status());
}

net::HttpResponse HttpApi::Assign(const Request& request) {
  auto body = Decoded(request, DecodeAssignBody);
  if (!body.ok()) return ErrorResponse(body.status());
  auto item = services_.desk.Reassign(request.staff->member, request.Param("id"), body->client_id,
                                      body->agent);
  return item.ok() ? JsonResponse(200, {{"conversation", ItemJson(*item, services_.clock.Now())}})
                   : ErrorResponse(item.status());
}

net::HttpResponse HttpApi::AddFlag(const Request& request) {
  auto body = Decoded(request, DecodeFlagBody);
  if (!body.ok()) return ErrorResponse(body.status());
  auto flag = services_.desk.Flag(request.staff->member, body->kind, body->article_id,
                                  body->conversation_id, body->note);
  return flag.ok() ? JsonResponse(201, {{"flag", FlagJson(*flag)}}) : ErrorResponse(flag.status());
}

net::HttpResponse HttpApi::ListFlags(const Request&) {
  auto flags = services_.desk.Flags();
  if (!flags.ok()) return ErrorResponse(flags.status());
  json list = json::array();
  for (const auto& flag : *flags) {
    list.push_back(FlagJson(flag));
  }
  return JsonResponse(200, {{"flags", std::move(list)}});
}

net::HttpResponse HttpApi::GetOverview(const Request&) {
  return JsonResponse(200, OverviewJson(services_.desk.GetOverview()));
}

net::HttpResponse HttpApi::ListAgents(const Request&) {
  json agents = json::array();
  for (const service::AgentView& agent : services_.roster.Agents()) {
    agents.push_back({{"id", agent.id},
                      {"display_name", agent.display_name},
                      {"queues", agent.queues},
                      {"presence", PresenceJson(agent)}});
  }
  return JsonResponse(200, {{"agents", std::move(agents)}});
}

net::HttpResponse HttpApi::ListUsers(const Request&) {
  auto users = services_.accounts.List();
  if (!users.ok()) return ErrorResponse(users.status());
  json list = json::array();
  for (const auto& user : *users) {
    list.push_back(StaffJson(user));
  }
  return JsonResponse(200, {{"users", std::move(list)}});
}

net::HttpResponse HttpApi::AddUser(const Request& request) {
  auto change = Decoded(request, DecodeStaffChange);
  if (!change.ok()) return ErrorResponse(change.status());
  auto user = services_.accounts.Add(*change);
  return user.ok() ? JsonResponse(201, {{"user", StaffJson(*user)}}) : ErrorResponse(user.status());
}

net::HttpResponse HttpApi::ChangeUser(const Request& request) {
  auto change = Decoded(request, DecodeStaffChange);
  if (!change.ok()) return ErrorResponse(change.status());
  if (request.Param("id") == request.staff->member.id &&
      ((change->role && *change->role != Role::kAdmin) ||
       (change->disabled && *change->disabled))) {
    return ErrorResponse(base::FailedPrecondition(
        "you cannot take away your own admin role or disable yourself; ask another admin"));
  }
  auto user = services_.accounts.Change(request.Param("id"), *change);
  return user.ok() ? JsonResponse(200, {{"user", StaffJson(*user)}}) : ErrorResponse(user.status());
}

net::HttpResponse HttpApi::ListQueues(const Request&) {
  json list = json::array();
  for (const auto& queue : services_.queues.queues()) {
    list.push_back(QueueJson(*queue));
  }
  return JsonResponse(200, {{"queues", std::move(list)}});
}

net::HttpResponse HttpApi::ChangeQueue(const Request& request) {
  auto change = Decoded(request, DecodeQueueChange);
  if (!change.ok()) return ErrorResponse(change.status());
  model::QueueSettings settings = std::move(change->settings);
  settings.queue_id = std::string(request.Param("id"));
  auto queue = services_.queue_admin.Change(std::move(settings));
  if (!queue.ok()) return ErrorResponse(queue.status());
  // Who is told "open" or "closed" may have changed: the consoles now, the customers within
  // server.status_refresh_seconds.
  services_.staff_hub.PublishChanged();
  return JsonResponse(200, {{"queue", QueueJson(**queue)}});
}

void HttpApi::UpgradeStaff(net::HttpRequest http,
                           std::function<void(net::UpgradeDecision)> decide) {
  if (!SameOrigin(http)) {
    return decide(ErrorResponse(base::PermissionDenied("the console opens its stream itself")));
  }
  const std::string session = CookieValue(http, "balie_session");
  const bool posted = workers_.Post([this, session, decide] {
    auto staff = services_.accounts.Authenticate(session);
    if (!staff.ok()) {
      return decide(ErrorResponse(staff.status()));
    }
    decide(net::AcceptWebSocket([this, member = staff->member, key = staff->session](
                                    std::shared_ptr<net::WebSocketConnection> connection) {
      auto stream = std::make_shared<StaffStream>(
          std::move(connection), member, key,
          StaffServices{services_.hub, services_.desk, services_.accounts, services_.staff_hub,
                        services_.roster, services_.clock},
          workers_);
      stream->Begin();
      return stream;
    }));
  });
  if (!posted) {
    decide(ErrorResponse(base::Unavailable("Balie is shutting down; reconnect shortly")));
  }
}

}  // namespace balie::api
