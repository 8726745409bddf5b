#include "base/worker_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace balie::base {
namespace {

TEST(WorkerPool, RunsEveryPostedTaskBeforeStopping) {
  std::atomic<int> done{0};
  {
    WorkerPool pool(4);
    for (int i = 0; i < 1000; ++i) {
      EXPECT_TRUE(pool.Post([&done] { done.fetch_add(1); }));
    }
  }
  EXPECT_EQ(done.load(), 1000);
}

TEST(WorkerPool, ATaskThatThrowsCostsOnlyThatTask) {
  std::atomic<int> done{0};
  {
    WorkerPool pool(1);  // one thread: it must survive the throw to run the rest
    EXPECT_TRUE(pool.Post([] { throw std::runtime_error("a bug in a handler"); }));
    for (int i = 0; i < 10; ++i) {
      EXPECT_TRUE(pool.Post([&done] { done.fetch_add(1); }));
    }
  }
  EXPECT_EQ(done.load(), 10);
}

TEST(WorkerPool, ABoundedPoolRefusesWhenItsBacklogIsFull) {
  std::mutex gate;
  std::unique_lock closed(gate);
  std::atomic<int> done{0};
  WorkerPool pool(1, /*max_backlog=*/2);
  std::atomic<bool> started{false};
  ASSERT_TRUE(pool.Post([&] {
    started = true;
    std::lock_guard wait(gate);  // holds the only thread until the gate opens
  }));
  while (!started) std::this_thread::yield();
  EXPECT_TRUE(pool.Post([&done] { ++done; }));
  EXPECT_TRUE(pool.PostAfter(std::chrono::hours(1), [&done] { ++done; }));
  EXPECT_FALSE(pool.Post([&done] { ++done; }));  // full: two waiting
  EXPECT_EQ(pool.backlog(), 2u);
  closed.unlock();
  pool.Stop();  // runs the delayed task at once
  EXPECT_EQ(done.load(), 2);
}

TEST(WorkerPool, ADelayedTaskDoesNotHoldBackTheOthers) {
  std::atomic<int> done{0};
  std::atomic<bool> late_ran{false};
  WorkerPool pool(1);
  ASSERT_TRUE(pool.PostAfter(std::chrono::hours(1), [&] { late_ran = true; }));
  ASSERT_TRUE(pool.Post([&done] { ++done; }));
  while (done.load() == 0) std::this_thread::yield();
  EXPECT_FALSE(late_ran.load());
  pool.Stop();
  EXPECT_TRUE(late_ran.load());
}

TEST(WorkerPool, RefusesTasksOnceStopped) {
  WorkerPool pool(1);
  pool.Stop();
  EXPECT_FALSE(pool.Post([] {}));
  pool.Stop();  // idempotent
}

}  // namespace
}  // namespace balie::base
