#include "storage/data_directory_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

namespace balie::storage {
namespace {

// The process id written in the lock file by its holder ("" if unreadable).
std::string HolderOf(int fd) {
  char buffer[32] = {};
  const ssize_t n = pread(fd, buffer, sizeof buffer - 1, 0);
  if (n <= 0) return "";
  std::string text(buffer, static_cast<size_t>(n));
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  for (char c : text) {
    if (c < '0' || c > '9') return "";
  }
  return text;
}

}  // namespace

std::filesystem::path DataDirectoryLock::LockFile(const std::filesystem::path& directory) {
  return directory / "balie.lock";
}

base::Result<std::unique_ptr<DataDirectoryLock>> DataDirectoryLock::Acquire(
    const std::filesystem::path& directory) {
  const std::filesystem::path file = LockFile(directory);
  const int fd = open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    return base::Unavailable("cannot create the lock file " + file.string() + ": " +
                             std::strerror(errno));
  }
  if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    const std::string holder = HolderOf(fd);
    close(fd);
    if (error == EWOULDBLOCK) {
      return base::FailedPrecondition(
          "the data directory " + directory.string() + " is in use by another Balie server" +
          (holder.empty() ? std::string() : " (process " + holder + ")") +
          ". One data directory serves one server: stop the other one first, or give this one "
          "its own --data directory. (Several servers on one organisation's data need a shared "
          "database such as PostgreSQL, which the embedded SQLite store is not.)");
    }
    return base::Unavailable("cannot lock " + file.string() + ": " + std::strerror(error));
  }
  // Ours now: say who holds it, for the message of a second server.
  const std::string pid = std::to_string(getpid()) + "\n";
  const bool written = ftruncate(fd, 0) == 0 &&
                       pwrite(fd, pid.data(), pid.size(), 0) == static_cast<ssize_t>(pid.size());
  (void)written;  // unwritten, only a second server's message lacks the pid; the lock holds
  return std::unique_ptr<DataDirectoryLock>(new DataDirectoryLock(fd));
}

std::optional<int> DataDirectoryLock::Holder(const std::filesystem::path& directory) {
  struct stat file {};
  if (stat(LockFile(directory).c_str(), &file) != 0) {
    return std::nullopt;
  }
  // Lines such as "3: FLOCK  ADVISORY  WRITE 25851 fe:00:10985917 0 EOF": the holder's process
  // and the file as MAJOR:MINOR:INODE (hexadecimal device numbers).
  char device[32];
  std::snprintf(device, sizeof device, "%02x:%02x:", major(file.st_dev), minor(file.st_dev));
  const std::string wanted = device + std::to_string(file.st_ino);
  std::ifstream locks("/proc/locks");
  std::string line;
  while (std::getline(locks, line)) {
    std::istringstream fields(line);
    std::string number, type, mode, access, where;
    int pid = 0;
    if (fields >> number >> type >> mode >> access >> pid >> where && type == "FLOCK" &&
        access == "WRITE" && where == wanted) {
      return pid;
    }
  }
  return std::nullopt;
}

DataDirectoryLock::~DataDirectoryLock() {
  flock(fd_, LOCK_UN);
  close(fd_);
}

}  // namespace balie::storage
