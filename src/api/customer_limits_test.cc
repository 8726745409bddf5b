#include "api/customer_limits.h"

#include <gtest/gtest.h>

#include "base/time_format.h"

namespace balie::api {
namespace {

using namespace std::chrono_literals;

class CustomerLimitsTest : public ::testing::Test {
 protected:
  base::ManualClock clock_{*base::ParseTime("2026-12-01T09:00:00Z")};
  CustomerLimitOptions options_;
  CustomerLimits limits_{options_, clock_};
  std::chrono::milliseconds retry_after_{0};
};

TEST_F(CustomerLimitsTest, ActionsAreCountedPerConversation) {
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(limits_.TakeAction("c1", retry_after_).ok());
  const base::Status refused = limits_.TakeAction("c1", retry_after_);
  EXPECT_EQ(refused.code(), base::StatusCode::kResourceExhausted);
  EXPECT_EQ(retry_after_, 200ms);
  EXPECT_TRUE(limits_.TakeAction("c2", retry_after_).ok());
  clock_.Advance(1s);
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(limits_.TakeAction("c1", retry_after_).ok());
  EXPECT_FALSE(limits_.TakeAction("c1", retry_after_).ok());
}

TEST_F(CustomerLimitsTest, ReadsHaveALimitOfTheirOwn) {
  for (int i = 0; i < 40; ++i) EXPECT_TRUE(limits_.TakeRead("c1", retry_after_).ok());
  EXPECT_EQ(limits_.TakeRead("c1", retry_after_).code(), base::StatusCode::kResourceExhausted);
  EXPECT_EQ(retry_after_, 50ms);
  EXPECT_TRUE(limits_.TakeAction("c1", retry_after_).ok());
  clock_.Advance(1s);
  EXPECT_TRUE(limits_.TakeRead("c1", retry_after_).ok());
}

TEST_F(CustomerLimitsTest, CallbackBookingsPerConversationAndPerAddress) {
  for (int i = 0; i < 5; ++i)
    EXPECT_TRUE(limits_.TakeBooking("c1", "203.0.113.9", retry_after_).ok());
  EXPECT_FALSE(limits_.TakeBooking("c1", "203.0.113.9", retry_after_).ok());
  // A booking that did not happen (the slot was taken) is given back.
  limits_.RefundBooking("c1", "203.0.113.9");
  EXPECT_TRUE(limits_.TakeBooking("c1", "203.0.113.9", retry_after_).ok());
  // A script that opens conversation after conversation from one address.
  int booked = 5;
  for (int i = 2; i < 100; ++i) {
    if (limits_.TakeBooking("c" + std::to_string(i), "203.0.113.9", retry_after_).ok()) ++booked;
  }
  EXPECT_EQ(booked, 20);
  EXPECT_GT(retry_after_, 1min);
  EXPECT_TRUE(limits_.TakeBooking("c100", "198.51.100.7", retry_after_).ok());
}

// One process's limit of open streams per conversation (OpenStreams; shared: open_streams_test).
TEST_F(CustomerLimitsTest, OpenStreamsPerConversation) {
  std::vector<std::shared_ptr<void>> places(10);
  for (auto& place : places) place = limits_.OpenStream("c1");
  EXPECT_EQ(limits_.open_streams("c1"), 10u);
  EXPECT_FALSE(limits_.OpenStream("c1"));
  places.clear();
  EXPECT_EQ(limits_.open_streams("c1"), 0u);
}

}  // namespace
}  // namespace balie::api
