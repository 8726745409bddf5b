// Balie behind a real load balancer: Debian's HAProxy with the repository's own configuration
// (deploy/haproxy.cfg), in front of the real `balie serve`. A customer's conversation, over HTTP
// and its WebSocket, goes through it, HAProxy's health checks (/readyz, with a PROXY header) keep
// the server up, and the PROXY protocol gives Balie each customer's own address, so that the
// limits per address count customers and not the load balancer.
//
// Both of the configuration's servers point at one `balie serve` here (SQLite serves one
// process), so that the limit per address is one process's and the test exact.

#include <gtest/gtest.h>

#include <csignal>
#include <fstream>
#include <nlohmann/json.hpp>

#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include "base/temp_dir.h"
#include "support/api_client.h"
#include "support/raw_client.h"
#include "support/server_process.h"

namespace balie {
namespace {

using nlohmann::json;

constexpr const char* kHaproxy = "/usr/sbin/haproxy";

// A port that was free a moment ago (HAProxy binds it next).
std::uint16_t FreePort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  std::uint16_t port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    port = ntohs(address.sin_port);
  }
  ::close(fd);
  return port;
}

// HAProxy in the foreground with deploy/haproxy.cfg, both servers at `server`; stopped with the
// object. Its output goes to `log`.
class Haproxy {
 public:
  Haproxy(std::uint16_t port, std::uint16_t server, const std::string& log) {
    pid_ = fork();
    if (pid_ == 0) {
      const std::string backend = "127.0.0.1:" + std::to_string(server);
      setenv("BALIE_LB_BIND", ("127.0.0.1:" + std::to_string(port)).c_str(), 1);
      setenv("BALIE_SERVER_1", backend.c_str(), 1);
      setenv("BALIE_SERVER_2", backend.c_str(), 1);
      std::freopen(log.c_str(), "w", stdout);
      std::freopen(log.c_str(), "a", stderr);
      const std::string config = (testing::SourceDir() / "deploy" / "haproxy.cfg").string();
      execl(kHaproxy, kHaproxy, "-db", "-f", config.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
  }
  ~Haproxy() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }
  Haproxy(const Haproxy&) = delete;
  Haproxy& operator=(const Haproxy&) = delete;

 private:
  pid_t pid_ = -1;
};

// The status of POST /api/v1/conversations sent through `port` from the local address `source`.
int StartFrom(std::uint16_t port, const char* source) {
  const int fd = testing::RawConnect(port, source);
  if (fd < 0) return -1;
  const std::string body = R"({"language":"nl"})";
  const bool sent =
      testing::SendAll(fd,
                       "POST /api/v1/conversations HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                       "application/json\r\nConnection: close\r\nContent-Length: " +
                           std::to_string(body.size()) + "\r\n\r\n" + body);
  const std::string head = sent ? testing::ReadHead(fd) : "";
  ::close(fd);
  return head.size() > 12 ? std::stoi(head.substr(9, 3)) : -1;
}

TEST(HaproxyTest, ACustomerThroughTheLoadBalancerIsCountedByTheirOwnAddress) {
  ASSERT_EQ(access(kHaproxy, X_OK), 0) << kHaproxy << " is missing: run scripts/bootstrap";
  // Two new conversations per client address at once, then one a second.
  setenv("BALIE_SERVER_TRUSTED_PROXIES", "127.0.0.1", 1);
  setenv("BALIE_LIMITS_CONVERSATIONS_PER_SECOND", "1", 1);
  setenv("BALIE_LIMITS_CONVERSATION_BURST", "2", 1);
  auto data = base::TempDir::Create("balie-haproxy-data-").value();
  auto web = base::TempDir::Create("balie-haproxy-web-").value();
  testing::ServerProcess server(testing::BalieBinary(),
                                {"--kb", (testing::SourceDir() / "demo" / "voorbeeldbank").string(),
                                 "--data", data.path().string(), "--web", web.path().string()});
  ASSERT_TRUE(server.ok()) << server.output();

  const std::uint16_t port = FreePort();
  const std::string log = (data.path() / "haproxy.log").string();
  Haproxy haproxy(port, server.port(), log);
  testing::ApiClient api(port);
  // HAProxy may not listen yet, and a refused connection is no failure while it starts (not
  // api.Http, which expects every call to connect).
  int ready = 0;
  for (int i = 0; i < 100 && ready != 200; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    const auto response = net::HttpCall("127.0.0.1", port, {"GET", "/readyz", "", {}});
    ready = response.ok() ? response->status : 0;
  }
  std::ifstream haproxy_log(log);
  ASSERT_EQ(ready, 200) << std::string(std::istreambuf_iterator<char>(haproxy_log), {});

  // A conversation through the load balancer, its stream included.
  auto [id, token] = api.Start();
  auto client = api.Stream(id, token);
  ASSERT_TRUE(client);
  testing::ApiClient::Next(*client, "status");
  testing::ApiClient::Send(
      *client, {{"type", "message"}, {"client_id", "m1"}, {"text", "pincode vergeten"}});
  EXPECT_EQ(testing::ApiClient::Next(*client, "receipt")["seq"], 2);
  const json reply = testing::ApiClient::Next(*client, "event", "bot_reply")["event"];
  EXPECT_EQ(reply["sources"][0]["id"], "pincode-vergeten");

  // Each customer has their own allowance, though all come through HAProxy's one address.
  EXPECT_EQ(StartFrom(port, "127.0.0.2"), 201);
  EXPECT_EQ(StartFrom(port, "127.0.0.2"), 201);
  EXPECT_EQ(StartFrom(port, "127.0.0.2"), 429);
  EXPECT_EQ(StartFrom(port, "127.0.0.3"), 201);
  // The first customer's stream is still open and answering.
  testing::ApiClient::Send(*client,
                           {{"type", "message"}, {"client_id", "m2"}, {"text", "pas kwijt"}});
  EXPECT_EQ(testing::ApiClient::Next(*client, "receipt")["seq"], 4);
}

}  // namespace
}  // namespace balie
