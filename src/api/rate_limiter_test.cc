#include "api/rate_limiter.h"

#include <gtest/gtest.h>

#include "base/time_format.h"

namespace balie::api {
namespace {

using namespace std::chrono_literals;

const base::TimePoint kStart = *base::ParseTime("2026-12-01T09:00:00Z");

TEST(TokenBucketTest, AllowsABurstThenTheRate) {
  TokenBucket bucket(/*rate=*/2, /*burst=*/3);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(bucket.Take(kStart));
  EXPECT_FALSE(bucket.Take(kStart));
  EXPECT_EQ(bucket.Wait(kStart), 500ms);
  EXPECT_TRUE(bucket.Take(kStart + 500ms));
  EXPECT_FALSE(bucket.Take(kStart + 500ms));
  bucket.Refund();
  EXPECT_TRUE(bucket.Take(kStart + 500ms));
}

TEST(TokenBucketTest, AClockThatGoesBackRefillsNothing) {
  TokenBucket bucket(1, 1);
  EXPECT_TRUE(bucket.Take(kStart));
  EXPECT_FALSE(bucket.Take(kStart - 1h));
  EXPECT_FALSE(bucket.Take(kStart + 500ms));
  EXPECT_TRUE(bucket.Take(kStart + 1s));
}

TEST(KeyedRateLimiterTest, KeysAreLimitedApart) {
  KeyedRateLimiter limiter(1, 2);
  std::chrono::milliseconds retry_after{0};
  EXPECT_TRUE(limiter.Take("a", kStart, retry_after));
  EXPECT_TRUE(limiter.Take("a", kStart, retry_after));
  EXPECT_FALSE(limiter.Take("a", kStart, retry_after));
  EXPECT_EQ(retry_after, 1000ms);
  EXPECT_EQ(limiter.Wait("a", kStart), 1000ms);
  EXPECT_TRUE(limiter.Take("b", kStart, retry_after));
  EXPECT_EQ(limiter.Wait("unknown", kStart), 0ms);
}

// A flood of new keys (junk log-in names, say) must not reset the key under attack: the limiter
// forgets the key unused the longest, one at a time, and never all of them at once.
TEST(KeyedRateLimiterTest, AFloodOfNewKeysDoesNotResetAKeyInUse) {
  KeyedRateLimiter limiter(/*rate=*/1.0 / 60, /*burst=*/1, /*max_keys=*/100);
  std::chrono::milliseconds retry_after{0};
  ASSERT_TRUE(limiter.Take("victim", kStart, retry_after));
  for (int i = 0; i < 1000; ++i) {
    (void)limiter.Take("junk-" + std::to_string(i), kStart, retry_after);
    if (i % 10 == 0) {
      EXPECT_FALSE(limiter.Take("victim", kStart, retry_after)) << "after " << i << " junk keys";
    }
  }
  EXPECT_LE(limiter.size(), 100u);
}

}  // namespace
}  // namespace balie::api
