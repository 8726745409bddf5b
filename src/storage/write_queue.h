#ifndef BALIE_STORAGE_WRITE_QUEUE_H_
#define BALIE_STORAGE_WRITE_QUEUE_H_

// The queue between the threads that write to a store and its one writer thread, which commits
// the writes in groups (SqliteStore, PostgresStore): a caller's Submit waits until the writer has
// committed its write (or refused it) and says which; SubmitThen does not wait, and the writer
// calls back with the result instead. Thread-safe. Internal to storage/.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "base/status.h"

namespace balie::storage {

// `Target`: what a write is given to write with (a connection, a transaction).
template <typename Target>
class WriteQueue {
 public:
  using Function = std::function<base::Status(Target&)>;
  // Called by the writer thread with a SubmitThen's result, once committed or refused.
  using Then = std::function<void(const base::Status&)>;
  struct Write {
    Function function;
    // Keys of locks the writer takes before any write of the group runs, in order, and holds
    // until the group commits (PostgreSQL's advisory locks; SQLite, one process, takes none).
    std::vector<std::int64_t> locks;
    // The conversation whose row it locks (creates or appends to), if any: PostgreSQL's writer
    // runs a group's writes in the order of their rows, so that two processes' groups never lock
    // two rows in opposite orders and wait for each other (a deadlock).
    std::string row;
    // PostgreSQL: a plain append's row for one statement that stores a group of them
    // (PostgresStore), or null. A group of nothing but such writes is stored by that statement,
    // without calling their functions (which share the row for the slow path).
    std::shared_ptr<const std::string> append_row;
    base::Status result;  // set by the writer
    bool done = false;    // guarded by the queue's mutex
    // Its caller alone waits here, so that a commit wakes exactly the writes it completed.
    std::condition_variable committed;
    Then then;  // set for SubmitThen: nobody waits, and the queue owns the write
  };
  using Clock = std::chrono::steady_clock;

  // A caller: queues `function` for the writer (with `locks`, `row` and `append_row`, see Write)
  // and returns its result once it is committed; kUnavailable once the queue is stopped.
  base::Status Submit(Function function, std::vector<std::int64_t> locks = {}, std::string row = {},
                      std::shared_ptr<const std::string> append_row = {}) {
    Write write{std::move(function),
                std::move(locks),
                std::move(row),
                std::move(append_row),
                {},
                false,
                {},
                {}};
    std::unique_lock lock(mutex_);
    if (stopping_) {
      return base::Unavailable("storage is closing");
    }
    if (std::this_thread::get_id() == writer_) {
      // A SubmitThen's callback that writes and waits would wait for itself for ever.
      return base::Internal("a write waited for on the storage writer's own thread");
    }
    writes_.push_back(&write);
    ready_.notify_one();  // only the writer waits on ready_
    write.committed.wait(lock, [&] { return write.done; });
    return write.result;
  }

  // A caller that does not wait: queues `function` as Submit does and returns at once; the writer
  // thread calls `then` with the result once the write's group is committed (after the waiting
  // callers of that group are woken), or at once here with kUnavailable once the queue is stopped.
  // `then` runs on the writer thread, so the writer commits nothing meanwhile: it must be short,
  // and may queue more writes with SubmitThen but never wait for one (Submit refuses that).
  void SubmitThen(Function function, Then then, std::vector<std::int64_t> locks = {},
                  std::string row = {}, std::shared_ptr<const std::string> append_row = {}) {
    std::unique_ptr<Write> write(new Write{std::move(function),
                                           std::move(locks),
                                           std::move(row),
                                           std::move(append_row),
                                           {},
                                           false,
                                           {},
                                           std::move(then)});
    {
      std::lock_guard lock(mutex_);
      if (!stopping_) {
        writes_.push_back(write.release());
        ready_.notify_one();
        return;
      }
    }
    write->then(base::Unavailable("storage is closing"));
  }

  // The writer: waits until a write is queued, Wake() or Stop() is called, or `until` passes;
  // moves up to `max` queued writes into `batch` (cleared first). False once stopped with nothing
  // left queued: the writer ends.
  bool Take(std::vector<Write*>& batch, size_t max,
            Clock::time_point until = Clock::time_point::max()) {
    batch.clear();
    std::unique_lock lock(mutex_);
    writer_ = std::this_thread::get_id();
    const auto ready = [&] { return stopping_ || woken_ || !writes_.empty(); };
    if (until == Clock::time_point::max()) {
      ready_.wait(lock, ready);
    } else {
      ready_.wait_until(lock, until, ready);
    }
    woken_ = false;
    if (stopping_ && writes_.empty()) {
      return false;
    }
    while (!writes_.empty() && batch.size() < max) {
      batch.push_back(writes_.front());
      writes_.pop_front();
    }
    return true;
  }

  // The writer: the writes of `batch` have their results; their callers return, and the
  // callbacks of those submitted with SubmitThen are called (in the batch's order).
  void Complete(const std::vector<Write*>& batch) {
    std::vector<std::unique_ptr<Write>> owned;
    {
      // Notified under the lock: once its caller sees `done` it may return and destroy the Write.
      std::lock_guard lock(mutex_);
      for (Write* write : batch) {
        if (write->then) {
          owned.emplace_back(write);
          continue;
        }
        write->done = true;
        write->committed.notify_one();
      }
    }
    for (const auto& write : owned) {
      write->then(write->result);
    }
  }

  // Ends the writer's current or next Take (e.g. for a test write while storage fails).
  void Wake() {
    std::lock_guard lock(mutex_);
    woken_ = true;
    ready_.notify_one();
  }

  // Refuses new writes; the writer's Take returns those queued, then false.
  void Stop() {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    ready_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable ready_;  // the writer waits here
  std::deque<Write*> writes_;      // owned by the waiting callers, or (SubmitThen) by the queue
  std::thread::id writer_;         // the thread that calls Take
  bool stopping_ = false;
  bool woken_ = false;
};

}  // namespace balie::storage

#endif  // BALIE_STORAGE_WRITE_QUEUE_H_
