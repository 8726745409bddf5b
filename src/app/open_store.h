#ifndef BALIE_APP_OPEN_STORE_H_
#define BALIE_APP_OPEN_STORE_H_

// The one database of `balie serve` and the commands beside it (user, audit, retention): the
// PostgreSQL database that --storage (or [storage] url) names, or else the SQLite file balie.db in
// the --data directory.

#include <filesystem>
#include <memory>
#include <string>

#include "base/status.h"
#include "storage/sqlite_store.h"
#include "storage/store.h"

namespace balie::app {

struct StoreLocation {
  std::string url;                 // postgresql://…; empty: SQLite in data_dir
  std::filesystem::path data_dir;  // SQLite's directory
};

// Opens (and migrates) the store. A URL of another scheme is kInvalidArgument, an unreachable
// server kUnavailable; messages name the URL without its password. SQLite: the file is created
// when `create`, else a missing one is kNotFound (a command never creates an empty database).
[[nodiscard]] base::Result<std::unique_ptr<storage::Store>> OpenStore(
    const StoreLocation& location, const storage::SqliteOptions& sqlite, bool create);

// Where the store is, for messages: the URL without its password, or the data directory.
std::string StoreName(const StoreLocation& location);

}  // namespace balie::app

#endif  // BALIE_APP_OPEN_STORE_H_
