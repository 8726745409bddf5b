#ifndef BALIE_TESTS_SUPPORT_RAW_CLIENT_H_
#define BALIE_TESTS_SUPPORT_RAW_CLIENT_H_

// A client that does whatever it likes on the wire, for tests of what careless or hostile
// clients do: a plain TCP socket from a chosen local address, an HTTP upgrade written by hand,
// WebSocket frames built byte by byte (fragments, bad opcodes, lies about lengths), and an end
// by reset as well as by close. Test-only; every call has a deadline.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <string>

namespace balie::testing {

// A TCP connection to 127.0.0.1:`port` from local address `source`; -1 when it fails. Reads time
// out after `timeout_ms`.
inline int RawConnect(std::uint16_t port, const char* source = "127.0.0.1", int timeout_ms = 5000) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_in from{};
  from.sin_family = AF_INET;
  ::inet_pton(AF_INET, source, &from.sin_addr);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(port);
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const timeval timeout{timeout_ms / 1000, (timeout_ms % 1000) * 1000};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
  if (::bind(fd, reinterpret_cast<const sockaddr*>(&from), sizeof from) != 0 ||
      ::connect(fd, reinterpret_cast<const sockaddr*>(&to), sizeof to) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

inline bool SendAll(int fd, const std::string& bytes) {
  size_t sent = 0;
  while (sent < bytes.size()) {
    const ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<size_t>(n);
  }
  return true;
}

// Reads up to the end of an HTTP response head (or until the connection ends or times out);
// returns it.
inline std::string ReadHead(int fd) {
  std::string head;
  char c = 0;
  while (!head.ends_with("\r\n\r\n") && head.size() < 65536 && ::recv(fd, &c, 1, 0) == 1) {
    head += c;
  }
  return head;
}

// A WebSocket upgrade for `target` on a new connection, read up to the end of the response head.
// Returns the socket (the upgrade may have been refused: see `head`), or -1.
inline int RawUpgrade(std::uint16_t port, const std::string& target,
                      const char* source = "127.0.0.1", std::string* head = nullptr) {
  const int fd = RawConnect(port, source);
  if (fd < 0) return -1;
  const std::string upgrade = "GET " + target +
                              " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                              "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                              "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n";
  if (!SendAll(fd, upgrade)) {
    ::close(fd);
    return -1;
  }
  std::string response = ReadHead(fd);
  if (head != nullptr) *head = std::move(response);
  return fd;
}

// A client frame (RFC 6455 5.2), masked as clients must: `opcode` 1 text, 2 binary, 0
// continuation, 8 close, 9 ping; `fin` ends the message.
inline std::string ClientFrame(int opcode, bool fin, const std::string& payload) {
  std::string frame;
  frame += static_cast<char>((fin ? 0x80 : 0) | (opcode & 0x0f));
  if (payload.size() < 126) {
    frame += static_cast<char>(0x80 | payload.size());
  } else if (payload.size() < 65536) {
    frame += static_cast<char>(0x80 | 126);
    frame += static_cast<char>((payload.size() >> 8) & 0xff);
    frame += static_cast<char>(payload.size() & 0xff);
  } else {
    frame += static_cast<char>(0x80 | 127);
    for (int shift = 56; shift >= 0; shift -= 8) {
      frame += static_cast<char>((payload.size() >> shift) & 0xff);
    }
  }
  const char mask[4] = {0x11, 0x22, 0x33, 0x44};
  frame.append(mask, 4);
  for (size_t i = 0; i < payload.size(); ++i) {
    frame += static_cast<char>(payload[i] ^ mask[i % 4]);
  }
  return frame;
}

// Reads what the server sends until it sends a close frame, the connection ends or a read times
// out; returns the close frame's code, 0 when none came.
inline int ReadUntilClosed(int fd) {
  std::string got;
  char buffer[4096];
  for (;;) {
    // The server's frames are unmasked: look for a close frame (0x88) with its code.
    for (size_t i = 0; i + 3 < got.size(); ++i) {
      if (static_cast<unsigned char>(got[i]) == 0x88 && (got[i + 1] & 0x7f) >= 2) {
        return (static_cast<unsigned char>(got[i + 2]) << 8) |
               static_cast<unsigned char>(got[i + 3]);
      }
    }
    const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) return 0;
    got.append(buffer, static_cast<size_t>(n));
  }
}

// One HTTP/1.1 request from local address `source` (Connection: close); returns the whole
// response as it came, "" when the connection failed.
inline std::string RawHttp(std::uint16_t port, const char* source, const std::string& method,
                           const std::string& target, const std::string& body = "",
                           const std::string& headers = "") {
  const int fd = RawConnect(port, source);
  if (fd < 0) return "";
  const std::string request =
      method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + headers +
      "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
      "\r\n\r\n" + body;
  std::string response;
  if (SendAll(fd, request)) {
    char buffer[4096];
    for (ssize_t n; (n = ::recv(fd, buffer, sizeof buffer, 0)) > 0;) {
      response.append(buffer, static_cast<size_t>(n));
    }
  }
  ::close(fd);
  return response;
}

// The status code of a response RawHttp returned; 0 when there is none.
inline int StatusOf(const std::string& response) {
  return response.starts_with("HTTP/1.1 ") && response.size() >= 12
             ? std::atoi(response.substr(9, 3).c_str())
             : 0;
}

// The body of a response RawHttp returned.
inline std::string BodyOf(const std::string& response) {
  const size_t at = response.find("\r\n\r\n");
  return at == std::string::npos ? "" : response.substr(at + 4);
}

// Closes with a reset (SO_LINGER 0) instead of an orderly close.
inline void Reset(int fd) {
  const linger hard{1, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
  ::close(fd);
}

}  // namespace balie::testing

#endif  // BALIE_TESTS_SUPPORT_RAW_CLIENT_H_
