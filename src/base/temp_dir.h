#ifndef BALIE_BASE_TEMP_DIR_H_
#define BALIE_BASE_TEMP_DIR_H_

// A private directory under the system's temporary directory, removed with everything in it when
// the object is destroyed. Movable, not copyable.

#include <filesystem>
#include <string_view>

#include "base/status.h"

namespace balie::base {

class TempDir {
 public:
  // Creates "<tmp>/<prefix>XXXXXX" with mode 0700.
  [[nodiscard]] static Result<TempDir> Create(std::string_view prefix);
  ~TempDir();
  TempDir(TempDir&& other) noexcept;
  TempDir& operator=(TempDir&& other) noexcept;
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }

 private:
  explicit TempDir(std::filesystem::path path) : path_(std::move(path)) {}
  void Remove();
  std::filesystem::path path_;
};

}  // namespace balie::base

#endif  // BALIE_BASE_TEMP_DIR_H_
