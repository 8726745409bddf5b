// The route table against docs/openapi.yaml, the one description of the wire: every route the
// server answers is described there, and every path described there is answered, method by
// method. The WebSocket streams, which HttpApi upgrades before the route table is asked, are
// described as GET paths marked `x-websocket`. (tests/wire/run.mjs checks the bodies and frames
// of a running server against the same file.)

#include "api/http_api.h"

#include <gtest/gtest.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "support/api_testing.h"

namespace balie::api {
namespace {

struct Operations {
  std::set<std::string> routes;      // "GET /api/v1/conversations/{id}"
  std::set<std::string> websockets;  // operations marked x-websocket
};

std::string Uppercase(std::string text) {
  for (char& c : text) {
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return text;
}

// The operations under `paths:`, read by indentation as openapi.yaml is written: a path at two
// spaces ("  /healthz:"), its methods at four ("    get:"), their fields deeper.
Operations ReadOpenApi(const std::filesystem::path& file) {
  std::ifstream in(file);
  Operations operations;
  bool in_paths = false;
  std::string path;
  std::string operation;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line[0] != ' ' && line[0] != '#') {
      in_paths = line == "paths:";
      continue;
    }
    if (!in_paths) {
      continue;
    }
    const size_t indent = line.find_first_not_of(' ');
    if (indent == std::string::npos) {
      continue;
    }
    const std::string key = line.substr(indent, line.find(':', indent) - indent);
    if (indent == 2) {
      path = key;
    } else if (indent == 4 && (key == "get" || key == "post" || key == "put" || key == "patch" ||
                               key == "delete")) {
      operation = Uppercase(key) + " " + path;
      operations.routes.insert(operation);
    } else if (indent == 6 && key == "x-websocket") {
      operations.websockets.insert(operation);
    }
  }
  return operations;
}

std::filesystem::path OpenApiFile() {
  const char* source = std::getenv("BALIE_SOURCE_DIR");
  return std::filesystem::path(source != nullptr ? source : ".") / "docs" / "openapi.yaml";
}

TEST(OpenApiRoutesTest, EveryRouteIsInOpenApiAndEveryDescribedRouteExists) {
  testing::ApiHarness harness;
  ASSERT_TRUE(std::filesystem::exists(OpenApiFile()))
      << OpenApiFile() << " not found: run from the build tree with BALIE_SOURCE_DIR set";
  const Operations described = ReadOpenApi(OpenApiFile());
  ASSERT_GT(described.routes.size(), 30U) << "openapi.yaml's paths were not read";

  std::set<std::string> served;
  for (const Route& route : harness.api().router().routes()) {
    if (route.pattern == "/*") {
      continue;  // the front end's files, not the API
    }
    const std::string operation = route.method + " " + route.pattern;
    served.insert(operation);
    EXPECT_TRUE(described.routes.contains(operation))
        << operation << " (" << route.summary
        << ") is in the route table but not in docs/openapi.yaml: describe it there (its request "
           "and response schemas), then run `npm run generate` in web/";
  }
  for (const std::string& operation : described.routes) {
    if (described.websockets.contains(operation)) {
      continue;
    }
    EXPECT_TRUE(served.contains(operation))
        << operation
        << " is in docs/openapi.yaml but not in the route table (HttpApi::AddRoutes): remove it "
           "there or add the route";
  }
}

TEST(OpenApiRoutesTest, TheDescribedStreamsAreTheOnesHttpApiUpgrades) {
  testing::ApiHarness harness;
  const Operations described = ReadOpenApi(OpenApiFile());
  // HttpApi::HandleUpgrade: the customer's stream and the console's.
  const std::set<std::string> upgraded = {"GET /api/v1/conversations/{id}/stream",
                                          "GET /api/v1/staff/stream"};
  EXPECT_EQ(described.websockets, upgraded);
  for (const Route& route : harness.api().router().routes()) {
    EXPECT_FALSE(upgraded.contains(route.method + " " + route.pattern))
        << route.pattern << " is both a stream and a route";
  }
}

}  // namespace
}  // namespace balie::api
