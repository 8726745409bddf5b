// Benchmarks of the embedded store: SqliteStore::Append of one customer message, from 1, 4, 16
// and 64 threads at once (each thread on a conversation of its own, as the worker pool does),
// with PRAGMA synchronous FULL (the default: every commit fsynced) and NORMAL.
//
// Writes from all threads are committed in groups by one writer thread (sqlite_store.h), so
// messages/s should grow with the number of threads while the commits per second stay bounded
// by the disk. Reported: items_per_second (messages stored per second, all threads together),
// `group` (mean writes per commit: SqliteStore::stats() writes / commits over the run) and
// `commits_per_s`. The database is a new file in the system's temporary directory for every run.
// Results and the command that produced them: docs/benchmarks.md.

#include <benchmark/benchmark.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/temp_dir.h"
#include "model/conversation.h"
#include "storage/sqlite_store.h"

namespace balie::bench {
namespace {

constexpr int kMaxThreads = 64;

// What the threads of one run share: set up by Setup before they start, removed by Teardown
// after they end (Google Benchmark calls both on the main thread).
struct Run {
  std::optional<base::TempDir> dir;
  std::unique_ptr<storage::SqliteStore> store;
  std::vector<model::Conversation> conversations;  // one per thread
  storage::SqliteStore::Stats start;
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

void SetUp(const benchmark::State& state) {
  run = new Run;
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
  run->store = std::move(store).value();
  for (int i = 0; i < kMaxThreads; ++i) {
    model::Conversation c;
    c.id = "c_bench_" + std::to_string(i);
    c.token_hash = "0";
    c.created_at = std::chrono::system_clock::now();
    model::Event started;
    started.seq = 1;
    started.at = c.created_at;
    started.data = model::StartedEvent{model::Language::kDutch};
    c.last_seq = 1;
    if (!run->store->Create(c, {&started, 1}).ok()) {
      run->store.reset();
      return;
    }
    run->conversations.push_back(std::move(c));
  }
  run->start = run->store->stats();
}

void TearDown(const benchmark::State&) {
  delete run;
  run = nullptr;
}

void BM_Append(benchmark::State& state) {
  if (!run->store) {
    state.SkipWithError("cannot open a store in the temporary directory");
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
    const storage::SqliteStore::Stats end = run->store->stats();
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

BENCHMARK_MAIN();
