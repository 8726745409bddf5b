#include "api/rate_limiter.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>

#include "api/shared_limits.h"
#include "base/time_format.h"
#include "storage/change_feed.h"

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

// Several processes: what one took elsewhere is taken here too, into debt, so that a client that
// took the burst in two places at once waits for it.
TEST(KeyedRateLimiterTest, TokensTakenElsewhereAreTakenHere) {
  KeyedRateLimiter limiter(/*rate=*/1, /*burst=*/4);
  std::chrono::milliseconds retry_after{0};
  limiter.TakeElsewhere("a", 3, kStart);
  EXPECT_TRUE(limiter.Take("a", kStart, retry_after));
  EXPECT_FALSE(limiter.Take("a", kStart, retry_after));
  EXPECT_EQ(retry_after, 1000ms);
  // Four more taken elsewhere: down to -4 (never further), paid for by waiting five seconds.
  limiter.TakeElsewhere("a", 100, kStart);
  EXPECT_EQ(limiter.Wait("a", kStart), 5000ms);
  EXPECT_FALSE(limiter.Take("a", kStart + 4s, retry_after));
  EXPECT_TRUE(limiter.Take("a", kStart + 5s, retry_after));
  // Given back elsewhere: given back here.
  limiter.TakeElsewhere("a", -1, kStart + 5s);
  EXPECT_TRUE(limiter.Take("a", kStart + 5s, retry_after));
  // Other keys are untouched.
  EXPECT_EQ(limiter.Wait("b", kStart), 0ms);
}

TEST(KeyedRateLimiterTest, WhatWasTakenIsDrainedOnlyWhenShared) {
  KeyedRateLimiter limiter(1, 4);
  std::chrono::milliseconds retry_after{0};
  ASSERT_TRUE(limiter.Take("a", kStart, retry_after));
  EXPECT_TRUE(limiter.DrainTaken().empty());
  limiter.Share(/*max_pending=*/2);
  ASSERT_TRUE(limiter.Take("a", kStart, retry_after));
  ASSERT_TRUE(limiter.Take("a", kStart, retry_after));
  ASSERT_TRUE(limiter.Take("b", kStart, retry_after));
  limiter.Refund("b");                                  // taken and given back: nothing to tell
  ASSERT_TRUE(limiter.Take("c", kStart, retry_after));  // past max_pending: not told
  ASSERT_TRUE(limiter.Take("a", kStart, retry_after));
  ASSERT_FALSE(limiter.Take("a", kStart, retry_after));
  const auto taken = limiter.DrainTaken();
  ASSERT_EQ(taken.size(), 1u);
  EXPECT_EQ(taken[0].first, "a");
  EXPECT_EQ(taken[0].second, 3);  // the refused try took nothing
  EXPECT_TRUE(limiter.DrainTaken().empty());
}

// Two processes' limits, the announcement between them encoded and decoded as on the bus: a
// client spread over both gets the burst once.
TEST(SharedLimitsTest, AClientSpreadOverTwoProcessesGetsTheLimitOnce) {
  base::ManualClock clock(kStart);
  KeyedRateLimiter here_limiter(/*rate=*/1.0 / 60, /*burst=*/5);
  KeyedRateLimiter there_limiter(1.0 / 60, 5);
  SharedLimits here(clock);
  SharedLimits there(clock);
  here.Add("login_by_address", here_limiter);
  there.Add("login_by_address", there_limiter);

  // An account name may hold spaces, newlines, percent signs and more than ASCII: the key survives
  // the bus.
  const std::string key = "jan de % vri\u00e9s\n127.0.0.1";
  std::chrono::milliseconds retry_after{0};
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(here_limiter.Take(key, clock.Now(), retry_after));
  ASSERT_TRUE(here_limiter.Take("10.0.0.7", clock.Now(), retry_after));
  const std::vector<storage::LimitTaken> taken = here.Drain();
  ASSERT_EQ(taken.size(), 2u);
  // Split into small notifications, each with the origin.
  const std::vector<std::string> texts = storage::EncodeTaken("process-1", taken, 90);
  ASSERT_EQ(texts.size(), 2u);
  for (const std::string& text : texts) {
    EXPECT_LE(text.size(), 90u) << text;
    EXPECT_EQ(text.find('\xc3'), std::string::npos) << "ASCII only";
    std::string origin;
    std::vector<storage::LimitTaken> decoded;
    ASSERT_TRUE(storage::DecodeTaken(text, origin, decoded)) << text;
    EXPECT_EQ(origin, "process-1");
    ASSERT_EQ(decoded.size(), 1u);
    EXPECT_EQ(decoded[0].limit, "login_by_address");
    there.TakenElsewhere(origin, decoded);
  }
  // Two left of five for the key over there, then refused; the other key has four.
  EXPECT_TRUE(there_limiter.Take(key, clock.Now(), retry_after));
  EXPECT_TRUE(there_limiter.Take(key, clock.Now(), retry_after));
  EXPECT_FALSE(there_limiter.Take(key, clock.Now(), retry_after));
  for (int i = 0; i < 4; ++i) EXPECT_TRUE(there_limiter.Take("10.0.0.7", clock.Now(), retry_after));
  EXPECT_FALSE(there_limiter.Take("10.0.0.7", clock.Now(), retry_after));

  // A limit unknown here (another version) is ignored; after Stop nothing is taken any more.
  here.TakenElsewhere("process-1", std::vector<storage::LimitTaken>{{"unknown", key, 5}});
  there.Stop();
  there.TakenElsewhere("process-1",
                       std::vector<storage::LimitTaken>{{"login_by_address", "10.0.0.8", 5}});
  EXPECT_TRUE(there_limiter.Take("10.0.0.8", clock.Now(), retry_after));
}

TEST(SharedLimitsTest, NotificationsThatAreNotBalieLimitsAreRefused) {
  std::string origin;
  std::vector<storage::LimitTaken> taken;
  EXPECT_FALSE(storage::DecodeTaken("balie1p p\njan\n", origin, taken));
  EXPECT_FALSE(storage::DecodeTaken("balie1l p\nx notanumber key\n", origin, taken));
  EXPECT_FALSE(storage::DecodeTaken("balie1l p\nx 1 bad%4\n", origin, taken));
  EXPECT_FALSE(storage::DecodeTaken("balie1l p\nx 1 bad%ZZ\n", origin, taken));
  EXPECT_TRUE(storage::DecodeTaken("balie1l p\nx -2 a b%0A\n", origin, taken));
  ASSERT_EQ(taken.size(), 1u);
  EXPECT_EQ(taken[0].count, -2);
  EXPECT_EQ(taken[0].key, "a b\n");
  EXPECT_TRUE(storage::EncodeTaken("p", {}).empty());
}

// The background announcement: what is taken is told within an interval or so.
TEST(SharedLimitsTest, WhatIsTakenIsAnnouncedEveryInterval) {
  base::ManualClock clock(kStart);
  std::mutex mutex;
  std::condition_variable told;
  std::vector<storage::LimitTaken> announced;  // guarded by mutex
  KeyedRateLimiter limiter(1, 5);
  SharedLimits shared(clock);  // (stopped before what it calls goes)
  shared.Add("customer_actions", limiter);
  shared.Start(
      [&](std::span<const storage::LimitTaken> taken) {
        std::lock_guard lock(mutex);
        announced.insert(announced.end(), taken.begin(), taken.end());
        told.notify_all();
        return base::Status::Ok();
      },
      20ms);
  std::chrono::milliseconds retry_after{0};
  ASSERT_TRUE(limiter.Take("c1", clock.Now(), retry_after));
  ASSERT_TRUE(limiter.Take("c1", clock.Now(), retry_after));
  std::unique_lock lock(mutex);
  ASSERT_TRUE(told.wait_for(lock, 5s, [&] { return !announced.empty(); }));
  EXPECT_EQ(announced[0].limit, "customer_actions");
  EXPECT_EQ(announced[0].key, "c1");
  EXPECT_EQ(announced[0].count, 2);
}

}  // namespace
}  // namespace balie::api
