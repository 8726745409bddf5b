#include "net/proxy_protocol.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <vector>

namespace balie::net {
namespace {

using Header = std::array<std::uint8_t, kProxyHeaderBytes>;

Header Fixed(std::uint8_t command, std::uint8_t family, size_t length) {
  return {0x0D,
          0x0A,
          0x0D,
          0x0A,
          0x00,
          0x0D,
          0x0A,
          0x51,
          0x55,
          0x49,
          0x54,
          0x0A,
          command,
          family,
          static_cast<std::uint8_t>(length >> 8),
          static_cast<std::uint8_t>(length & 0xff)};
}

TEST(ProxyProtocolTest, NamesTheClientOfATcpConnection) {
  // 203.0.113.7:51000 -> 10.0.0.5:443, and a TLV that is skipped.
  const std::vector<std::uint8_t> v4 = {203,  0,    113,  7,    10,   0,    0,    5,
                                        0xC7, 0x38, 0x01, 0xBB, 0x05, 0x00, 0x01, 0x2A};
  const Header header = Fixed(0x21, 0x11, v4.size());
  ASSERT_EQ(ParseProxyHeader(header).value(), v4.size());
  EXPECT_EQ(ProxyClientAddress(header, v4, "127.0.0.1").value(), "203.0.113.7");

  std::vector<std::uint8_t> v6(36, 0);
  v6[0] = 0x20;
  v6[1] = 0x01;
  v6[2] = 0x0d;
  v6[3] = 0xb8;
  v6[15] = 1;
  EXPECT_EQ(ProxyClientAddress(Fixed(0x21, 0x21, 36), v6, "::1").value(), "2001:db8::1");
}

TEST(ProxyProtocolTest, ALocalConnectionOrAnotherFamilyIsTheProxysOwn) {
  EXPECT_EQ(ProxyClientAddress(Fixed(0x20, 0x00, 0), {}, "10.0.0.9").value(), "10.0.0.9");
  EXPECT_EQ(ProxyClientAddress(Fixed(0x21, 0x00, 0), {}, "10.0.0.9").value(), "10.0.0.9");
  EXPECT_EQ(ProxyClientAddress(Fixed(0x21, 0x31, 216), std::vector<std::uint8_t>(216), "10.0.0.9")
                .value(),
            "10.0.0.9");  // a Unix socket
}

TEST(ProxyProtocolTest, RefusesWhatIsNotAVersion2Header) {
  Header http = {'G', 'E', 'T', ' ', '/', ' ', 'H', 'T', 'T', 'P', '/', '1', '.', '1', '\r', '\n'};
  EXPECT_FALSE(ParseProxyHeader(http).ok());
  EXPECT_FALSE(ParseProxyHeader(Fixed(0x11, 0x11, 12)).ok());  // version 1
  EXPECT_FALSE(ParseProxyHeader(Fixed(0x22, 0x11, 12)).ok());  // an unknown command
  EXPECT_FALSE(ParseProxyHeader(Fixed(0x21, 0x11, kMaxProxyAddressBytes + 1)).ok());
  EXPECT_TRUE(ParseProxyHeader(Fixed(0x21, 0x11, kMaxProxyAddressBytes)).ok());
  // Fewer address bytes than the family needs.
  const auto short_v4 =
      ProxyClientAddress(Fixed(0x21, 0x11, 8), std::vector<std::uint8_t>(8), "127.0.0.1");
  ASSERT_FALSE(short_v4.ok());
  EXPECT_NE(short_v4.status().message().find("12 are needed"), std::string::npos);
  EXPECT_FALSE(
      ProxyClientAddress(Fixed(0x21, 0x21, 12), std::vector<std::uint8_t>(12), "::1").ok());
}

}  // namespace
}  // namespace balie::net
