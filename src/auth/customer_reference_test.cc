#include "auth/customer_reference.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include <array>

#include "base/time_format.h"

namespace balie::auth {
namespace {

const base::TimePoint kNow = *base::ParseTime("2026-11-24T09:00:00Z");

TEST(CustomerReference, RoundTrips) {
  const std::string reference =
      SignCustomerReference({"K-1234", "jdevries"}, kNow + std::chrono::hours(1), "geheim");
  auto customer = VerifyCustomerReference(reference, "geheim", kNow);
  ASSERT_TRUE(customer.ok()) << customer.status().ToString();
  EXPECT_EQ(customer->ref, "K-1234");
  EXPECT_EQ(customer->advisor, "jdevries");
}

TEST(CustomerReference, RefusesWhatIsWrong) {
  const std::string good =
      SignCustomerReference({"K-1234", ""}, kNow + std::chrono::hours(1), "geheim");
  const struct {
    std::string reference;
    std::string secret;
    std::string expected;
  } cases[] = {
      {good, "ander geheim", "wrong signature"},
      {good, "", "no customers.reference_secret"},
      {"no-dot", "geheim", "malformed"},
      {good.substr(0, good.size() - 2) + "AA", "geheim", "wrong signature"},
      {"x" + good, "geheim", "wrong signature"},
      {SignCustomerReference({"K-1", ""}, kNow - std::chrono::seconds(1), "geheim"), "geheim",
       "expired"},
      {SignCustomerReference({"", ""}, kNow + std::chrono::hours(1), "geheim"), "geheim",
       "1 to 64"},
  };
  for (const auto& c : cases) {
    auto customer = VerifyCustomerReference(c.reference, c.secret, kNow);
    ASSERT_FALSE(customer.ok()) << c.reference;
    EXPECT_NE(customer.status().message().find(c.expected), std::string::npos)
        << customer.status().message();
  }
}

// PAYLOAD.SIGNATURE of any claims, as a site could sign them (SignCustomerReference makes only
// well-formed ones).
std::string SignClaims(std::string_view json, std::string_view secret) {
  EXPECT_GE(sodium_init(), 0);
  const auto base64 = [](const unsigned char* data, size_t size) {
    constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
    std::string encoded(sodium_base64_encoded_len(size, kVariant), '\0');
    sodium_bin2base64(encoded.data(), encoded.size(), data, size, kVariant);
    encoded.resize(encoded.find('\0'));
    return encoded;
  };
  const std::string payload =
      base64(reinterpret_cast<const unsigned char*>(json.data()), json.size());
  std::array<unsigned char, crypto_auth_hmacsha256_BYTES> mac{};
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(secret.data()),
                              secret.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(payload.data()),
                                payload.size());
  crypto_auth_hmacsha256_final(&state, mac.data());
  return payload + "." + base64(mac.data(), mac.size());
}

// Found by fuzz/customer_reference_fuzz.cc: an "exp" far from now overflowed the conversion to
// the clock's nanoseconds (undefined behaviour; in practice a wrapped time, which could make an
// expired reference valid).
TEST(CustomerReference, AnExpiryThatIsNoTimeIsRefusedClearly) {
  for (const char* exp :
       {"-123451900000000", "-1", "9223372036854775807", "18446744073709551615", "7258118401"}) {
    const std::string claims = std::string("{\"ref\": \"K-1\", \"exp\": ") + exp + "}";
    auto customer = VerifyCustomerReference(SignClaims(claims, "geheim"), "geheim", kNow);
    ASSERT_FALSE(customer.ok()) << exp;
    EXPECT_NE(customer.status().message().find("\"exp\" must be a time in seconds since 1970"),
              std::string::npos)
        << exp << ": " << customer.status().message();
  }
  auto far = VerifyCustomerReference(SignClaims(R"({"ref": "K-1", "exp": 7258118400})", "geheim"),
                                     "geheim", kNow);
  EXPECT_TRUE(far.ok()) << far.status().ToString();
}

}  // namespace
}  // namespace balie::auth
