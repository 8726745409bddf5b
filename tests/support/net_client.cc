#include "support/net_client.h"

#include <future>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

namespace balie::net {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using ErrorCode = beast::error_code;

std::string Lower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return lower;
}

// Runs `io` until `done` or the deadline; on the deadline, closes the stream so that the
// operation ends.
template <typename Stream>
bool RunUntil(asio::io_context& io, Stream& stream, const bool& done,
              std::chrono::milliseconds timeout) {
  io.restart();
  io.run_for(timeout);
  if (!done) {
    beast::get_lowest_layer(stream).close();
    io.restart();
    io.run();
    return false;
  }
  return true;
}

}  // namespace

std::string ClientResponse::Header(std::string_view lower_case_name) const {
  for (const auto& [name, value] : headers) {
    if (name == lower_case_name) {
      return value;
    }
  }
  return {};
}

base::Result<ClientResponse> HttpCall(const std::string& host, std::uint16_t port,
                                      const ClientRequest& request,
                                      std::chrono::milliseconds timeout) {
  asio::io_context io;
  beast::tcp_stream stream(io);
  ErrorCode error;
  bool done = false;
  stream.async_connect(tcp::endpoint(asio::ip::make_address(host, error), port), [&](ErrorCode e) {
    error = e;
    done = true;
  });
  if (!RunUntil(io, stream, done, timeout) || error) {
    return base::Unavailable("cannot connect to " + host + ":" + std::to_string(port) + ": " +
                             (error ? error.message() : "timed out"));
  }
  http::request<http::string_body> message(http::string_to_verb(request.method), request.target,
                                           11);
  message.set(http::field::host, host);
  for (const auto& [name, value] : request.headers) {
    message.set(name, value);
  }
  message.body() = request.body;
  message.prepare_payload();
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(64 * 1024 * 1024);
  done = false;
  http::async_write(stream, message, [&](ErrorCode e, size_t) {
    if (e) {
      error = e;
      done = true;
      return;
    }
    http::async_read(stream, buffer, parser, [&](ErrorCode read_error, size_t) {
      error = read_error;
      done = true;
    });
  });
  if (!RunUntil(io, stream, done, timeout)) {
    return base::Unavailable(request.method + " " + request.target + ": no response in time");
  }
  if (error) {
    return base::Unavailable(request.method + " " + request.target + ": " + error.message());
  }
  ClientResponse response;
  response.status = static_cast<int>(parser.get().result_int());
  for (const auto& field : parser.get()) {
    response.headers.emplace_back(Lower(field.name_string()), std::string(field.value()));
  }
  response.body = parser.get().body();
  return response;
}

struct WebSocketClient::Impl {
  asio::io_context io;
  websocket::stream<beast::tcp_stream> ws{io};
  beast::flat_buffer buffer;
  std::thread reader;
  std::mutex send_mutex;  // one write at a time

  mutable std::mutex mutex;
  std::condition_variable arrived;
  std::deque<std::string> messages;
  bool ended = false;
  std::optional<std::uint16_t> close_code;

  void Read() {
    ws.async_read(buffer, [this](ErrorCode error, size_t) {
      std::lock_guard lock(mutex);
      if (error) {
        ended = true;
        if (ws.reason().code != websocket::close_code::none) {
          close_code = static_cast<std::uint16_t>(ws.reason().code);
        }
        arrived.notify_all();
        return;
      }
      messages.push_back(beast::buffers_to_string(buffer.data()));
      buffer.consume(buffer.size());
      arrived.notify_all();
      Read();
    });
  }
};

WebSocketClient::WebSocketClient(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

base::Result<std::unique_ptr<WebSocketClient>> WebSocketClient::Connect(
    const std::string& host, std::uint16_t port, const std::string& target,
    std::chrono::milliseconds timeout,
    const std::vector<std::pair<std::string, std::string>>& headers) {
  auto impl = std::make_unique<Impl>();
  impl->ws.set_option(
      websocket::stream_base::decorator([headers](websocket::request_type& request) {
        for (const auto& [name, value] : headers) {
          request.set(name, value);
        }
      }));
  ErrorCode error;
  bool done = false;
  websocket::response_type refusal;
  auto& lowest = beast::get_lowest_layer(impl->ws);
  lowest.async_connect(tcp::endpoint(asio::ip::make_address(host, error), port), [&](ErrorCode e) {
    if (e) {
      error = e;
      done = true;
      return;
    }
    impl->ws.async_handshake(refusal, host, target, [&](ErrorCode h) {
      error = h;
      done = true;
    });
  });
  if (!RunUntil(impl->io, impl->ws, done, timeout)) {
    return base::Unavailable("cannot open a WebSocket to " + target + ": timed out");
  }
  if (error) {
    if (refusal.result_int() != 0 && refusal.result_int() != 101) {
      return base::Unavailable("refused with HTTP " + std::to_string(refusal.result_int()) + ": " +
                               refusal.body());
    }
    return base::Unavailable("cannot open a WebSocket to " + target + ": " + error.message());
  }
  lowest.expires_never();
  Impl* raw = impl.get();
  raw->Read();
  raw->reader = std::thread([raw] {
    raw->io.restart();
    raw->io.run();
  });
  return std::unique_ptr<WebSocketClient>(new WebSocketClient(std::move(impl)));
}

WebSocketClient::~WebSocketClient() {
  asio::post(impl_->io, [impl = impl_.get()] { beast::get_lowest_layer(impl->ws).close(); });
  if (impl_->reader.joinable()) {
    impl_->reader.join();
  }
}

base::Status WebSocketClient::Send(const std::string& text) {
  std::lock_guard one_at_a_time(impl_->send_mutex);
  std::promise<ErrorCode> sent;
  auto future = sent.get_future();
  asio::post(impl_->io, [this, &text, &sent] {
    impl_->ws.text(true);
    impl_->ws.async_write(asio::buffer(text),
                          [&sent](ErrorCode error, size_t) { sent.set_value(error); });
  });
  if (future.wait_for(std::chrono::seconds(10)) != std::future_status::ready) {
    return base::Unavailable("send timed out");
  }
  const ErrorCode error = future.get();
  return error ? base::Unavailable("send failed: " + error.message()) : base::Status::Ok();
}

base::Result<std::string> WebSocketClient::Receive(std::chrono::milliseconds timeout) {
  std::unique_lock lock(impl_->mutex);
  impl_->arrived.wait_for(lock, timeout,
                          [this] { return !impl_->messages.empty() || impl_->ended; });
  if (impl_->messages.empty()) {
    return base::Unavailable(impl_->ended ? "the connection is closed" : "no message in time");
  }
  std::string message = std::move(impl_->messages.front());
  impl_->messages.pop_front();
  return message;
}

void WebSocketClient::Close() {
  asio::post(impl_->io, [impl = impl_.get()] {
    impl->ws.async_close(websocket::close_code::normal, [](ErrorCode) {});
  });
  std::unique_lock lock(impl_->mutex);
  impl_->arrived.wait_for(lock, std::chrono::seconds(1), [this] { return impl_->ended; });
}

bool WebSocketClient::closed() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->ended;
}

std::optional<std::uint16_t> WebSocketClient::close_code() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->close_code;
}

}  // namespace balie::net
