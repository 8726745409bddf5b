#include "base/worker_pool.h"

#include "base/barrier.h"

namespace balie::base {

WorkerPool::WorkerPool(size_t threads, size_t max_backlog) : max_backlog_(max_backlog) {
  threads_.reserve(threads);
  for (size_t i = 0; i < threads; ++i) {
    threads_.emplace_back([this] { Run(); });
  }
}

WorkerPool::~WorkerPool() { Stop(); }

bool WorkerPool::Post(std::function<void()> task) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || tasks_.size() + delayed_.size() >= max_backlog_) {
      return false;
    }
    tasks_.push_back(std::move(task));
  }
  ready_.notify_one();
  return true;
}

bool WorkerPool::PostAfter(std::chrono::steady_clock::duration delay, std::function<void()> task) {
  if (delay <= std::chrono::steady_clock::duration::zero()) {
    return Post(std::move(task));
  }
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || tasks_.size() + delayed_.size() >= max_backlog_) {
      return false;
    }
    delayed_.emplace(std::chrono::steady_clock::now() + delay, std::move(task));
  }
  // Every thread re-reads the earliest due time (one may be sleeping until a later one).
  ready_.notify_all();
  return true;
}

void WorkerPool::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  ready_.notify_all();
  for (std::thread& thread : threads_) {
    if (thread.joinable()) {
      thread.join();
    }
  }
}

size_t WorkerPool::backlog() const {
  std::lock_guard lock(mutex_);
  return tasks_.size() + delayed_.size();
}

void WorkerPool::Run() {
  for (;;) {
    std::function<void()> task;
    {
      std::unique_lock lock(mutex_);
      for (;;) {
        // Delayed tasks that are due (or all of them, when stopping) join the queue.
        const auto now = std::chrono::steady_clock::now();
        while (!delayed_.empty() && (stopping_ || delayed_.begin()->first <= now)) {
          tasks_.push_back(std::move(delayed_.begin()->second));
          delayed_.erase(delayed_.begin());
        }
        if (!tasks_.empty() || stopping_) {
          break;
        }
        if (delayed_.empty()) {
          ready_.wait(lock);
        } else {
          ready_.wait_until(lock, delayed_.begin()->first);
        }
      }
      if (tasks_.empty()) {
        return;  // stopping, and nothing is left
      }
      task = std::move(tasks_.front());
      tasks_.pop_front();
    }
    // A task that throws is a bug; it costs that task, never the thread (the barrier logs it).
    (void)Contain("a worker task failed", {}, task);
  }
}

}  // namespace balie::base
