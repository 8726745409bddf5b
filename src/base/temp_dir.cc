#include "base/temp_dir.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <string>
#include <system_error>

namespace balie::base {
namespace {

constexpr const char* kOwnerFile = ".owner";

// Opens `file` and takes its exclusive flock without waiting: the descriptor, or -1.
int LockFile(const std::filesystem::path& file, int flags) {
  const int fd = open(file.c_str(), flags | O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0) return -1;
  if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

}  // namespace

Result<TempDir> TempDir::Create(std::string_view prefix) {
  std::error_code error;
  const std::filesystem::path root = std::filesystem::temp_directory_path(error);
  if (error) {
    return Unavailable("no temporary directory: " + error.message());
  }
  std::string pattern = (root / (std::string(prefix) + "XXXXXX")).string();
  if (mkdtemp(pattern.data()) == nullptr) {
    return Unavailable("cannot create a directory in " + root.string());
  }
  const std::filesystem::path path(pattern);
  // Locked under another name, then renamed: a sweep never finds ".owner" unlocked in a directory
  // whose creator is alive.
  const int fd = LockFile(path / ".owner-new", O_CREAT | O_EXCL);
  if (fd < 0 || rename((path / ".owner-new").c_str(), (path / kOwnerFile).c_str()) != 0) {
    if (fd >= 0) close(fd);
    std::filesystem::remove_all(path, error);
    return Unavailable("cannot lock the new directory " + pattern);
  }
  return TempDir(path, fd);
}

size_t TempDir::RemoveAbandoned(std::string_view prefix) {
  std::error_code error;
  const std::filesystem::path root = std::filesystem::temp_directory_path(error);
  if (error) return 0;
  size_t removed = 0;
  for (std::filesystem::directory_iterator it(root, error), end; !error && it != end;
       it.increment(error)) {
    const std::string name = it->path().filename().string();
    struct stat info {};
    // Only real directories of this user: /tmp is shared, and another user's are not ours to
    // judge (nor, running as root, to remove).
    if (name.size() != prefix.size() + 6 || !name.starts_with(prefix) ||
        lstat(it->path().c_str(), &info) != 0 || !S_ISDIR(info.st_mode) ||
        info.st_uid != geteuid()) {
      continue;
    }
    // Locked: in use. No ".owner": made by an older version, which may still run.
    const int fd = LockFile(it->path() / kOwnerFile, O_NOFOLLOW);
    if (fd < 0) continue;
    std::error_code ignored;
    std::filesystem::remove_all(it->path(), ignored);  // its creator has ended
    close(fd);
    ++removed;
  }
  return removed;
}

TempDir::~TempDir() { Remove(); }

TempDir::TempDir(TempDir&& other) noexcept
    : path_(std::move(other.path_)), owner_fd_(other.owner_fd_) {
  other.path_.clear();
  other.owner_fd_ = -1;
}

TempDir& TempDir::operator=(TempDir&& other) noexcept {
  if (this != &other) {
    Remove();
    path_ = std::move(other.path_);
    owner_fd_ = other.owner_fd_;
    other.path_.clear();
    other.owner_fd_ = -1;
  }
  return *this;
}

void TempDir::Remove() {
  if (!path_.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
    path_.clear();
  }
  if (owner_fd_ >= 0) {
    close(owner_fd_);  // after the removal: a sweep meanwhile sees the directory in use
    owner_fd_ = -1;
  }
}

}  // namespace balie::base
