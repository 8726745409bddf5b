// Benchmarks of the answer engine: one question -> decision on the demo knowledge base and on a
// generated 10,000-article one, and the time to build the engine for 10,000 articles.
//
// Targets (issue): median <= 200 us and p99 <= 1 ms per question on one core; building the index
// for 10,000 articles <= 10 s. Google Benchmark reports the mean time per iteration (one Ask); the
// per-question percentiles come from timing every Ask separately and are reported as the counters
// p50_us, p90_us, p99_us and max_us of each run (wall-clock time) and cpu_p50_us ... cpu_max_us
// (CPU time of the asking thread, which other load on the machine does not inflate). Results and
// the commands that produced them: docs/benchmarks.md.
//
// The demo knowledge base is read from $BALIE_SOURCE_DIR/demo/voorbeeldbank, or from the source
// tree this program was built from.

#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include <benchmark/benchmark.h>

#include "answer/engine.h"
#include "knowledge/knowledge_loader.h"
#include "synthetic_knowledge.h"

namespace balie::bench {
namespace {

namespace fs = std::filesystem;
using answer::Decision;
using answer::DecisionKind;
using answer::Engine;
using Clock = std::chrono::steady_clock;

constexpr size_t kGeneratedArticles = 10'000;
constexpr size_t kGeneratedQuestions = 2'000;
constexpr uint64_t kQuestionSeed = 42;

fs::path SourceDir() {
  if (const char* dir = std::getenv("BALIE_SOURCE_DIR"); dir != nullptr && *dir != '\0') {
    return dir;
  }
  return BALIE_DEFAULT_SOURCE_DIR;
}

// The questions of every answer-case file (expected<TAB>question), in path order.
std::vector<std::string> AnswerCaseQuestions(const fs::path& dir) {
  std::vector<fs::path> files;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(dir, error)) {
    if (entry.path().extension() == ".tsv") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<std::string> questions;
  for (const fs::path& file : files) {
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == '#') continue;
      const size_t tab = line.find('\t');
      if (tab == std::string::npos || tab + 1 >= line.size()) continue;
      questions.push_back(line.substr(tab + 1));
    }
  }
  return questions;
}

// An engine and the questions to ask it, built once per process and then only read.
struct AskFixture {
  std::unique_ptr<Engine> engine;
  std::vector<std::string> questions;
  std::vector<std::string> source_ids;  // generated questions only: the article asked about
  std::string error;                    // non-empty when the fixture could not be built
  double build_seconds = 0;
};

void Describe(const char* name, const AskFixture& fixture) {
  if (!fixture.error.empty()) return;
  size_t kinds[3] = {0, 0, 0};
  size_t hits = 0;
  size_t with_source = 0;
  for (size_t i = 0; i < fixture.questions.size(); ++i) {
    const Decision decision = fixture.engine->Ask(fixture.questions[i]);
    ++kinds[static_cast<size_t>(decision.kind)];
    if (i < fixture.source_ids.size() && !fixture.source_ids[i].empty()) {
      ++with_source;
      if (!decision.sources.empty() && decision.sources.front().id == fixture.source_ids[i]) ++hits;
    }
  }
  std::fprintf(stderr,
               "[%s] %zu articles, %zu questions, engine built in %.2f s; decisions: %zu answer, "
               "%zu clarify, %zu handoff",
               name, fixture.engine->knowledge().articles.size(), fixture.questions.size(),
               fixture.build_seconds, kinds[0], kinds[1], kinds[2]);
  if (with_source > 0) {
    std::fprintf(stderr, "; first source is the question's article for %zu of %zu", hits,
                 with_source);
  }
  std::fprintf(stderr, "\n");
}

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

const AskFixture& Demo() {
  static const AskFixture fixture = [] {
    AskFixture f;
    const fs::path root = SourceDir();
    knowledge::LoadReport report = knowledge::LoadKnowledgeBase(root / "demo" / "voorbeeldbank");
    if (!report.ok() || report.knowledge.articles.empty()) {
      f.error = "cannot load " + (root / "demo" / "voorbeeldbank").string() + " (" +
                std::to_string(report.problems.size()) + " problems); set BALIE_SOURCE_DIR";
      return f;
    }
    const Clock::time_point start = Clock::now();
    auto built = Engine::Build(std::move(report.knowledge));
    f.build_seconds = SecondsSince(start);
    if (!built.ok()) {
      f.error = built.status().ToString();
      return f;
    }
    f.engine = std::move(built).value();
    f.questions = AnswerCaseQuestions(root / "tests" / "answer_cases");
    if (f.questions.empty()) f.error = "no questions in " + (root / "tests/answer_cases").string();
    Describe("demo", f);
    return f;
  }();
  return fixture;
}

const model::KnowledgeBase& Generated10k() {
  static const model::KnowledgeBase knowledge = [] {
    const Clock::time_point start = Clock::now();
    model::KnowledgeBase kb = GenerateKnowledgeBase({.articles = kGeneratedArticles});
    std::fprintf(stderr, "[generated] %zu articles generated in %.2f s\n", kb.articles.size(),
                 SecondsSince(start));
    return kb;
  }();
  return knowledge;
}

const AskFixture& Generated10kEngine() {
  static const AskFixture fixture = [] {
    AskFixture f;
    const model::KnowledgeBase& kb = Generated10k();
    const Clock::time_point start = Clock::now();
    auto built = Engine::Build(kb);
    f.build_seconds = SecondsSince(start);
    if (!built.ok()) {
      f.error = built.status().ToString();
      return f;
    }
    f.engine = std::move(built).value();
    for (SyntheticQuestion& q : GenerateQuestions(kb, kGeneratedQuestions, kQuestionSeed)) {
      f.questions.push_back(std::move(q.text));
      f.source_ids.push_back(std::move(q.source_id));
    }
    Describe("generated", f);
    return f;
  }();
  return fixture;
}

// CPU time of the calling thread: what one question costs, whatever else the machine runs.
std::chrono::nanoseconds ThreadCpuTime() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return std::chrono::seconds(now.tv_sec) + std::chrono::nanoseconds(now.tv_nsec);
}

// Durations of one run's asks, reported as nearest-rank percentiles in microseconds.
class Percentiles {
 public:
  explicit Percentiles(size_t expected) {
    samples_.reserve(std::min<size_t>(expected, 10'000'000));
  }
  void Add(std::chrono::nanoseconds elapsed) {
    samples_.push_back(std::chrono::duration<double, std::micro>(elapsed).count());
  }
  // Sets `<prefix>p50_us`, p90, p99 and max. Counters are averaged over threads: each thread
  // reports the percentiles of its own asks.
  void Report(benchmark::State& state, const std::string& prefix) {
    if (samples_.empty()) return;
    std::sort(samples_.begin(), samples_.end());
    auto set = [&](const char* name, double value) {
      state.counters[prefix + name] = benchmark::Counter(value, benchmark::Counter::kAvgThreads);
    };
    set("p50_us", At(0.50));
    set("p90_us", At(0.90));
    set("p99_us", At(0.99));
    set("max_us", samples_.back());
  }

 private:
  double At(double p) const {
    const double rank = std::ceil(p * static_cast<double>(samples_.size()));
    const size_t index = rank < 1 ? 0 : static_cast<size_t>(rank) - 1;
    return samples_[std::min(index, samples_.size() - 1)];
  }
  std::vector<double> samples_;
};

void RunAsks(benchmark::State& state, const AskFixture& fixture) {
  if (!fixture.error.empty()) {
    state.SkipWithError(fixture.error.c_str());
    return;
  }
  const Engine& engine = *fixture.engine;
  const std::vector<std::string>& questions = fixture.questions;
  const auto expected = static_cast<size_t>(state.max_iterations);
  Percentiles wall(expected);
  Percentiles cpu(expected);
  // Threads start at different questions, so that they do not ask the same one at once.
  size_t next = static_cast<size_t>(state.thread_index()) * (questions.size() / 2 + 1);
  for (auto _ : state) {
    const std::string& question = questions[next++ % questions.size()];
    const std::chrono::nanoseconds cpu_start = ThreadCpuTime();
    const Clock::time_point start = Clock::now();
    Decision decision = engine.Ask(question);
    const Clock::time_point end = Clock::now();
    const std::chrono::nanoseconds cpu_end = ThreadCpuTime();
    benchmark::DoNotOptimize(decision);
    wall.Add(end - start);
    cpu.Add(cpu_end - cpu_start);
  }
  wall.Report(state, "");
  cpu.Report(state, "cpu_");
  state.SetItemsProcessed(state.iterations());
}

void BM_AskDemo(benchmark::State& state) { RunAsks(state, Demo()); }
BENCHMARK(BM_AskDemo)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_AskDemo)
    ->Name("BM_AskDemoThreads")
    ->Threads(2)
    ->UseRealTime()
    ->Unit(benchmark::kMicrosecond);

void BM_AskGenerated10k(benchmark::State& state) { RunAsks(state, Generated10kEngine()); }
BENCHMARK(BM_AskGenerated10k)->Unit(benchmark::kMicrosecond);

double MiB(uintmax_t bytes) { return static_cast<double>(bytes) / (1024.0 * 1024.0); }

uintmax_t DirectoryBytes(const fs::path& dir) {
  uintmax_t total = 0;
  std::error_code error;
  for (const auto& entry : fs::recursive_directory_iterator(dir, error)) {
    if (entry.is_regular_file(error)) total += entry.file_size(error);
  }
  return total;
}

// Engine::Build for 10,000 articles: the Xapian index (written to a temporary directory) and the
// lexicon; the classifier is skipped above EngineConfig::classifier_max_classes article groups.
void BM_BuildIndex10k(benchmark::State& state) {
  const model::KnowledgeBase& knowledge = Generated10k();
  std::string pattern = (fs::temp_directory_path() / "balie-bench-index-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    state.SkipWithError("cannot create a temporary directory");
    return;
  }
  const fs::path index_dir = pattern;
  uintmax_t index_bytes = 0;
  for (auto _ : state) {
    state.PauseTiming();
    model::KnowledgeBase copy = knowledge;
    answer::EngineConfig config;
    config.index_dir = index_dir;
    state.ResumeTiming();
    auto built = Engine::Build(std::move(copy), config);
    state.PauseTiming();
    if (!built.ok()) {
      state.SkipWithError(built.status().ToString().c_str());
      break;
    }
    std::unique_ptr<Engine> engine = std::move(built).value();
    index_bytes = DirectoryBytes(index_dir);
    engine.reset();  // closes the index; not part of the build time
    state.ResumeTiming();
  }
  std::error_code ignored;
  fs::remove_all(index_dir, ignored);
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  state.counters["index_MiB"] = MiB(index_bytes);
  state.counters["maxrss_MiB"] = static_cast<double>(usage.ru_maxrss) / 1024.0;
  state.counters["articles"] = static_cast<double>(knowledge.articles.size());
}
BENCHMARK(BM_BuildIndex10k)->Iterations(1)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace balie::bench

BENCHMARK_MAIN();
