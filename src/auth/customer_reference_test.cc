#include "auth/customer_reference.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace balie::auth
