// The API's access rules, walked over the whole route table: every route that needs a customer
// token or a staff session refuses callers without the right one (401), with too low a role
// (403), or — for changes — without the CSRF token (403). Requests go straight to HttpApi, with
// the real services behind it.

#include "api/http_api.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "base/temp_dir.h"
#include "service/service_testing.h"
#include "storage/sqlite_store.h"

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
    core_ = std::make_unique<service::ConversationCore>(*store_, service::testing::DemoEngine(),
                                                        clock_, *board_, roster_, hub_, staff_hub_);
    conversations_ = std::make_unique<service::ConversationService>(*core_);
    desk_ = std::make_unique<service::AgentDesk>(*core_, *store_);
    accounts_ = std::make_unique<service::StaffAccounts>(*store_, clock_, &roster_, board_.get());
    api_ = std::make_unique<HttpApi>(ApiServices{*conversations_, hub_, *desk_, *accounts_,
                                                 staff_hub_, roster_, *board_, *store_, clock_},
                                     workers_, hashing_, StaticFiles(), FastOptions());
    for (const auto& [name, role] :
         {std::pair{"agent", model::Role::kAgent}, std::pair{"super", model::Role::kSupervisor},
          std::pair{"admin", model::Role::kAdmin}}) {
      service::StaffChange change;
      change.name = name;
      change.role = role;
      change.password = "geheim wachtwoord";
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
    request.body = json{{"name", name}, {"password", "geheim wachtwoord"}}.dump();
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
  service::AgentRoster roster_{clock_};
  service::ConversationHub hub_;
  service::StaffHub staff_hub_;
  std::unique_ptr<service::ConversationCore> core_;
  std::unique_ptr<service::ConversationService> conversations_;
  std::unique_ptr<service::AgentDesk> desk_;
  std::unique_ptr<service::StaffAccounts> accounts_;
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
  owner.body = json{{"name", "agent"}, {"password", "geheim wachtwoord"}}.dump();
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
    login.body = json{{"name", "agent"}, {"password", "geheim wachtwoord"}}.dump();
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
                          *store_, faulty},
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

}  // namespace
}  // namespace balie::api
