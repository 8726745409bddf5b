#ifndef BALIE_STORAGE_POSTGRES_STORE_H_
#define BALIE_STORAGE_POSTGRES_STORE_H_

// Conversations in PostgreSQL (15, through libpqxx), for several processes or machines sharing
// them. The same contract as SqliteStore (conversation_store.h), with the same group commit:
// writes from all threads go to one writer thread and connection that commits them in groups (one
// transaction for every write that arrived while the previous commit ran, a savepoint each, so
// that a refused write leaves the others in), and a write returns only after its commit. Reads use
// a pool of connections and run in parallel with writes.
//
// Conversations (postgres_store.cc); staff, their sessions, flags and queue settings
// (postgres_staff_store.cc); the audit trail and retention's erasure of old texts
// (postgres_audit_store.cc). An update of a flag about a customer is stored only over the revision
// it was read at (UPDATE … WHERE revision = …), whichever process changed it first. An audit entry
// is chained under a transaction-level advisory lock, taken before the last entry is read: appends
// from every process are chained one after the other, and the chain never forks.
//
// The schema is versioned (table balie_schema_version) and migrated forward on Open, under an
// advisory lock so that processes starting together migrate once (the migrations are at the top of
// postgres_store.cc). An append locks its conversation's row (SELECT … FOR UPDATE) before it
// checks last_seq, so that writers in other processes cannot both append the same seq.
//
// Several processes: each group commit notifies the others of the conversations it changed
// (FollowChanges, change_feed.h).
//
// Health: a connection that breaks (the server stopped, the network) or a commit that fails makes
// Health() say so until a later commit or reconnection succeeds; the writer tries to reconnect
// every probe_interval meanwhile. A write whose commit's outcome is unknown (the connection broke
// during COMMIT) is answered kUnavailable: the caller resends with its client id.
//
// libpqxx stays in the .cc files (and their postgres_statement.h): this header does not include
// it.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "storage/store.h"
#include "storage/write_queue.h"

namespace balie::storage {

struct AppendLimit;  // store_contract.h

struct PostgresOptions {
  // Most writes committed in one transaction.
  size_t max_batch = 512;
  // Read connections kept open when idle.
  size_t idle_readers = 4;
  // Read connections open at most; a read beyond waits for one here. A burst of reads (every
  // stream catching up from storage when the bus is back) would otherwise open one connection per
  // reading thread and run into PostgreSQL's max_connections, which refuses them all alike. And
  // PostgreSQL's backends that outnumber its CPUs spin on each other's locks: with 16 on two
  // CPUs, an overloaded server took 1.7-4.4 ms of PostgreSQL's CPU per answer and answered
  // 500-1,200 a second; with 4, 0.24 ms and 3,100 a second (docs/benchmarks.md).
  size_t max_readers = 4;
  // While the server cannot be reached, the writer tries to reconnect this often.
  std::chrono::milliseconds probe_interval{1000};
  // The longest a statement waits for a lock (PostgreSQL's lock_timeout). A conversation whose
  // row another process keeps locked — one that vanished in the middle of a group commit, until
  // PostgreSQL notices (keepalives, below) — fails its writes with kUnavailable after this, and
  // the writes of other conversations in the same group are stored: one stuck row never stalls
  // this process's writer.
  std::chrono::milliseconds lock_timeout{5000};
  // Conversations remembered as this process stored or read them last, for GetForChangeNow (a
  // customer's message answered on the I/O thread without a read; about 0.6 KiB each). Beyond
  // this many one of them (any) is forgotten; 0: none, every change reads.
  size_t remembered_conversations = 20000;
  // Conversations this process remembers having noted as watched here (Watch); beyond this many
  // it forgets them all, and notes each again when it is watched again.
  size_t watched_conversations = 100000;
};

class PostgresStore final : public Store {
 public:
  // Connects to `url` (postgresql://user@host/database?…, libpq's connection string) and migrates
  // the schema. Fails with kUnavailable when the server cannot be reached, kFailedPrecondition when
  // the database is from a newer Balie; the message names the database, never a password.
  [[nodiscard]] static base::Result<std::unique_ptr<PostgresStore>> Open(
      const std::string& url, PostgresOptions options = {});
  // Commits every write already queued, then closes.
  ~PostgresStore() override;
  PostgresStore(const PostgresStore&) = delete;
  PostgresStore& operator=(const PostgresStore&) = delete;

  base::Status Create(const model::Conversation& conversation,
                      std::span<const model::Event> events) override;
  base::Result<model::Conversation> Get(std::string_view id) override;
  base::Status Append(const model::Conversation& updated,
                      std::span<const model::Event> events) override;
  // The count and the append run under a transaction-level advisory lock on the agent (on the
  // slot for AppendBooking), taken
  // when the group's transaction begins (before any row lock, in the order of their keys, so that
  // the groups of different processes never wait for each other in a circle) and released by its
  // commit — or by PostgreSQL when the process's connection ends (a killed process holds nothing).
  void AppendThen(model::Conversation updated, std::vector<model::Event> events,
                  AppendDone done) override;
  base::Status AppendAssignment(const model::Conversation& updated,
                                std::span<const model::Event> events, int capacity) override;
  base::Status AppendBooking(const model::Conversation& updated,
                             std::span<const model::Event> events, int room) override;
  base::Result<std::vector<model::Event>> Events(std::string_view id, std::int64_t after_seq,
                                                 size_t limit) override;
  base::Result<std::optional<model::Event>> EventByClientId(std::string_view id,
                                                            std::string_view client_id) override;
  base::Result<ForChange> GetForChange(std::string_view id, std::string_view client_id) override;
  // The conversation as this process last stored or read it (GetForChange, under the
  // conversation's lock), unchecked; std::nullopt when it is not remembered. Forgotten when an
  // append of it fails (a stale copy is refused by the append's check of last_seq, a resend by
  // its check of the client id), when another process's change of it is heard (FollowChanges),
  // and all of them when the bus (re)connects, since changes may have gone unheard.
  std::optional<base::Result<ForChange>> GetForChangeNow(std::string_view id,
                                                         std::string_view client_id) override;
  // Adds this process's origin to the conversation's `watchers` (a conversation it created has it
  // from the start), unless it did so before: the other processes then tell it of the
  // conversation's changes that stay with the bot, which they otherwise keep to themselves.
  base::Result<bool> Watch(std::string_view id) override;
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

  // StaffStore (postgres_staff_store.cc).
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

  // AuditStore (postgres_audit_store.cc).
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

  // Follows the commits of the other processes on this database (postgres_change_feed.cc): a
  // connection of its own that LISTENs, and reconnects every probe_interval while the server
  // cannot be reached. Each group commit of every process sends one notification (more when it is
  // large) on the channel kChangeChannel, inside its transaction.
  std::unique_ptr<ChangeFeed> FollowChanges(const ChangeHandlers& handlers) override;
  static constexpr const char* kChangeChannel = "balie_changes";
  // On `kPresenceChannel`, in the next group commit.
  base::Status AnnouncePresence(std::span<const StaffPresence> staff) override;
  base::Status AnnounceTyping(std::span<const Typing> typing) override;
  static constexpr const char* kPresenceChannel = "balie_presence";
  // On `kLimitsChannel`, in the next group commit.
  base::Status AnnounceTaken(std::span<const LimitTaken> taken) override;
  static constexpr const char* kLimitsChannel = "balie_limits";
  // This store's name on the bus: the origin of its notifications.
  const std::string& origin() const { return origin_; }

  struct Stats {
    std::uint64_t writes = 0;   // writes committed (or refused)
    std::uint64_t commits = 0;  // transactions: writes / commits is the mean group size
  };
  Stats stats() const;

  // The schema version this build writes.
  static int SchemaVersion();

 private:
  // One libpqxx connection with its prepared statements, and the transaction a write or read runs
  // in (defined in postgres_store.cc and postgres_statement.h).
  class Connection;
  class Transaction;
  // A write or read: its result in what it captures, its status returned.
  using WriteFunction = WriteQueue<Transaction>::Function;
  using ReadFunction = std::function<base::Status(Transaction&)>;
  using Write = WriteQueue<Transaction>::Write;

  PostgresStore(std::string url, std::string database, PostgresOptions options,
                std::unique_ptr<Connection> writer);
  // Runs `write` inside the next group commit and waits for the commit; the group's transaction
  // holds the advisory locks `locks` (WriteQueue::Write) before any of its writes runs, and runs
  // its writes in the order of their `row`s. `append_row`: see WriteQueue::Write.
  base::Status Submit(WriteFunction write, std::vector<std::int64_t> locks = {},
                      std::string row = {}, std::shared_ptr<const std::string> append_row = {});
  // NOTIFYs each text on `channel` in the next group commit.
  base::Status Notify(const char* channel, std::span<const std::string> texts);
  // Append (no `limit`), and AppendAssignment and AppendBooking with theirs (store_contract.h).
  base::Status AppendWithin(const model::Conversation& updated,
                            std::span<const model::Event> events, const AppendLimit* limit);
  // The write of an append whose events begin at `first_seq`, as `row` (postgres::AppendRow), for
  // the writer thread (`limit` outlives it).
  WriteFunction AppendWrite(const model::Conversation& updated, std::int64_t first_seq,
                            std::shared_ptr<const std::string> row, const AppendLimit* limit);
  void WriterLoop();
  void CommitBatch(const std::vector<Write*>& batch);
  // Runs the writes of `batch` in one transaction, each in a savepoint of its own or not, and
  // commits it with its notification. Without savepoints a refused or failed write ends the
  // attempt: nothing is committed and it returns false.
  bool CommitGroup(const std::vector<Write*>& batch, bool savepoints);
  // Stores a group of plain appends (each Write's append_row), their notification included, by
  // one statement that commits by itself. False when the statement failed (a row locked past
  // lock_timeout): nothing is stored, and each write holds the failure.
  bool CommitAppends(const std::vector<Write*>& batch);
  // Runs `read` in a read-only transaction on a pooled connection.
  base::Status Read(const ReadFunction& read);
  // Gives a read connection back (nullptr: it was lost or never opened): kept idle, or closed.
  void ReleaseReader(std::unique_ptr<Connection> connection);
  // The same, for a read that returns its result (defined in postgres_statement.h).
  template <typename T>
  base::Result<T> ReadResult(const std::function<base::Result<T>(Transaction&)>& read);
  // GetForChangeNow's memory: what was stored or read last; forgotten (one, or all).
  void Remember(const model::Conversation& conversation);
  void Forget(std::string_view id);
  void ForgetAll();
  // Notes that the conversation's `watchers` holds this process's origin.
  void Watching(std::string_view id);
  // Health: a failure (`connection_lost`: the writer reconnects every probe_interval); a commit.
  void Failed(const std::string& cause, bool connection_lost);
  void Recovered();

  const std::string url_;
  const std::string database_;  // for messages: the database's name, without user or password
  const std::string origin_;
  const PostgresOptions options_;
  std::unique_ptr<Connection> writer_connection_;  // the writer thread's alone

  WriteQueue<Transaction> writes_;
  std::thread writer_;

  std::mutex reader_mutex_;
  std::condition_variable reader_free_;  // a read connection is idle again, or closed
  std::vector<std::unique_ptr<Connection>> idle_readers_;  // guarded by reader_mutex_
  size_t open_readers_ = 0;  // guarded by reader_mutex_: idle or in use

  std::mutex remembered_mutex_;
  std::unordered_map<std::string, model::Conversation> remembered_;  // guarded by it; by id
  std::unordered_set<std::string> watching_;  // guarded by remembered_mutex_ (Watching)

  std::atomic<std::uint64_t> write_count_{0};
  std::atomic<std::uint64_t> commit_count_{0};

  mutable std::mutex health_mutex_;
  std::optional<std::string> failing_;  // guarded by health_mutex_: what fails
  std::atomic<bool> probing_{false};    // connection lost: the writer reconnects
};

}  // namespace balie::storage

#endif  // BALIE_STORAGE_POSTGRES_STORE_H_
