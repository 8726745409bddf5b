#ifndef BALIE_NET_PROXY_PROTOCOL_H_
#define BALIE_NET_PROXY_PROTOCOL_H_

// The PROXY protocol, version 2 (https://www.haproxy.org/download/2.6/doc/proxy-protocol.txt):
// a load balancer in front of Balie (HAProxy `send-proxy-v2`, nginx `proxy_protocol on`) opens
// each connection with a binary header that names the client's address, so that the limits per
// client address count customers and not the load balancer. Only connections from an address in
// `ServerOptions::trusted_proxies` are read this way. Pure functions; thread-safe.

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "base/status.h"

namespace balie::net {

// The fixed part: the 12-byte signature, version and command, family, and the length of what
// follows.
inline constexpr size_t kProxyHeaderBytes = 16;
// The longest address part accepted (IPv6 addresses and ports are 36 bytes; the rest are TLVs
// such as the proxy's unique id, which Balie skips).
inline constexpr size_t kMaxProxyAddressBytes = 512;

// The length of the address part that follows the fixed part, or InvalidArgument when the bytes
// are not a PROXY v2 header (a wrong signature or version, an unknown command) or announce more
// than kMaxProxyAddressBytes.
base::Result<size_t> ParseProxyHeader(std::span<const std::uint8_t, kProxyHeaderBytes> header);

// The client's address from the fixed part and the address part: "203.0.113.7" or
// "2001:db8::1". For a LOCAL command (the proxy's own health check) or an address family other
// than TCP over IPv4 or IPv6, `proxy` (the connection's own peer) is the address.
// InvalidArgument when the address part is shorter than its family needs.
base::Result<std::string> ProxyClientAddress(
    std::span<const std::uint8_t, kProxyHeaderBytes> header,
    std::span<const std::uint8_t> addresses, const std::string& proxy);

}  // namespace balie::net

#endif  // BALIE_NET_PROXY_PROTOCOL_H_
