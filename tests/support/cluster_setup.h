#ifndef BALIE_TESTS_SUPPORT_CLUSTER_SETUP_H_
#define BALIE_TESTS_SUPPORT_CLUSTER_SETUP_H_

// What the tests of several `balie serve` processes on one PostgreSQL database set up before
// starting them: the staff, and a configuration whose queue is open around the clock (so that a
// test does not depend on the hour it runs). Test-only.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <utility>

#include "support/server_process.h"

namespace balie::testing {

// Adds the agents "jan" and "kees" and the supervisor "baas", each with `password`, to the
// database at `url` (`balie user add`).
inline void AddClusterStaff(const std::string& url, const std::string& password) {
  for (const auto& [name, role] :
       {std::pair{"jan", "agent"}, std::pair{"kees", "agent"}, std::pair{"baas", "supervisor"}}) {
    ASSERT_EQ(RunWithInput(BalieBinary(),
                           {"user", "add", "--storage", url, "--name", name, "--role", role,
                            "--display-name", std::string("Medewerker ") + name},
                           password + "\n"),
              0);
  }
}

// Writes `dir`/balie.toml with one queue, "algemeen", open around the clock; returns its path.
inline std::filesystem::path WriteAlwaysOpenConfig(const std::filesystem::path& dir) {
  const std::filesystem::path path = dir / "balie.toml";
  std::ofstream(path) << "[[queue]]\nid = \"algemeen\"\nname_nl = \"Klantenservice\"\n"
                         "hours = { monday = [\"00:00-24:00\"], tuesday = [\"00:00-24:00\"], "
                         "wednesday = [\"00:00-24:00\"], thursday = [\"00:00-24:00\"], "
                         "friday = [\"00:00-24:00\"], saturday = [\"00:00-24:00\"], "
                         "sunday = [\"00:00-24:00\"] }\n";
  return path;
}

}  // namespace balie::testing

#endif  // BALIE_TESTS_SUPPORT_CLUSTER_SETUP_H_
