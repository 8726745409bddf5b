#include "net/server.h"

#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <thread>

#include <arpa/inet.h>

#include "support/net_client.h"
#include "support/raw_client.h"

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
    if (message.starts_with("paced:")) {
      // A long history sent in steps as the client reads (as a replay does).
      auto left = std::make_shared<int>(std::stoi(std::string(message.substr(6))));
      auto step = std::make_shared<std::function<void(size_t)>>();
      *step = [connection = connection_, left, step](size_t room) {
        for (size_t sent = 0; *left > 0 && sent + 4096 <= room / 2; sent += 4096, --*left) {
          connection->Send(std::string(4096, 'p'));
        }
        if (*left > 0) {
          connection->WhenDrained(*step);
        } else {
          *step = nullptr;  // ends the cycle of shared pointers
        }
      };
      connection_->WhenDrained(*step);
      return;
    }
    if (message == "throw") {
      throw std::runtime_error("a bug in the application");
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
    if (request.target == "/throw") {
      throw std::logic_error("a bug in a handler");
    }
    if (request.target == "/whoami") {
      HttpResponse response;
      response.body = "client " + request.remote_address;
      return respond(std::move(response));
    }
    HttpResponse response;
    response.content_type = "text/plain";
    response.headers.emplace_back("X-Test", "yes");
    response.body = request.method + " " + request.target + " " + request.body + " " +
                    std::string(request.Header("x-name"));
    respond(std::move(response));
  }
  void HandleUpgrade(HttpRequest request, std::function<void(UpgradeDecision)> decide) override {
    if (request.target.find("throw") != std::string::npos) {
      throw std::out_of_range("a bug in an upgrade");
    }
    if (request.target.find("token=good") == std::string::npos) {
      HttpResponse refusal;
      refusal.status = 401;
      refusal.body = R"({"error":{"code":"unauthorized"}})";
      return decide(refusal);
    }
    // "greet=N": N frames of 16 KiB at once, as a replay of a long history does.
    const size_t greet = request.target.find("greet=");
    const int frames = greet == std::string::npos ? 0 : std::stoi(request.target.substr(greet + 6));
    decide(AcceptWebSocket([frames](std::shared_ptr<WebSocketConnection> connection) {
      for (int i = 0; i < frames; ++i) {
        connection->Send(std::string(16 * 1024, 'g'));
      }
      return std::make_shared<EchoHandler>(std::move(connection));
    }));
  }
};

using testing::ClientFrame;
using testing::RawConnect;
using testing::RawUpgrade;
using testing::ReadUntilClosed;
using testing::Reset;
using testing::SendAll;

// The status line of `GET /` sent from the local address `source` (e.g. 127.0.0.2).
std::string RawGetStatusLine(std::uint16_t port, const char* source) {
  const int fd = RawConnect(port, source);
  std::string head;
  if (fd >= 0 && SendAll(fd, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")) {
    head = testing::ReadHead(fd);
  }
  if (fd >= 0) ::close(fd);
  return head.substr(0, head.find('\r'));
}

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

TEST_F(ServerTest, AHandlerThatThrowsCostsOneRequestNotTheProcess) {
  for (int i = 0; i < 3; ++i) {
    auto failed = HttpCall("127.0.0.1", server_->port(), ClientRequest{"GET", "/throw", "", {}});
    ASSERT_TRUE(failed.ok()) << failed.status().ToString();
    EXPECT_EQ(failed->status, 500);
    EXPECT_NE(failed->body.find("\"internal\""), std::string::npos) << failed->body;
    EXPECT_NE(failed->body.find("reference e-"), std::string::npos) << failed->body;
  }
  auto refused = WebSocketClient::Connect("127.0.0.1", server_->port(), "/ws?throw");
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("HTTP 500"), std::string::npos);
  auto fine = HttpCall("127.0.0.1", server_->port(), ClientRequest{"GET", "/fine", "", {}});
  ASSERT_TRUE(fine.ok());
  EXPECT_EQ(fine->status, 200);
}

TEST_F(ServerTest, AStreamHandlerThatThrowsEndsOnlyItsOwnConnection) {
  auto bystander = Connect();
  auto victim = Connect();
  ASSERT_TRUE(bystander && victim);
  ASSERT_TRUE(victim->Send("throw").ok());
  EXPECT_FALSE(victim->Receive(5s).ok());
  EXPECT_EQ(victim->close_code(), 1011);  // internal error
  ASSERT_TRUE(bystander->Send("still?").ok());
  EXPECT_EQ(bystander->Receive(5s).value(), "echo:still?");
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

// A client that closes while the server is still writing to it (its replay) must not bring the
// server down: the write in flight completes with an error after the session ended.
TEST_F(ServerTest, ClientsClosingDuringAWriteDoNotBringTheServerDown) {
  for (int round = 0; round < 200; ++round) {
    const int fd = RawUpgrade(server_->port(), "/ws?token=good&greet=6");
    ASSERT_GE(fd, 0);
    if (round % 2 == 0) {
      Reset(fd);
    } else {
      const unsigned char close_frame[] = {0x88, 0x80, 1, 2, 3, 4};  // masked, empty
      (void)::send(fd, close_frame, sizeof close_frame, MSG_NOSIGNAL);
      ::close(fd);
    }
  }
  auto client = Connect();
  ASSERT_TRUE(client);
  ASSERT_TRUE(client->Send("alive?").ok());
  EXPECT_EQ(client->Receive(5s).value(), "echo:alive?");
}

TEST_F(ServerTest, ALongOutputSentAsTheClientReadsIsNotCutOff) {
  auto client = Connect();
  ASSERT_TRUE(client);
  // 4 MB against a 64 KiB output limit, in steps paced by WhenDrained: nothing is dropped.
  ASSERT_TRUE(client->Send("paced:1000").ok());
  int received = 0;
  while (received < 1000) {
    auto message = client->Receive(5s);
    ASSERT_TRUE(message.ok()) << "after " << received << ": " << message.status().ToString();
    ASSERT_EQ(message->size(), 4096u);
    ++received;
  }
  EXPECT_FALSE(client->closed());
}

TEST(ServerLimitsTest, OneAddressCannotTakeEveryConnection) {
  TestApplication application;
  ServerOptions options;
  options.port = 0;
  options.max_connections_per_address = 3;
  auto server = Server::Start(options, application).value();
  std::vector<std::unique_ptr<WebSocketClient>> held;
  for (int i = 0; i < 3; ++i) {
    held.push_back(WebSocketClient::Connect("127.0.0.1", server->port(), "/ws?token=good").value());
  }
  auto refused = HttpCall("127.0.0.1", server->port(), ClientRequest{"GET", "/x", "", {}});
  ASSERT_TRUE(refused.ok()) << refused.status().ToString();
  EXPECT_EQ(refused->status, 503);
  EXPECT_NE(refused->body.find("too many connections from your address"), std::string::npos);
  EXPECT_EQ(refused->Header("retry-after"), "10");
  EXPECT_EQ(server->stats().refused_per_address, 1u);
  // Another address is not affected.
  EXPECT_EQ(RawGetStatusLine(server->port(), "127.0.0.2"), "HTTP/1.1 200 OK");
  // A connection that ends gives its place back.
  held.pop_back();
  int status = 0;
  for (int i = 0; i < 200 && status != 200; ++i) {
    auto again = HttpCall("127.0.0.1", server->port(), ClientRequest{"GET", "/x", "", {}});
    status = again.ok() ? again->status : 0;
    if (status != 200) std::this_thread::sleep_for(10ms);
  }
  EXPECT_EQ(status, 200);
}

// A PROXY protocol v2 header for a TCP connection from `client` (IPv4) to 10.0.0.5:443.
std::string ProxyHeader(const char* client) {
  std::string header("\r\n\r\n\0\r\nQUIT\n\x21\x11\x00\x0c", 16);
  in_addr address{};
  inet_pton(AF_INET, client, &address);
  header.append(reinterpret_cast<const char*>(&address), 4);
  header.append("\x0a\x00\x00\x05\xc7\x38\x01\xbb", 8);
  return header;
}

// What the server answers on a new connection from `source` that sends `bytes`, up to its
// close.
std::string RawExchange(std::uint16_t port, const char* source, const std::string& bytes) {
  const int fd = RawConnect(port, source);
  std::string got;
  if (fd >= 0 && SendAll(fd, bytes)) {
    char buffer[4096];
    for (ssize_t n; (n = ::recv(fd, buffer, sizeof buffer, 0)) > 0;) {
      got.append(buffer, static_cast<size_t>(n));
    }
  }
  if (fd >= 0) ::close(fd);
  return got;
}

// Behind a load balancer every customer comes from its address: a trusted proxy's PROXY header
// names the client, for the request and for the limits per address.
TEST(ServerProxyTest, ATrustedProxyNamesTheClient) {
  TestApplication application;
  ServerOptions options;
  options.port = 0;
  options.max_connections_per_address = 1;
  options.http_idle_timeout = std::chrono::seconds(2);
  options.trusted_proxies = {"127.0.0.1"};
  auto server = Server::Start(options, application).value();
  const std::string whoami = "GET /whoami HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";

  EXPECT_NE(RawExchange(server->port(), "127.0.0.1", ProxyHeader("203.0.113.7") + whoami)
                .find("client 203.0.113.7"),
            std::string::npos);
  // Anyone else's connection is the peer's own; a PROXY header from it is no HTTP.
  EXPECT_NE(RawExchange(server->port(), "127.0.0.2", whoami).find("client 127.0.0.2"),
            std::string::npos);
  // (From another address: the one before may not have given its place back yet.)
  EXPECT_EQ(
      RawExchange(server->port(), "127.0.0.3", ProxyHeader("203.0.113.7") + whoami).substr(0, 12),
      "HTTP/1.1 400");
  // The proxy's connection without a header, or with a broken one, is closed unanswered.
  EXPECT_EQ(RawExchange(server->port(), "127.0.0.1", whoami), "");
  EXPECT_EQ(RawExchange(server->port(), "127.0.0.1", ProxyHeader("203.0.113.7").substr(0, 20)), "");
  // (A timed-out stream is closed before its handler counts it.)
  for (int i = 0; i < 100 && server->stats().refused_proxy_headers < 2; ++i) {
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_EQ(server->stats().refused_proxy_headers, 2u);

  // One connection per client address: the second of the same client is refused, another
  // client through the same proxy is not.
  // (The held connection must have its place before the second asks: the server reads the two
  // PROXY headers in either order, and had the second been read first, the held one would have
  // been refused and the second served. So the test waits on the server's count of open
  // connections; the held one counts once its header is read, for http_idle_timeout.)
  const auto open_connections_become = [&](size_t count) {
    for (int i = 0; i < 500 && server->stats().open_connections != count; ++i) {
      std::this_thread::sleep_for(10ms);
    }
    return server->stats().open_connections == count;
  };
  ASSERT_TRUE(open_connections_become(0));
  const int held = RawConnect(server->port(), "127.0.0.1");
  ASSERT_TRUE(SendAll(held, ProxyHeader("198.51.100.1") + "GET /whoami HTTP/1.1\r\n"));
  ASSERT_TRUE(open_connections_become(1));
  const std::string second =
      RawExchange(server->port(), "127.0.0.1", ProxyHeader("198.51.100.1") + whoami);
  EXPECT_TRUE(second.starts_with("HTTP/1.1 503")) << second;
  EXPECT_NE(RawExchange(server->port(), "127.0.0.1", ProxyHeader("198.51.100.2") + whoami)
                .find("client 198.51.100.2"),
            std::string::npos);
  ::close(held);
}

TEST(ServerProxyTest, ATrustedProxyMustBeAnAddress) {
  TestApplication application;
  ServerOptions options;
  options.port = 0;
  options.trusted_proxies = {"lb.example.nl"};
  const auto server = Server::Start(options, application);
  ASSERT_FALSE(server.ok());
  EXPECT_NE(server.status().message().find("lb.example.nl"), std::string::npos);
}

TEST(ServerLimitsTest, UnfinishedMessagesShareAMemoryBudget) {
  TestApplication application;
  ServerOptions options;
  options.port = 0;
  options.max_message_bytes = 64;
  options.max_frame_hard_limit_bytes = 1024 * 1024;
  options.max_unfinished_message_bytes = 300 * 1024;
  auto server = Server::Start(options, application).value();
  // Three clients each leave 100 KiB of a message unfinished: within the budget.
  std::vector<int> holders;
  for (int i = 0; i < 3; ++i) {
    holders.push_back(RawUpgrade(server->port(), "/ws?token=good"));
    ASSERT_TRUE(SendAll(holders.back(), ClientFrame(1, false, std::string(100 * 1024 - 64, 'h'))));
  }
  for (int i = 0; i < 500 && server->stats().unfinished_message_bytes < 3 * (100 * 1024 - 64);
       ++i) {
    std::this_thread::sleep_for(10ms);
  }
  ASSERT_EQ(server->stats().unfinished_message_bytes, 3 * (100 * 1024 - 64));
  // A fourth that grows past the budget is closed with 1013 (try again later) …
  const int grower = RawUpgrade(server->port(), "/ws?token=good");
  (void)SendAll(grower, ClientFrame(1, false, std::string(100 * 1024, 'g')));
  EXPECT_EQ(ReadUntilClosed(grower), 1013);
  ::close(grower);
  EXPECT_EQ(server->stats().closed_over_budget, 1u);
  // … while the others finish their messages and are answered.
  for (int fd : holders) {
    ASSERT_TRUE(SendAll(fd, ClientFrame(0, true, "end")));
  }
  for (int fd : holders) {
    char head[2];
    ASSERT_EQ(::recv(fd, head, 2, MSG_WAITALL), 2);
    std::string reply(static_cast<size_t>(head[1] & 0x7f), '\0');
    ASSERT_EQ(::recv(fd, reply.data(), reply.size(), MSG_WAITALL),
              static_cast<ssize_t>(reply.size()));
    EXPECT_EQ(reply, "too large:" + std::to_string(100 * 1024 - 64 + 3));
    ::close(fd);
  }
  for (int i = 0; i < 500 && server->stats().unfinished_message_bytes > 0; ++i) {
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_EQ(server->stats().unfinished_message_bytes, 0u);
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
