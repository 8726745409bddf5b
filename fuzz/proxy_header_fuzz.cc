// libFuzzer target for the PROXY protocol v2 header (net/proxy_protocol.h): the first bytes of a
// connection from a trusted load balancer. Whatever they are, the parser must neither crash nor
// read past them, and must accept no more address bytes than it allows.

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "net/proxy_protocol.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace balie::net;
  std::array<std::uint8_t, kProxyHeaderBytes> header{};
  std::copy_n(data, std::min(size, header.size()), header.begin());
  const auto length = ParseProxyHeader(header);
  if (length.ok() && *length > kMaxProxyAddressBytes) __builtin_trap();
  const std::span<const std::uint8_t> rest(data + std::min(size, header.size()),
                                           size - std::min(size, header.size()));
  // The address part as announced, or whatever follows when fewer bytes came.
  const size_t take = length.ok() ? std::min(*length, rest.size()) : rest.size();
  const auto client = ProxyClientAddress(header, rest.first(take), "192.0.2.1");
  if (client.ok() && client->empty()) __builtin_trap();
  return 0;
}
