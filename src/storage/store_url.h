#ifndef BALIE_STORAGE_STORE_URL_H_
#define BALIE_STORAGE_STORE_URL_H_

// Which database a storage URL names, checked and shown without its password. A library of its own
// (balie_storage_url): the configuration loader checks a URL without linking the stores.

#include <string>
#include <string_view>

#include "base/status.h"

namespace balie::storage {

// Whether `url` names a PostgreSQL database: postgresql://… or postgres://… (libpq's URIs).
bool IsPostgresUrl(std::string_view url);

// kInvalidArgument unless `url` names a PostgreSQL database; the message says what is accepted.
[[nodiscard]] base::Status CheckStoreUrl(std::string_view url);

// `url` without a password (user:password@, password=…), for messages and logs.
std::string RedactedUrl(std::string_view url);

}  // namespace balie::storage

#endif  // BALIE_STORAGE_STORE_URL_H_
