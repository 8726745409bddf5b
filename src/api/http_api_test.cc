// The API's access rules, walked over the whole route table: every route that needs a customer
// token or a staff session refuses callers without the right one (401), with too low a role
// (403), or — for changes — without the CSRF token (403). Requests go straight to HttpApi, with
// the real services behind it.

#include "api/http_api.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>
#include <tuple>

#include "api/frames.h"
#include "base/temp_dir.h"
#include "storage/sqlite_store.h"
#include "support/service_testing.h"

namespace balie::api {
namespace {

using nlohmann::json;

class HttpApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = storage::SqliteStore::Open(dir_.path() / "balie.db").value();
    std::vector<service::QueueConfig> queues;
    queues.push_back(service::testing::Queue("algemeen", {"algemeen"}, 1));
    board_ = std::make_unique<service::QueueBoard>(std::move(queues), "algemeen");
    queue_admin_ = std::make_unique<service::QueueAdmin>(*store_, *board_);
    core_ = std::make_unique<service::ConversationCore>(*store_, service::testing::DemoEngine(),
                                                        clock_, *board_, roster_, hub_, staff_hub_);
    conversations_ = std::make_unique<service::ConversationService>(*core_);
    service::DeskOptions desk;
    desk.mandates.decisions = {{"waive_fee", "Kosten kwijtschelden", "Waive a fee",
                                model::DecisionUnit::kEuroCents, "Tarievenlijst 2026"}};
    desk.mandates.by_role[model::Role::kAgent] = {{"waive_fee", 2500}};
    desk.mandates.by_role[model::Role::kSupervisor] = {{"waive_fee", 10000}};
    desk.flags.kinds = {
        {"possible_misuse", "Mogelijk misbruik: te controleren", "Possible misuse: to check"}};
    desk_ = std::make_unique<service::AgentDesk>(*core_, *store_, desk);
    accounts_ = std::make_unique<service::StaffAccounts>(*store_, clock_, &roster_, board_.get());
    audit_ = std::make_unique<service::AuditTrail>(*store_, clock_);
    api_ =
        std::make_unique<HttpApi>(ApiServices{*conversations_, hub_, *desk_, *accounts_, staff_hub_,
                                              roster_, *board_, *queue_admin_, clock_, *audit_},
                                  workers_, hashing_, StaticFiles(), FastOptions());
    for (const auto& [name, role] :
         {std::pair{"agent", model::Role::kAgent}, std::pair{"super", model::Role::kSupervisor},
          std::pair{"admin", model::Role::kAdmin}}) {
      service::StaffChange change;
      change.name = name;
      change.role = role;
      change.password = "paarse olifanten dansen traag";
      ASSERT_TRUE(accounts_->Add(change).ok());
      sessions_[role] = Login(name);
    }
    auto started = conversations_->Start(model::Language::kDutch);
    conversation_ = started->conversation.id;
    token_ = started->token;
    other_token_ = conversations_->Start(model::Language::kDutch)->token;
  }

  struct Session {
    std::string cookie;
    std::string csrf;
  };

  // The defaults, but an account's log-ins are slowed down by at most 0.1 s, not 10.
  static ApiOptions FastOptions() {
    ApiOptions options;
    options.logins.max_slowdown = std::chrono::milliseconds(100);
    return options;
  }

  net::HttpResponse Call(net::HttpRequest request) {
    request.headers.emplace_back("host", "127.0.0.1:8080");
    std::promise<net::HttpResponse> answer;
    auto future = answer.get_future();
    api_->HandleHttp(std::move(request),
                     [&answer](net::HttpResponse response) { answer.set_value(response); });
    return future.get();
  }

  Session Login(const std::string& name) {
    net::HttpRequest request;
    request.method = "POST";
    request.target = "/api/v1/staff/login";
    request.body = json{{"name", name}, {"password", "paarse olifanten dansen traag"}}.dump();
    request.remote_address = "10.0.0." + std::to_string(++address_);
    const auto response = Call(request);
    EXPECT_EQ(response.status, 200) << response.body;
    Session session;
    for (const auto& [header, value] : response.headers) {
      if (header == "Set-Cookie") {
        session.cookie = value.substr(0, value.find(';'));
        EXPECT_NE(value.find("HttpOnly"), std::string::npos);
        EXPECT_NE(value.find("SameSite=Strict"), std::string::npos);
      }
    }
    session.csrf = json::parse(response.body).value("csrf", "");
    return session;
  }

  // A staff request with the session (and CSRF token) of `role`; the body parsed.
  std::pair<int, json> AsStaff(model::Role role, const std::string& method,
                               const std::string& target, const json& body = json::object()) {
    net::HttpRequest request;
    request.method = method;
    request.target = target;
    request.body = method == "GET" ? "" : body.dump();
    request.remote_address = "10.3.0.1";
    request.headers.emplace_back("cookie", sessions_[role].cookie);
    request.headers.emplace_back("x-csrf-token", sessions_[role].csrf);
    const auto response = Call(request);
    return {response.status, json::parse(response.body, nullptr, false)};
  }

  // A customer request on the fixture's conversation, with its token; the body parsed.
  std::pair<int, json> AsCustomer(const std::string& method, const std::string& path,
                                  const json& body = json::object()) {
    net::HttpRequest request;
    request.method = method;
    request.target = "/api/v1/conversations/" + conversation_ + path;
    request.body = method == "GET" ? "" : body.dump();
    request.remote_address = "10.4.0.1";
    request.headers.emplace_back("authorization", "Bearer " + token_);
    const auto response = Call(request);
    return {response.status, json::parse(response.body, nullptr, false)};
  }

  // The audit entries after `after`.
  std::vector<model::AuditEntry> AuditAfter(std::int64_t after) {
    auto entries = store_->AuditEntries(after, 1000);
    EXPECT_TRUE(entries.ok()) << entries.status().ToString();
    return entries.ok() ? *entries : std::vector<model::AuditEntry>{};
  }
  std::int64_t AuditHead() {
    const auto all = AuditAfter(0);
    return all.empty() ? 0 : all.back().seq;
  }
  std::string StaffId(const std::string& name) { return accounts_->ByName(name)->id; }

  // A request for `route` with its parameters filled in.
  net::HttpRequest RequestFor(const Route& route) {
    std::string target = route.pattern;
    if (const size_t at = target.find("{id}"); at != std::string::npos) {
      target.replace(at, 4, route.access == Access::kCustomer ? conversation_ : "some-id");
    }
    net::HttpRequest request;
    request.method = route.method;
    request.target = target;
    request.body = "{}";
    request.remote_address = "10.1.0.1";
    return request;
  }

  base::TempDir dir_ = std::move(base::TempDir::Create("balie-api-test-").value());
  base::ManualClock clock_{service::testing::kTuesdayMorning};
  std::unique_ptr<storage::SqliteStore> store_;
  std::unique_ptr<service::QueueBoard> board_;
  std::unique_ptr<service::QueueAdmin> queue_admin_;
  service::AgentRoster roster_{clock_};
  service::ConversationHub hub_;
  service::StaffHub staff_hub_;
  std::unique_ptr<service::ConversationCore> core_;
  std::unique_ptr<service::ConversationService> conversations_;
  std::unique_ptr<service::AgentDesk> desk_;
  std::unique_ptr<service::StaffAccounts> accounts_;
  std::unique_ptr<service::AuditTrail> audit_;
  base::WorkerPool workers_{2};
  base::WorkerPool hashing_{1, 8};
  std::unique_ptr<HttpApi> api_;
  std::map<model::Role, Session> sessions_;
  std::string conversation_;
  std::string token_;
  std::string other_token_;
  int address_ = 0;
};

TEST_F(HttpApiTest, EveryCustomerRouteNeedsItsOwnConversationsToken) {
  int checked = 0;
  for (const Route& route : api_->router().routes()) {
    if (route.access != Access::kCustomer) continue;
    ++checked;
    net::HttpRequest none = RequestFor(route);
    EXPECT_EQ(Call(none).status, 401) << route.method << " " << route.pattern;
    net::HttpRequest other = RequestFor(route);
    other.headers.emplace_back("authorization", "Bearer " + other_token_);
    EXPECT_EQ(Call(other).status, 401) << route.method << " " << route.pattern;
    // A staff session is no customer token either.
    net::HttpRequest staff = RequestFor(route);
    staff.headers.emplace_back("cookie", sessions_[model::Role::kAdmin].cookie);
    EXPECT_EQ(Call(staff).status, 401) << route.method << " " << route.pattern;
    net::HttpRequest right = RequestFor(route);
    right.headers.emplace_back("authorization", "Bearer " + token_);
    EXPECT_NE(Call(right).status, 401) << route.method << " " << route.pattern;
  }
  EXPECT_GE(checked, 7);
}

TEST_F(HttpApiTest, EveryStaffRouteNeedsASessionTheRoleAndForChangesTheCsrfToken) {
  int checked = 0;
  for (const Route& route : api_->router().routes()) {
    if (route.access != Access::kStaff) continue;
    ++checked;
    const std::string name = route.method + " " + route.pattern;
    EXPECT_EQ(Call(RequestFor(route)).status, 401) << name;
    net::HttpRequest customer = RequestFor(route);
    customer.headers.emplace_back("authorization", "Bearer " + token_);
    EXPECT_EQ(Call(customer).status, 401) << name;
    net::HttpRequest forged = RequestFor(route);
    forged.headers.emplace_back("cookie", "balie_session=forged");
    EXPECT_EQ(Call(forged).status, 401) << name;
    for (const auto& [role, session] : sessions_) {
      net::HttpRequest request = RequestFor(route);
      request.headers.emplace_back("cookie", session.cookie);
      request.headers.emplace_back("x-csrf-token", session.csrf);
      const int status = Call(request).status;
      if (model::RoleAtLeast(role, route.role)) {
        EXPECT_NE(status, 401) << name << " as " << model::RoleName(role);
        EXPECT_NE(status, 403) << name << " as " << model::RoleName(role);
      } else {
        EXPECT_EQ(status, 403) << name << " as " << model::RoleName(role);
      }
    }
    if (route.pattern == "/api/v1/staff/logout") {
      for (auto& [role, session] : sessions_) {  // logging out ended them: log in again
        session = Login(std::string(role == model::Role::kAgent        ? "agent"
                                    : role == model::Role::kSupervisor ? "super"
                                                                       : "admin"));
      }
    }
    if (route.method != "GET") {
      const Session& admin = sessions_[model::Role::kAdmin];
      net::HttpRequest no_csrf = RequestFor(route);
      no_csrf.headers.emplace_back("cookie", admin.cookie);
      EXPECT_EQ(Call(no_csrf).status, 403) << name << " without CSRF";
      net::HttpRequest wrong_csrf = RequestFor(route);
      wrong_csrf.headers.emplace_back("cookie", admin.cookie);
      wrong_csrf.headers.emplace_back("x-csrf-token", sessions_[model::Role::kAgent].csrf);
      EXPECT_EQ(Call(wrong_csrf).status, 403) << name << " with another session's CSRF";
    }
    // Another site's page may not call it, even with the cookie.
    net::HttpRequest cross = RequestFor(route);
    cross.headers.emplace_back("cookie", sessions_[model::Role::kAdmin].cookie);
    cross.headers.emplace_back("x-csrf-token", sessions_[model::Role::kAdmin].csrf);
    cross.headers.emplace_back("origin", "https://evil.example");
    EXPECT_EQ(Call(cross).status, 403) << name << " from another origin";
  }
  EXPECT_GE(checked, 20);
}

TEST_F(HttpApiTest, LogInIsLimitedAndSaysNothingAboutWhichPartWasWrong) {
  net::HttpRequest request;
  request.method = "POST";
  request.target = "/api/v1/staff/login";
  request.remote_address = "10.2.0.1";
  request.body = json{{"name", "agent"}, {"password", "fout wachtwoord"}}.dump();
  const auto wrong = Call(request);
  request.body = json{{"name", "nobody"}, {"password", "fout wachtwoord"}}.dump();
  const auto unknown = Call(request);
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(wrong.body, unknown.body);
  int limited = 0;
  for (int i = 0; i < 6; ++i) {
    request.body = json{{"name", "agent"}, {"password", "fout wachtwoord"}}.dump();
    const auto response = Call(request);
    if (response.status == 429) {
      ++limited;
      bool retry_after = false;
      for (const auto& [header, value] : response.headers) retry_after |= header == "Retry-After";
      EXPECT_TRUE(retry_after);
    }
  }
  EXPECT_GT(limited, 0);
}

TEST_F(HttpApiTest, LogOutEndsTheSession) {
  const Session& agent = sessions_[model::Role::kAgent];
  net::HttpRequest me;
  me.method = "GET";
  me.target = "/api/v1/staff/me";
  me.headers.emplace_back("cookie", agent.cookie);
  EXPECT_EQ(Call(me).status, 200);
  net::HttpRequest logout;
  logout.method = "POST";
  logout.target = "/api/v1/staff/logout";
  logout.headers.emplace_back("cookie", agent.cookie);
  logout.headers.emplace_back("x-csrf-token", agent.csrf);
  EXPECT_EQ(Call(logout).status, 204);
  EXPECT_EQ(Call(me).status, 401);
}

TEST_F(HttpApiTest, WrongPasswordsFromOneAddressDoNotLockTheOwnerOut) {
  net::HttpRequest attack;
  attack.method = "POST";
  attack.target = "/api/v1/staff/login";
  attack.remote_address = "203.0.113.9";
  attack.body = json{{"name", "agent"}, {"password", "fout wachtwoord"}}.dump();
  for (int i = 0; i < 5; ++i) EXPECT_EQ(Call(attack).status, 401);
  EXPECT_EQ(Call(attack).status, 429);
  net::HttpRequest owner = attack;
  owner.remote_address = "198.51.100.7";
  owner.body = json{{"name", "agent"}, {"password", "paarse olifanten dansen traag"}}.dump();
  EXPECT_EQ(Call(owner).status, 200);
}

TEST_F(HttpApiTest, AFloodOfLogInsWaitsForTheHashingPoolNotForCustomers) {
  // The hashing pool (one thread, eight waiting) is held up: log-ins queue there or are refused,
  // and customers are answered all the same.
  std::mutex gate;
  std::unique_lock closed(gate);
  std::atomic<bool> held{false};
  ASSERT_TRUE(hashing_.Post([&] {
    held = true;
    std::lock_guard wait(gate);
  }));
  while (!held) std::this_thread::yield();
  constexpr int kLogIns = 20;
  std::vector<std::promise<net::HttpResponse>> answers(kLogIns);
  for (int i = 0; i < kLogIns; ++i) {
    net::HttpRequest login;
    login.method = "POST";
    login.target = "/api/v1/staff/login";
    login.headers.emplace_back("host", "127.0.0.1:8080");
    login.remote_address = "10.9." + std::to_string(i) + ".1";
    login.body = json{{"name", "agent"}, {"password", "paarse olifanten dansen traag"}}.dump();
    api_->HandleHttp(login, [&answers, i](net::HttpResponse response) {
      answers[static_cast<size_t>(i)].set_value(std::move(response));
    });
  }
  net::HttpRequest customer;
  customer.method = "GET";
  customer.target = "/api/v1/conversations/" + conversation_ + "/messages";
  customer.headers.emplace_back("authorization", "Bearer " + token_);
  EXPECT_EQ(Call(customer).status, 200);
  // Twelve of the twenty found the queue full: 503 with Retry-After, at once.
  std::vector<std::future<net::HttpResponse>> pending;
  for (auto& answer : answers) pending.push_back(answer.get_future());
  int refused = 0;
  for (int round = 0; round < 1000 && refused < kLogIns - 8; ++round) {
    for (auto& future : pending) {
      if (future.valid() &&
          future.wait_for(std::chrono::milliseconds(0)) == std::future_status::ready) {
        const net::HttpResponse response = future.get();
        EXPECT_EQ(response.status, 503);
        bool retry_after = false;
        for (const auto& [header, value] : response.headers) retry_after |= header == "Retry-After";
        EXPECT_TRUE(retry_after);
        ++refused;
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(refused, kLogIns - 8);
  closed.unlock();
  int logged_in = 0;
  for (auto& future : pending) {
    if (future.valid() && future.get().status == 200) ++logged_in;
  }
  EXPECT_EQ(logged_in, 8);
}

// A clock that throws when told to: a stand-in for a bug deep in a handler.
class FaultyClock final : public base::Clock {
 public:
  explicit FaultyClock(const base::Clock& real) : real_(real) {}
  base::TimePoint Now() const override {
    if (fail) throw std::runtime_error("a bug deep in a handler");
    return real_.Now();
  }
  std::atomic<bool> fail{false};

 private:
  const base::Clock& real_;
};

TEST_F(HttpApiTest, AHandlerThatThrowsAnswers500WithAReferenceAndTheNextRequestIsServed) {
  FaultyClock faulty(clock_);
  HttpApi api(ApiServices{*conversations_, hub_, *desk_, *accounts_, staff_hub_, roster_, *board_,
                          *queue_admin_, faulty, *audit_},
              workers_, hashing_, StaticFiles(), ApiOptions{});
  net::HttpRequest open;
  open.method = "GET";
  open.target = "/api/v1/staff/conversations/" + conversation_;
  open.headers.emplace_back("host", "127.0.0.1:8080");
  open.headers.emplace_back("cookie", sessions_[model::Role::kSupervisor].cookie);
  auto call = [&] {
    std::promise<net::HttpResponse> answer;
    auto future = answer.get_future();
    api.HandleHttp(open, [&answer](net::HttpResponse response) { answer.set_value(response); });
    return future.get();
  };
  faulty.fail = true;
  const net::HttpResponse failed = call();
  EXPECT_EQ(failed.status, 500);
  const json error = json::parse(failed.body)["error"];
  EXPECT_EQ(error["code"], "internal");
  EXPECT_NE(error["message"].get<std::string>().find("reference e-"), std::string::npos);
  faulty.fail = false;
  EXPECT_EQ(call().status, 200);
}

// What a customer receives of each kind of event: exactly these fields, besides seq, kind, at,
// author, text, and client_id on their own events. Notes, transfer notes and reasons, and staff
// ids are for colleagues.
TEST_F(HttpApiTest, ACustomerReceivesOnlyTheFieldsOfTheirViewOfEachEvent) {
  const std::map<std::string, std::set<std::string>> kCustomerFields = {
      {"started", {"language"}},
      {"customer_message", {"article_id"}},
      {"bot_reply", {"decision", "heading", "sources", "confidence", "reasons", "language"}},
      {"handoff", {"queue", "cause", "reasons", "open", "staffed", "agent"}},
      {"choice", {"option", "by", "reason", "slot", "phone", "with_advisor"}},
      {"agent_message", {"agent"}},
      {"agent_joined", {"agent"}},
      {"assigned", {}},
      {"transferred", {}},
      {"resolved", {}},
      {"callback_outcome", {}},
      {"notice", {"reason", "options"}},
      {"decision", {}},
      {"approval", {}},
      {"contest", {}},
  };
  const std::string path = "/api/v1/staff/conversations/" + conversation_;
  using model::Role;
  std::vector<json> posted;  // events of POST answers
  auto [sent, answer] = AsCustomer(
      "POST", "/messages", {{"client_id", "m1"}, {"text", "Ik wil een medewerker spreken"}});
  ASSERT_EQ(sent, 201) << answer;
  for (const json& event : answer["events"]) posted.push_back(event);
  ASSERT_EQ(AsCustomer("POST", "/choice", {{"client_id", "c1"}, {"option", "wait"}}).first, 200);
  const std::string secret_note = "GEHEIM: klant lijkt boos";
  const std::string transfer_note = "Notitie voor de collega: zie dossier";
  const std::string outcome_note = "Voicemail ingesproken";
  const std::string decision_reason = "Schade door onze fout, klant sinds 1990";
  const std::string approval_reason = "Akkoord, past bij het beleid";
  for (const auto& [role, action, body] : std::vector<std::tuple<Role, std::string, json>>{
           {Role::kAgent, "/reply", {{"client_id", "a1"}, {"text", "Goedemorgen"}}},
           // Above the agent's mandate: a supervisor approves it below.
           {Role::kAgent,
            "/decisions",
            {{"client_id", "d1"},
             {"decision", "waive_fee"},
             {"amount", 5000},
             {"reason", decision_reason}}},
           {Role::kAgent, "/notes", {{"client_id", "n1"}, {"text", secret_note}}},
           {Role::kAgent,
            "/transfer",
            {{"client_id", "t1"}, {"queue", "algemeen"}, {"note", transfer_note}}},
       }) {
    const auto [status, reply] = AsStaff(role, "POST", path + action, body);
    ASSERT_LT(status, 300) << action << ": " << reply;
  }
  const auto [approvals_status, approvals] =
      AsStaff(Role::kSupervisor, "GET", "/api/v1/staff/approvals");
  ASSERT_EQ(approvals_status, 200) << approvals;
  ASSERT_EQ(approvals["approvals"].size(), 1u) << approvals;
  const auto [approved_status, approved] = AsStaff(
      Role::kSupervisor, "POST",
      path + "/decisions/" + approvals["approvals"][0]["decision"]["seq"].dump() + "/answer",
      {{"client_id", "p1"}, {"verdict", "approved"}, {"reason", approval_reason}});
  ASSERT_EQ(approved_status, 201) << approved;
  // A flag the customer contests (told in the conversation, their words are not sent back to
  // them), reviewed by the admin, who was not involved.
  const std::string contest_words = "Dat was mijn eigen pas, bel me maar";
  const auto [flag_status, flag] =
      AsStaff(Role::kAgent, "POST", path + "/flags",
              {{"kind", "possible_misuse"},
               {"facts", {{{"event", 1}, {"description", "Vraagt naar de pas van een ander"}}}},
               {"reason", "Graag nagaan"},
               {"severity", "low"},
               {"expires_in_days", 30}});
  ASSERT_EQ(flag_status, 201) << flag;
  const std::string flag_path =
      "/api/v1/staff/customer-flags/" + flag["flag"]["id"].dump() + "/contest";
  const auto [contest_status, contest] = AsStaff(Role::kSupervisor, "POST", flag_path + "s",
                                                 {{"client_id", "x1"}, {"text", contest_words}});
  ASSERT_EQ(contest_status, 201) << contest;
  const auto [review_status, review] =
      AsStaff(Role::kAdmin, "POST", flag_path + "-review",
              {{"client_id", "x2"}, {"outcome", "upheld"}, {"reason", "De pas is van de klant"}});
  ASSERT_EQ(review_status, 200) << review;
  EXPECT_EQ(review["flag"]["status"], "dismissed");
  EXPECT_EQ(review["flag"]["contests"][0]["stage"], "upheld");
  const auto [slots_status, slots] = AsStaff(Role::kSupervisor, "GET", path + "/callback-slots");
  ASSERT_EQ(slots_status, 200) << slots;
  ASSERT_FALSE(slots["slots"].empty());
  const auto [me_status, me] = AsStaff(Role::kSupervisor, "GET", "/api/v1/staff/me");
  ASSERT_EQ(me_status, 200) << me;
  for (const auto& [action, body] : std::vector<std::pair<std::string, json>>{
           {"/callback",
            {{"client_id", "b1"}, {"slot", slots["slots"][0]["start"]}, {"phone", "0612345678"}}},
           // The supervisor makes the call: a callback's outcome comes from the one it is given to.
           {"/assign", {{"client_id", "g1"}, {"agent", me["staff"]["id"]}}},
           {"/callback-outcome",
            {{"client_id", "o1"}, {"outcome", "no_answer"}, {"note", outcome_note}}},
           {"/resolve", {{"client_id", "r1"}}},
       }) {
    const auto [status, reply] = AsStaff(Role::kSupervisor, "POST", path + action, body);
    ASSERT_LT(status, 300) << action << ": " << reply;
  }

  const auto [history_status, history] = AsCustomer("GET", "/messages");
  ASSERT_EQ(history_status, 200);
  std::set<std::string> kinds_seen;
  auto check = [&](const json& event, const std::string& where) {
    const std::string kind = event.value("kind", "");
    kinds_seen.insert(kind);
    ASSERT_TRUE(kCustomerFields.contains(kind)) << where << ": a customer got a " << kind;
    std::set<std::string> allowed = kCustomerFields.at(kind);
    allowed.insert({"seq", "kind", "at", "author", "text"});
    if (event["author"] == "customer") allowed.insert("client_id");
    for (const auto& [field, value] : event.items()) {
      EXPECT_TRUE(allowed.contains(field)) << where << ": " << kind << " has " << field;
    }
    if (event.contains("agent")) {
      EXPECT_EQ(event["agent"].size(), 1u) << where << ": " << event["agent"];  // the name only
    }
  };
  for (const json& event : history["events"]) check(event, "GET messages");
  for (const json& event : posted) check(event, "POST messages");
  // The stream's frames are the same view.
  const auto stored = desk_->Open(
      accounts_->Authenticate(sessions_[Role::kAdmin].cookie.substr(sizeof("balie_session=") - 1))
          ->member,
      conversation_);
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  std::string frames;
  for (const model::Event& event : stored->events) {
    const std::string frame = EventFrame(event);
    if (event.kind() == model::EventKind::kNote) {
      EXPECT_EQ(frame, "");
      continue;
    }
    check(json::parse(frame)["event"], "stream");
    frames += frame;
  }
  // A notice needs a queue's time to pass (AgentDesk's watcher, tested in service_test): its view
  // is checked on one made here, with a field that is not for the customer.
  model::Event notice;
  notice.seq = 99;
  notice.author = model::Author::kSystem;
  notice.text = "U wacht al ongeveer 11 minuten, langer dan we hadden verwacht.";
  notice.data = model::NoticeEvent{"long_wait",
                                   {model::ChoiceOption::kWait, model::ChoiceOption::kLeaveMessage},
                                   model::QueueRef{"hypotheken", ""}};
  check(json::parse(EventFrame(notice))["event"], "notice");
  for (const auto& [kind, fields] : kCustomerFields) {
    EXPECT_TRUE(kinds_seen.contains(kind)) << "no " << kind << " event was made";
  }
  // Nothing for colleagues anywhere: not the notes, not a staff id, not who transferred.
  const std::string everything = history.dump() + json(posted).dump() + frames;
  for (const std::string& secret :
       {secret_note, transfer_note, outcome_note, std::string("transferred by"), decision_reason,
        approval_reason, std::string("Tarievenlijst"), contest_words}) {
    EXPECT_EQ(everything.find(secret), std::string::npos) << secret;
  }
  const auto staff = accounts_->List();
  ASSERT_TRUE(staff.ok());
  for (const auto& member : *staff) {
    EXPECT_EQ(everything.find(member.id), std::string::npos) << member.name;
  }
  // Staff still see everything.
  const auto [staff_status, staff_view] = AsStaff(Role::kSupervisor, "GET", path);
  ASSERT_EQ(staff_status, 200);
  for (const std::string& secret :
       {secret_note, transfer_note, outcome_note, decision_reason, approval_reason}) {
    EXPECT_NE(staff_view.dump().find(secret), std::string::npos) << secret;
  }
}

// The admin API refuses a weak password for a new user or a changed one, saying why (400).
TEST_F(HttpApiTest, AdminsCannotSetAWeakPassword) {
  using model::Role;
  const auto [added, body] =
      AsStaff(Role::kAdmin, "POST", "/api/v1/staff/users",
              {{"name", "piet"}, {"role", "agent"}, {"password", "geheim wachtwoord"}});
  EXPECT_EQ(added, 400);
  EXPECT_NE(body["error"]["message"].get<std::string>().find("too easy to guess"),
            std::string::npos)
      << body;
  const auto [ok, user] =
      AsStaff(Role::kAdmin, "POST", "/api/v1/staff/users",
              {{"name", "piet"}, {"role", "agent"}, {"password", "zeven zure zuurtjes zoeken"}});
  ASSERT_EQ(ok, 201) << user;
  const std::string path = "/api/v1/staff/users/" + user["user"]["id"].get<std::string>();
  for (const auto& [password, why] :
       std::vector<std::pair<std::string, std::string>>{{"piet-wachtwoord-2026", "user name"},
                                                        {"qwertyuiop", "simple sequence"},
                                                        {"            ", "only spaces"}}) {
    const auto [status, answer] = AsStaff(Role::kAdmin, "POST", path, {{"password", password}});
    EXPECT_EQ(status, 400) << password;
    EXPECT_NE(answer["error"]["message"].get<std::string>().find(why), std::string::npos) << answer;
  }
}

// Numbers and names out of range are refused with the field, not wrapped or stored as they are.
TEST_F(HttpApiTest, AdminBodiesOutOfRangeAreRefusedWithTheField) {
  using model::Role;
  const auto [status, body] = AsStaff(Role::kAdmin, "POST", "/api/v1/staff/users",
                                      {{"name", "piet"},
                                       {"password", "zeven zure zuurtjes zoeken"},
                                       {"capacity", 4294967298ULL}});  // 2 once cast to int
  EXPECT_EQ(status, 400) << body;
  EXPECT_NE(body.dump().find("capacity"), std::string::npos) << body;
  const auto [queue_status, queue] = AsStaff(Role::kAdmin, "POST", "/api/v1/staff/queues/algemeen",
                                             {{"name_nl", std::string(5000, 'x')}});
  EXPECT_EQ(queue_status, 400) << queue;
  EXPECT_NE(queue.dump().find("name_nl"), std::string::npos) << queue;
}

// Routes of the staff API that name a conversation yet show nothing of what the customer said or
// who they are. Every other such route must be marked as reading customer data (and so be
// recorded): a new route has to be placed on one side or the other.
const std::set<std::string> kConversationRoutesWithoutCustomerData = {
    "GET /api/v1/staff/conversations/{id}/callback-slots",  // the free slots of the queue
};

TEST_F(HttpApiTest, EveryStaffRouteThatReadsCustomerDataWritesAnAccessEntry) {
  int checked = 0;
  for (const Route& route : api_->router().routes()) {
    const std::string name = route.method + " " + route.pattern;
    if (route.access == Access::kStaff && route.method == "GET" &&
        route.pattern.starts_with("/api/v1/staff/conversations/{id}")) {
      EXPECT_TRUE(route.reads_customer_data ||
                  kConversationRoutesWithoutCustomerData.contains(name))
          << name << " shows a conversation: mark it as reading customer data, or say in "
          << "kConversationRoutesWithoutCustomerData why it does not";
    }
    if (!route.reads_customer_data) continue;
    ++checked;
    // Recorded on a worker (never on an I/O thread), about the conversation in the path.
    EXPECT_EQ(route.access, Access::kStaff) << name;
    EXPECT_FALSE(route.inline_answer) << name;
    EXPECT_NE(route.pattern.find("{id}"), std::string::npos) << name;
    for (const auto& [role, session] : sessions_) {
      if (!model::RoleAtLeast(role, route.role)) continue;
      const std::int64_t before = AuditHead();
      net::HttpRequest request = RequestFor(route);
      request.target.replace(request.target.find("some-id"), 7, conversation_);
      request.headers.emplace_back("cookie", session.cookie);
      request.headers.emplace_back("x-csrf-token", session.csrf);
      const auto response = Call(request);
      ASSERT_EQ(response.status / 100, 2) << name << ": " << response.body;
      const auto entries = AuditAfter(before);
      ASSERT_EQ(entries.size(), 1u) << name;
      EXPECT_EQ(entries[0].action, "conversation_read") << name;
      EXPECT_EQ(entries[0].conversation_id, conversation_) << name;
      const std::string staff = role == model::Role::kAgent        ? "agent"
                                : role == model::Role::kSupervisor ? "super"
                                                                   : "admin";
      EXPECT_EQ(entries[0].actor, StaffId(staff)) << name;
      EXPECT_EQ(json::parse(entries[0].details), json({{"route", name}})) << name;
      // Nothing is recorded for a conversation that is not there: nothing was read.
      net::HttpRequest missing = RequestFor(route);
      missing.headers.emplace_back("cookie", session.cookie);
      missing.headers.emplace_back("x-csrf-token", session.csrf);
      EXPECT_EQ(Call(missing).status, 404) << name;
      EXPECT_EQ(AuditAfter(before).size(), 1u) << name;
    }
  }
  EXPECT_GE(checked, 1);
  EXPECT_TRUE(audit_->Verify()->intact());
}

TEST_F(HttpApiTest, LogInsFailedLogInsLockOutsAndLogOutsAreAudited) {
  // The fixture's three log-ins.
  auto entries = AuditAfter(0);
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[0].action, "login");
  EXPECT_EQ(entries[0].actor, StaffId("agent"));
  EXPECT_EQ(json::parse(entries[0].details)["address"], "10.0.0.1");
  const std::int64_t before = AuditHead();
  net::HttpRequest attack;
  attack.method = "POST";
  attack.target = "/api/v1/staff/login";
  attack.remote_address = "203.0.113.9";
  attack.body = json{{"name", "agent"}, {"password", "fout wachtwoord"}}.dump();
  for (int i = 0; i < 5; ++i) EXPECT_EQ(Call(attack).status, 401);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(Call(attack).status, 429);
  entries = AuditAfter(before);
  // Five failures, and one lock-out however often it refused within the minute.
  ASSERT_EQ(entries.size(), 6u);
  for (size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(entries[i].action, "login_failed");
    EXPECT_EQ(entries[i].actor, "anonymous");
    EXPECT_EQ(json::parse(entries[i].details),
              json({{"name", "agent"}, {"address", "203.0.113.9"}}));
  }
  EXPECT_EQ(entries[5].action, "lockout");
  EXPECT_EQ(json::parse(entries[5].details)["name"], "agent");
  const Session& agent = sessions_[model::Role::kAgent];
  net::HttpRequest logout;
  logout.method = "POST";
  logout.target = "/api/v1/staff/logout";
  logout.remote_address = "10.0.0.1";
  logout.headers.emplace_back("cookie", agent.cookie);
  logout.headers.emplace_back("x-csrf-token", agent.csrf);
  EXPECT_EQ(Call(logout).status, 204);
  entries = AuditAfter(before + 6);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].action, "logout");
  EXPECT_EQ(entries[0].actor, StaffId("agent"));
  // No password anywhere in the trail.
  for (const auto& entry : AuditAfter(0)) {
    EXPECT_EQ(entry.details.find("wachtwoord"), std::string::npos) << entry.details;
    EXPECT_EQ(entry.details.find("olifanten"), std::string::npos) << entry.details;
  }
  EXPECT_TRUE(audit_->Verify()->intact());
}

TEST_F(HttpApiTest, UserAndQueueAdministrationIsAudited) {
  using model::Role;
  const std::int64_t before = AuditHead();
  const auto [added, user] =
      AsStaff(Role::kAdmin, "POST", "/api/v1/staff/users",
              {{"name", "piet"}, {"role", "agent"}, {"password", "zeven zure zuurtjes zoeken"}});
  ASSERT_EQ(added, 201) << user;
  const std::string id = user["user"]["id"];
  const auto [changed, body] =
      AsStaff(Role::kAdmin, "POST", "/api/v1/staff/users/" + id,
              {{"password", "acht oude olijven ontsnappen"}, {"role", "supervisor"}});
  ASSERT_EQ(changed, 200) << body;
  const auto [queue, queue_body] =
      AsStaff(Role::kAdmin, "POST", "/api/v1/staff/queues/algemeen", {{"name_nl", "Algemeen"}});
  ASSERT_EQ(queue, 200) << queue_body;
  // A refused change is no entry.
  EXPECT_EQ(std::get<0>(AsStaff(Role::kAdmin, "POST", "/api/v1/staff/users",
                                {{"name", "piet"}, {"password", "zeven zure zuurtjes zoeken"}})),
            409);
  const auto entries = AuditAfter(before);
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[0].action, "user_created");
  EXPECT_EQ(entries[0].actor, StaffId("admin"));
  EXPECT_EQ(json::parse(entries[0].details)["user"], id);
  EXPECT_EQ(json::parse(entries[0].details)["role"], "agent");
  EXPECT_EQ(entries[1].action, "user_changed");
  EXPECT_EQ(json::parse(entries[1].details)["fields"], json({"role", "password"}));
  EXPECT_EQ(json::parse(entries[1].details)["role"], "supervisor");
  EXPECT_EQ(entries[2].action, "queue_changed");
  EXPECT_EQ(json::parse(entries[2].details), json({{"queue", "algemeen"}}));
  for (const auto& entry : entries) {
    EXPECT_EQ(entry.details.find("zuurtjes"), std::string::npos);
    EXPECT_EQ(entry.details.find("olijven"), std::string::npos);
  }
}

TEST_F(HttpApiTest, AReadWhoseAccessCannotBeRecordedIsRefusedAndShowsNothing) {
  // An audit trail in a database that is full (a real one, limited in size and filled).
  auto full = storage::SqliteStore::Open(dir_.path() / "full.db", {.max_database_bytes = 1 << 20});
  ASSERT_TRUE(full.ok()) << full.status().ToString();
  service::AuditTrail full_audit(**full, clock_);
  // Big entries until one does not fit, then smaller ones down to none at all: no room is left
  // in any page for the smallest entry.
  int filled = 0;
  for (const size_t size : {size_t{8000}, size_t{1000}, size_t{100}, size_t{0}}) {
    while (full_audit.Record({.actor = "s_test", .details = {{"filler", std::string(size, 'x')}}})
               .ok()) {
      ASSERT_LT(++filled, 10000);
    }
  }
  HttpApi api(ApiServices{*conversations_, hub_, *desk_, *accounts_, staff_hub_, roster_, *board_,
                          *queue_admin_, clock_, full_audit},
              workers_, hashing_, StaticFiles(), ApiOptions{});
  net::HttpRequest open;
  open.method = "GET";
  open.target = "/api/v1/staff/conversations/" + conversation_;
  open.headers.emplace_back("host", "127.0.0.1:8080");
  open.headers.emplace_back("cookie", sessions_[model::Role::kSupervisor].cookie);
  std::promise<net::HttpResponse> answer;
  auto future = answer.get_future();
  api.HandleHttp(open, [&answer](net::HttpResponse response) { answer.set_value(response); });
  const net::HttpResponse refused = future.get();
  EXPECT_EQ(refused.status, 503) << refused.body;
  EXPECT_NE(refused.body.find("audit trail"), std::string::npos) << refused.body;
  EXPECT_EQ(refused.body.find("events"), std::string::npos) << refused.body;
  // The same read through the fixture's API, whose trail has room, is shown and recorded.
  const std::int64_t before = AuditHead();
  EXPECT_EQ(AsStaff(model::Role::kSupervisor, "GET", "/api/v1/staff/conversations/" + conversation_)
                .first,
            200);
  EXPECT_EQ(AuditAfter(before).size(), 1u);
}

}  // namespace
}  // namespace balie::api
