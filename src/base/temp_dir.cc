#include "base/temp_dir.h"

#include <cstdlib>

#include <string>
#include <system_error>

namespace balie::base {

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
  return TempDir(std::filesystem::path(pattern));
}

TempDir::~TempDir() { Remove(); }

TempDir::TempDir(TempDir&& other) noexcept : path_(std::move(other.path_)) { other.path_.clear(); }

TempDir& TempDir::operator=(TempDir&& other) noexcept {
  if (this != &other) {
    Remove();
    path_ = std::move(other.path_);
    other.path_.clear();
  }
  return *this;
}

void TempDir::Remove() {
  if (!path_.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
    path_.clear();
  }
}

}  // namespace balie::base
