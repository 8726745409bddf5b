#include "base/worker_pool.h"

#include <gtest/gtest.h>

#include <atomic>

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

TEST(WorkerPool, RefusesTasksOnceStopped) {
  WorkerPool pool(1);
  pool.Stop();
  EXPECT_FALSE(pool.Post([] {}));
  pool.Stop();  // idempotent
}

}  // namespace
}  // namespace balie::base
