#include "base/clock.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace balie::base {
namespace {

using std::chrono::seconds;

TEST(ManualClockTest, MovesOnlyWhenTold) {
  const TimePoint start{seconds{1'780'000'000}};
  ManualClock clock(start);
  EXPECT_EQ(clock.Now(), start);
  clock.Advance(seconds{90});
  EXPECT_EQ(clock.Now(), start + seconds{90});
  clock.Set(start);
  EXPECT_EQ(clock.Now(), start);
}

TEST(ManualClockTest, CanBeAdvancedFromSeveralThreads) {
  ManualClock clock;
  const Clock& reader = clock;
  std::vector<std::thread> threads;
  threads.reserve(4);
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&clock, &reader] {
      for (int j = 0; j < 1000; ++j) {
        clock.Advance(seconds{1});
        (void)reader.Now();
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(clock.Now(), TimePoint{seconds{4000}});
}

TEST(SystemClockTest, FollowsTheSystemClock) {
  const SystemClock clock;
  const TimePoint before = std::chrono::system_clock::now();
  const TimePoint now = clock.Now();
  EXPECT_LE(before, now);
  EXPECT_LE(now, std::chrono::system_clock::now());
}

}  // namespace
}  // namespace balie::base
