// `balie serve --storage postgresql://…` end to end: the real server on a database of a private
// PostgreSQL server (support/postgres_server.h), driven over HTTP and WebSocket as a chat client
// and a member of staff would; the commands beside it on the same database.

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <nlohmann/json.hpp>
#include <thread>

#include "base/temp_dir.h"
#include "support/api_client.h"
#include "support/postgres_server.h"
#include "support/server_process.h"

namespace balie {
namespace {

using nlohmann::json;

constexpr const char* kPassword = "paarse olifanten dansen traag\n";

class PostgresApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto url = testing::NewPostgresDatabase();
    ASSERT_TRUE(url.ok()) << url.status().ToString();
    url_ = std::move(url).value();
    ASSERT_EQ(Balie({"user", "add", "--storage", url_, "--name", "jan", "--role", "agent"}), 0);
  }

  // Runs `balie ARGS` with the password on standard input; its exit status.
  static int Balie(std::vector<std::string> args) {
    return testing::RunWithInput(testing::BalieBinary(), std::move(args), kPassword);
  }

  std::unique_ptr<testing::ServerProcess> Serve(const std::string& url) {
    return std::make_unique<testing::ServerProcess>(
        testing::BalieBinary(),
        std::vector<std::string>{"--kb", (testing::SourceDir() / "demo" / "voorbeeldbank").string(),
                                 "--storage", url, "--web", web_.path().string()});
  }

  std::string url_;
  base::TempDir web_ = std::move(base::TempDir::Create("balie-pg-api-web-").value());
};

TEST_F(PostgresApiTest, ServesAConversationFromPostgreSqlAndKeepsItAcrossARestart) {
  auto server = Serve(url_);
  ASSERT_TRUE(server->ok()) << server->output();
  testing::ApiClient api(server->port());
  EXPECT_EQ(api.Http("GET", "/readyz").status, 200);

  auto [id, token] = api.Start();
  auto client = api.Stream(id, token);
  ASSERT_TRUE(client);
  testing::ApiClient::Next(*client, "status");
  testing::ApiClient::Send(*client, {{"type", "message"},
                                     {"client_id", "m1"},
                                     {"text", "Ik ben mijn pinpas kwijt, wat moet ik doen?"}});
  EXPECT_EQ(testing::ApiClient::Next(*client, "receipt")["seq"], 2);
  const json reply = testing::ApiClient::Next(*client, "event", "bot_reply")["event"];
  EXPECT_EQ(reply["sources"][0]["id"], "pas-blokkeren");
  client.reset();
  // Staff come from the same database (added by `balie user add --storage`).
  const auto staff = api.LogIn("jan", "paarse olifanten dansen traag");
  EXPECT_FALSE(staff.csrf.empty());

  server->Signal(SIGTERM);
  EXPECT_EQ(server->Wait(), 0) << server->output();
  server = Serve(url_);
  ASSERT_TRUE(server->ok()) << server->output();
  const auto history = testing::ApiClient(server->port())
                           .Http("GET", "/api/v1/conversations/" + id + "/messages", "", token);
  ASSERT_EQ(history.status, 200) << history.body;
  const json events = json::parse(history.body)["events"];
  ASSERT_GE(events.size(), 3u);
  EXPECT_EQ(events[1]["text"], "Ik ben mijn pinpas kwijt, wat moet ik doen?");

  // The commands beside the server, on the same database: the audit trail (jan's account and
  // log-in) verifies, also after an export (itself an entry); retention runs.
  EXPECT_EQ(Balie({"audit", "export", "--storage", url_, "--customer", "K-1"}), 0);
  EXPECT_EQ(Balie({"audit", "verify", "--storage", url_}), 0);
  EXPECT_EQ(Balie({"retention", "apply", "--storage", url_, "--days", "30"}), 0);
}

// PostgreSQL down while Balie runs: a customer is told to try again (503, Retry-After) without
// learning where the database is, /readyz says the same, and both recover by themselves.
TEST_F(PostgresApiTest, ADatabaseThatGoesAwayIsUnavailableWithoutNamingIt) {
  auto server = Serve(url_);
  ASSERT_TRUE(server->ok()) << server->output();
  testing::ApiClient api(server->port());
  auto postgres = testing::kPostgres->Server();
  ASSERT_TRUE(postgres.ok());
  const std::string where = url_.substr(url_.find("host=") + 5);  // the socket's directory
  std::thread restart(
      [&] { EXPECT_TRUE((*postgres)->Restart("fast", std::chrono::seconds(3)).ok()); });
  std::this_thread::sleep_for(std::chrono::milliseconds(1000));
  const auto refused = api.Http("POST", "/api/v1/conversations", "{}");
  EXPECT_EQ(refused.status, 503) << refused.body;
  EXPECT_EQ(json::parse(refused.body)["error"]["code"], "unavailable") << refused.body;
  EXPECT_EQ(refused.body.find(where), std::string::npos) << refused.body;
  EXPECT_NE(std::find(refused.headers.begin(), refused.headers.end(),
                      std::pair<std::string, std::string>{"retry-after", "1"}),
            refused.headers.end());
  const auto not_ready = api.Http("GET", "/readyz", "");
  EXPECT_EQ(not_ready.status, 503) << not_ready.body;
  EXPECT_EQ(not_ready.body.find(where), std::string::npos) << not_ready.body;
  restart.join();
  // Back by itself: the writer reconnects every second.
  int status = 0;
  for (int attempt = 0; attempt < 50 && status != 201; ++attempt) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    status = api.Http("POST", "/api/v1/conversations", "{}").status;
  }
  EXPECT_EQ(status, 201);
  EXPECT_EQ(api.Http("GET", "/readyz", "").status, 200);
  EXPECT_EQ(server->output().find("hunter2"), std::string::npos);
}

TEST_F(PostgresApiTest, AWrongOrUnreachableDatabaseIsAClearErrorWithoutThePassword) {
  auto unreachable =
      Serve("postgresql://balie:hunter2@/balie?host=/nonexistent-balie-dir&connect_timeout=2");
  EXPECT_FALSE(unreachable->ok());
  EXPECT_EQ(unreachable->Wait(), 1);
  const std::string said = unreachable->output();
  EXPECT_NE(said.find("cannot connect to PostgreSQL at postgresql://balie:***@/balie"),
            std::string::npos)
      << said;
  EXPECT_EQ(said.find("hunter2"), std::string::npos) << said;

  auto other = Serve("mysql://balie:hunter2@db/balie");
  EXPECT_FALSE(other->ok());
  EXPECT_EQ(other->Wait(), 2);
  EXPECT_NE(other->output().find("is not a PostgreSQL URL"), std::string::npos) << other->output();
  EXPECT_EQ(other->output().find("hunter2"), std::string::npos) << other->output();
}

}  // namespace
}  // namespace balie
