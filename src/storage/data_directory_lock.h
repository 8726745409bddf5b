#ifndef BALIE_STORAGE_DATA_DIRECTORY_LOCK_H_
#define BALIE_STORAGE_DATA_DIRECTORY_LOCK_H_

// One data directory, one server: `balie serve` holds an exclusive lock on DIR/balie.lock for as
// long as it runs, so that a second server on the same directory refuses to start instead of
// sharing the embedded database with the first (each would keep its own queues and live events,
// and customers of one would be refused by the other). The lock is flock(2) on the file, which
// the kernel releases when the process ends however it ends (a crash or SIGKILL included), so a
// stale lock file never blocks a restart. The file holds the holder's process id, for the message.
//
// Short administrative commands (`balie user …`) do not take it: they share the database safely
// through SQLite's own locking while a server runs. Not thread-safe; one per process.

#include <filesystem>
#include <memory>
#include <optional>

#include "base/status.h"

namespace balie::storage {

class DataDirectoryLock {
 public:
  // The lock file in `directory`.
  static std::filesystem::path LockFile(const std::filesystem::path& directory);

  // Takes the lock, creating the file if needed. kFailedPrecondition, naming the directory and
  // the process that holds it and what to do, when another process holds it; kUnavailable when
  // the file cannot be created or locked.
  [[nodiscard]] static base::Result<std::unique_ptr<DataDirectoryLock>> Acquire(
      const std::filesystem::path& directory);

  // The process that holds the lock on `directory` now, if any: read from the kernel's list of
  // locks (/proc/locks), so that asking never takes the lock, even for a moment (a server
  // starting then would refuse). For `balie user`, to say what a running server sees.
  static std::optional<int> Holder(const std::filesystem::path& directory);

  // Releases the lock (the file stays: removing it could race with a server starting).
  ~DataDirectoryLock();
  DataDirectoryLock(const DataDirectoryLock&) = delete;
  DataDirectoryLock& operator=(const DataDirectoryLock&) = delete;

 private:
  explicit DataDirectoryLock(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace balie::storage

#endif  // BALIE_STORAGE_DATA_DIRECTORY_LOCK_H_
