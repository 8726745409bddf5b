#ifndef BALIE_BASE_TEMP_DIR_H_
#define BALIE_BASE_TEMP_DIR_H_

// A private directory under the system's temporary directory, removed with everything in it when
// the object is destroyed. Movable, not copyable.
//
// A process that is killed (SIGKILL, a crash, the OOM killer) cannot remove its directories, so
// the one that creates a directory holds an flock(2) on the file ".owner" in it for as long as
// the object lives; the kernel releases it however the process ends. RemoveAbandoned sweeps the
// directories whose lock is free: a server that crash-loops does not fill the disk with them.

#include <filesystem>
#include <string_view>

#include "base/status.h"

namespace balie::base {

class TempDir {
 public:
  // Creates "<tmp>/<prefix>XXXXXX" with mode 0700 and takes its owner lock.
  [[nodiscard]] static Result<TempDir> Create(std::string_view prefix);
  // Removes this user's directories "<tmp>/<prefix>XXXXXX" left behind by processes that have
  // ended (their ".owner" lock is free). One without ".owner" is left alone: an older version made
  // it, and may still use it. Returns how many were removed.
  static size_t RemoveAbandoned(std::string_view prefix);
  ~TempDir();
  TempDir(TempDir&& other) noexcept;
  TempDir& operator=(TempDir&& other) noexcept;
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }

 private:
  TempDir(std::filesystem::path path, int owner_fd) : path_(std::move(path)), owner_fd_(owner_fd) {}
  void Remove();
  std::filesystem::path path_;
  int owner_fd_ = -1;  // holds the flock on path_/.owner
};

}  // namespace balie::base

#endif  // BALIE_BASE_TEMP_DIR_H_
