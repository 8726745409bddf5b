#ifndef BALIE_APP_SERVE_CONFIG_H_
#define BALIE_APP_SERVE_CONFIG_H_

// The configuration of `balie serve`: built-in defaults, then the TOML file (--config), then
// environment variables (BALIE_<SECTION>_<KEY>, e.g. BALIE_SERVER_LISTEN), then command-line
// flags. balie.example.toml documents every setting. Every mistake is reported with the file and
// line (or the variable) and what is expected.

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "answer/engine.h"
#include "api/http_api.h"
#include "base/status.h"
#include "net/server.h"
#include "routing/presence.h"
#include "service/agent_desk.h"
#include "service/conversation_service.h"
#include "service/queue_board.h"
#include "storage/sqlite_store.h"

namespace balie::app {

struct ServeConfig {
  std::filesystem::path kb_dir;
  std::filesystem::path data_dir;  // SQLite's, unless storage_url is set
  // postgresql://…: conversations, staff and the audit trail in that PostgreSQL database (which
  // must exist; Balie migrates it), for several processes or machines; empty: SQLite in data_dir.
  std::string storage_url;
  std::filesystem::path web_root;  // empty: the web/ directory beside the balie binary
  net::ServerOptions server;
  size_t workers = 64;
  // Staff passwords are checked on a pool of their own (argon2id: ~0.1 s and 64 MiB each), with
  // at most this many waiting; beyond, log-in answers 503 with Retry-After.
  size_t password_check_threads = 2;
  size_t max_password_checks_waiting = 32;
  bool synchronous_full = true;
  storage::SqliteOptions::Check integrity_check = storage::SqliteOptions::Check::kQuick;
  std::uint64_t max_database_bytes = 0;  // 0: as far as the disk allows
  // Texts of conversations are erased this many days after they were written (checked every
  // hour; service/retention.h); 0: kept for ever.
  int retention_text_days = 0;
  api::ApiOptions api;
  service::ServiceOptions service;
  answer::EngineConfig engine;  // its dutch_register is LoadEngine's, from the one below
  // How Balie addresses customers in Dutch ([organisation] register); unset: as the knowledge
  // base's Dutch articles do (LoadEngine).
  std::optional<model::Register> dutch_register;
  std::vector<service::QueueConfig> queues;
  std::string default_queue;
  std::chrono::seconds status_refresh{15};
  routing::PresenceConfig presence;
  service::DeskOptions desk;
  // Serve as if the time were this now (the clock runs on from it): for demos and tests of
  // office hours.
  std::optional<base::TimePoint> pretend_time;
};

// What the command line gave; empty or unset values leave the configuration alone.
struct ServeFlags {
  std::string kb_dir;
  std::string data_dir;
  std::string storage_url;  // postgresql://…
  std::string listen;       // HOST:PORT
  std::string config_file;
  std::string web_root;
  std::string pretend_time;  // ISO 8601
};

// Builds the configuration. `environment` holds the process's variables (name -> value).
[[nodiscard]] base::Result<ServeConfig> LoadServeConfig(
    const ServeFlags& flags, const std::map<std::string, std::string>& environment);

// Applies the TOML text of a configuration file to `config`; `file` names it in messages. What
// LoadServeConfig does with the --config file (and what the fuzz target feeds).
[[nodiscard]] base::Status ApplyConfigText(std::string_view text, const std::string& file,
                                           ServeConfig& config);

// The environment of this process.
std::map<std::string, std::string> ProcessEnvironment();

// "127.0.0.1:8080" -> host and port; "[::1]:8080" for IPv6.
[[nodiscard]] base::Status ParseListen(const std::string& text, net::ServerOptions& server);

}  // namespace balie::app

#endif  // BALIE_APP_SERVE_CONFIG_H_
