// PostgresStore's change feed (change_feed.h): a connection of its own that LISTENs on
// PostgresStore::kChangeChannel (and kPresenceChannel, kLimitsChannel), on a thread of its own.

#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>

#include "base/log.h"
#include "storage/postgres_statement.h"

namespace balie::storage {
namespace {

std::string FirstLineOf(const std::exception& error) {
  std::string_view what = error.what();
  return std::string(what.substr(0, what.find('\n')));
}

class PostgresChangeFeed final : public ChangeFeed {
 public:
  PostgresChangeFeed(std::string url, std::string database, std::string origin,
                     std::chrono::milliseconds retry, ChangeHandlers handlers)
      : url_(std::move(url)),
        database_(std::move(database)),
        origin_(std::move(origin)),
        retry_(retry),
        handlers_(std::move(handlers)) {
    thread_ = std::thread([this] { Run(); });
  }
  ~PostgresChangeFeed() override {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }
  PostgresChangeFeed(const PostgresChangeFeed&) = delete;
  PostgresChangeFeed& operator=(const PostgresChangeFeed&) = delete;

 private:
  // Hands each notification on one channel to one of the feed's Received… members, which skip
  // this process's own.
  class Receiver final : public pqxx::notification_receiver {
   public:
    using Handler = void (PostgresChangeFeed::*)(const std::string&);
    Receiver(pqxx::connection_base& connection, const char* channel, PostgresChangeFeed& feed,
             Handler handler)
        : pqxx::notification_receiver(connection, channel), feed_(feed), handler_(handler) {}
    void operator()(const std::string& payload, int) override { (feed_.*handler_)(payload); }

   private:
    PostgresChangeFeed& feed_;
    const Handler handler_;
  };

  void ReceivedTaken(const std::string& payload) {
    std::string origin;
    std::vector<LimitTaken> taken;
    if (!DecodeTaken(payload, origin, taken) || origin == origin_ || !handlers_.taken) {
      return;
    }
    try {
      handlers_.taken(origin, taken);
    } catch (const std::exception& error) {
      base::Log(base::LogLevel::kError, "applying another process's rate limits failed",
                {{"database", database_}, {"cause", FirstLineOf(error)}});
    }
  }

  // Presence or typing: ephemeral, never stored.
  void ReceivedPresence(const std::string& payload) {
    std::string origin;
    std::vector<StaffPresence> staff;
    std::vector<Typing> typing;
    try {
      if (DecodePresence(payload, origin, staff)) {
        if (origin != origin_ && handlers_.presence) {
          handlers_.presence(origin, staff);
        }
      } else if (DecodeTyping(payload, origin, typing)) {
        if (origin != origin_ && handlers_.typing) {
          handlers_.typing(typing);
        }
      }
    } catch (const std::exception& error) {
      base::Log(base::LogLevel::kError, "applying another process's presence or typing failed",
                {{"database", database_}, {"cause", FirstLineOf(error)}});
    }
  }

  void Received(const std::string& payload) {
    std::string origin;
    std::vector<StoredChange> changes;
    if (!DecodeChanges(payload, origin, changes)) {
      base::Log(base::LogLevel::kWarning, "a change notification that is not Balie's was ignored",
                {{"database", database_}, {"bytes", static_cast<std::uint64_t>(payload.size())}});
      return;
    }
    if (origin == origin_ || changes.empty()) {
      return;
    }
    try {
      handlers_.changed(changes);
    } catch (const std::exception& error) {
      // Not into libpqxx's stack: the feed goes on, and the next catch-up repairs what this missed.
      base::Log(base::LogLevel::kError, "applying changes of another process failed",
                {{"database", database_}, {"cause", FirstLineOf(error)}});
    }
  }

  // Waits `retry_` or until stopped; true when stopped.
  bool Pause() {
    std::unique_lock lock(mutex_);
    return wake_.wait_for(lock, retry_, [this] { return stopping_; });
  }
  bool Stopping() {
    std::lock_guard lock(mutex_);
    return stopping_;
  }

  void Run() {
    std::optional<std::chrono::steady_clock::time_point> lost_since;
    while (!Stopping()) {
      std::unique_ptr<pqxx::connection> connection;
      std::unique_ptr<Receiver> receiver;
      std::unique_ptr<Receiver> presence;
      std::unique_ptr<Receiver> taken;
      try {
        connection = std::make_unique<pqxx::connection>(url_);
        postgres::PrepareSession(*connection, std::chrono::milliseconds(0));
        receiver = std::make_unique<Receiver>(*connection, PostgresStore::kChangeChannel, *this,
                                              &PostgresChangeFeed::Received);
        presence = std::make_unique<Receiver>(*connection, PostgresStore::kPresenceChannel, *this,
                                              &PostgresChangeFeed::ReceivedPresence);
        taken = std::make_unique<Receiver>(*connection, PostgresStore::kLimitsChannel, *this,
                                           &PostgresChangeFeed::ReceivedTaken);
        connection->get_notifs();  // the LISTEN is sent now
      } catch (const std::exception& error) {
        taken.reset();
        presence.reset();
        receiver.reset();
        if (!lost_since) {
          lost_since = std::chrono::steady_clock::now();
          base::Log(base::LogLevel::kError,
                    "cannot follow the other processes' changes: retrying every second",
                    {{"database", database_}, {"cause", FirstLineOf(error)}});
        }
        if (Pause()) {
          return;
        }
        continue;
      }
      if (lost_since) {
        const auto lasted = std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::steady_clock::now() - *lost_since);
        base::Log(
            base::LogLevel::kInfo, "following the other processes' changes again",
            {{"database", database_}, {"lost_ms", static_cast<std::int64_t>(lasted.count())}});
        lost_since.reset();
      }
      // Whatever was committed before the LISTEN took effect is read from storage now.
      try {
        handlers_.connected();
      } catch (const std::exception& error) {
        base::Log(base::LogLevel::kError, "catching up with the other processes failed",
                  {{"database", database_}, {"cause", FirstLineOf(error)}});
      }
      try {
        while (!Stopping()) {
          connection->await_notification(0, 200'000);
        }
      } catch (const std::exception& error) {
        lost_since = std::chrono::steady_clock::now();
        base::Log(base::LogLevel::kError,
                  "lost the connection that follows the other processes' changes: reconnecting",
                  {{"database", database_}, {"cause", FirstLineOf(error)}});
      }
      try {
        taken.reset();
        presence.reset();
        receiver.reset();
      } catch (const std::exception&) {
        // An UNLISTEN on a broken connection: the connection goes anyway.
      }
    }
  }

  const std::string url_;
  const std::string database_;
  const std::string origin_;
  const std::chrono::milliseconds retry_;
  const ChangeHandlers handlers_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mutex_
  std::thread thread_;
};

}  // namespace

std::unique_ptr<ChangeFeed> PostgresStore::FollowChanges(const ChangeHandlers& handlers) {
  // What another process changed is forgotten here before anyone is told (GetForChangeNow), and
  // everything when changes may have gone unheard.
  ChangeHandlers forgetting = handlers;
  forgetting.changed = [this, changed = handlers.changed](std::span<const StoredChange> changes) {
    for (const StoredChange& change : changes) {
      Forget(change.conversation_id);
    }
    if (changed) {
      changed(changes);
    }
  };
  forgetting.connected = [this, connected = handlers.connected] {
    ForgetAll();
    if (connected) {
      connected();
    }
  };
  return std::make_unique<PostgresChangeFeed>(url_, database_, origin_, options_.probe_interval,
                                              std::move(forgetting));
}

}  // namespace balie::storage
