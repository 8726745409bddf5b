#include "api/staff_routes.h"

#include <charconv>

#include "api/frames.h"
#include "api/http_util.h"
#include "api/staff_json.h"
#include "api/staff_requests.h"
#include "base/barrier.h"
#include "base/log.h"

namespace balie::api {
namespace {

// A number in a path ("12"): 1 or more, nothing else.
std::optional<std::int64_t> PositiveNumber(std::string_view text) {
  std::int64_t number = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (error != std::errc() || end != text.data() + text.size() || number <= 0) {
    return std::nullopt;
  }
  return number;
}

// The flag id of a …/customer-flags/{id}/… path, or kNotFound.
base::Result<std::int64_t> FlagIdOf(const Request& request) {
  const auto id = PositiveNumber(request.Param("id"));
  if (!id) {
    return base::NotFound("no flag " + std::string(request.Param("id").substr(0, 20)));
  }
  return *id;
}

using model::Role;
using nlohmann::json;

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

// Who tried to log in, before anyone is known.
constexpr std::string_view kAnonymousActor = "anonymous";

// A name tried at log-in, as much as the audit trail keeps of it.
std::string Shortened(const std::string& name) {
  constexpr size_t kMost = 100;
  return name.size() <= kMost ? name : name.substr(0, kMost) + "…";
}

std::string SessionCookie(const std::string& value, long max_age, bool secure) {
  return "balie_session=" + value +
         "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age) +
         (secure ? "; Secure" : "");
}

}  // namespace

StaffRoutes::StaffRoutes(StaffServices services, base::WorkerPool& workers,
                         base::WorkerPool& hashing, const LoginLimitOptions& logins,
                         std::chrono::hours session_lifetime)
    : services_(services),
      workers_(workers),
      hashing_(hashing),
      session_lifetime_(session_lifetime),
      login_guard_(logins, services.clock) {}

void StaffRoutes::AddTo(Router& router) {
  RouteAdder<StaffRoutes> routes(router, *this);
  // The password is checked on the hashing pool: the log-in answers later.
  routes.Add({.method = "POST",
              .pattern = "/api/v1/staff/login",
              .access = Access::kPublic,
              .role = Role::kAgent,
              .inline_answer = false,
              .handler = nullptr,
              .summary = "staff log-in",
              .async_handler = [this](const Request& request, Respond respond) {
                Login(request, std::move(respond));
              }});
  routes.Staff("POST", "/api/v1/staff/logout", Role::kAgent, &StaffRoutes::Logout, "staff log-out");
  routes.Staff("GET", "/api/v1/staff/me", Role::kAgent, &StaffRoutes::Me, "who am I");
  routes.StaffReadingCustomerData("GET", "/api/v1/staff/conversations/{id}", Role::kAgent,
                                  &StaffRoutes::Conversation, "a conversation with its context");
  routes.Staff("GET", "/api/v1/staff/suggestions", Role::kAgent, &StaffRoutes::Suggestions,
               "knowledge suggestions");
  routes.Staff("POST", "/api/v1/staff/conversations/{id}/reply", Role::kAgent, &StaffRoutes::Reply,
               "reply");
  routes.Staff("POST", "/api/v1/staff/conversations/{id}/notes", Role::kAgent,
               &StaffRoutes::AddNote, "internal note");
  routes.Staff("POST", "/api/v1/staff/conversations/{id}/transfer", Role::kAgent,
               &StaffRoutes::Transfer, "transfer");
  routes.Staff("POST", "/api/v1/staff/conversations/{id}/resolve", Role::kAgent,
               &StaffRoutes::Resolve, "resolve");
  routes.Staff("GET", "/api/v1/staff/conversations/{id}/callback-slots", Role::kAgent,
               &StaffRoutes::CallbackSlots, "callback slots");
  routes.Staff("POST", "/api/v1/staff/conversations/{id}/callback", Role::kAgent,
               &StaffRoutes::BookCallback, "book a callback");
  routes.Staff("POST", "/api/v1/staff/conversations/{id}/callback-outcome", Role::kAgent,
               &StaffRoutes::CallbackOutcome, "callback outcome");
  routes.Staff("POST", "/api/v1/staff/conversations/{id}/assign", Role::kSupervisor,
               &StaffRoutes::Assign, "reassign");
  routes.Staff("POST", "/api/v1/staff/knowledge-flags", Role::kAgent, &StaffRoutes::AddFlag,
               "flag an article");
  routes.Staff("GET", "/api/v1/staff/knowledge-flags", Role::kSupervisor, &StaffRoutes::ListFlags,
               "knowledge flags");
  routes.Staff("GET", "/api/v1/staff/overview", Role::kSupervisor, &StaffRoutes::GetOverview,
               "overview");
  routes.Staff("GET", "/api/v1/staff/agents", Role::kAgent, &StaffRoutes::ListAgents,
               "colleagues and their presence");
  routes.Staff("POST", "/api/v1/staff/conversations/{id}/decisions", Role::kAgent,
               &StaffRoutes::RecordDecision, "record a decision for the customer");
  routes.Staff("POST", "/api/v1/staff/conversations/{id}/decisions/{seq}/answer", Role::kAgent,
               &StaffRoutes::AnswerApproval, "approve, refuse or ask about a request");
  routes.Staff("GET", "/api/v1/staff/approvals", Role::kAgent, &StaffRoutes::ListApprovals,
               "requests for approval");
  routes.Staff("GET", "/api/v1/staff/decisions", Role::kSupervisor, &StaffRoutes::DecisionReport,
               "decisions per rule and team");
  routes.Staff("POST", "/api/v1/staff/conversations/{id}/flags", Role::kAgent,
               &StaffRoutes::RaiseFlag, "raise a flag about the customer, with its facts");
  routes.StaffReadingCustomerData("GET", "/api/v1/staff/conversations/{id}/flags", Role::kAgent,
                                  &StaffRoutes::ListCustomerFlags, "the flags about the customer");
  routes.Staff("POST", "/api/v1/staff/customer-flags/{id}/status", Role::kAgent,
               &StaffRoutes::ChangeFlag, "confirm or dismiss a flag");
  routes.Staff("POST", "/api/v1/staff/customer-flags/{id}/contests", Role::kAgent,
               &StaffRoutes::ContestFlag, "record the customer's contest of a flag");
  routes.Staff("POST", "/api/v1/staff/customer-flags/{id}/contest-review", Role::kAgent,
               &StaffRoutes::ReviewContest, "review a contest (someone not involved in the flag)");
  routes.Staff("GET", "/api/v1/staff/contests", Role::kAgent, &StaffRoutes::ListContests,
               "contests waiting for my review");
}

void StaffRoutes::Record(const service::AuditRecord& record) {
  // The answer does not wait for a failing audit trail: the failure is logged (no secret in it).
  if (auto recorded = services_.audit.Record(record); !recorded.ok()) {
    base::Log(base::LogLevel::kError, "an audit entry was not written",
              {{"action", std::string(model::AuditActionName(record.action))},
               {"actor", record.actor},
               {"error", recorded.status().message()}});
  }
}

void StaffRoutes::Login(const Request& request, Respond respond) {
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
  if (verdict.record_lockout) {
    Record({.actor = std::string(kAnonymousActor),
            .action = model::AuditAction::kLockout,
            .conversation_id = "",
            .customer_ref = "",
            .details = {
                {"name", Shortened(*name)},
                {"address", address},
                {"retry_after_seconds",
                 std::chrono::duration_cast<std::chrono::seconds>(verdict.retry_after).count()}}});
  }
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

net::HttpResponse StaffRoutes::FinishLogin(const std::string& name, const std::string& password,
                                           const std::string& address, bool secure_cookie) {
  auto logged_in = services_.accounts.Login(name, password);
  if (!logged_in.ok()) {
    if (logged_in.status().code() == base::StatusCode::kUnauthenticated) {
      login_guard_.Failed(name);
      // The name tried, never the password.
      Record({.actor = std::string(kAnonymousActor),
              .action = model::AuditAction::kLoginFailed,
              .conversation_id = "",
              .customer_ref = "",
              .details = {{"name", Shortened(name)}, {"address", address}}});
    }
    return ErrorResponse(logged_in.status());
  }
  login_guard_.Succeeded(name, address);
  Record({.actor = logged_in->member.id,
          .action = model::AuditAction::kLogin,
          .conversation_id = "",
          .customer_ref = "",
          .details = {{"address", address}}});
  net::HttpResponse response =
      JsonResponse(200, {{"staff", StaffJson(logged_in->member)}, {"csrf", logged_in->csrf}});
  const long max_age = std::chrono::duration_cast<std::chrono::seconds>(session_lifetime_).count();
  response.headers.emplace_back("Set-Cookie",
                                SessionCookie(logged_in->session_token, max_age, secure_cookie));
  return response;
}

net::HttpResponse StaffRoutes::Logout(const Request& request) {
  (void)services_.accounts.Logout(CookieValue(request.http, "balie_session"));
  Record({.actor = request.staff->member.id,
          .action = model::AuditAction::kLogout,
          .conversation_id = "",
          .customer_ref = "",
          .details = {{"address", request.http.remote_address}}});
  net::HttpResponse response;
  response.status = 204;
  response.content_type = "text/plain";
  response.headers.emplace_back("Set-Cookie",
                                SessionCookie("", 0, !IsLoopback(request.http.Header("host"))));
  return response;
}

net::HttpResponse StaffRoutes::Me(const Request& request) {
  const auto& me = request.staff->member;
  json presence = nullptr;
  if (auto view = services_.roster.Agent(me.id)) {
    presence = PresenceJson(*view);
  }
  return JsonResponse(200, {{"staff", StaffJson(me)},
                            {"csrf", request.staff->csrf},
                            {"presence", presence},
                            {"decisions", DecisionKindsJson(services_.desk.mandates(), me)},
                            {"flag_kinds", FlagKindsJson(services_.desk.flag_rules())}});
}

net::HttpResponse StaffRoutes::Conversation(const Request& request) {
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

net::HttpResponse StaffRoutes::Suggestions(const Request& request) {
  json suggestions = json::array();
  for (const auto& suggestion : services_.desk.Suggest(request.Query("q"))) {
    suggestions.push_back(SuggestionJson(suggestion));
  }
  return JsonResponse(200, {{"suggestions", std::move(suggestions)}});
}

net::HttpResponse StaffRoutes::Reply(const Request& request) {
  auto body = Decoded(request, DecodeTextBody);
  if (!body.ok()) return ErrorResponse(body.status());
  auto event =
      services_.desk.Reply(request.staff->member, request.Param("id"), body->client_id, body->text);
  return event.ok() ? JsonResponse(201, {{"event", StaffEventJson(*event)}})
                    : ErrorResponse(event.status());
}

net::HttpResponse StaffRoutes::AddNote(const Request& request) {
  auto body = Decoded(request, DecodeTextBody);
  if (!body.ok()) return ErrorResponse(body.status());
  auto event =
      services_.desk.Note(request.staff->member, request.Param("id"), body->client_id, body->text);
  return event.ok() ? JsonResponse(201, {{"event", StaffEventJson(*event)}})
                    : ErrorResponse(event.status());
}

net::HttpResponse StaffRoutes::Transfer(const Request& request) {
  auto body = Decoded(request, DecodeTransferBody);
  if (!body.ok()) return ErrorResponse(body.status());
  auto item = services_.desk.Transfer(request.staff->member, request.Param("id"), body->client_id,
                                      body->queue, body->agent, body->note);
  return item.ok() ? JsonResponse(200, {{"conversation", ItemJson(*item, services_.clock.Now())}})
                   : ErrorResponse(item.status());
}

net::HttpResponse StaffRoutes::Resolve(const Request& request) {
  auto body = Decoded(request, DecodeResolveBody);
  if (!body.ok()) return ErrorResponse(body.status());
  auto item = services_.desk.Resolve(request.staff->member, request.Param("id"), body->client_id);
  return item.ok() ? JsonResponse(200, {{"conversation", ItemJson(*item, services_.clock.Now())}})
                   : ErrorResponse(item.status());
}

net::HttpResponse StaffRoutes::CallbackSlots(const Request& request) {
  auto slots = services_.desk.CallbackSlots(request.staff->member, request.Param("id"));
  return slots.ok() ? JsonResponse(200, SlotsJson(*slots)) : ErrorResponse(slots.status());
}

net::HttpResponse StaffRoutes::BookCallback(const Request& request) {
  auto body = Decoded(request, DecodeCallbackBody);
  if (!body.ok()) return ErrorResponse(body.status());
  auto item = services_.desk.BookCallback(request.staff->member, request.Param("id"),
                                          body->client_id, body->slot, body->phone);
  return item.ok() ? JsonResponse(200, {{"conversation", ItemJson(*item, services_.clock.Now())}})
                   : ErrorResponse(item.status());
}

net::HttpResponse StaffRoutes::CallbackOutcome(const Request& request) {
  auto body = Decoded(request, DecodeOutcomeBody);
  if (!body.ok()) return ErrorResponse(body.status());
  auto item = services_.desk.CallbackOutcome(request.staff->member, request.Param("id"),
                                             body->client_id, body->outcome, body->note);
  return item.ok() ? JsonResponse(200, {{"conversation", ItemJson(*item, services_.clock.Now())}})
                   : ErrorResponse(item.status());
}

net::HttpResponse StaffRoutes::Assign(const Request& request) {
  auto body = Decoded(request, DecodeAssignBody);
  if (!body.ok()) return ErrorResponse(body.status());
  auto item = services_.desk.Reassign(request.staff->member, request.Param("id"), body->client_id,
                                      body->agent);
  return item.ok() ? JsonResponse(200, {{"conversation", ItemJson(*item, services_.clock.Now())}})
                   : ErrorResponse(item.status());
}

net::HttpResponse StaffRoutes::AddFlag(const Request& request) {
  auto body = Decoded(request, DecodeFlagBody);
  if (!body.ok()) return ErrorResponse(body.status());
  auto flag = services_.desk.Flag(request.staff->member, body->kind, body->article_id,
                                  body->conversation_id, body->note);
  return flag.ok() ? JsonResponse(201, {{"flag", FlagJson(*flag)}}) : ErrorResponse(flag.status());
}

net::HttpResponse StaffRoutes::ListFlags(const Request&) {
  auto flags = services_.desk.Flags();
  if (!flags.ok()) return ErrorResponse(flags.status());
  json list = json::array();
  for (const auto& flag : *flags) {
    list.push_back(FlagJson(flag));
  }
  return JsonResponse(200, {{"flags", std::move(list)}});
}

net::HttpResponse StaffRoutes::GetOverview(const Request&) {
  return JsonResponse(200, OverviewJson(services_.desk.GetOverview()));
}

net::HttpResponse StaffRoutes::ListAgents(const Request&) {
  json agents = json::array();
  for (const service::AgentView& agent : services_.roster.Agents()) {
    agents.push_back({{"id", agent.id},
                      {"display_name", agent.display_name},
                      {"queues", agent.queues},
                      {"presence", PresenceJson(agent)}});
  }
  return JsonResponse(200, {{"agents", std::move(agents)}});
}

net::HttpResponse StaffRoutes::RecordDecision(const Request& request) {
  auto body = Decoded(request, DecodeDecisionBody);
  if (!body.ok()) return ErrorResponse(body.status());
  auto event =
      services_.desk.RecordDecision(request.staff->member, request.Param("id"), body->client_id,
                                    {body->decision, body->amount, body->reason, body->rule});
  return event.ok() ? JsonResponse(201, {{"event", StaffEventJson(*event)}})
                    : ErrorResponse(event.status());
}

net::HttpResponse StaffRoutes::AnswerApproval(const Request& request) {
  const auto seq = PositiveNumber(request.Param("seq"));
  if (!seq) {
    return ErrorResponse(
        base::NotFound("no request " + std::string(request.Param("seq").substr(0, 20))));
  }
  auto body = Decoded(request, DecodeAnswerBody);
  if (!body.ok()) return ErrorResponse(body.status());
  auto event = services_.desk.AnswerApproval(request.staff->member, request.Param("id"), *seq,
                                             body->client_id, body->verdict, body->reason);
  return event.ok() ? JsonResponse(201, {{"event", StaffEventJson(*event)}})
                    : ErrorResponse(event.status());
}

net::HttpResponse StaffRoutes::ListApprovals(const Request& request) {
  auto approvals = services_.desk.Approvals(request.staff->member);
  if (!approvals.ok()) return ErrorResponse(approvals.status());
  json list = json::array();
  for (const auto& item : *approvals) {
    list.push_back(DecisionItemJson(item));
  }
  return JsonResponse(200, {{"approvals", std::move(list)}});
}

net::HttpResponse StaffRoutes::DecisionReport(const Request& request) {
  int days = 30;
  if (const std::string_view text = request.Query("days"); !text.empty()) {
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), days);
    if (error != std::errc() || end != text.data() + text.size() || days < 1 || days > 366) {
      return ErrorResponse(base::InvalidArgument("days must be a whole number from 1 to 366"));
    }
  }
  auto report = services_.desk.Decisions(services_.clock.Now() - std::chrono::days(days));
  return report.ok() ? JsonResponse(200, DecisionReportJson(*report))
                     : ErrorResponse(report.status());
}

std::string StaffRoutes::NameOf(const std::string& staff_id) const {
  const auto agent = services_.roster.Agent(staff_id);
  return agent ? agent->display_name : "";
}

json StaffRoutes::FlagOut(const model::CustomerFlag& flag) const {
  return CustomerFlagJson(flag, services_.clock.Now(),
                          [this](const std::string& id) { return NameOf(id); });
}

net::HttpResponse StaffRoutes::FlagResponse(int code,
                                            const base::Result<model::CustomerFlag>& flag) const {
  return flag.ok() ? JsonResponse(code, {{"flag", FlagOut(*flag)}}) : ErrorResponse(flag.status());
}

net::HttpResponse StaffRoutes::RaiseFlag(const Request& request) {
  auto body = Decoded(request, DecodeFlagRaiseBody);
  if (!body.ok()) return ErrorResponse(body.status());
  if (body->expires_in_days > 0) {
    body->flag.expires_at = services_.clock.Now() + std::chrono::days(body->expires_in_days);
  }
  return FlagResponse(201, services_.desk.RaiseFlag(request.staff->member, request.Param("id"),
                                                    std::move(body->flag)));
}

net::HttpResponse StaffRoutes::ListCustomerFlags(const Request& request) {
  auto flags = services_.desk.FlagsOf(request.staff->member, request.Param("id"));
  if (!flags.ok()) return ErrorResponse(flags.status());
  json list = json::array();
  for (const auto& flag : *flags) {
    list.push_back(FlagOut(flag));
  }
  return JsonResponse(200, {{"flags", std::move(list)}});
}

net::HttpResponse StaffRoutes::ChangeFlag(const Request& request) {
  const auto id = FlagIdOf(request);
  if (!id.ok()) return ErrorResponse(id.status());
  auto body = Decoded(request, DecodeFlagStatusBody);
  if (!body.ok()) return ErrorResponse(body.status());
  return FlagResponse(
      200, services_.desk.ChangeFlag(request.staff->member, *id, body->status, body->reason));
}

net::HttpResponse StaffRoutes::ContestFlag(const Request& request) {
  const auto id = FlagIdOf(request);
  if (!id.ok()) return ErrorResponse(id.status());
  auto body = Decoded(request, DecodeTextBody);
  if (!body.ok()) return ErrorResponse(body.status());
  return FlagResponse(
      201, services_.desk.ContestFlag(request.staff->member, *id, body->client_id, body->text));
}

net::HttpResponse StaffRoutes::ReviewContest(const Request& request) {
  const auto id = FlagIdOf(request);
  if (!id.ok()) return ErrorResponse(id.status());
  auto body = Decoded(request, DecodeContestReviewBody);
  if (!body.ok()) return ErrorResponse(body.status());
  return FlagResponse(200, services_.desk.ReviewContest(request.staff->member, *id, body->client_id,
                                                        body->outcome, body->reason));
}

net::HttpResponse StaffRoutes::ListContests(const Request& request) {
  auto flags = services_.desk.ContestsToReview(request.staff->member);
  if (!flags.ok()) return ErrorResponse(flags.status());
  json list = json::array();
  for (const auto& flag : *flags) {
    list.push_back(FlagOut(flag));
  }
  return JsonResponse(200, {{"flags", std::move(list)}});
}

void StaffRoutes::OpenStream(const net::HttpRequest& http,
                             std::function<void(net::UpgradeDecision)> decide) {
  const std::string session = CookieValue(http, "balie_session");
  const bool posted = workers_.Post([this, session, decide] {
    auto staff = services_.accounts.Authenticate(session);
    if (!staff.ok()) {
      return decide(ErrorResponse(staff.status()));
    }
    decide(net::AcceptWebSocket([this, member = staff->member, key = staff->session](
                                    std::shared_ptr<net::WebSocketConnection> connection) {
      auto stream =
          std::make_shared<StaffStream>(std::move(connection), member, key, services_, workers_);
      stream->Begin();
      return stream;
    }));
  });
  if (!posted) {
    decide(ErrorResponse(base::Unavailable("Balie is shutting down; reconnect shortly")));
  }
}

}  // namespace balie::api
