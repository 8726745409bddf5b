#ifndef BALIE_BASE_WORKER_POOL_H_
#define BALIE_BASE_WORKER_POOL_H_

// A fixed set of threads that run posted tasks in order of arrival: where Balie does the work
// that may block (search, storage), so that I/O threads never do. A pool may bound its backlog
// (then Post refuses when it is full: the caller answers "busy, try again") and may run a task
// after a delay (PostAfter: a log-in slowed down) without a thread waiting for it. Thread-safe.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <limits>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace balie::base {

class WorkerPool {
 public:
  // `max_backlog`: tasks waiting (delayed ones included) beyond which Post refuses.
  explicit WorkerPool(size_t threads, size_t max_backlog = std::numeric_limits<size_t>::max());
  // Runs every task already posted (delayed ones at once), then joins the threads.
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Queues `task`; returns false (and drops it) once the pool is stopping or its backlog is
  // full. A task should not throw: one that does is logged (base/barrier.h) and the pool goes on.
  bool Post(std::function<void()> task);
  // The same, to start no earlier than `delay` from now.
  bool PostAfter(std::chrono::steady_clock::duration delay, std::function<void()> task);
  // Stops taking tasks, finishes the queued ones (delayed ones at once) and joins the threads.
  // Idempotent.
  void Stop();
  // Tasks queued and not yet started (delayed ones included).
  size_t backlog() const;
  size_t size() const { return threads_.size(); }

 private:
  void Run();

  const size_t max_backlog_;
  mutable std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> tasks_;
  std::multimap<std::chrono::steady_clock::time_point, std::function<void()>> delayed_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace balie::base

#endif  // BALIE_BASE_WORKER_POOL_H_
