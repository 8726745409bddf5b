#include "api/static_files.h"

#include <fstream>
#include <sstream>

namespace balie::api {
namespace {

constexpr size_t kMaxTotalBytes = 50 * 1024 * 1024;

std::string ContentType(const std::filesystem::path& file) {
  const std::string extension = file.extension().string();
  if (extension == ".html") return "text/html; charset=utf-8";
  if (extension == ".js" || extension == ".mjs") return "text/javascript; charset=utf-8";
  if (extension == ".css") return "text/css; charset=utf-8";
  if (extension == ".json" || extension == ".map") return "application/json";
  if (extension == ".svg") return "image/svg+xml";
  if (extension == ".png") return "image/png";
  if (extension == ".ico") return "image/x-icon";
  if (extension == ".txt") return "text/plain; charset=utf-8";
  if (extension == ".woff2") return "font/woff2";
  return "application/octet-stream";
}

}  // namespace

base::Result<StaticFiles> StaticFiles::Load(const std::filesystem::path& root) {
  StaticFiles files;
  if (root.empty()) {
    return files;
  }
  std::error_code error;
  if (!std::filesystem::is_directory(root, error)) {
    return base::NotFound("the web directory " + root.string() +
                          " does not exist (build it with `make build`, or set server.web_root)");
  }
  size_t total = 0;
  for (auto it = std::filesystem::recursive_directory_iterator(root, error);
       !error && it != std::filesystem::recursive_directory_iterator(); it.increment(error)) {
    if (!it->is_regular_file(error)) {
      continue;
    }
    std::ifstream in(it->path(), std::ios::binary);
    std::ostringstream body;
    body << in.rdbuf();
    if (!in) {
      return base::Unavailable("cannot read " + it->path().string());
    }
    total += body.str().size();
    if (total > kMaxTotalBytes) {
      return base::InvalidArgument("the web directory " + root.string() +
                                   " holds more than 50 MB; point server.web_root at the built "
                                   "front end only");
    }
    const std::string url =
        "/" + std::filesystem::relative(it->path(), root, error).generic_string();
    files.files_[url] = StaticFile{ContentType(it->path()), body.str()};
  }
  if (error) {
    return base::Unavailable("cannot read the web directory " + root.string() + ": " +
                             error.message());
  }
  return files;
}

const StaticFile* StaticFiles::Find(std::string_view path) const {
  std::string key(path);
  if (key.empty() || key.back() == '/') {
    key += "index.html";
  }
  auto found = files_.find(key);
  if (found == files_.end()) {
    found = files_.find(key + "/index.html");
  }
  return found == files_.end() ? nullptr : &found->second;
}

}  // namespace balie::api
