# Every third-party library comes from a Debian 12 package (installed by scripts/bootstrap).
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(CLI11 REQUIRED)
find_package(spdlog REQUIRED)  # compiled, with Debian's fmt
pkg_check_modules(YAMLCPP REQUIRED IMPORTED_TARGET yaml-cpp)
pkg_check_modules(MD4C REQUIRED IMPORTED_TARGET md4c)
pkg_check_modules(GUMBO REQUIRED IMPORTED_TARGET gumbo)
pkg_check_modules(XAPIAN REQUIRED IMPORTED_TARGET xapian-core)

pkg_check_modules(SQLITE3 REQUIRED IMPORTED_TARGET sqlite3)
# PostgreSQL storage (storage/postgres_store.cc alone includes it); Debian: libpqxx-dev, 6.4.
pkg_check_modules(PQXX REQUIRED IMPORTED_TARGET libpqxx)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
pkg_check_modules(TOMLPLUSPLUS REQUIRED IMPORTED_TARGET tomlplusplus)
# Asio and Beast are header-only; net/ compiles their sources once (separate compilation).
find_package(Boost 1.74 REQUIRED)

find_path(CCTZ_INCLUDE_DIR cctz/time_zone.h REQUIRED)
find_library(CCTZ_LIBRARY NAMES cctz REQUIRED)
add_library(cctz::cctz UNKNOWN IMPORTED)
set_target_properties(cctz::cctz PROPERTIES IMPORTED_LOCATION ${CCTZ_LIBRARY}
                      INTERFACE_INCLUDE_DIRECTORIES ${CCTZ_INCLUDE_DIR})

find_path(LIBLINEAR_INCLUDE_DIR linear.h REQUIRED)
find_library(LIBLINEAR_LIBRARY NAMES linear REQUIRED)
add_library(liblinear::liblinear UNKNOWN IMPORTED)
set_target_properties(liblinear::liblinear PROPERTIES IMPORTED_LOCATION ${LIBLINEAR_LIBRARY}
                      INTERFACE_INCLUDE_DIRECTORIES ${LIBLINEAR_INCLUDE_DIR})

# Password strength (zxcvbn's estimate, with its dictionaries compiled in); Debian: libzxcvbn-dev.
find_path(ZXCVBN_INCLUDE_DIR zxcvbn.h REQUIRED)
find_library(ZXCVBN_LIBRARY NAMES zxcvbn REQUIRED)
add_library(zxcvbn::zxcvbn UNKNOWN IMPORTED)
set_target_properties(zxcvbn::zxcvbn PROPERTIES IMPORTED_LOCATION ${ZXCVBN_LIBRARY}
                      INTERFACE_INCLUDE_DIRECTORIES ${ZXCVBN_INCLUDE_DIR})

# gperftools' tcmalloc (minimal: the allocator alone) for the `balie` binary; Debian:
# libgoogle-perftools-dev. Under the issue-13 load it cost the server 7% less CPU per answer than
# glibc's malloc and less memory per idle conversation (docs/benchmarks.md). Not with sanitizers or
# libFuzzer, which bring their own allocator.
if(BALIE_TCMALLOC)
  find_library(TCMALLOC_MINIMAL_LIBRARY NAMES tcmalloc_minimal REQUIRED)
endif()

if(BALIE_TESTS)
  find_package(GTest REQUIRED)
endif()
if(BALIE_BENCHMARKS)
  find_package(benchmark REQUIRED)
endif()
