// `balie serve`: wires storage, the answer engine, the service, the API and the server together,
// runs until SIGINT or SIGTERM, then stops gracefully.

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <functional>
#include <iostream>
#include <thread>

#include "api/http_api.h"
#include "api/shared_limits.h"
#include "app/commands.h"
#include "app/open_store.h"
#include "app/serve_config.h"
#include "base/clock.h"
#include "base/log.h"
#include "base/time_format.h"
#include "base/worker_pool.h"
#include "knowledge/knowledge_loader.h"
#include "net/server.h"
#include "service/agent_desk.h"
#include "service/agent_roster.h"
#include "service/audit_trail.h"
#include "service/conversation_core.h"
#include "service/conversation_hub.h"
#include "service/conversation_service.h"
#include "service/queue_board.h"
#include "service/remote_changes.h"
#include "service/retention.h"
#include "service/staff_accounts.h"
#include "service/staff_hub.h"
#include "storage/data_directory_lock.h"

namespace balie::app {
namespace {

// The system clock shifted so that it started at `start`: for demos and tests of office hours.
class PretendClock final : public base::Clock {
 public:
  explicit PretendClock(base::TimePoint start)
      : offset_(start - std::chrono::system_clock::now()) {}
  base::TimePoint Now() const override { return std::chrono::system_clock::now() + offset_; }

 private:
  std::chrono::system_clock::duration offset_;
};

std::filesystem::path DefaultWebRoot() {
  std::error_code error;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", error);
  return error ? std::filesystem::path("web") : self.parent_path() / "web";
}

void Log(const std::string& line) {
  std::cerr << base::FormatTime(std::chrono::system_clock::now()) << " " << line << std::endl;
}

}  // namespace

int Serve(const ServeFlags& flags, std::ostream& out, std::ostream& err) {
  auto loaded = LoadServeConfig(flags, ProcessEnvironment());
  if (!loaded.ok()) {
    err << "serve: " << loaded.status().message() << "\n";
    return 2;
  }
  ServeConfig config = std::move(loaded).value();

  // Block the stop signals in every thread; the main thread waits for them below.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);
  // A file size limit (ulimit -f) then fails a write (EFBIG: storage failing, /readyz 503)
  // instead of killing the server.
  signal(SIGXFSZ, SIG_IGN);

  const StoreLocation location{config.storage_url, config.data_dir};
  // SQLite: the data directory, held until Serve returns (the kernel releases it however the
  // process ends). PostgreSQL is shared by every process that names it.
  std::unique_ptr<storage::DataDirectoryLock> lock;
  if (config.storage_url.empty()) {
    std::error_code error;
    std::filesystem::create_directories(config.data_dir, error);
    if (error) {
      err << "serve: cannot create the data directory " << config.data_dir << ": "
          << error.message() << "\n";
      return 1;
    }
    ::chmod(config.data_dir.c_str(), 0700);
    auto acquired = storage::DataDirectoryLock::Acquire(config.data_dir);
    if (!acquired.ok()) {
      err << "serve: " << acquired.status().message() << "\n";
      return 1;
    }
    lock = std::move(acquired).value();
  }
  std::unique_ptr<answer::Engine> engine =
      LoadEngine(config.kb_dir, config.engine, err, config.dutch_register);
  if (!engine) {
    return 1;
  }
  // Balie's own sentences and the knowledge base's answers should address customers alike.
  WarnAboutTheRegister(engine->knowledge(), config.dutch_register, err);
  auto store = OpenStore(location,
                         {.synchronous_full = config.synchronous_full,
                          .check_on_open = config.integrity_check,
                          .max_database_bytes = config.max_database_bytes},
                         /*create=*/true);
  if (!store.ok()) {
    err << "serve: " << store.status().message() << "\n";
    return 1;
  }
  const std::filesystem::path web_root =
      config.web_root.empty() ? DefaultWebRoot() : config.web_root;
  auto files = api::StaticFiles::Load(web_root);
  if (!files.ok()) {
    err << "serve: " << files.status().message() << "\n";
    return 1;
  }

  base::SystemClock system_clock;
  std::optional<PretendClock> pretend_clock;
  if (config.pretend_time) {
    pretend_clock.emplace(*config.pretend_time);
  }
  const base::Clock& clock =
      pretend_clock ? static_cast<const base::Clock&>(*pretend_clock) : system_clock;

  service::AgentRoster roster(clock, config.presence);
  // A callback slot offers the agents of the queue who work then, times callbacks_per_agent.
  service::QueueBoard queues(
      std::move(config.queues), config.default_queue,
      [&roster](const service::QueueConfig& queue, const routing::Interval& slot) {
        return roster.ScheduledFor(queue.id, slot) * queue.callbacks_per_agent;
      });
  storage::Store& database = **store;
  service::QueueAdmin queue_admin(database, queues);
  if (base::Status status = queue_admin.Restore(); !status.ok()) {
    err << "serve: " << status.message() << "\n";
    return 1;
  }
  service::ConversationHub hub;
  service::StaffHub staff_hub;
  service::ConversationCore core(database, *engine, clock, queues, roster, hub, staff_hub);
  service::ConversationService service(core, config.service);
  service::StaffAccounts accounts(database, clock, &roster, &queues,
                                  {.lifetime = config.api.session_lifetime}, &staff_hub);
  if (base::Status status = accounts.LoadRoster(); !status.ok()) {
    err << "serve: cannot load the staff accounts: " << status.message() << "\n";
    return 1;
  }
  auto recovered = service.Recover();
  if (!recovered.ok()) {
    err << "serve: cannot recover the conversations in " << StoreName(location) << ": "
        << recovered.status().message() << "\n";
    return 1;
  }
  if (*recovered > 0) {
    Log("answered " + std::to_string(*recovered) + " message(s) left unanswered by a crash");
  }
  service::AuditTrail audit(database, clock);
  service::AgentDesk desk(core, database, config.desk);
  desk.SetAuditTrail(&audit);
  desk.dispatcher().Start();
  // Several processes on one PostgreSQL database: what the others commit reaches this one's
  // streams, consoles and lines (nothing on SQLite: one process per data directory).
  service::RemoteChanges remote_changes(core);
  // And what they take from the rate limits is taken here too, and the streams they hold count
  // here (api::SharedLimits).
  api::SharedLimits shared_limits(clock);
  storage::ChangeHandlers handlers = remote_changes.Handlers();
  handlers.taken = [&shared_limits](std::string_view origin,
                                    std::span<const storage::LimitTaken> taken) {
    shared_limits.TakenElsewhere(origin, taken);
  };
  std::unique_ptr<storage::ChangeFeed> change_feed = database.FollowChanges(handlers);

  service::Retention retention(database, audit, clock);

  base::WorkerPool workers(config.workers);
  base::WorkerPool hashing(config.password_check_threads, config.max_password_checks_waiting);
  // Several processes on one database: every second, and at once after a choice, how this one
  // sees its staff; and typing here, for the consoles and chats connected to the others (on a
  // worker: it waits for a group commit; one at a time).
  service::Announcer announcer(database, roster, [&workers](std::function<void()> task) {
    return workers.Post(std::move(task));
  });
  std::function<void(const std::string&)> watch_here = [&](const std::string& conversation_id) {
    const base::Result<bool> noted = database.Watch(conversation_id);
    if (!noted.ok() && hub.HasListeners(conversation_id)) {
      (void)workers.PostAfter(std::chrono::seconds(1),
                              [&watch_here, conversation_id] { watch_here(conversation_id); });
    }
    if (!noted.ok() || *noted) {
      hub.PublishStoredElsewhere(conversation_id, service::ConversationListener::kEverything);
    }
  };
  if (change_feed) {
    roster.OnChoice([&announcer] { announcer.Presence(); });
    hub.RelayTyping([&announcer](std::string_view conversation_id, model::Author author) {
      announcer.Typing(conversation_id, author);
    });
    staff_hub.RelayCustomerTyping([&announcer](const std::string& conversation_id) {
      announcer.Typing(conversation_id, model::Author::kCustomer);
    });
    // The others tell this process of a change that leaves a conversation with the bot only
    // once it is noted as watched here; its watchers then catch up with what came before (on a
    // worker: it waits for a commit, unless noted before). While storage fails it is tried
    // again every second, as long as someone here watches.
    hub.OnFirstListener([&watch_here, &workers](const std::string& conversation_id) {
      (void)workers.Post([&watch_here, conversation_id] { watch_here(conversation_id); });
    });
  }
  api::HttpApi api(
      {service, hub, desk, accounts, staff_hub, roster, queues, queue_admin, clock, audit}, workers,
      hashing, std::move(files).value(), config.api);
  // The limits shared are `api`'s: sharing stops before `api` goes, on every way out (and after
  // the server, so that the others hear that this process's streams are closed).
  const std::unique_ptr<api::SharedLimits, void (*)(api::SharedLimits*)> stop_sharing(
      &shared_limits, [](api::SharedLimits* shared) { shared->Stop(); });
  if (change_feed) {
    api.ShareLimits(shared_limits);
    shared_limits.Start([&database](std::span<const storage::LimitTaken> taken) {
      return database.AnnounceTaken(taken);
    });
  }
  auto server = net::Server::Start(config.server, api);
  if (!server.ok()) {
    err << "serve: " << server.status().message() << "\n";
    return 1;
  }
  api.SetHealthCheck([&database] { return database.Health(); });
  api.SetReady(true);
  const std::string host = config.server.host.find(':') != std::string::npos
                               ? "[" + config.server.host + "]"
                               : config.server.host;
  out << "Balie is listening on http://" << host << ":" << (*server)->port() << "/"
      << " (knowledge: " << config.kb_dir.string() << ", data: " << StoreName(location) << ", "
      << engine->knowledge().articles.size() << " articles)" << std::endl;
  if (config.pretend_time) {
    out << "Pretending the time is " << base::FormatTime(clock.Now()) << std::endl;
  }
  out << "Stop with Ctrl-C (or SIGTERM): conversations are kept in " << StoreName(location)
      << std::endl;

  // Old conversation texts are erased on start and every hour after, on a worker, one run at a
  // time.
  std::atomic<bool> retention_running{false};
  auto apply_retention = [&] {
    if (config.retention_text_days <= 0 || retention_running.exchange(true)) {
      return;
    }
    const bool posted = workers.Post([&retention, &retention_running, &config] {
      auto applied = retention.Apply(config.retention_text_days, std::string(model::kSystemActor));
      if (!applied.ok()) {
        base::Log(base::LogLevel::kError, "conversation texts past their retention not erased",
                  {{"error", applied.status().message()}});
      } else if (applied->conversations > 0 || applied->contests > 0) {
        base::Log(base::LogLevel::kInfo, "conversation texts past their retention erased",
                  {{"texts", static_cast<std::int64_t>(applied->texts)},
                   {"fields", static_cast<std::int64_t>(applied->fields)},
                   {"contests", static_cast<std::int64_t>(applied->contests)},
                   {"conversations", static_cast<std::int64_t>(applied->conversations)},
                   {"days", static_cast<std::int64_t>(config.retention_text_days)}});
      }
      retention_running = false;
    });
    if (!posted) {
      retention_running = false;
    }
  };
  apply_retention();
  auto next_retention = std::chrono::steady_clock::now() + std::chrono::hours(1);
  // Several processes on one database: every second, today's service level read again from the
  // queue observations that every process stores, so that the overview shows the same count on
  // each. On a worker, one at a time.
  std::atomic<bool> reloading{false};
  auto reload_service_level = [&] {
    if (!change_feed || reloading.exchange(true)) {
      return;
    }
    if (!workers.Post([&reloading, &desk] {
          desk.dispatcher().RestoreServiceLevel();
          reloading = false;
        })) {
      reloading = false;
    }
  };

  // Wait for a stop signal, refreshing the waiting customers' statuses and the consoles now and
  // then.
  auto next_refresh = std::chrono::steady_clock::now() + config.status_refresh;
  int signal_number = 0;
  for (;;) {
    const timespec tick{1, 0};
    signal_number = sigtimedwait(&stop_signals, nullptr, &tick);
    if (signal_number == SIGINT || signal_number == SIGTERM) {
      break;
    }
    if (change_feed) {
      announcer.Presence();
    }
    reload_service_level();
    if (std::chrono::steady_clock::now() >= next_refresh) {
      next_refresh = std::chrono::steady_clock::now() + config.status_refresh;
      (void)workers.Post([&core] { core.RefreshWaiting(); });
      // Waits grow and queues open and close without any event: the consoles' inbox and
      // overview are recomputed too, so that no figure stays frozen.
      staff_hub.PublishChanged();
    }
    if (std::chrono::steady_clock::now() >= next_retention) {
      next_retention = std::chrono::steady_clock::now() + std::chrono::hours(1);
      apply_retention();
    }
  }

  Log(std::string("stopping (") + (signal_number == SIGINT ? "SIGINT" : "SIGTERM") +
      "): finishing the work in progress");
  api.SetReady(false);
  (*server)->StopAccepting();
  change_feed.reset();
  desk.dispatcher().Stop();
  hashing.Stop();  // log-ins in progress are answered
  workers.Stop();  // runs every queued task: replies in progress are stored and sent
  (*server)->Stop(std::chrono::seconds(5));
  Log("stopped");
  return 0;
}

}  // namespace balie::app
