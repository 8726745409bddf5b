#include "net/server.h"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>

#include "net/client.h"

namespace balie::net {
namespace {

using namespace std::chrono_literals;

// Echoes WebSocket messages back, upper-cased on request; answers HTTP with what it got.
class EchoHandler final : public WebSocketHandler {
 public:
  explicit EchoHandler(std::shared_ptr<WebSocketConnection> connection)
      : connection_(std::move(connection)) {}
  void OnMessage(std::string_view message) override {
    if (message == "flood") {
      for (int i = 0; i < 1000; ++i) {
        connection_->Send(std::string(4096, 'x'));
      }
      return;
    }
    if (message == "bye") {
      connection_->Close(1000, "bye");
      return;
    }
    connection_->Send("echo:" + std::string(message));
  }
  void OnTooLarge(size_t size) override { connection_->Send("too large:" + std::to_string(size)); }
  void OnClose() override {}

 private:
  std::shared_ptr<WebSocketConnection> connection_;
};

class TestApplication final : public Application {
 public:
  void HandleHttp(HttpRequest request, std::function<void(HttpResponse)> respond) override {
    HttpResponse response;
    response.content_type = "text/plain";
    response.headers.emplace_back("X-Test", "yes");
    response.body = request.method + " " + request.target + " " + request.body + " " +
                    std::string(request.Header("x-name"));
    respond(std::move(response));
  }
  void HandleUpgrade(HttpRequest request, std::function<void(UpgradeDecision)> decide) override {
    if (request.target.find("token=good") == std::string::npos) {
      HttpResponse refusal;
      refusal.status = 401;
      refusal.body = R"({"error":{"code":"unauthorized"}})";
      return decide(refusal);
    }
    decide(AcceptWebSocket([](std::shared_ptr<WebSocketConnection> connection) {
      return std::make_shared<EchoHandler>(std::move(connection));
    }));
  }
};

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ServerOptions options;
    options.port = 0;
    options.max_body_bytes = 1024;
    options.max_message_bytes = 64;
    options.max_frame_hard_limit_bytes = 4096;
    options.max_queued_output_bytes = 64 * 1024;
    auto server = Server::Start(options, application_);
    ASSERT_TRUE(server.ok()) << server.status().ToString();
    server_ = std::move(server).value();
  }

  std::unique_ptr<WebSocketClient> Connect(const std::string& target = "/ws?token=good") {
    auto client = WebSocketClient::Connect("127.0.0.1", server_->port(), target);
    EXPECT_TRUE(client.ok()) << client.status().ToString();
    return client.ok() ? std::move(client).value() : nullptr;
  }

  TestApplication application_;
  std::unique_ptr<Server> server_;
};

TEST_F(ServerTest, AnswersHttpRequests) {
  ClientRequest request;
  request.method = "POST";
  request.target = "/x?y=1";
  request.body = "hello";
  request.headers.emplace_back("X-Name", "An");
  auto response = HttpCall("127.0.0.1", server_->port(), request);
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "POST /x?y=1 hello An");
  EXPECT_EQ(response->Header("x-test"), "yes");
  EXPECT_EQ(response->Header("server"), "Balie");
}

TEST_F(ServerTest, RefusesABodyOverTheLimit) {
  ClientRequest request;
  request.method = "POST";
  request.body = std::string(2000, 'x');
  auto response = HttpCall("127.0.0.1", server_->port(), request);
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->status, 413);
  EXPECT_NE(response->body.find("payload_too_large"), std::string::npos);
}

TEST_F(ServerTest, EchoesOverAWebSocket) {
  auto client = Connect();
  ASSERT_TRUE(client);
  ASSERT_TRUE(client->Send("hallo").ok());
  auto message = client->Receive(5s);
  ASSERT_TRUE(message.ok()) << message.status().ToString();
  EXPECT_EQ(*message, "echo:hallo");
  EXPECT_EQ(server_->stats().open_websockets, 1u);
}

TEST_F(ServerTest, RefusedUpgradeGivesTheApplicationsStatus) {
  auto client = WebSocketClient::Connect("127.0.0.1", server_->port(), "/ws?token=bad");
  ASSERT_FALSE(client.ok());
  EXPECT_NE(client.status().message().find("HTTP 401"), std::string::npos)
      << client.status().message();
}

TEST_F(ServerTest, AMessageOverTheLimitIsReportedAndTheConnectionStaysUsable) {
  auto client = Connect();
  ASSERT_TRUE(client);
  ASSERT_TRUE(client->Send(std::string(100, 'a')).ok());
  auto message = client->Receive(5s);
  ASSERT_TRUE(message.ok());
  EXPECT_EQ(*message, "too large:100");
  ASSERT_TRUE(client->Send("still here").ok());
  EXPECT_EQ(client->Receive(5s).value(), "echo:still here");
}

TEST_F(ServerTest, AMessageOverTheHardLimitClosesTheConnection) {
  auto client = Connect();
  ASSERT_TRUE(client);
  (void)client->Send(std::string(10000, 'a'));
  EXPECT_FALSE(client->Receive(5s).ok());
  EXPECT_TRUE(client->closed());
  EXPECT_EQ(client->close_code(), 1009);  // message too big
}

TEST_F(ServerTest, AClientThatDoesNotReadIsClosed) {
  auto client = Connect();
  ASSERT_TRUE(client);
  // 4 MB of replies against a 64 KiB output limit: the server closes with "policy" rather
  // than buffering without end. (The client does read, but far slower than the server sends.)
  ASSERT_TRUE(client->Send("flood").ok());
  for (int i = 0; i < 2000 && !client->closed(); ++i) {
    (void)client->Receive(5s);
  }
  EXPECT_TRUE(client->closed());
}

TEST_F(ServerTest, TheApplicationCanClose) {
  auto client = Connect();
  ASSERT_TRUE(client);
  ASSERT_TRUE(client->Send("bye").ok());
  EXPECT_FALSE(client->Receive(5s).ok());
  EXPECT_EQ(client->close_code(), 1000);
}

TEST_F(ServerTest, StopClosesWebSocketsAsGoingAway) {
  auto client = Connect();
  ASSERT_TRUE(client);
  ASSERT_TRUE(client->Send("x").ok());
  ASSERT_TRUE(client->Receive(5s).ok());
  server_->Stop(2s);
  EXPECT_FALSE(client->Receive(5s).ok());
  EXPECT_EQ(client->close_code(), 1001);
  EXPECT_FALSE(HttpCall("127.0.0.1", server_->port(), ClientRequest{}, 1s).ok());
}

TEST_F(ServerTest, RefusesToBindATakenPort) {
  ServerOptions options;
  options.port = server_->port();
  auto second = Server::Start(options, application_);
  ASSERT_FALSE(second.ok());
  EXPECT_NE(second.status().message().find("another program"), std::string::npos)
      << second.status().message();
}

}  // namespace
}  // namespace balie::net
