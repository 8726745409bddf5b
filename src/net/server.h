#ifndef BALIE_NET_SERVER_H_
#define BALIE_NET_SERVER_H_

// The transport: an HTTP/1.1 and WebSocket server (Boost.Beast on Asio) that knows nothing of
// conversations. It parses requests within limits, and calls the application only through the
// small interfaces below; Beast stays inside net/'s .cc files.
//
// Threads: the server runs its own I/O threads. The application's callbacks run on them and must
// not block: slow work goes to a worker pool, and the answer comes back through the completion
// functions and WebSocketConnection, which may be called from any thread.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "base/status.h"

namespace balie::net {

struct HttpRequest {
  std::string method;  // "GET", "POST", …
  std::string target;  // as sent: path and query, still percent-encoded
  // Header fields with lower-case names, in order of arrival.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string remote_address;  // the peer's IP address

  // The first field with this lower-case name, or "".
  std::string_view Header(std::string_view lower_case_name) const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

// A WebSocket as the application sees it. Thread-safe; may outlive the connection (then calls do
// nothing).
class WebSocketConnection {
 public:
  virtual ~WebSocketConnection() = default;
  // Queues a text frame. When more than the output limit is queued (a client that does not
  // read), the connection is closed instead.
  virtual void Send(std::string text) = 0;
  // Sends a close frame with this code (RFC 6455, e.g. 1000 normal, 1008 policy) after the
  // frames already queued.
  virtual void Close(std::uint16_t code, std::string reason) = 0;
  // Calls `resume(room)` once the output queued (by earlier Sends) is at most half the output
  // limit — at once if it already is — with `room` the bytes that may be queued before the limit.
  // For sending much (a long history) in steps as fast as the client reads. Runs on the
  // connection's I/O thread, so `resume` must not block; never called if the connection ends.
  virtual void WhenDrained(std::function<void(size_t room)> resume) = 0;
};

// The application's side of one WebSocket. Calls for one connection never overlap.
class WebSocketHandler {
 public:
  virtual ~WebSocketHandler() = default;
  // A text or binary message of at most ServerOptions::max_message_bytes.
  virtual void OnMessage(std::string_view message) = 0;
  // A message over the limit; the connection stays open. `size` is its length.
  virtual void OnTooLarge(size_t size) = 0;
  // The connection has ended (closed by either side, timed out, or the server stopped).
  virtual void OnClose() = 0;
};

// Accepting an upgrade: creates the handler for the new connection.
using AcceptWebSocket =
    std::function<std::shared_ptr<WebSocketHandler>(std::shared_ptr<WebSocketConnection>)>;
// The application's answer to an upgrade request: accept, or refuse with an HTTP response.
using UpgradeDecision = std::variant<AcceptWebSocket, HttpResponse>;

class Application {
 public:
  virtual ~Application() = default;
  // Answers a request by calling `respond` exactly once, from any thread.
  virtual void HandleHttp(HttpRequest request, std::function<void(HttpResponse)> respond) = 0;
  // Decides on a WebSocket upgrade by calling `decide` exactly once, from any thread.
  virtual void HandleUpgrade(HttpRequest request, std::function<void(UpgradeDecision)> decide) = 0;
};

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;  // 0: any free port (see Server::port)
  int io_threads = 2;
  size_t max_header_bytes = 8 * 1024;
  size_t max_body_bytes = 64 * 1024;
  // A WebSocket message up to this size reaches the application; a larger one up to
  // max_frame_hard_limit_bytes is reported with OnTooLarge; beyond that the connection closes.
  size_t max_message_bytes = 16 * 1024;
  size_t max_frame_hard_limit_bytes = 1024 * 1024;
  size_t max_queued_output_bytes = 256 * 1024;
  std::chrono::seconds http_idle_timeout{30};  // also the time to send a whole request
  std::chrono::seconds websocket_idle_timeout{300};
  // Connections above this are refused (closed at once), so that the process keeps file
  // descriptors for its own files.
  size_t max_connections = 19000;
  // Open connections from one client address; its further connections are refused (HTTP 503),
  // so that one address cannot take the whole of max_connections from everyone else.
  size_t max_connections_per_address = 1000;
  // Memory for WebSocket messages still arriving (sent in parts, or slowly), across every
  // connection. A connection whose unfinished message would take more is closed (1013, try again
  // later); the others go on.
  size_t max_unfinished_message_bytes = 64 * 1024 * 1024;
  // Several processes may listen on the same port (SO_REUSEPORT).
  bool reuse_port = false;
  // Addresses of load balancers in front of the server (exact IPv4 or IPv6 addresses). A
  // connection from one of them must open with a PROXY protocol v2 header (proxy_protocol.h),
  // whose client address then counts for the limits per address and is the request's
  // remote_address; one without it is closed after http_idle_timeout. Empty: none.
  std::vector<std::string> trusted_proxies;
};

class Server {
 public:
  // Binds and starts serving on io_threads threads. Fails with a message when the address cannot
  // be bound.
  [[nodiscard]] static base::Result<std::unique_ptr<Server>> Start(ServerOptions options,
                                                                   Application& application);
  // Stops at once if Stop was not called.
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // The bound port.
  std::uint16_t port() const;
  // Stops taking new connections; those open go on. Idempotent.
  void StopAccepting();
  // Graceful stop: no new connections; HTTP responses in progress are finished; each WebSocket
  // gets its queued frames and then a close frame (1001, going away). After `grace` whatever is
  // left is cut. Blocks until the I/O threads have ended. Idempotent; call it from a thread that
  // is not one of the server's.
  void Stop(std::chrono::milliseconds grace = std::chrono::seconds(5));

  struct Stats {
    size_t open_connections = 0;
    size_t open_websockets = 0;
    std::uint64_t accepted = 0;
    std::uint64_t refused = 0;                // over max_connections
    std::uint64_t refused_per_address = 0;    // over max_connections_per_address
    std::uint64_t refused_proxy_headers = 0;  // a trusted proxy's connection without a header
    std::uint64_t closed_over_budget = 0;     // over max_unfinished_message_bytes
    size_t unfinished_message_bytes = 0;      // held now for messages still arriving
  };
  Stats stats() const;

  struct Impl;

 private:
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace balie::net

#endif  // BALIE_NET_SERVER_H_
