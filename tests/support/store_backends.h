#ifndef BALIE_TESTS_SUPPORT_STORE_BACKENDS_H_
#define BALIE_TESTS_SUPPORT_STORE_BACKENDS_H_

// The stores a storage contract suite runs against, as gtest type parameters: SQLite (a file in
// a temporary directory of the test's) and PostgreSQL (a database of its own on the test program's
// private server, postgres_server.h). For one test: Prepare makes a new, empty database; Open
// opens it (again), as often as the test likes.
//
//   TYPED_TEST_SUITE(MyStoreTest, testing::StoreBackends, testing::StoreBackendNames);

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

#include "base/status.h"
#include "base/temp_dir.h"
#include "storage/postgres_store.h"
#include "storage/sqlite_store.h"
#include "support/postgres_server.h"

namespace balie::testing {

class SqliteBackend {
 public:
  using Store = storage::SqliteStore;
  base::Status Prepare() {
    auto dir = base::TempDir::Create("balie-store-test-");
    if (!dir.ok()) {
      return dir.status();
    }
    dir_ = std::move(dir).value();
    return base::Status::Ok();
  }
  base::Result<std::unique_ptr<Store>> Open() { return Store::Open(dir_->path() / "balie.db"); }

 private:
  std::optional<base::TempDir> dir_;
};

class PostgresBackend {
 public:
  using Store = storage::PostgresStore;
  base::Status Prepare() {
    auto url = NewPostgresDatabase();
    if (!url.ok()) {
      return url.status();
    }
    url_ = std::move(url).value();
    return base::Status::Ok();
  }
  base::Result<std::unique_ptr<Store>> Open() { return Store::Open(url_); }

 private:
  std::string url_;
};

class StoreBackendNames {
 public:
  template <typename Backend>
  static std::string GetName(int /*index*/) {
    return std::is_same_v<Backend, SqliteBackend> ? "Sqlite" : "Postgres";
  }
};
using StoreBackends = ::testing::Types<SqliteBackend, PostgresBackend>;

// A fixture with a new database of `Backend` per test, opened as store_.
template <typename Backend>
class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const base::Status prepared = backend_.Prepare();
    ASSERT_TRUE(prepared.ok()) << prepared.ToString();
    Reopen();
  }

  void Reopen() {
    store_.reset();
    auto store = backend_.Open();
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
  }

  Backend backend_;
  std::unique_ptr<typename Backend::Store> store_;
};

}  // namespace balie::testing

#endif  // BALIE_TESTS_SUPPORT_STORE_BACKENDS_H_
