#include "app/open_store.h"

#include "storage/postgres_store.h"

namespace balie::app {

std::string StoreName(const StoreLocation& location) {
  return location.url.empty() ? location.data_dir.string() : storage::RedactedUrl(location.url);
}

base::Result<std::unique_ptr<storage::Store>> OpenStore(const StoreLocation& location,
                                                        const storage::SqliteOptions& sqlite,
                                                        bool create) {
  if (!location.url.empty()) {
    if (base::Status status = storage::CheckStoreUrl(location.url); !status.ok()) {
      return status;
    }
    auto store = storage::PostgresStore::Open(location.url);
    if (!store.ok()) {
      return store.status();
    }
    return std::unique_ptr<storage::Store>(std::move(store).value());
  }
  if (location.data_dir.empty()) {
    return base::InvalidArgument(
        "give --data DIR (the data directory of `balie serve`) or --storage postgresql://…");
  }
  const std::filesystem::path file = location.data_dir / "balie.db";
  std::error_code error;
  if (!create && !std::filesystem::is_regular_file(file, error)) {
    return base::NotFound("there is no Balie database in " + location.data_dir.string() +
                          " (give the --data directory of `balie serve`)");
  }
  auto store = storage::SqliteStore::Open(file, sqlite);
  if (!store.ok()) {
    return store.status();
  }
  return std::unique_ptr<storage::Store>(std::move(store).value());
}

}  // namespace balie::app
