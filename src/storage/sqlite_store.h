#ifndef BALIE_STORAGE_SQLITE_STORE_H_
#define BALIE_STORAGE_SQLITE_STORE_H_

// The embedded store: one SQLite file in WAL mode. Writes from all threads go to one writer
// thread that commits them in groups (one transaction and one fsync for every write that arrived
// while the previous commit ran), so that throughput stays high while every write that returns ok
// is durable. Reads use a pool of read-only connections and run in parallel with writes.
//
// The schema is versioned (PRAGMA user_version) and migrated forward on Open (the migrations are
// at the top of sqlite_store.cc).
//
// Health: the first failure of the storage itself (a full disk or database, an I/O error, a
// damaged file, a read-only file system) on any connection makes Health() say so, and is logged.
// From then on the writer thread tries a test write every probe_interval; the first that commits
// makes the store healthy again (logged too). Ordinary writes keep being tried meanwhile: each
// that commits is durable as always, each that fails gets kUnavailable. A damaged file stays
// unhealthy until a restart, whose check on Open then says what to do.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "storage/sqlite_connection.h"
#include "storage/store.h"
#include "storage/write_queue.h"

namespace balie::storage {

struct AppendLimit;  // store_contract.h

struct SqliteOptions {
  // FULL: every commit is fsynced (durable even against power loss). NORMAL: durable against a
  // crash of the process, not of the machine; faster on slow disks.
  bool synchronous_full = true;
  // Most writes committed in one transaction.
  size_t max_batch = 512;
  // Checked for damage on Open, before anything is written: kQuick (PRAGMA quick_check: every
  // page and record is read, indexes are not matched with their tables; as long as reading the
  // file takes: 0.4 s for 400 MB in the page cache, 6 s from a 70 MB/s disk), kFull (PRAGMA
  // integrity_check; about twice the work), kNone (for short commands beside a running server).
  // A damaged database is refused with what to do; a long check logs progress every 10 s.
  enum class Check { kNone, kQuick, kFull };
  Check check_on_open = Check::kNone;
  // The database may grow to this many bytes, 0: as far as the disk allows. Beyond it writes fail
  // as on a full disk (SQLite's max_page_count); it cannot be set below the current size.
  std::uint64_t max_database_bytes = 0;
  // While storage fails, a test write is tried this often.
  std::chrono::milliseconds probe_interval{1000};
};

class SqliteStore final : public Store {
 public:
  // Opens (creating it if needed) the database file and migrates its schema. Fails with a message
  // naming the file when it cannot be opened, is not a Balie database, or is from a newer version.
  [[nodiscard]] static base::Result<std::unique_ptr<SqliteStore>> Open(
      const std::filesystem::path& file, SqliteOptions options = {});
  // Commits every write already queued, then closes.
  ~SqliteStore() override;
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;

  base::Status Create(const model::Conversation& conversation,
                      std::span<const model::Event> events) override;
  base::Result<model::Conversation> Get(std::string_view id) override;
  base::Status Append(const model::Conversation& updated,
                      std::span<const model::Event> events) override;
  // One writer thread commits every write: the count and the append are one step by themselves.
  void AppendThen(model::Conversation updated, std::vector<model::Event> events,
                  AppendDone done) override;
  bool ReadsNeverWait() const override { return true; }
  base::Status AppendAssignment(const model::Conversation& updated,
                                std::span<const model::Event> events, int capacity) override;
  base::Status AppendBooking(const model::Conversation& updated,
                             std::span<const model::Event> events, int room) override;
  base::Result<std::vector<model::Event>> Events(std::string_view id, std::int64_t after_seq,
                                                 size_t limit) override;
  base::Result<ForChange> GetForChange(std::string_view id, std::string_view client_id) override;
  base::Result<std::optional<model::Event>> EventByClientId(std::string_view id,
                                                            std::string_view client_id) override;
  base::Result<std::vector<model::Conversation>> InStates(
      std::span<const model::ConversationState> states) override;
  base::Result<std::vector<model::Conversation>> AwaitingReply() override;
  base::Result<std::vector<model::Conversation>> OfCustomer(std::string_view customer_ref,
                                                            size_t limit) override;
  base::Result<std::vector<DecisionRecord>> Decisions(base::TimePoint since, bool waiting_only,
                                                      size_t limit) override;
  base::Status AddQueueObservation(const QueueObservation& observation) override;
  base::Result<std::vector<QueueObservation>> RecentQueueObservations(size_t limit) override;
  base::Result<std::vector<TakenCount>> TakenSince(base::TimePoint since,
                                                   std::chrono::milliseconds target) override;
  // Ok, or kUnavailable saying what fails (see Health above). Never blocks on I/O.
  base::Status Health() const override;

  // StaffStore (sqlite_staff_store.cc).
  base::Status CreateStaff(const model::StaffMember& member) override;
  base::Status UpdateStaff(const model::StaffMember& member) override;
  base::Result<model::StaffMember> StaffById(std::string_view id) override;
  base::Result<model::StaffMember> StaffByName(std::string_view name) override;
  base::Result<std::vector<model::StaffMember>> AllStaff() override;
  base::Status CreateSession(const StaffSession& session) override;
  base::Result<StaffSession> SessionByHash(std::string_view token_hash) override;
  base::Status ExtendSession(std::string_view token_hash, base::TimePoint expires_at) override;
  base::Status DeleteSession(std::string_view token_hash) override;
  base::Status DeleteSessionsOf(std::string_view staff_id) override;
  base::Result<std::int64_t> AddFlag(const model::KnowledgeFlag& flag) override;
  base::Result<std::vector<model::KnowledgeFlag>> Flags(size_t limit) override;
  base::Result<std::int64_t> AddCustomerFlag(const model::CustomerFlag& flag) override;
  base::Result<model::CustomerFlag> CustomerFlagById(std::int64_t id) override;
  base::Result<std::vector<model::CustomerFlag>> CustomerFlagsOf(
      std::string_view customer_ref, std::string_view conversation_id) override;
  base::Status UpdateCustomerFlag(const model::CustomerFlag& flag) override;
  base::Result<std::vector<model::CustomerFlag>> ContestedFlags() override;
  base::Status SaveQueueSettings(const QueueSettings& settings) override;
  base::Result<std::vector<QueueSettings>> AllQueueSettings() override;

  // AuditStore (sqlite_audit_store.cc).
  base::Result<model::AuditEntry> AppendAudit(model::AuditEntry entry,
                                              const AuditSeal& seal) override;
  base::Result<std::vector<model::AuditEntry>> AuditEntries(std::int64_t after_seq,
                                                            size_t limit) override;
  base::Result<std::vector<model::AuditEntry>> AuditEntriesAbout(
      std::string_view customer_ref) override;
  base::Result<std::vector<StoredText>> TextsBefore(base::TimePoint before, size_t limit) override;
  base::Status EraseTexts(std::span<const ErasedText> texts,
                          std::span<const model::AuditEntry> entries,
                          const AuditSeal& seal) override;
  base::Result<std::vector<model::CustomerFlag>> ContestsReviewedBefore(base::TimePoint before,
                                                                        size_t limit) override;
  base::Status EraseContestWords(const model::CustomerFlag& flag, const model::AuditEntry& entry,
                                 const AuditSeal& seal) override;

  struct Stats {
    std::uint64_t writes = 0;   // writes committed (or refused)
    std::uint64_t commits = 0;  // transactions: writes / commits is the mean group size
  };
  Stats stats() const;

  // The schema version this build writes.
  static int SchemaVersion();

 private:
  using WriteFunction = WriteQueue<SqliteConnection>::Function;

  SqliteStore(std::filesystem::path file, SqliteOptions options,
              std::unique_ptr<SqliteConnection> writer);
  // Runs `write` inside the next group commit and waits for the commit.
  base::Status Submit(WriteFunction write);
  // Append (no `limit`), and AppendAssignment and AppendBooking with theirs (store_contract.h).
  base::Status AppendWithin(const model::Conversation& updated,
                            std::span<const model::Event> events, const AppendLimit* limit);
  // The write of AppendWithin, for the writer thread (`updated` and `events` outlive it).
  WriteFunction AppendWrite(const model::Conversation& updated,
                            std::span<const model::Event> events, const AppendLimit* limit);
  void WriterLoop();
  // Runs `read` on a pooled read connection.
  template <typename T>
  base::Result<T> Read(const std::function<base::Result<T>(SqliteConnection&)>& read);
  // Health: told of every storage failure by the connections; the test write that ends it.
  FailureListener Listener();
  void Failed(int code, const std::string& cause);
  void Probe(SqliteConnection& db);

  const std::filesystem::path file_;
  const SqliteOptions options_;
  std::unique_ptr<SqliteConnection> writer_connection_;

  WriteQueue<SqliteConnection> writes_;
  std::thread writer_;

  std::mutex reader_mutex_;
  std::vector<std::unique_ptr<SqliteConnection>> idle_readers_;

  std::atomic<std::uint64_t> write_count_{0};
  std::atomic<std::uint64_t> commit_count_{0};

  struct Failing {
    int code = 0;  // SQLite's extended result code of the first failure
    std::string cause;
    bool damaged = false;
    std::chrono::steady_clock::time_point since;
    std::chrono::steady_clock::time_point logged;
    std::uint64_t failures = 0;
  };
  mutable std::mutex health_mutex_;
  std::optional<Failing> failing_;    // guarded by health_mutex_
  std::atomic<bool> probing_{false};  // failing and not damaged: the writer tries test writes
};

template <typename T>
base::Result<T> SqliteStore::Read(const std::function<base::Result<T>(SqliteConnection&)>& read) {
  std::unique_ptr<SqliteConnection> connection;
  {
    std::lock_guard lock(reader_mutex_);
    if (!idle_readers_.empty()) {
      connection = std::move(idle_readers_.back());
      idle_readers_.pop_back();
    }
  }
  if (!connection) {
    auto opened = SqliteConnection::Open(file_, /*read_only=*/true, options_.synchronous_full);
    if (!opened.ok()) {
      return opened.status();
    }
    connection = std::move(opened).value();
    connection->set_failure_listener(Listener());
  }
  base::Result<T> result = read(*connection);
  std::lock_guard lock(reader_mutex_);
  idle_readers_.push_back(std::move(connection));
  return result;
}

}  // namespace balie::storage

#endif  // BALIE_STORAGE_SQLITE_STORE_H_
