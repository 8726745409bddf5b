#ifndef BALIE_TESTS_SUPPORT_NET_CLIENT_H_
#define BALIE_TESTS_SUPPORT_NET_CLIENT_H_

// Blocking HTTP and WebSocket clients for tests and tools (integration tests, the durability
// test, command-line probes). Every call has a deadline; nothing waits forever. Built into the
// balie_test_client library, which only tests link; not part of the server.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "base/status.h"

namespace balie::net {

struct ClientResponse {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-case
  std::string body;
  std::string Header(std::string_view lower_case_name) const;
};

struct ClientRequest {
  std::string method = "GET";
  std::string target = "/";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

// Sends one request on a new connection and reads the response.
[[nodiscard]] base::Result<ClientResponse> HttpCall(
    const std::string& host, std::uint16_t port, const ClientRequest& request,
    std::chrono::milliseconds timeout = std::chrono::seconds(10));

// A WebSocket client whose messages are read on a thread of its own and queued. Thread-safe.
class WebSocketClient {
 public:
  // Connects and upgrades. A refused upgrade fails with the HTTP status in the message
  // ("refused with HTTP 401: …").
  // `headers` are added to the upgrade request (e.g. a Cookie and an Origin).
  [[nodiscard]] static base::Result<std::unique_ptr<WebSocketClient>> Connect(
      const std::string& host, std::uint16_t port, const std::string& target,
      std::chrono::milliseconds timeout = std::chrono::seconds(10),
      const std::vector<std::pair<std::string, std::string>>& headers = {});
  ~WebSocketClient();
  WebSocketClient(const WebSocketClient&) = delete;
  WebSocketClient& operator=(const WebSocketClient&) = delete;

  [[nodiscard]] base::Status Send(const std::string& text);
  // The next message; kUnavailable when none came within `timeout` or the connection closed.
  [[nodiscard]] base::Result<std::string> Receive(std::chrono::milliseconds timeout);
  // Sends a close frame and waits (up to a second) for the server's.
  void Close();
  // Whether the connection has ended, and the server's close code if it sent one.
  bool closed() const;
  std::optional<std::uint16_t> close_code() const;

  struct Impl;

 private:
  explicit WebSocketClient(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace balie::net

#endif  // BALIE_TESTS_SUPPORT_NET_CLIENT_H_
