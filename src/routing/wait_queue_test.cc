#include "routing/wait_queue.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/test_time.h"

namespace balie::routing {
namespace {

using std::chrono::minutes;
using testing::Utc;

const TimePoint kNine = Utc("2026-11-24 08:00");  // 09:00 CET

WaitingItem Chat(std::string id, int minutes_after_nine, int priority = 0) {
  return {std::move(id), priority, kNine + minutes{minutes_after_nine}, false};
}

WaitingItem Callback(std::string id, int minutes_after_nine) {
  return {std::move(id), 0, kNine + minutes{minutes_after_nine}, true};
}

std::string Order(const WaitQueue& queue) {
  std::string text;
  for (const WaitingItem& item : queue.Items()) text += (text.empty() ? "" : " ") + item.id;
  return text;
}

TEST(WaitQueueTest, OrdersCallbacksThenPriorityThenArrival) {
  struct Case {
    const char* name;
    std::vector<WaitingItem> added;  // in this order
    const char* expected;
  };
  const std::vector<Case> cases = {
      {"arrival", {Chat("b", 5), Chat("a", 1), Chat("c", 9)}, "a b c"},
      {"priority before arrival", {Chat("a", 1), Chat("vip", 9, 2), Chat("b", 5)}, "vip a b"},
      {"negative priority last", {Chat("low", 0, -1), Chat("a", 5)}, "a low"},
      {"due callback before all",
       {Chat("vip", 0, 5), Chat("a", 1), Callback("cb", 10)},
       "cb vip a"},
      {"callbacks among themselves by slot start",
       {Callback("cb2", 15), Callback("cb1", 0), Chat("a", -30)},
       "cb1 cb2 a"},
      {"equal keys keep the order of adding", {Chat("x", 3), Chat("y", 3), Chat("z", 3)}, "x y z"},
      {"equal keys, other order", {Chat("z", 3), Chat("x", 3), Chat("y", 3)}, "z x y"},
  };
  for (const Case& c : cases) {
    WaitQueue queue;
    for (const WaitingItem& item : c.added) ASSERT_TRUE(queue.Add(item).ok()) << c.name;
    EXPECT_EQ(Order(queue), c.expected) << c.name;
  }
}

TEST(WaitQueueTest, PositionsStartAtOneAndFollowRemovals) {
  WaitQueue queue;
  ASSERT_TRUE(queue.Add(Chat("a", 0)).ok());
  ASSERT_TRUE(queue.Add(Chat("b", 1)).ok());
  ASSERT_TRUE(queue.Add(Chat("c", 2)).ok());
  EXPECT_EQ(queue.Position("a"), 1);
  EXPECT_EQ(queue.Position("c"), 3);
  EXPECT_EQ(queue.Front()->id, "a");

  EXPECT_TRUE(queue.Remove("a"));  // assigned
  EXPECT_EQ(queue.Position("b"), 1);
  EXPECT_EQ(queue.Position("c"), 2);
  EXPECT_EQ(queue.Position("a"), std::nullopt);
  EXPECT_FALSE(queue.Remove("a"));

  ASSERT_TRUE(queue.Add(Chat("urgent", 5, 1)).ok());  // jumps the line
  EXPECT_EQ(queue.Position("urgent"), 1);
  EXPECT_EQ(queue.Position("c"), 3);

  EXPECT_TRUE(queue.Remove("b"));  // abandoned
  EXPECT_TRUE(queue.Remove("urgent"));
  EXPECT_TRUE(queue.Remove("c"));
  EXPECT_TRUE(queue.empty());
  EXPECT_EQ(queue.Front(), nullptr);
}

TEST(WaitQueueTest, RefusesDuplicateAndEmptyIds) {
  WaitQueue queue;
  ASSERT_TRUE(queue.Add(Chat("a", 0)).ok());
  const base::Status again = queue.Add(Chat("a", 5));
  EXPECT_EQ(again.code(), base::StatusCode::kAlreadyExists);
  EXPECT_EQ(again.message(), "\"a\" is already waiting in this queue");
  EXPECT_EQ(queue.Add(Chat("", 0)).code(), base::StatusCode::kInvalidArgument);
  EXPECT_EQ(queue.size(), 1u);
  EXPECT_EQ(*queue.Find("a"), Chat("a", 0));
  EXPECT_EQ(queue.Find("b"), nullptr);
}

TEST(WaitQueueTest, ReAddedItemKeepsItsArrival) {
  // A conversation removed and added again (e.g. after a transfer back) is placed by arrival.
  WaitQueue queue;
  ASSERT_TRUE(queue.Add(Chat("a", 0)).ok());
  ASSERT_TRUE(queue.Add(Chat("b", 1)).ok());
  ASSERT_TRUE(queue.Remove("a"));
  ASSERT_TRUE(queue.Add(Chat("a", 0)).ok());
  EXPECT_EQ(Order(queue), "a b");
}

TEST(WaitQueueTest, ManyItemsStayConsistent) {
  WaitQueue queue;
  for (int i = 0; i < 1000; ++i) {
    ASSERT_TRUE(queue.Add(Chat("c" + std::to_string(i), i % 50, i % 3)).ok());
  }
  for (int i = 0; i < 1000; i += 2) ASSERT_TRUE(queue.Remove("c" + std::to_string(i)));
  const std::vector<WaitingItem> items = queue.Items();
  ASSERT_EQ(items.size(), 500u);
  for (std::size_t i = 0; i < items.size(); ++i) {
    EXPECT_EQ(queue.Position(items[i].id), static_cast<int>(i) + 1);
    if (i > 0) {
      EXPECT_FALSE(ComesBefore(items[i], items[i - 1]));
    }
  }
}

}  // namespace
}  // namespace balie::routing
