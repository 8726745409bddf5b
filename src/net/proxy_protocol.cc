#include "net/proxy_protocol.h"

#include <arpa/inet.h>

#include <algorithm>

namespace balie::net {
namespace {

constexpr std::array<std::uint8_t, 12> kSignature = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D,
                                                     0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
constexpr std::uint8_t kLocal = 0x20;  // version 2, command LOCAL
constexpr std::uint8_t kProxy = 0x21;  // version 2, command PROXY
constexpr std::uint8_t kTcpOverIpv4 = 0x11;
constexpr std::uint8_t kTcpOverIpv6 = 0x21;

}  // namespace

base::Result<size_t> ParseProxyHeader(std::span<const std::uint8_t, kProxyHeaderBytes> header) {
  if (!std::equal(kSignature.begin(), kSignature.end(), header.begin())) {
    return base::InvalidArgument(
        "a trusted proxy's connection does not start with a PROXY protocol v2 header "
        "(send-proxy-v2 in HAProxy)");
  }
  if (header[12] != kLocal && header[12] != kProxy) {
    return base::InvalidArgument("a PROXY protocol header with an unknown version or command");
  }
  const size_t length = (static_cast<size_t>(header[14]) << 8) | header[15];
  if (length > kMaxProxyAddressBytes) {
    return base::InvalidArgument("a PROXY protocol header announces " + std::to_string(length) +
                                 " bytes of addresses, more than " +
                                 std::to_string(kMaxProxyAddressBytes));
  }
  return length;
}

base::Result<std::string> ProxyClientAddress(
    std::span<const std::uint8_t, kProxyHeaderBytes> header,
    std::span<const std::uint8_t> addresses, const std::string& proxy) {
  if (header[12] == kLocal) {
    return proxy;
  }
  const std::uint8_t family = header[13];
  if (family != kTcpOverIpv4 && family != kTcpOverIpv6) {
    return proxy;  // UNSPEC, UDP or a Unix socket: nothing that names a client on the internet
  }
  const bool v4 = family == kTcpOverIpv4;
  // Source and destination addresses, then source and destination ports.
  const size_t needed = v4 ? 12 : 36;
  if (addresses.size() < needed) {
    return base::InvalidArgument("a PROXY protocol header with " +
                                 std::to_string(addresses.size()) + " bytes of addresses where " +
                                 std::to_string(needed) + " are needed");
  }
  char text[INET6_ADDRSTRLEN] = {};
  if (inet_ntop(v4 ? AF_INET : AF_INET6, addresses.data(), text, sizeof text) == nullptr) {
    return base::InvalidArgument("a PROXY protocol header with an unreadable address");
  }
  return std::string(text);
}

}  // namespace balie::net
