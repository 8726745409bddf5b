// The open streams per conversation, counted on one process and shared by several: two
// OpenStreams, each with the SharedLimits of its own process, tell each other what they hold as
// the bus would (Drain here, TakenElsewhere there).

#include "api/open_streams.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <mutex>
#include <span>
#include <vector>

#include "base/time_format.h"

namespace balie::api {
namespace {

using namespace std::chrono_literals;

class OpenStreamsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    shared_a_.AddCount("customer_streams", a_);
    shared_b_.AddCount("customer_streams", b_);
  }

  // What A has to tell reaches B, and B's reaches A; returns how many lines went over.
  size_t Exchange() {
    const auto from_a = shared_a_.Drain();
    const auto from_b = shared_b_.Drain();
    shared_b_.TakenElsewhere("process-a", from_a);
    shared_a_.TakenElsewhere("process-b", from_b);
    return from_a.size() + from_b.size();
  }

  static std::vector<std::shared_ptr<void>> OpenMany(OpenStreams& streams, const std::string& id,
                                                     int n) {
    std::vector<std::shared_ptr<void>> places;
    for (int i = 0; i < n; ++i) {
      places.push_back(streams.Open(id));
      EXPECT_TRUE(places.back()) << "stream " << i;
    }
    return places;
  }

  base::ManualClock clock_{*base::ParseTime("2026-12-07T09:00:00Z")};
  OpenStreams a_{10, clock_};
  OpenStreams b_{10, clock_};
  SharedLimits shared_a_{clock_};
  SharedLimits shared_b_{clock_};
};

TEST_F(OpenStreamsTest, AtMostTheMostOnOneProcess) {
  auto places = OpenMany(a_, "c1", 10);
  EXPECT_FALSE(a_.Open("c1"));
  EXPECT_TRUE(a_.Open("c2"));
  places.pop_back();
  EXPECT_EQ(a_.open("c1"), 9u);
  EXPECT_TRUE(a_.Open("c1"));
  places.clear();
  EXPECT_EQ(a_.open("c1"), 0u);
}

TEST_F(OpenStreamsTest, TwoProcessesHoldTheMostTogether) {
  auto on_a = OpenMany(a_, "c1", 5);
  auto on_b = OpenMany(b_, "c1", 5);
  EXPECT_EQ(Exchange(), 2u);
  EXPECT_EQ(a_.open("c1"), 10u);
  EXPECT_EQ(b_.open("c1"), 10u);
  EXPECT_FALSE(a_.Open("c1"));
  EXPECT_FALSE(b_.Open("c1"));
  EXPECT_TRUE(b_.Open("c2"));  // another conversation has room of its own

  // Three close on A: once told, B has room for three.
  on_a.resize(2);
  EXPECT_EQ(Exchange(), 1u);
  auto more = OpenMany(b_, "c1", 3);
  EXPECT_FALSE(b_.Open("c1"));

  // Below kToldFrom on A, A tells 0: B counts none of A's (the one left there is the slack).
  on_a.resize(1);
  const auto told = shared_a_.Drain();
  ASSERT_EQ(told.size(), 1u);
  EXPECT_EQ(told[0].limit, "customer_streams");
  EXPECT_EQ(told[0].key, "c1");
  EXPECT_EQ(told[0].count, 0);
  shared_b_.TakenElsewhere("process-a", told);
  EXPECT_EQ(b_.open("c1"), 8u);
}

// Nearly every conversation has one stream: that is never told, so that the other processes
// neither hear nor keep anything of them.
TEST_F(OpenStreamsTest, OneStreamOfAConversationIsNotTold) {
  std::vector<std::shared_ptr<void>> places(100);
  for (size_t i = 0; i < places.size(); ++i) places[i] = a_.Open("c" + std::to_string(i));
  EXPECT_EQ(Exchange(), 0u);
  clock_.Advance(OpenStreams::kRetell);
  EXPECT_EQ(Exchange(), 0u);
  places.clear();
  EXPECT_EQ(Exchange(), 0u);
}

// A process that ended (killed, or cut off from the bus) tells nothing more: what it held is
// forgotten after kForgetAfter. One that lives tells its counts again every kRetell.
TEST_F(OpenStreamsTest, ACountNotToldAgainIsForgotten) {
  auto on_a = OpenMany(a_, "c1", 9);
  auto on_b = OpenMany(b_, "c2", 4);
  Exchange();
  EXPECT_EQ(b_.open("c1"), 9u);
  EXPECT_EQ(a_.open("c2"), 4u);

  // A lives and retells; B's last word is its first.
  for (int i = 0; i < 4; ++i) {
    clock_.Advance(OpenStreams::kRetell);
    shared_b_.TakenElsewhere("process-a", shared_a_.Drain());
  }
  EXPECT_EQ(b_.open("c1"), 9u);
  EXPECT_EQ(a_.open("c2"), 0u);  // forgotten: 20 s without a word from B
  const auto held = b_.Open("c1");
  EXPECT_TRUE(held);
  EXPECT_FALSE(b_.Open("c1"));

  // A's values are absolute: told twice, they count once.
  shared_b_.TakenElsewhere("process-a", shared_a_.Drain());
  clock_.Advance(OpenStreams::kRetell);
  const auto retold = shared_a_.Drain();
  ASSERT_EQ(retold.size(), 1u);
  EXPECT_EQ(retold[0].count, 9);
  shared_b_.TakenElsewhere("process-a", retold);
  shared_b_.TakenElsewhere("process-a", retold);
  EXPECT_EQ(b_.open("c1"), 10u);
}

// A process that stops tells the others that its streams are closed, instead of leaving them to
// forget its count.
TEST_F(OpenStreamsTest, StoppingTellsTheStreamsClosed) {
  std::mutex mutex;
  std::vector<model::LimitTaken> announced;
  shared_a_.Start(
      [&](std::span<const model::LimitTaken> taken) {
        std::lock_guard lock(mutex);
        announced.insert(announced.end(), taken.begin(), taken.end());
        return base::Status::Ok();
      },
      std::chrono::hours(1));
  auto places = OpenMany(a_, "c1", 3);
  shared_b_.TakenElsewhere("process-a", shared_a_.Drain());  // as the announcement would
  EXPECT_EQ(b_.open("c1"), 3u);
  places.clear();
  shared_a_.Stop();
  std::lock_guard lock(mutex);
  ASSERT_EQ(announced.size(), 1u);
  EXPECT_EQ(announced[0].key, "c1");
  EXPECT_EQ(announced[0].count, 0);
  shared_b_.TakenElsewhere("process-a", announced);
  EXPECT_EQ(b_.open("c1"), 0u);
}

// Told only while shared: a process alone (SQLite) keeps nothing to tell.
TEST_F(OpenStreamsTest, NothingIsToldWhenNotShared) {
  OpenStreams alone(10, clock_);
  auto places = OpenMany(alone, "c1", 5);
  EXPECT_TRUE(alone.Told(clock_.Now()).empty());
}

// A count told larger than the most counts as the most, not as an overflow.
TEST_F(OpenStreamsTest, AHugeCountToldIsTheMost) {
  shared_b_.TakenElsewhere("process-a",
                           std::vector<model::LimitTaken>{{"customer_streams", "c1", INT64_MAX}});
  shared_b_.TakenElsewhere("process-c",
                           std::vector<model::LimitTaken>{{"customer_streams", "c1", INT64_MAX}});
  EXPECT_EQ(b_.open("c1"), 20u);
  EXPECT_FALSE(b_.Open("c1"));
}

}  // namespace
}  // namespace balie::api
