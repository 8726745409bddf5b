#include "storage/store_url.h"

#include <algorithm>

namespace balie::storage {

bool IsPostgresUrl(std::string_view url) {
  return url.starts_with("postgresql://") || url.starts_with("postgres://");
}

base::Status CheckStoreUrl(std::string_view url) {
  if (IsPostgresUrl(url)) {
    return base::Status::Ok();
  }
  return base::InvalidArgument("the storage URL " + RedactedUrl(url) +
                               " is not a PostgreSQL URL: give postgresql://USER@HOST/DATABASE, or "
                               "no URL for SQLite in the --data directory");
}

std::string RedactedUrl(std::string_view url) {
  std::string shown(url);
  const size_t scheme = shown.find("://");
  if (scheme != std::string::npos) {
    const size_t at = shown.find('@', scheme);
    const size_t colon = shown.find(':', scheme + 3);
    if (at != std::string::npos && colon < at) {
      shown.replace(colon + 1, at - colon - 1, "***");
    }
  }
  for (size_t at = shown.find("password="); at != std::string::npos;
       at = shown.find("password=", at + 1)) {
    const size_t end = std::min(shown.find_first_of(" &", at), shown.size());
    shown.replace(at + 9, end - at - 9, "***");
  }
  return shown;
}

}  // namespace balie::storage
