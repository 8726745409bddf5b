// Benchmarks of the stores' group commit: Append of one customer message, from 1, 4, 16 and 64
// threads at once (each thread on a conversation of its own, as the worker pool does).
//
// BM_Append: SqliteStore with PRAGMA synchronous FULL (the default: every commit fsynced) and
// NORMAL; the database is a new file in the system's temporary directory for every run.
// BM_AppendPostgres, only when BALIE_BENCH_POSTGRES names a PostgreSQL database (a URL, as
// `--storage` takes it): PostgresStore on it, each run on conversations of its own.
//
// Writes from all threads are committed in groups by one writer thread (sqlite_store.h,
// postgres_store.h), so messages/s should grow with the number of threads while the commits per
// second stay bounded by the disk (SQLite) or the writer's round trips (PostgreSQL). Reported:
// items_per_second (messages stored per second, all threads together), `group` (mean writes per
// commit: the store's stats() writes / commits over the run) and `commits_per_s`. Results and the
// command that produced them: docs/benchmarks.md.

#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdlib>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/temp_dir.h"
#include "model/conversation.h"
#include "storage/postgres_store.h"
#include "storage/sqlite_store.h"

namespace balie::bench {
namespace {

constexpr int kMaxThreads = 64;

// What the threads of one run share: set up by Setup before they start, removed by Teardown
// after they end (Google Benchmark calls both on the main thread).
struct Run {
  std::optional<base::TempDir> dir;
  std::unique_ptr<storage::ConversationStore> store;
  std::function<storage::SqliteStore::Stats()> stats;  // the store's writes and commits so far
  std::vector<model::Conversation> conversations;      // one per thread
  storage::SqliteStore::Stats start;
  std::string skipped;  // why the store could not be opened
};
// The current run (Google Benchmark hands its threads no shared object of their own).
Run* run = nullptr;

model::Event Message(std::int64_t seq) {
  model::Event event;
  event.seq = seq;
  event.data = model::CustomerMessageEvent{};
  event.author = model::Author::kCustomer;
  event.at = std::chrono::system_clock::now();
  event.client_id = "m" + std::to_string(seq);
  event.text =
      "Ik ben mijn pinpas kwijt en wil hem laten blokkeren, hoe doe ik dat zo snel mogelijk?";
  return event;
}

// Creates a conversation for each thread that may run, named after `prefix`.
void CreateConversations(const std::string& prefix) {
  for (int i = 0; i < kMaxThreads; ++i) {
    model::Conversation c;
    c.id = prefix + std::to_string(i);
    c.token_hash = "0";
    c.created_at = std::chrono::system_clock::now();
    model::Event started;
    started.seq = 1;
    started.at = c.created_at;
    started.data = model::StartedEvent{model::Language::kDutch};
    c.last_seq = 1;
    if (const base::Status status = run->store->Create(c, {&started, 1}); !status.ok()) {
      run->skipped = "cannot create a conversation: " + status.ToString();
      run->store.reset();
      return;
    }
    run->conversations.push_back(std::move(c));
  }
  run->start = run->stats();
}

void SetUp(const benchmark::State& state) {
  run = new Run;
  run->skipped = "cannot open a store in the temporary directory";
  auto dir = base::TempDir::Create("balie-storage-bench-");
  if (!dir.ok()) {
    return;
  }
  run->dir.emplace(std::move(dir).value());
  auto store = storage::SqliteStore::Open(run->dir->path() / "balie.db",
                                          {.synchronous_full = state.range(0) == 1});
  if (!store.ok()) {
    return;
  }
  storage::SqliteStore* sqlite = store->get();
  run->stats = [sqlite] { return sqlite->stats(); };
  run->store = std::move(store).value();
  CreateConversations("c_bench_");
}

void SetUpPostgres(const benchmark::State&) {
  run = new Run;
  auto store = storage::PostgresStore::Open(std::getenv("BALIE_BENCH_POSTGRES"));
  if (!store.ok()) {
    run->skipped = store.status().ToString();
    return;
  }
  storage::PostgresStore* postgres = store->get();
  run->stats = [postgres] {
    const storage::PostgresStore::Stats stats = postgres->stats();
    return storage::SqliteStore::Stats{stats.writes, stats.commits};
  };
  run->store = std::move(store).value();
  CreateConversations("c_bench_" +
                      std::to_string(std::chrono::system_clock::now().time_since_epoch().count()) +
                      "_");
}

void TearDown(const benchmark::State&) {
  delete run;
  run = nullptr;
}

void BM_Append(benchmark::State& state) {
  if (!run->store) {
    state.SkipWithError(run->skipped.c_str());
    return;
  }
  model::Conversation conversation = run->conversations[static_cast<size_t>(state.thread_index())];
  for (auto _ : state) {
    const model::Event event = Message(conversation.last_seq + 1);
    conversation.last_seq = event.seq;
    if (!run->store->Append(conversation, {&event, 1}).ok()) {
      state.SkipWithError("Append failed");
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
  if (state.thread_index() == 0) {
    // Every thread has left its loop: the counts cover the whole run.
    const storage::SqliteStore::Stats end = run->stats();
    const double commits = static_cast<double>(end.commits - run->start.commits);
    state.counters["group"] =
        commits > 0 ? static_cast<double>(end.writes - run->start.writes) / commits : 0;
    state.counters["commits_per_s"] = benchmark::Counter(commits, benchmark::Counter::kIsRate);
  }
}
BENCHMARK(BM_Append)
    ->ArgName("full")
    ->Arg(1)
    ->Arg(0)
    ->Threads(1)
    ->Threads(4)
    ->Threads(16)
    ->Threads(kMaxThreads)
    ->UseRealTime()
    ->Setup(SetUp)
    ->Teardown(TearDown);

}  // namespace
}  // namespace balie::bench

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (std::getenv("BALIE_BENCH_POSTGRES") != nullptr) {
    benchmark::RegisterBenchmark("BM_AppendPostgres", balie::bench::BM_Append)
        ->Threads(1)
        ->Threads(4)
        ->Threads(16)
        ->Threads(balie::bench::kMaxThreads)
        ->UseRealTime()
        ->Setup(balie::bench::SetUpPostgres)
        ->Teardown(balie::bench::TearDown);
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
