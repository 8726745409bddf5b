#ifndef BALIE_API_STATIC_FILES_H_
#define BALIE_API_STATIC_FILES_H_

// The web front end (widget, demo page, console) served from memory: the directory is read once
// at start, so that serving never touches the disk on an I/O thread. Thread-safe after Load.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "base/status.h"

namespace balie::api {

struct StaticFile {
  std::string content_type;
  std::string body;
};

class StaticFiles {
 public:
  // Reads every file below `root` (at most 50 MB in all). An empty `root` serves nothing.
  [[nodiscard]] static base::Result<StaticFiles> Load(const std::filesystem::path& root);

  // The file for a URL path: "/" is "/index.html"; a directory path gets its index.html.
  // nullptr when there is none.
  const StaticFile* Find(std::string_view path) const;
  size_t size() const { return files_.size(); }

 private:
  std::unordered_map<std::string, StaticFile> files_;  // by URL path
};

}  // namespace balie::api

#endif  // BALIE_API_STATIC_FILES_H_
