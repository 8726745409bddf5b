#include "base/worker_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>

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

TEST(WorkerPool, RefusesTasksOnceStopped) {
  WorkerPool pool(1);
  pool.Stop();
  EXPECT_FALSE(pool.Post([] {}));
  pool.Stop();  // idempotent
}

}  // namespace
}  // namespace balie::base
