#ifndef BALIE_TESTS_SUPPORT_POSTGRES_SERVER_H_
#define BALIE_TESTS_SUPPORT_POSTGRES_SERVER_H_

// A private PostgreSQL server for tests: initdb in a temporary directory, started with pg_ctl to
// listen on a Unix socket in that directory only (no TCP port), trusted local connections, no
// fsync (it is thrown away); stopped and removed with the object. Nothing needs to be running:
// the binaries of Debian's postgresql-15 (scripts/bootstrap) are enough. PostgreSQL refuses to
// run as root, so under root (tests and CI) initdb and the server run as the `postgres` user the
// package creates, in a directory handed to that user. One server per test program (start it in
// PostgresEnvironment, below), a new database per test (NewPostgresDatabase).
// Test-only; not thread-safe.
//
// BALIE_POSTGRES_BIN names another directory of PostgreSQL's programs than
// /usr/lib/postgresql/15/bin.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <pwd.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "base/status.h"
#include "base/temp_dir.h"

extern char** environ;  // NOLINT(readability-redundant-declaration): posix_spawn's environment

namespace balie::testing {

class PostgresServer {
 public:
  // Creates the cluster and starts the server; fails saying what went wrong, with the tail of
  // what the PostgreSQL program printed.
  static base::Result<std::unique_ptr<PostgresServer>> Start() {
    auto dir = base::TempDir::Create("balie-pg-");
    if (!dir.ok()) {
      return dir.status();
    }
    std::unique_ptr<PostgresServer> server(new PostgresServer(std::move(dir).value()));
    if (base::Status status = server->Init(); !status.ok()) {
      return status;
    }
    return server;
  }

  ~PostgresServer() {
    if (started_) {
      (void)Run({Bin("pg_ctl"), "-D", data(), "-m", "immediate", "-w", "stop"}, true);
    }
  }
  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;

  // A new, empty database; returns its URL (postgresql://…, for libpq).
  base::Result<std::string> CreateDatabase() {
    const std::string name = "test_" + std::to_string(++databases_);
    if (base::Status status = Run({Bin("createdb"), "-h", socket_dir(), "-U", kUser, name}, false);
        !status.ok()) {
      return status;
    }
    return Url(name);
  }

  std::string Url(const std::string& database) const {
    return "postgresql://" + std::string(kUser) + "@/" + database + "?host=" + socket_dir();
  }

  // Stops the server (`mode`: "fast" ends the sessions and shuts down cleanly, "immediate" as in
  // a crash: recovery runs at the next start), keeps it down for `down`, and starts it again on
  // the same data: what clients see while their database restarts. Fails saying why.
  base::Status Restart(const std::string& mode, std::chrono::milliseconds down) {
    if (base::Status status = Run({Bin("pg_ctl"), "-D", data(), "-m", mode, "-w", "stop"}, true);
        !status.ok()) {
      return status;
    }
    started_ = false;
    std::this_thread::sleep_for(down);
    return StartServer();
  }

 private:
  static constexpr const char* kUser = "balie";

  explicit PostgresServer(base::TempDir dir) : dir_(std::move(dir)) {}

  std::string socket_dir() const { return dir_.path().string(); }
  std::string data() const { return (dir_.path() / "data").string(); }

  static std::string Bin(const std::string& program) {
    const char* bin = std::getenv("BALIE_POSTGRES_BIN");
    return (std::filesystem::path(bin != nullptr && *bin != '\0' ? bin
                                                                 : "/usr/lib/postgresql/15/bin") /
            program)
        .string();
  }

  base::Status Init() {
    if (access(Bin("initdb").c_str(), X_OK) != 0) {
      return base::Unavailable("no PostgreSQL programs at " + Bin("") +
                               " (run: bash scripts/bootstrap, or set BALIE_POSTGRES_BIN)");
    }
    if (geteuid() == 0) {
      const passwd* postgres = getpwnam("postgres");
      if (postgres == nullptr) {
        return base::Unavailable(
            "running as root, and there is no `postgres` user to run "
            "PostgreSQL as (run: bash scripts/bootstrap)");
      }
      run_as_ = postgres->pw_name;
      if (chown(socket_dir().c_str(), postgres->pw_uid, postgres->pw_gid) != 0) {
        return base::Unavailable("cannot hand " + socket_dir() + " to the postgres user");
      }
    }
    if (base::Status status = Run({Bin("initdb"), "-D", data(), "-U", kUser, "--auth=trust", "-E",
                                   "UTF8", "--locale=C", "--no-sync"},
                                  true);
        !status.ok()) {
      return status;
    }
    return StartServer();
  }

  base::Status StartServer() {
    const std::string options = "-c listen_addresses='' -c unix_socket_directories='" +
                                socket_dir() +
                                "' -c fsync=off -c full_page_writes=off -c max_connections=100 "
                                "-c shared_buffers=16MB";
    if (base::Status status = Run({Bin("pg_ctl"), "-D", data(), "-l", socket_dir() + "/server.log",
                                   "-o", options, "-w", "-t", "60", "start"},
                                  true);
        !status.ok()) {
      return status;
    }
    started_ = true;
    return base::Status::Ok();
  }

  // Runs `args` (as run_as_ when `as_server`), its output into a log file of the directory;
  // waits for it to end.
  base::Status Run(std::vector<std::string> args, bool as_server) {
    if (as_server && !run_as_.empty()) {
      args.insert(args.begin(), {"/usr/sbin/runuser", "-u", run_as_, "--"});
    }
    const std::string log = (dir_.path() / "commands.log").string();
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    std::vector<char*> argv;
    for (std::string& arg : args) {
      argv.push_back(arg.data());
    }
    argv.push_back(nullptr);
    pid_t pid = 0;
    const int spawned = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    int status = 0;
    if (spawned != 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
        WEXITSTATUS(status) != 0) {
      std::ostringstream output;
      output << std::ifstream(log).rdbuf();
      std::string text = output.str();
      if (text.size() > 2000) {
        text = text.substr(text.size() - 2000);
      }
      return base::Unavailable(args[as_server && !run_as_.empty() ? 4 : 0] + " failed: " + text);
    }
    return base::Status::Ok();
  }

  base::TempDir dir_;
  std::string run_as_;  // the user PostgreSQL runs as; empty: this process's
  bool started_ = false;
  int databases_ = 0;
};

// The test program's one server: started when a test first asks for it (a program whose tests do
// not, e.g. filtered to SQLite's, starts none), stopped after the last test. A program that
// crashes leaves it running: `pg_ctl -D /tmp/balie-pg-*/data stop` ends it.
class PostgresEnvironment : public ::testing::Environment {
 public:
  base::Result<PostgresServer*> Server() {
    if (!server_ && failed_.ok()) {
      auto started = PostgresServer::Start();
      if (started.ok()) {
        server_ = std::move(started).value();
      } else {
        failed_ = started.status();
      }
    }
    if (!server_) {
      return failed_;
    }
    return server_.get();
  }
  void TearDown() override { server_.reset(); }

 private:
  std::unique_ptr<PostgresServer> server_;
  base::Status failed_;
};

// Registered with gtest once per program (an inline variable), before main.
inline PostgresEnvironment* const kPostgres = static_cast<PostgresEnvironment*>(
    ::testing::AddGlobalTestEnvironment(new PostgresEnvironment));  // NOLINT: gtest owns it

// A new, empty database on the program's server: its URL.
inline base::Result<std::string> NewPostgresDatabase() {
  auto server = kPostgres->Server();
  if (!server.ok()) {
    return server.status();
  }
  return (*server)->CreateDatabase();
}

}  // namespace balie::testing

#endif  // BALIE_TESTS_SUPPORT_POSTGRES_SERVER_H_
