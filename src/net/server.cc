#include "net/server.h"

#include <sys/socket.h>
#include <algorithm>
#include <array>
#include <atomic>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/socket_base.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

#include "base/barrier.h"
#include "net/proxy_protocol.h"

namespace balie::net {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using ErrorCode = beast::error_code;

constexpr std::string_view kServerName = "Balie";

// What every session offers to the server, so that Stop can reach them all.
class Session {
 public:
  virtual ~Session() = default;
  // Begins a graceful end; called on no particular thread.
  virtual void BeginShutdown() = 0;
};

HttpResponse PlainError(int status, std::string message) {
  HttpResponse response;
  response.status = status;
  response.body = R"({"error":{"code":")" +
                  std::string(status == 413   ? "payload_too_large"
                              : status == 431 ? "headers_too_large"
                              : status == 500 ? "internal"
                              : status == 503 ? "unavailable"
                                              : "bad_request") +
                  R"(","message":")" + message + R"("}})";
  return response;
}

// `deliver`, of which only the first call counts: an application that threw may have answered
// before it did, or may still answer later from another thread.
template <typename T>
std::function<void(T)> FirstCallOnly(std::function<void(T)> deliver) {
  auto called = std::make_shared<std::atomic<bool>>(false);
  return [called, deliver = std::move(deliver)](T value) {
    if (!called->exchange(true)) {
      deliver(std::move(value));
    }
  };
}

// "GET /path" for the log: the query is left out, since it may hold a token.
std::string LogRoute(const HttpRequest& request) {
  return request.method + " " + request.target.substr(0, request.target.find('?'));
}

}  // namespace

std::string_view HttpRequest::Header(std::string_view lower_case_name) const {
  for (const auto& [name, value] : headers) {
    if (name == lower_case_name) {
      return value;
    }
  }
  return {};
}

struct Server::Impl {
  Impl(ServerOptions server_options, Application& app)
      : options(std::move(server_options)),
        application(app),
        io(options.io_threads),
        acceptor(asio::make_strand(io)) {}

  void Accept();
  // Serves an accepted connection as `address`'s (within max_connections and the address's
  // limit), on the socket's strand.
  void Serve(tcp::socket socket, std::string address);
  void Register(std::uint64_t id, std::weak_ptr<Session> session) {
    std::lock_guard lock(sessions_mutex);
    sessions.emplace(id, std::move(session));
  }
  void Unregister(std::uint64_t id) {
    std::lock_guard lock(sessions_mutex);
    sessions.erase(id);
  }

  ServerOptions options;
  Application& application;
  std::atomic<bool> stopping{false};
  std::atomic<bool> stopped{false};

  // Declared before `io`: sessions still queued in `io` when it is destroyed unregister
  // themselves and count down.
  std::mutex sessions_mutex;
  std::unordered_map<std::uint64_t, std::weak_ptr<Session>> sessions;
  std::atomic<std::uint64_t> next_session_id{1};
  std::atomic<size_t> open_connections{0};
  std::atomic<size_t> open_websockets{0};
  std::atomic<std::uint64_t> accepted{0};
  std::atomic<std::uint64_t> refused{0};
  std::atomic<std::uint64_t> refused_per_address{0};
  std::atomic<std::uint64_t> closed_over_budget{0};
  std::atomic<size_t> unfinished_message_bytes{0};
  std::mutex addresses_mutex;
  std::unordered_map<std::string, size_t> connections_per_address;
  std::vector<asio::ip::address> trusted_proxies;  // options.trusted_proxies, parsed
  std::atomic<std::uint64_t> refused_proxy_headers{0};

  asio::io_context io;
  tcp::acceptor acceptor;
  std::vector<std::thread> threads;
};

namespace {

// Counts a connection for as long as it lives.
class ConnectionCount {
 public:
  explicit ConnectionCount(std::atomic<size_t>& count) : count_(count) { ++count_; }
  ~ConnectionCount() { --count_; }
  ConnectionCount(const ConnectionCount&) = delete;
  ConnectionCount& operator=(const ConnectionCount&) = delete;

 private:
  std::atomic<size_t>& count_;
};

// One open connection of a client address, counted for as long as this lives (an HTTP session
// hands it on to the WebSocket it becomes).
class AddressSlot {
 public:
  // Null when the address has max_connections_per_address open already.
  static std::shared_ptr<AddressSlot> Take(Server::Impl& server, std::string address) {
    std::lock_guard lock(server.addresses_mutex);
    size_t& open = server.connections_per_address[address];
    if (open >= server.options.max_connections_per_address) {
      if (open == 0) {
        server.connections_per_address.erase(address);
      }
      return nullptr;
    }
    ++open;
    return std::shared_ptr<AddressSlot>(new AddressSlot(server, std::move(address)));
  }
  ~AddressSlot() {
    std::lock_guard lock(server_.addresses_mutex);
    auto found = server_.connections_per_address.find(address_);
    if (found != server_.connections_per_address.end() && --found->second == 0) {
      server_.connections_per_address.erase(found);
    }
  }
  AddressSlot(const AddressSlot&) = delete;
  AddressSlot& operator=(const AddressSlot&) = delete;
  // The client's: the peer's, or the one a trusted proxy's PROXY header named.
  const std::string& address() const { return address_; }

 private:
  AddressSlot(Server::Impl& server, std::string address)
      : server_(server), address_(std::move(address)) {}
  Server::Impl& server_;
  const std::string address_;
};

HttpRequest ToRequest(const http::request<http::string_body>& message,
                      const std::string& remote_address) {
  HttpRequest request;
  request.method = std::string(message.method_string());
  request.target = std::string(message.target());
  for (const auto& field : message) {
    std::string name(field.name_string());
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    request.headers.emplace_back(std::move(name), std::string(field.value()));
  }
  request.body = message.body();
  request.remote_address = remote_address;
  return request;
}

class WebSocketSession;

// What the application holds: sends go to the session if it still exists.
class WebSocketProxy final : public WebSocketConnection {
 public:
  explicit WebSocketProxy(std::weak_ptr<WebSocketSession> session) : session_(std::move(session)) {}
  void Send(std::string text) override;
  void Close(std::uint16_t code, std::string reason) override;
  void WhenDrained(std::function<void(size_t room)> resume) override;

 private:
  std::weak_ptr<WebSocketSession> session_;
};

class WebSocketSession final : public Session,
                               public std::enable_shared_from_this<WebSocketSession> {
 public:
  WebSocketSession(Server::Impl& server, tcp::socket socket, std::uint64_t id,
                   std::shared_ptr<AddressSlot> slot)
      : server_(server),
        id_(id),
        count_(server.open_websockets),
        slot_(std::move(slot)),
        ws_(std::move(socket)) {}
  ~WebSocketSession() override {
    ReleaseUnfinished();
    server_.Unregister(id_);
  }

  void Start(http::request<http::string_body> request, const AcceptWebSocket& accept) {
    accept_ = accept;
    beast::get_lowest_layer(ws_).expires_never();
    websocket::stream_base::timeout timeout{};
    timeout.handshake_timeout = std::chrono::seconds(30);
    timeout.idle_timeout = server_.options.websocket_idle_timeout;
    timeout.keep_alive_pings = true;
    ws_.set_option(timeout);
    ws_.set_option(websocket::stream_base::decorator([](websocket::response_type& response) {
      response.set(http::field::server, kServerName);
    }));
    ws_.read_message_max(server_.options.max_frame_hard_limit_bytes);
    ws_.async_accept(request,
                     beast::bind_front_handler(&WebSocketSession::OnAccept, shared_from_this()));
  }

  // Called on the session's strand.
  void Enqueue(std::string text) {
    if (closing_ || ended_) {
      return;
    }
    if (queued_bytes_ + text.size() > server_.options.max_queued_output_bytes) {
      // A client that does not read: drop what is queued and close; it resumes with `after`.
      DropQueued();
      RequestClose(websocket::close_code::policy_error, "output queue full");
      return;
    }
    queued_bytes_ += text.size();
    queue_.push_back(std::move(text));
    if (!writing_) {
      DoWrite();
    }
  }

  // Called on the session's strand.
  void WhenDrained(std::function<void(size_t)> resume) {
    if (closing_ || ended_) {
      return;
    }
    drain_waiters_.push_back(std::move(resume));
    ResumeIfDrained();
  }

  void RequestClose(std::uint16_t code, std::string reason) {
    if (closing_ || ended_) {
      return;
    }
    closing_ = true;
    close_reason_ = websocket::close_reason(static_cast<websocket::close_code>(code), reason);
    if (!writing_) {
      DoClose();
    }
  }

  // Runs `work` on the session's strand.
  template <typename Work>
  void Post(Work work) {
    asio::post(ws_.get_executor(), std::move(work));
  }

  void BeginShutdown() override {
    asio::dispatch(ws_.get_executor(), [self = shared_from_this()] {
      self->RequestClose(websocket::close_code::going_away, "server shutting down");
    });
  }

 private:
  void OnAccept(ErrorCode error) {
    if (error) {
      return End();
    }
    const base::Status started = base::Contain(
        "a stream handler failed to start", {{"session", id_}},
        [&] { handler_ = accept_(std::make_shared<WebSocketProxy>(weak_from_this())); });
    accept_ = nullptr;
    if (!started.ok()) {
      handler_.reset();
      RequestClose(websocket::close_code::internal_error, "internal error");
    }
    DoRead();  // also when closing: the read completes the close handshake
  }

  void DoRead() {
    // In parts, so that what a message holds while it arrives is counted against the budget of
    // all connections (max_unfinished_message_bytes) as it grows.
    ws_.async_read_some(buffer_, kReadPart,
                        beast::bind_front_handler(&WebSocketSession::OnRead, shared_from_this()));
  }

  void OnRead(ErrorCode error, size_t) {
    if (error) {
      return End();
    }
    if (discarding_) {
      buffer_.consume(buffer_.size());  // closing: what still comes is not kept
      return DoRead();
    }
    if (!ws_.is_message_done()) {
      if (!HoldUnfinished(buffer_.size())) {
        ++server_.closed_over_budget;
        base::Log(base::LogLevel::kWarning, "closing a stream over the message memory budget",
                  {{"session", id_}, {"held", static_cast<std::uint64_t>(buffer_.size())}});
        discarding_ = true;
        ReleaseUnfinished();
        buffer_.consume(buffer_.size());
        RequestClose(websocket::close_code::try_again_later,
                     "the server is short of memory for messages: send it again later");
      }
      return DoRead();
    }
    ReleaseUnfinished();
    const size_t size = buffer_.size();
    if (handler_ && !failed_) {
      const base::Status handled =
          base::Contain("a stream handler failed", {{"session", id_}}, [&] {
            if (size > server_.options.max_message_bytes) {
              handler_->OnTooLarge(size);
            } else {
              const auto data = buffer_.cdata();
              handler_->OnMessage(
                  std::string_view(static_cast<const char*>(data.data()), data.size()));
            }
          });
      if (!handled.ok()) {
        // The application did not deal with it: this connection ends, the others go on.
        failed_ = true;
        RequestClose(websocket::close_code::internal_error, "internal error");
      }
    }
    buffer_.consume(buffer_.size());
    if (buffer_.capacity() > 64 * 1024) {
      buffer_.shrink_to_fit();  // a large message should not pin memory on an idle connection
    }
    DoRead();
  }

  void DoWrite() {
    writing_ = true;
    ws_.text(true);
    ws_.async_write(asio::buffer(queue_.front()),
                    beast::bind_front_handler(&WebSocketSession::OnWrite, shared_from_this()));
  }

  void OnWrite(ErrorCode error, size_t) {
    writing_ = false;
    queued_bytes_ -= queue_.front().size();
    queue_.pop_front();
    if (error || ended_) {
      End();
      queue_.clear();  // nothing is being written any more
      queued_bytes_ = 0;
      return;
    }
    ResumeIfDrained();
    if (!queue_.empty()) {
      return DoWrite();
    }
    if (closing_) {
      DoClose();
    }
  }

  void DoClose() {
    ws_.async_close(close_reason_, [self = shared_from_this()](ErrorCode) {
      // The pending read ends with an error and ends the session.
      beast::get_lowest_layer(self->ws_).expires_after(std::chrono::seconds(5));
    });
  }

  // Calls the drain waiters when at most half the output limit is queued.
  void ResumeIfDrained() {
    const size_t limit = server_.options.max_queued_output_bytes;
    if (drain_waiters_.empty() || closing_ || ended_ || queued_bytes_ > limit / 2) {
      return;
    }
    std::vector<std::function<void(size_t)>> waiters;
    waiters.swap(drain_waiters_);
    for (auto& resume : waiters) {
      (void)base::Contain("a stream's drain callback failed", {{"session", id_}},
                          [&] { resume(limit - queued_bytes_); });
    }
  }

  // Counts `size` bytes of an unfinished message against the budget of all connections; false
  // (nothing counted) when it does not fit.
  bool HoldUnfinished(size_t size) {
    if (size <= held_) {
      return true;
    }
    const size_t more = size - held_;
    const size_t before = server_.unfinished_message_bytes.fetch_add(more);
    if (before + more > server_.options.max_unfinished_message_bytes) {
      server_.unfinished_message_bytes.fetch_sub(more);
      return false;
    }
    held_ = size;
    return true;
  }

  void ReleaseUnfinished() {
    server_.unfinished_message_bytes.fetch_sub(held_);
    held_ = 0;
  }

  // Drops the frames not yet being written.
  void DropQueued() {
    const size_t keep = writing_ ? 1 : 0;
    while (queue_.size() > keep) {
      queued_bytes_ -= queue_.back().size();
      queue_.pop_back();
    }
  }

  void End() {
    if (ended_) {
      return;
    }
    ended_ = true;
    // A frame being written stays until its write completes: Asio reads it until then, and
    // OnWrite takes it off the queue.
    DropQueued();
    drain_waiters_.clear();
    ReleaseUnfinished();
    if (handler_) {
      (void)base::Contain("a stream handler failed to close", {{"session", id_}},
                          [&] { handler_->OnClose(); });
      handler_.reset();
    }
    ErrorCode ignored;
    beast::get_lowest_layer(ws_).socket().shutdown(tcp::socket::shutdown_both, ignored);
    beast::get_lowest_layer(ws_).close();
  }

  static constexpr size_t kReadPart = 64 * 1024;

  Server::Impl& server_;
  const std::uint64_t id_;
  ConnectionCount count_;
  const std::shared_ptr<AddressSlot> slot_;
  websocket::stream<beast::tcp_stream> ws_;
  beast::flat_buffer buffer_;
  size_t held_ = 0;          // bytes of the unfinished message counted against the budget
  bool discarding_ = false;  // over the budget: closing, and what still arrives is dropped
  AcceptWebSocket accept_;
  std::shared_ptr<WebSocketHandler> handler_;
  std::deque<std::string> queue_;
  size_t queued_bytes_ = 0;
  std::vector<std::function<void(size_t)>> drain_waiters_;
  bool writing_ = false;
  bool closing_ = false;
  bool ended_ = false;
  bool failed_ = false;  // the handler threw: it gets no more messages
  websocket::close_reason close_reason_;
};

void WebSocketProxy::Send(std::string text) {
  if (auto session = session_.lock()) {
    session->Post(
        [session, text = std::move(text)]() mutable { session->Enqueue(std::move(text)); });
  }
}

void WebSocketProxy::WhenDrained(std::function<void(size_t room)> resume) {
  if (auto session = session_.lock()) {
    session->Post([session, resume = std::move(resume)]() mutable {
      session->WhenDrained(std::move(resume));
    });
  }
}

void WebSocketProxy::Close(std::uint16_t code, std::string reason) {
  if (auto session = session_.lock()) {
    session->Post([session, code, reason = std::move(reason)]() mutable {
      session->RequestClose(code, std::move(reason));
    });
  }
}

// One HTTP connection: reads a request, lets the application answer, writes the answer, and
// reads the next (keep-alive); hands the socket to a WebSocketSession on an accepted upgrade.
class HttpSession final : public Session, public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(Server::Impl& server, tcp::socket socket, std::uint64_t id,
              std::shared_ptr<AddressSlot> slot)
      : server_(server),
        id_(id),
        count_(server.open_connections),
        slot_(std::move(slot)),
        stream_(std::move(socket)) {}
  ~HttpSession() override { server_.Unregister(id_); }

  void Start() {
    asio::dispatch(stream_.get_executor(),
                   beast::bind_front_handler(&HttpSession::DoRead, shared_from_this()));
  }

  void BeginShutdown() override {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] {
      self->shutting_down_ = true;
      if (!self->busy_) {
        self->Close();  // waiting for a request: nothing is lost
      }
    });
  }

 private:
  void DoRead() {
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(server_.options.max_header_bytes));
    parser_->body_limit(server_.options.max_body_bytes);
    stream_.expires_after(server_.options.http_idle_timeout);
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&HttpSession::OnRead, shared_from_this()));
  }

  void OnRead(ErrorCode error, size_t) {
    if (error == http::error::body_limit) {
      return Reply(PlainError(413, "the request body is larger than " +
                                       std::to_string(server_.options.max_body_bytes) + " bytes"),
                   /*keep_alive=*/false);
    }
    if (error == http::error::header_limit) {
      return Reply(PlainError(431, "the request headers are too large"), false);
    }
    if (error) {
      if (error.category() == http::make_error_code(http::error::bad_target).category() &&
          error != http::error::end_of_stream && error != http::error::partial_message) {
        return Reply(PlainError(400, "the request is not valid HTTP/1.1"), false);
      }
      return Close();  // the peer closed or timed out: nothing to answer
    }
    busy_ = true;
    http::request<http::string_body> message = parser_->release();
    HttpRequest request = ToRequest(message, slot_->address());
    const std::string route = LogRoute(request);
    const std::string remote = request.remote_address;
    if (websocket::is_upgrade(message)) {
      upgrade_request_ = std::move(message);
      auto decide =
          FirstCallOnly<UpgradeDecision>([self = shared_from_this()](UpgradeDecision decision) {
            asio::post(self->stream_.get_executor(), [self, decision = std::move(decision)] {
              self->OnUpgradeDecided(decision);
            });
          });
      const base::Status handled =
          base::Contain("an upgrade handler failed", {{"route", route}, {"remote", remote}},
                        [&] { server_.application.HandleUpgrade(std::move(request), decide); });
      if (!handled.ok()) {
        decide(PlainError(500, handled.message()));
      }
      return;
    }
    keep_alive_ = message.keep_alive();
    head_ = message.method() == http::verb::head;
    auto respond = FirstCallOnly<HttpResponse>([self = shared_from_this()](HttpResponse response) {
      asio::post(self->stream_.get_executor(), [self, response = std::move(response)] {
        self->Reply(response, self->keep_alive_);
      });
    });
    const base::Status handled =
        base::Contain("an HTTP handler failed", {{"route", route}, {"remote", remote}},
                      [&] { server_.application.HandleHttp(std::move(request), respond); });
    if (!handled.ok()) {
      respond(PlainError(500, handled.message()));
    }
  }

  void OnUpgradeDecided(const UpgradeDecision& decision) {
    if (const auto* refusal = std::get_if<HttpResponse>(&decision)) {
      return Reply(*refusal, /*keep_alive=*/false);
    }
    if (server_.stopping) {
      return Reply(PlainError(503, "the server is shutting down; reconnect in a moment"), false);
    }
    const std::uint64_t id = server_.next_session_id++;
    auto session = std::make_shared<WebSocketSession>(server_, stream_.release_socket(), id, slot_);
    server_.Register(id, session);
    session->Start(std::move(*upgrade_request_), std::get<AcceptWebSocket>(decision));
    upgrade_request_.reset();
  }

  void Reply(const HttpResponse& answer, bool keep_alive) {
    auto response = std::make_shared<http::response<http::string_body>>(
        static_cast<http::status>(answer.status), 11);
    response->set(http::field::server, kServerName);
    response->set(http::field::content_type, answer.content_type);
    for (const auto& [name, value] : answer.headers) {
      response->set(name, value);
    }
    response->body() = answer.body;
    response->prepare_payload();
    if (head_) {
      response->body().clear();  // Content-Length stays that of the body a GET would get
    }
    response->keep_alive(keep_alive && !shutting_down_ && !server_.stopping);
    stream_.expires_after(server_.options.http_idle_timeout);
    http::async_write(stream_, *response,
                      [self = shared_from_this(), response](ErrorCode error, size_t) {
                        self->OnWrite(error, response->keep_alive());
                      });
  }

  void OnWrite(ErrorCode error, bool keep_alive) {
    busy_ = false;
    head_ = false;
    if (error || !keep_alive) {
      return Close();
    }
    DoRead();
  }

  void Close() {
    ErrorCode ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.close();
  }

  Server::Impl& server_;
  const std::uint64_t id_;
  ConnectionCount count_;
  std::shared_ptr<AddressSlot> slot_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::optional<http::request<http::string_body>> upgrade_request_;
  bool busy_ = false;
  bool keep_alive_ = false;
  bool head_ = false;
  bool shutting_down_ = false;
};

}  // namespace

namespace {

// Tells a client whose address has too many connections open why it is refused, as far as its
// socket takes the answer at once (a new socket's send buffer does), and closes.
void RefuseBusyAddress(tcp::socket& socket) {
  static const std::string kAnswer = [] {
    const std::string body =
        R"({"error":{"code":"unavailable","message":"too many connections from your address; )"
        R"(close some and try again"}})";
    return "HTTP/1.1 503 Service Unavailable\r\nServer: Balie\r\nContent-Type: "
           "application/json\r\nRetry-After: 10\r\nConnection: close\r\nContent-Length: " +
           std::to_string(body.size()) + "\r\n\r\n" + body;
  }();
  ErrorCode ignored;
  socket.non_blocking(true, ignored);
  socket.write_some(asio::buffer(kAnswer), ignored);
  socket.shutdown(tcp::socket::shutdown_both, ignored);
  socket.close(ignored);
}

}  // namespace

void Server::Impl::Serve(tcp::socket socket, std::string address) {
  if (stopping) {
    return;
  }
  if (open_connections.load() + open_websockets.load() + 1 > options.max_connections) {
    ++refused;
    ErrorCode ignored;
    socket.close(ignored);
  } else if (std::shared_ptr<AddressSlot> slot = AddressSlot::Take(*this, std::move(address));
             slot == nullptr) {
    ++refused_per_address;
    RefuseBusyAddress(socket);
  } else {
    const std::uint64_t id = next_session_id++;
    auto session = std::make_shared<HttpSession>(*this, std::move(socket), id, std::move(slot));
    Register(id, session);
    session->Start();
  }
}

namespace {

// Reads the PROXY protocol v2 header that a trusted proxy's connection opens with, then serves
// the connection as the client's that the header names; closes it on a malformed header or when
// none came within http_idle_timeout.
class ProxyHeaderReader : public std::enable_shared_from_this<ProxyHeaderReader> {
 public:
  ProxyHeaderReader(Server::Impl& server, tcp::socket socket, std::string proxy)
      : server_(server), stream_(std::move(socket)), proxy_(std::move(proxy)) {}

  void Start() {
    stream_.expires_after(server_.options.http_idle_timeout);
    asio::async_read(stream_, asio::buffer(header_),
                     beast::bind_front_handler(&ProxyHeaderReader::OnHeader, shared_from_this()));
  }

 private:
  void OnHeader(ErrorCode error, size_t) {
    if (error) {
      return Refuse("no PROXY protocol header from a trusted proxy: " + error.message());
    }
    const base::Result<size_t> length = ParseProxyHeader(header_);
    if (!length.ok()) {
      return Refuse(length.status().message());
    }
    addresses_.resize(*length);
    asio::async_read(
        stream_, asio::buffer(addresses_),
        beast::bind_front_handler(&ProxyHeaderReader::OnAddresses, shared_from_this()));
  }

  void OnAddresses(ErrorCode error, size_t) {
    if (error) {
      return Refuse("an unfinished PROXY protocol header: " + error.message());
    }
    base::Result<std::string> client = ProxyClientAddress(header_, addresses_, proxy_);
    if (!client.ok()) {
      return Refuse(client.status().message());
    }
    stream_.expires_never();
    server_.Serve(stream_.release_socket(), std::move(client).value());
  }

  void Refuse(const std::string& why) {
    ++server_.refused_proxy_headers;
    base::Log(base::LogLevel::kWarning, "closing a trusted proxy's connection",
              {{"proxy", proxy_}, {"cause", why}});
    ErrorCode ignored;
    stream_.socket().close(ignored);
  }

  Server::Impl& server_;
  beast::tcp_stream stream_;
  const std::string proxy_;
  std::array<std::uint8_t, kProxyHeaderBytes> header_{};
  std::vector<std::uint8_t> addresses_;
};

}  // namespace

void Server::Impl::Accept() {
  acceptor.async_accept(asio::make_strand(io), [this](ErrorCode error, tcp::socket socket) {
    if (error == asio::error::operation_aborted || stopping) {
      return;
    }
    if (!error) {
      ++accepted;
      // Counted as connections until they end; a WebSocket counts in both.
      ErrorCode peer_error;
      const auto peer = socket.remote_endpoint(peer_error);
      std::string address = peer_error ? std::string() : peer.address().to_string();
      if (!peer_error && std::find(trusted_proxies.begin(), trusted_proxies.end(),
                                   peer.address()) != trusted_proxies.end()) {
        std::make_shared<ProxyHeaderReader>(*this, std::move(socket), std::move(address))->Start();
      } else {
        Serve(std::move(socket), std::move(address));
      }
    }
    // Errors such as "too many open files" must not stop the server: keep accepting.
    Accept();
  });
}

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

base::Result<std::unique_ptr<Server>> Server::Start(ServerOptions options,
                                                    Application& application) {
  if (options.io_threads < 1) {
    return base::InvalidArgument("the server needs at least one I/O thread");
  }
  auto impl = std::make_unique<Impl>(std::move(options), application);
  ErrorCode error;
  for (const std::string& proxy : impl->options.trusted_proxies) {
    const auto parsed = asio::ip::make_address(proxy, error);
    if (error) {
      return base::InvalidArgument("trusted proxy '" + proxy +
                                   "' is not an IP address (e.g. 10.0.0.5 or ::1)");
    }
    impl->trusted_proxies.push_back(
        parsed.is_v6() && parsed.to_v6().is_v4_mapped()
            ? asio::ip::address(asio::ip::make_address_v4(asio::ip::v4_mapped, parsed.to_v6()))
            : parsed);
  }
  const auto address = asio::ip::make_address(impl->options.host, error);
  if (error) {
    return base::InvalidArgument("cannot listen on '" + impl->options.host +
                                 "': not an IP address (use e.g. 127.0.0.1 or 0.0.0.0)");
  }
  const tcp::endpoint endpoint(address, impl->options.port);
  const std::string where = impl->options.host + ":" + std::to_string(impl->options.port);
  tcp::acceptor& acceptor = impl->acceptor;
  if (acceptor.open(endpoint.protocol(), error);
      error || (acceptor.set_option(asio::socket_base::reuse_address(true), error), error)) {
    return base::Unavailable("cannot listen on " + where + ": " + error.message());
  }
  if (impl->options.reuse_port) {
    const int one = 1;
    if (::setsockopt(acceptor.native_handle(), SOL_SOCKET, SO_REUSEPORT, &one, sizeof one) != 0) {
      return base::Unavailable("cannot share " + where + " (SO_REUSEPORT)");
    }
  }
  if (acceptor.bind(endpoint, error); error) {
    return base::Unavailable("cannot listen on " + where + ": " + error.message() +
                             (error == asio::error::address_in_use
                                  ? " (another program, or another Balie, uses that port)"
                                  : ""));
  }
  if (acceptor.listen(asio::socket_base::max_listen_connections, error); error) {
    return base::Unavailable("cannot listen on " + where + ": " + error.message());
  }
  impl->Accept();
  for (int i = 0; i < impl->options.io_threads; ++i) {
    impl->threads.emplace_back([io = &impl->io] {
      // The last barrier: a handler that threw past the others costs its own connection (its
      // session is released), and the thread runs on.
      for (bool returned = false; !returned;) {
        (void)base::Contain("an I/O handler failed", {}, [&] {
          io->run();
          returned = true;
        });
      }
    });
  }
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

Server::~Server() { Stop(std::chrono::milliseconds(0)); }

std::uint16_t Server::port() const {
  ErrorCode error;
  const auto endpoint = impl_->acceptor.local_endpoint(error);
  return error ? impl_->options.port : endpoint.port();
}

void Server::StopAccepting() {
  asio::post(impl_->acceptor.get_executor(), [impl = impl_.get()] {
    ErrorCode ignored;
    impl->acceptor.close(ignored);
  });
}

void Server::Stop(std::chrono::milliseconds grace) {
  if (impl_->stopped.exchange(true)) {
    return;
  }
  impl_->stopping = true;
  StopAccepting();
  std::vector<std::shared_ptr<Session>> sessions;
  {
    std::lock_guard lock(impl_->sessions_mutex);
    for (auto& [id, weak] : impl_->sessions) {
      if (auto session = weak.lock()) {
        sessions.push_back(std::move(session));
      }
    }
  }
  for (auto& session : sessions) {
    session->BeginShutdown();
  }
  sessions.clear();
  const auto deadline = std::chrono::steady_clock::now() + grace;
  while (impl_->open_connections.load() + impl_->open_websockets.load() > 0 &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  impl_->io.stop();
  for (std::thread& thread : impl_->threads) {
    thread.join();
  }
  impl_->threads.clear();
}

Server::Stats Server::stats() const {
  Stats stats;
  stats.open_connections = impl_->open_connections.load() + impl_->open_websockets.load();
  stats.open_websockets = impl_->open_websockets.load();
  stats.accepted = impl_->accepted.load();
  stats.refused = impl_->refused.load();
  stats.refused_per_address = impl_->refused_per_address.load();
  stats.refused_proxy_headers = impl_->refused_proxy_headers.load();
  stats.closed_over_budget = impl_->closed_over_budget.load();
  stats.unfinished_message_bytes = impl_->unfinished_message_bytes.load();
  return stats;
}

}  // namespace balie::net
