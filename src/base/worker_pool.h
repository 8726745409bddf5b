#ifndef BALIE_BASE_WORKER_POOL_H_
#define BALIE_BASE_WORKER_POOL_H_

// A fixed set of threads that run posted tasks in order of arrival: where Balie does the work
// that may block (search, storage), so that I/O threads never do. Thread-safe.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace balie::base {

class WorkerPool {
 public:
  explicit WorkerPool(size_t threads);
  // Runs every task already posted, then joins the threads.
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Queues `task`; returns false (and drops it) once the pool is stopping. A task should not
  // throw: one that does is logged (base/barrier.h) and the pool goes on.
  bool Post(std::function<void()> task);
  // Stops taking tasks, finishes the queued ones and joins the threads. Idempotent.
  void Stop();
  // Tasks queued and not yet started.
  size_t backlog() const;
  size_t size() const { return threads_.size(); }

 private:
  void Run();

  mutable std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> tasks_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace balie::base

#endif  // BALIE_BASE_WORKER_POOL_H_
