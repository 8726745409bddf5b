#ifndef BALIE_TESTS_SUPPORT_API_CLIENT_H_
#define BALIE_TESTS_SUPPORT_API_CLIENT_H_

// Talking to a real `balie serve` in integration tests: HTTP calls with JSON, customer
// conversations and their streams, staff log-in, and waiting for a frame of a type. Test-only.

#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/net_client.h"

namespace balie::testing {

class ApiClient {
 public:
  explicit ApiClient(std::uint16_t port) : port_(port) {}

  // One request; `token` is a customer token, `session` a staff session cookie ("balie_session=…")
  // with its `csrf`.
  net::ClientResponse Http(const std::string& method, const std::string& target,
                           const std::string& body = "", const std::string& token = "",
                           const std::string& session = "", const std::string& csrf = "") const {
    net::ClientRequest request{method, target, body, {}};
    if (!token.empty()) request.headers.emplace_back("Authorization", "Bearer " + token);
    if (!session.empty()) request.headers.emplace_back("Cookie", session);
    if (!csrf.empty()) request.headers.emplace_back("X-CSRF-Token", csrf);
    // Longer than a log-in may be slowed down (LoginLimitOptions::max_slowdown, 10 s) plus its
    // password hash on a busy machine: a slowed-down log-in is an answer, not a lost request.
    auto response = net::HttpCall("127.0.0.1", port_, request, std::chrono::seconds(30));
    EXPECT_TRUE(response.ok()) << response.status().ToString();
    return response.ok() ? *response : net::ClientResponse{};
  }

  // Starts a conversation; returns {id, token}.
  std::pair<std::string, std::string> Start(const std::string& language = "nl") const {
    const auto response =
        Http("POST", "/api/v1/conversations", nlohmann::json{{"language", language}}.dump());
    EXPECT_EQ(response.status, 201) << response.body;
    const auto body = nlohmann::json::parse(response.body, nullptr, false);
    return {body.value("id", ""), body.value("token", "")};
  }

  std::unique_ptr<net::WebSocketClient> Stream(const std::string& id, const std::string& token,
                                               std::int64_t after = 0) const {
    auto client =
        net::WebSocketClient::Connect("127.0.0.1", port_,
                                      "/api/v1/conversations/" + id + "/stream?token=" + token +
                                          "&after=" + std::to_string(after));
    EXPECT_TRUE(client.ok()) << client.status().ToString();
    return client.ok() ? std::move(client).value() : nullptr;
  }

  struct Staff {
    std::string session;  // "balie_session=…"
    std::string csrf;
  };
  Staff LogIn(const std::string& name, const std::string& password) const {
    const auto response = Http("POST", "/api/v1/staff/login",
                               nlohmann::json{{"name", name}, {"password", password}}.dump());
    EXPECT_EQ(response.status, 200) << response.body;
    const std::string cookie = response.Header("set-cookie");
    const auto body = nlohmann::json::parse(response.body, nullptr, false);
    return {cookie.substr(0, cookie.find(';')), body.value("csrf", "")};
  }

  std::unique_ptr<net::WebSocketClient> StaffStream(const Staff& staff) const {
    auto client =
        net::WebSocketClient::Connect("127.0.0.1", port_, "/api/v1/staff/stream",
                                      std::chrono::seconds(10), {{"Cookie", staff.session}});
    EXPECT_TRUE(client.ok()) << client.status().ToString();
    return client.ok() ? std::move(client).value() : nullptr;
  }

  // Frames until one of `type` (with `kind` for events, when given) arrives; those passed over
  // are kept in `seen`.
  static nlohmann::json Next(net::WebSocketClient& client, const std::string& type,
                             const std::string& kind = "",
                             std::vector<nlohmann::json>* seen = nullptr) {
    for (int i = 0; i < 100; ++i) {
      auto text = client.Receive(std::chrono::seconds(10));
      if (!text.ok()) {
        ADD_FAILURE() << "no '" << type << "' frame: " << text.status().ToString();
        return nlohmann::json::object();
      }
      nlohmann::json frame = nlohmann::json::parse(*text);
      if (seen != nullptr) seen->push_back(frame);
      if (frame["type"] == type && (kind.empty() || frame["event"]["kind"] == kind)) {
        return frame;
      }
    }
    ADD_FAILURE() << "no '" << type << "' frame in 100";
    return nlohmann::json::object();
  }

  static void Send(net::WebSocketClient& client, const nlohmann::json& frame) {
    ASSERT_TRUE(client.Send(frame.dump()).ok());
  }

 private:
  std::uint16_t port_;
};

}  // namespace balie::testing

#endif  // BALIE_TESTS_SUPPORT_API_CLIENT_H_
