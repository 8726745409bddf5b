// balie_load: the load generator for `balie serve` (docs/benchmarks.md, "Server under load").
//
// Opens N customer conversations on a server on this machine (loopback only), holds them, asks
// questions from tests/answer_cases/*.tsv at a fixed total rate, and prints how many
// conversations it held, answers per second and the answer latency (p50/p90/p99/max), with every
// failure counted. Given the server's pid it also samples the server's memory (RSS) and the
// kernel's socket memory before the conversations are opened, while they are held idle and after
// the questions, and the server's CPU time.
//
// The conversations are spread over worker processes (load_worker.h), each on one thread and
// below the per-process file limit; this process coordinates their phases and merges their
// reports. Everything is bounded: opens, replies and closes have timeouts, questions are asked
// for --duration, and --timeout ends the whole run (workers are killed).
//
//   balie_load --port P [--conversations N] [--rate Q] [--duration S] ... [--json FILE]
//   balie_load --summarize FILE...   medians of the figures of several --json files

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <boost/asio/ip/address.hpp>
#include <nlohmann/json.hpp>

#include "load_report.h"
#include "load_worker.h"

namespace balie::bench {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using nlohmann::json;

// Conversations per worker process by default: the machine allows 20,000 open files per
// process, and a worker needs one per conversation and a few of its own.
constexpr size_t kConversationsPerProcess = 15000;
// The server's default frame rate per WebSocket (balie.example.toml, messages_per_second).
constexpr double kServerFramesPerSecond = 5;

// The targets for one server process.
constexpr double kTargetConversations = 15000;
constexpr double kTargetAnswersPerSecond = 1000;
constexpr double kTargetP99Ms = 50;
constexpr double kTargetKibPerConversation = 32;

struct Options {
  std::string host = "127.0.0.1";
  std::vector<int> ports;  // one shared by the server's processes, or one each
  size_t conversations = 100;
  double rate = 10;
  double duration_s = 10;
  double open_rate = 500;
  size_t max_opening = 64;
  size_t processes = 0;  // 0: enough for kConversationsPerProcess each
  size_t sources = 1;
  std::vector<std::string> question_files;
  double reply_timeout_s = 10;
  double open_timeout_s = 10;
  double settle_s = 2;
  double hold_s = 0;
  std::string on_held;
  std::vector<int> server_pids;
  int database_pid = 0;
  double timeout_s = 0;  // 0: worked out from the other options
  std::string json_file;
  bool strict = false;
  std::uint32_t seed = 1;
  std::string language = "nl";
  std::vector<std::string> summarize;
  bool resend = false;
  bool ping = false;
  std::string acknowledged;
};

fs::path SourceDir() {
  if (const char* dir = std::getenv("BALIE_SOURCE_DIR"); dir != nullptr && *dir != '\0') {
    return dir;
  }
  return BALIE_DEFAULT_SOURCE_DIR;
}

// The questions of answer-case files (expected<TAB>question), except the cases that expect a
// hand-off: after one, the bot answers that conversation no more.
std::vector<std::string> ReadQuestions(std::vector<std::string> files, std::string& error) {
  if (files.empty()) {
    const fs::path dir = SourceDir() / "tests" / "answer_cases";
    std::error_code ignored;
    for (const auto& entry : fs::directory_iterator(dir, ignored)) {
      if (entry.path().extension() == ".tsv") {
        files.push_back(entry.path().string());
      }
    }
    std::sort(files.begin(), files.end());
    if (files.empty()) {
      error = "no answer cases in " + dir.string() + " (set BALIE_SOURCE_DIR or use --questions)";
      return {};
    }
  }
  std::vector<std::string> questions;
  for (const std::string& file : files) {
    std::ifstream in(file);
    if (!in) {
      error = "cannot read " + file;
      return {};
    }
    std::string line;
    while (std::getline(in, line)) {
      const size_t tab = line.find('\t');
      if (line.empty() || line[0] == '#' || tab == std::string::npos ||
          line.compare(0, 7, "handoff") == 0) {
        continue;
      }
      questions.push_back(line.substr(tab + 1));
    }
  }
  if (questions.empty()) {
    error = "no questions in the answer-case files";
  }
  return questions;
}

// The targets, judged only for a run at the target load.
void PrintTargets(const std::map<std::string, double>& f) {
  auto figure = [&f](const char* name) {
    const auto found = f.find(name);
    return found == f.end() ? -1.0 : found->second;
  };
  if (figure("conversations_wanted") < kTargetConversations) {
    std::printf("targets        not judged: fewer than %.0f conversations were asked for\n",
                kTargetConversations);
    return;
  }
  auto line = [](const char* what, double value, const char* unit, const char* target, bool met) {
    std::printf("target         %-34s %10.2f %-4s  %-10s %s\n", what, value, unit, target,
                value < 0 ? "not measured"
                : met     ? "met"
                          : "MISSED");
  };
  line("conversations held", figure("conversations_held"), "", ">= 15000",
       figure("conversations_held") >= kTargetConversations);
  line("answers per second", figure("answers_per_second"), "/s", ">= 1000",
       figure("answers_per_second") >= 0.99 * kTargetAnswersPerSecond);
  line("answer latency p99", figure("answer_p99_ms"), "ms", "<= 50",
       figure("answer_p99_ms") <= kTargetP99Ms);
  line("memory per idle conversation", figure("memory_per_conversation_kib"), "KiB", "<= 32",
       figure("memory_per_conversation_kib") <= kTargetKibPerConversation);
}

// One worker process as the coordinator sees it.
struct WorkerProcess {
  pid_t pid = -1;
  int to = -1;    // commands
  int from = -1;  // messages
  std::string input;
  bool ended = false;  // its pipe closed
  std::uint64_t opened = 0;
  std::uint64_t failed = 0;
  bool held = false;
  bool drained = false;
  bool reported = false;
  WorkerReport report;
};

class Coordinator {
 public:
  explicit Coordinator(const Options& options) : options_(options) {}

  int Run() {
    std::string error;
    const std::vector<std::string> questions = ReadQuestions(options_.question_files, error);
    if (questions.empty()) {
      std::cerr << "balie_load: " << error << "\n";
      return 2;
    }
    const size_t processes =
        options_.processes > 0
            ? options_.processes
            : std::max<size_t>(1, (options_.conversations + kConversationsPerProcess - 1) /
                                      kConversationsPerProcess);
    if (options_.rate / static_cast<double>(std::max<size_t>(1, options_.conversations)) >
        kServerFramesPerSecond) {
      std::cerr << "balie_load: warning: " << options_.rate << " questions/s over "
                << options_.conversations << " conversations is more than "
                << kServerFramesPerSecond
                << " per conversation, the server's default limit per WebSocket\n";
    }
    const double timeout =
        options_.timeout_s > 0
            ? options_.timeout_s
            : 2 * static_cast<double>(options_.conversations) / options_.open_rate +
                  options_.open_timeout_s + options_.settle_s + options_.hold_s +
                  options_.duration_s + options_.reply_timeout_s + 120;
    deadline_ = Clock::now() + std::chrono::milliseconds(static_cast<long>(timeout * 1000));

    before_ = SampleServer(options_.server_pids, options_.database_pid, options_.ports);
    std::cerr << "balie_load: " << options_.conversations << " conversations in " << processes
              << " process(es), opening " << options_.open_rate << "/s; then " << options_.rate
              << " questions/s for " << options_.duration_s << " s (hard limit "
              << std::lround(timeout) << " s)\n";
    if (!StartWorkers(processes, questions)) {
      return 1;
    }
    const auto open_began = Clock::now();
    auto next_progress = open_began + std::chrono::seconds(2);
    if (!WaitFor("opening", [&] {
          if (Clock::now() >= next_progress) {
            next_progress += std::chrono::seconds(2);
            std::uint64_t opened = 0;
            std::uint64_t failed = 0;
            for (const WorkerProcess& w : workers_) {
              opened += w.opened;
              failed += w.failed;
            }
            std::cerr << "balie_load: opening: " << opened << " open, " << failed << " failed of "
                      << options_.conversations << "\n";
          }
          return std::all_of(workers_.begin(), workers_.end(),
                             [](const WorkerProcess& w) { return w.held; });
        })) {
      return Abort("opening");
    }
    std::uint64_t opened = 0;
    std::uint64_t failed = 0;
    for (const WorkerProcess& w : workers_) {
      opened += w.opened;
      failed += w.failed;
    }
    std::cerr << "balie_load: " << opened << " conversations open, " << failed << " failed, in "
              << std::chrono::duration<double>(Clock::now() - open_began).count() << " s\n";
    // Let the server finish what the opening left (replays, commits) before it is sampled idle.
    if (!Pause(options_.settle_s)) {
      return Abort("settling");
    }
    held_ = SampleServer(options_.server_pids, options_.database_pid, options_.ports);
    if (!options_.on_held.empty() && !RunHook(opened)) {
      return Abort("--on-held");
    }
    if (!Pause(options_.hold_s)) {
      return Abort("holding");
    }
    start_ = SampleServer(options_.server_pids, options_.database_pid, options_.ports);
    Command("go");
    std::cerr << "balie_load: asking\n";
    if (!WaitFor("asking", [&] {
          return std::all_of(workers_.begin(), workers_.end(),
                             [](const WorkerProcess& w) { return w.drained; });
        })) {
      return Abort("asking");
    }
    after_ = SampleServer(options_.server_pids, options_.database_pid, options_.ports);
    Command("finish");
    if (!WaitFor("closing", [&] {
          return std::all_of(workers_.begin(), workers_.end(),
                             [](const WorkerProcess& w) { return w.reported && w.ended; });
        })) {
      return Abort("closing");
    }
    for (WorkerProcess& w : workers_) {
      int status = 0;
      waitpid(w.pid, &status, 0);
      w.pid = -1;
    }
    WorkerReport merged;
    for (const WorkerProcess& w : workers_) {
      Merge(merged, w.report);
    }
    const auto figures = Figures(merged, before_, held_, start_, after_);
    PrintRun(merged, figures);
    if (!options_.json_file.empty() && !WriteJson(merged, figures, processes)) {
      return 1;
    }
    const bool clean = Total(merged.open_failures) == 0 && Total(merged.closed_by_server) == 0 &&
                       Total(merged.question_errors) == 0 && merged.timeouts == 0 &&
                       merged.skipped == 0 && merged.answered > 0;
    if (options_.strict && !clean) {
      std::cerr << "balie_load: --strict: the run had failures\n";
      return 1;
    }
    return 0;
  }

  ~Coordinator() {
    for (WorkerProcess& w : workers_) {
      if (w.pid > 0) {
        kill(w.pid, SIGKILL);
        waitpid(w.pid, nullptr, 0);
      }
      if (w.to >= 0) close(w.to);
      if (w.from >= 0) close(w.from);
    }
  }

  Coordinator(const Coordinator&) = delete;
  Coordinator& operator=(const Coordinator&) = delete;

 private:
  bool StartWorkers(size_t processes, const std::vector<std::string>& questions) {
    for (size_t k = 0; k < processes; ++k) {
      WorkerOptions worker;
      worker.host = options_.host;
      for (const int port : options_.ports) {
        worker.ports.push_back(static_cast<std::uint16_t>(port));
      }
      worker.index = k;
      worker.conversations =
          options_.conversations / processes + (k < options_.conversations % processes ? 1 : 0);
      const double share = options_.conversations == 0
                               ? 0
                               : static_cast<double>(worker.conversations) /
                                     static_cast<double>(options_.conversations);
      worker.questions_per_second = std::max(1e-3, options_.rate * share);
      worker.opens_per_second = std::max(1e-3, options_.open_rate * share);
      worker.max_opening = options_.max_opening;
      worker.duration = Millis(options_.duration_s);
      worker.reply_timeout = Millis(options_.reply_timeout_s);
      worker.open_timeout = Millis(options_.open_timeout_s);
      for (size_t s = 0; s < options_.sources; ++s) {
        // 127.0.0.1, 127.0.0.2, …: every address of 127.0.0.0/8 is the loopback.
        worker.source_addresses.push_back("127.0.0." + std::to_string(1 + s));
      }
      worker.questions = questions;
      worker.seed = options_.seed + static_cast<std::uint32_t>(k);
      worker.language = options_.language;
      worker.resend = options_.resend;
      worker.ping = options_.ping;
      if (!options_.acknowledged.empty()) {
        worker.acknowledged_file = options_.acknowledged + "." + std::to_string(k);
      }

      int to[2];
      int from[2];
      if (pipe(to) != 0 || pipe(from) != 0) {
        std::perror("balie_load: pipe");
        return false;
      }
      std::cout.flush();
      std::cerr.flush();
      const pid_t pid = fork();
      if (pid < 0) {
        std::perror("balie_load: fork");
        return false;
      }
      if (pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        for (const WorkerProcess& other : workers_) {
          close(other.to);
          close(other.from);
        }
        close(to[1]);
        close(from[0]);
        rlimit files{};
        if (getrlimit(RLIMIT_NOFILE, &files) == 0) {
          files.rlim_cur = files.rlim_max;
          setrlimit(RLIMIT_NOFILE, &files);
        }
        if (files.rlim_cur < worker.conversations + 32) {
          std::cerr << "balie_load: a worker may open only " << files.rlim_cur
                    << " files, too few for " << worker.conversations
                    << " conversations: use more --processes\n";
          _exit(2);
        }
        _exit(RunLoadWorker(worker, to[0], from[1]));
      }
      close(to[0]);
      close(from[1]);
      fcntl(from[0], F_SETFL, O_NONBLOCK);
      WorkerProcess process;
      process.pid = pid;
      process.to = to[1];
      process.from = from[0];
      workers_.push_back(std::move(process));
    }
    return true;
  }

  static std::chrono::milliseconds Millis(double seconds) {
    return std::chrono::milliseconds(static_cast<long>(seconds * 1000));
  }

  void Command(const std::string& command) {
    const std::string line = command + "\n";
    for (const WorkerProcess& w : workers_) {
      if (::write(w.to, line.data(), line.size()) != static_cast<ssize_t>(line.size())) {
        std::cerr << "balie_load: cannot reach worker " << w.pid << "\n";
      }
    }
  }

  // Reads what the workers sent until `done` or the deadline; false when the deadline passed or a
  // worker ended before reporting.
  bool WaitFor(const char* phase, const std::function<bool()>& done) {
    for (;;) {
      if (done()) {
        return true;
      }
      if (Clock::now() >= deadline_) {
        std::cerr << "balie_load: the hard time limit passed while " << phase << "\n";
        return false;
      }
      std::vector<pollfd> fds;
      for (const WorkerProcess& w : workers_) {
        fds.push_back({w.ended ? -1 : w.from, POLLIN, 0});
      }
      poll(fds.data(), fds.size(), 200);
      for (size_t k = 0; k < workers_.size(); ++k) {
        if (fds[k].revents != 0 && !Receive(workers_[k])) {
          std::cerr << "balie_load: worker " << workers_[k].pid << " ended while " << phase << "\n";
          return false;
        }
      }
    }
  }

  // Reads from one worker; false when it ended without a report or sent something unreadable.
  bool Receive(WorkerProcess& w) {
    char chunk[65536];
    for (;;) {
      const ssize_t n = read(w.from, chunk, sizeof chunk);
      if (n > 0) {
        w.input.append(chunk, static_cast<size_t>(n));
        continue;
      }
      if (n == 0) {
        w.ended = true;
      }
      break;
    }
    for (size_t end; (end = w.input.find('\n')) != std::string::npos;) {
      const std::string line = w.input.substr(0, end);
      w.input.erase(0, end + 1);
      const size_t space = line.find(' ');
      const std::string kind = line.substr(0, space);
      const json body =
          space == std::string::npos ? json() : json::parse(line.substr(space + 1), nullptr, false);
      if (kind == "progress" || kind == "held") {
        w.opened = body.value("opened", std::uint64_t{0});
        w.failed = body.value("failed", std::uint64_t{0});
        w.held = w.held || kind == "held";
      } else if (kind == "drained") {
        w.drained = true;
      } else if (kind == "report") {
        auto report = WorkerReportFromJson(body);
        if (!report.ok()) {
          std::cerr << "balie_load: " << report.status().message() << "\n";
          return false;
        }
        w.report = std::move(report).value();
        w.reported = true;
      }
    }
    return !w.ended || w.reported;
  }

  // Waits `seconds` while keeping an eye on the workers; false when one ended.
  bool Pause(double seconds) {
    const auto until = Clock::now() + Millis(seconds);
    return WaitFor("waiting", [&] { return Clock::now() >= until; });
  }

  // Runs --on-held in a shell, with BALIE_LOAD_HELD (and BALIE_LOAD_SERVER_PID) set; false when
  // it failed or ran past the deadline.
  bool RunHook(std::uint64_t held) {
    std::cout.flush();
    const pid_t pid = fork();
    if (pid == 0) {
      setenv("BALIE_LOAD_HELD", std::to_string(held).c_str(), 1);
      if (!options_.server_pids.empty()) {
        std::string pids;
        for (const int server : options_.server_pids) {
          pids += (pids.empty() ? "" : ",") + std::to_string(server);
        }
        setenv("BALIE_LOAD_SERVER_PID", pids.c_str(), 1);
      }
      execl("/bin/sh", "sh", "-c", options_.on_held.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    int status = 0;
    while (waitpid(pid, &status, WNOHANG) == 0) {
      if (Clock::now() >= deadline_) {
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
        return false;
      }
      if (!Pause(0.05)) {
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
        return false;
      }
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      std::cerr << "balie_load: --on-held failed\n";
      return false;
    }
    return true;
  }

  int Abort(const char* phase) {
    std::cerr << "balie_load: stopped while " << phase << "; workers killed, no report\n";
    return 3;
  }

  void PrintRun(WorkerReport& r, const std::map<std::string, double>& f) {
    auto figure = [&f](const char* name) {
      const auto found = f.find(name);
      return found == f.end() ? -1.0 : found->second;
    };
    std::printf("\n== balie_load: %zu conversations, %.0f questions/s for %.0f s ==\n",
                options_.conversations, options_.rate, options_.duration_s);
    std::printf(
        "conversations  held %.0f of %zu (open p50 %.1f ms, p99 %.1f ms, all in %.1f s); "
        "still open at the end %.0f\n",
        figure("conversations_held"), options_.conversations, figure("open_p50_ms"),
        figure("open_p99_ms"), figure("open_seconds"), figure("held_at_end"));
    std::printf("questions      sent %.0f, answered %.0f (%.1f answers/s), hand-offs %.0f\n",
                figure("questions_sent"), figure("answered"), figure("answers_per_second"),
                figure("handoffs"));
    std::printf(
        "answer latency p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms "
        "(receipt p50 %.2f ms, p99 %.2f ms)\n",
        figure("answer_p50_ms"), figure("answer_p90_ms"), figure("answer_p99_ms"),
        figure("answer_max_ms"), figure("receipt_p50_ms"), figure("receipt_p99_ms"));
    std::printf(
        "sender         lag p99 %.2f ms, max %.2f ms; CPU %.1f s, waited for a CPU %.1f s (whole "
        "run)\n",
        figure("send_lag_p99_ms"), figure("send_lag_max_ms"), figure("generator_cpu_seconds"),
        figure("generator_cpu_wait_seconds"));
    std::printf(
        "failures       open %.0f, closed by server %.0f, question errors %.0f, "
        "timeouts %.0f, late replies %.0f, skipped %.0f\n",
        figure("open_failures"), figure("closed_by_server"), figure("question_errors"),
        figure("timeouts"), figure("late_replies"), figure("skipped"));
    if (options_.resend) {
      std::printf(
          "resending      acknowledged %.0f (duplicate receipts %.0f), resent %.0f, streams "
          "opened again %.0f; longest wait for a receipt %.0f ms\n",
          figure("acknowledged"), figure("duplicate_receipts"), figure("resends"),
          figure("reconnects"), figure("receipt_max_ms"));
    }
    for (const auto& [title, counts] : {std::pair{"open failure", &r.open_failures},
                                        std::pair{"closed by server", &r.closed_by_server},
                                        std::pair{"question error", &r.question_errors}}) {
      for (const auto& [what, count] : *counts) {
        std::printf("  %s: %s: %llu\n", title, what.c_str(),
                    static_cast<unsigned long long>(count));
      }
    }
    if (f.contains("server_rss_before_mib")) {
      std::printf(
          "server RSS     before %.1f MiB, %.0f held idle %.1f MiB, after the questions "
          "%.1f MiB: %.2f KiB per conversation\n",
          figure("server_rss_before_mib"), figure("conversations_held"),
          figure("server_rss_held_mib"), figure("server_rss_after_mib"),
          figure("rss_per_conversation_kib"));
    }
    if (f.contains("socket_slab_per_conversation_kib")) {
      std::printf(
          "kernel         socket objects %.2f KiB per conversation (measured; one socket "
          "needs %.2f KiB), buffers %.2f KiB per server socket (%.0f sockets)\n",
          figure("socket_slab_per_conversation_kib"), figure("socket_objects_per_socket_kib"),
          figure("socket_buffers_per_conversation_kib"), figure("server_sockets_held"));
    }
    if (f.contains("memory_per_conversation_kib")) {
      std::printf("memory         %.2f KiB per idle conversation (RSS + kernel)\n",
                  figure("memory_per_conversation_kib"));
    }
    if (f.contains("server_cpu_ms_per_answer")) {
      std::printf(
          "server CPU     %.1f s while asking: %.3f ms per answer; its threads waited "
          "%.1f s for a CPU; load average %.2f\n",
          figure("server_cpu_seconds_questions"), figure("server_cpu_ms_per_answer"),
          figure("server_cpu_wait_seconds_questions"), figure("load_average_after"));
    }
    if (f.contains("database_cpu_ms_per_answer") && f.contains("database_pss_held_mib")) {
      std::printf(
          "database       CPU %.1f s while asking: %.3f ms per answer; memory (PSS) %.1f MiB "
          "held idle, %.1f MiB after the questions\n",
          figure("database_cpu_seconds_questions"), figure("database_cpu_ms_per_answer"),
          figure("database_pss_held_mib"), figure("database_pss_after_mib"));
    }
    PrintTargets(f);
  }

  bool WriteJson(WorkerReport& r, const std::map<std::string, double>& figures, size_t processes) {
    char date[32];
    const std::time_t now = std::time(nullptr);
    std::strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
    const json out = {{"date", date},
                      {"options",
                       {{"conversations", options_.conversations},
                        {"rate", options_.rate},
                        {"duration_s", options_.duration_s},
                        {"open_rate", options_.open_rate},
                        {"processes", processes},
                        {"server_processes", options_.server_pids.size()},
                        {"sources", options_.sources},
                        {"reply_timeout_s", options_.reply_timeout_s},
                        {"language", options_.language}}},
                      {"figures", figures},
                      {"open_failures", r.open_failures},
                      {"closed_by_server", r.closed_by_server},
                      {"question_errors", r.question_errors},
                      {"server",
                       {{"before", ToJson(before_)},
                        {"held", ToJson(held_)},
                        {"start", ToJson(start_)},
                        {"after", ToJson(after_)}}}};
    std::ofstream file(options_.json_file);
    file << out.dump(2) << "\n";
    if (!file) {
      std::cerr << "balie_load: cannot write " << options_.json_file << "\n";
      return false;
    }
    return true;
  }

 private:
  const Options& options_;
  std::vector<WorkerProcess> workers_;
  Clock::time_point deadline_;
  ServerSample before_;
  ServerSample held_;
  ServerSample start_;
  ServerSample after_;
};

// The figures that Summarize prints first, in this order; the others follow by name.
constexpr const char* kLeadingFigures[] = {"conversations_wanted",
                                           "conversations_held",
                                           "answers_per_second",
                                           "answer_p50_ms",
                                           "answer_p90_ms",
                                           "answer_p99_ms",
                                           "answer_max_ms",
                                           "receipt_p50_ms",
                                           "receipt_p99_ms",
                                           "memory_per_conversation_kib",
                                           "rss_per_conversation_kib",
                                           "socket_slab_per_conversation_kib",
                                           "socket_buffers_per_conversation_kib",
                                           "server_rss_before_mib",
                                           "server_rss_held_mib",
                                           "server_rss_after_mib",
                                           "server_cpu_ms_per_answer",
                                           "server_cpu_wait_seconds_questions",
                                           "database_cpu_ms_per_answer",
                                           "database_pss_held_mib",
                                           "generator_cpu_wait_seconds",
                                           "generator_cpu_seconds",
                                           "open_failures",
                                           "closed_by_server",
                                           "question_errors",
                                           "timeouts",
                                           "skipped",
                                           "load_average_held",
                                           "load_average_after"};

// Prints the median (and the range) of every figure over several --json files.
int Summarize(const std::vector<std::string>& files) {
  std::map<std::string, std::vector<double>> values;
  std::vector<std::string> order;
  for (const std::string& file : files) {
    std::ifstream in(file);
    const json run = json::parse(in, nullptr, /*allow_exceptions=*/false);
    if (!run.is_object() || !run.contains("figures") || !run["figures"].is_object()) {
      std::cerr << "balie_load: " << file << " is not a balie_load --json file\n";
      return 2;
    }
    for (const auto& [name, value] : run["figures"].items()) {
      if (!value.is_number()) {
        continue;
      }
      if (!values.contains(name)) {
        order.push_back(name);
      }
      values[name].push_back(value.get<double>());
    }
  }
  std::sort(order.begin(), order.end(), [](const std::string& a, const std::string& b) {
    auto rank = [](const std::string& name) {
      return std::find(std::begin(kLeadingFigures), std::end(kLeadingFigures), name) -
             std::begin(kLeadingFigures);
    };
    return rank(a) != rank(b) ? rank(a) < rank(b) : a < b;
  });
  std::map<std::string, double> medians;
  std::printf("%-40s %12s %12s %12s  runs\n", "figure", "median", "min", "max");
  for (const std::string& name : order) {
    std::vector<double>& v = values[name];
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    const double median = n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    medians[name] = median;
    std::printf("%-40s %12.2f %12.2f %12.2f  %zu\n", name.c_str(), median, v.front(), v.back(), n);
  }
  PrintTargets(medians);
  return 0;
}

}  // namespace
}  // namespace balie::bench

int main(int argc, char** argv) {
  using balie::bench::Options;
  Options options;
  CLI::App app{
      "balie_load: opens conversations on a Balie server on this machine, asks "
      "questions at a fixed rate and measures the replies"};
  app.add_option("--host", options.host, "the server's address; loopback only")
      ->capture_default_str();
  app.add_option("--port", options.ports,
                 "the server's port, or one per server process (several: repeat it or separate "
                 "them by commas; the conversations are spread over them)")
      ->delimiter(',')
      ->check(CLI::Range(1, 65535));
  app.add_option("--conversations,-n", options.conversations, "conversations to open and hold")
      ->capture_default_str();
  app.add_option("--rate,-r", options.rate, "questions per second, in total")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--duration,-d", options.duration_s, "seconds of questions")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--open-rate", options.open_rate, "conversations opened per second, in total")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--max-opening", options.max_opening, "opens in progress at once, per process")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--processes,-p", options.processes,
                 "worker processes (default: one per 15,000 conversations)");
  app.add_option("--sources", options.sources,
                 "bind connections to 127.0.0.1 … 127.0.0.K in turn (more ephemeral ports)")
      ->check(CLI::Range(1, 254))
      ->capture_default_str();
  app.add_option("--questions", options.question_files,
                 "answer-case files (expected<TAB>question; default tests/answer_cases/*.tsv)");
  app.add_option("--reply-timeout", options.reply_timeout_s, "seconds to wait for a reply")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--open-timeout", options.open_timeout_s, "seconds to open one conversation")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--settle", options.settle_s,
                 "seconds between the last open and the idle sample of the server")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  app.add_option("--hold", options.hold_s, "seconds to hold the conversations idle before asking")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  app.add_option("--on-held", options.on_held,
                 "shell command to run while the conversations are held idle (before asking); "
                 "BALIE_LOAD_HELD holds their number, BALIE_LOAD_SERVER_PID the --server-pid "
                 "list (comma-separated, as perf -p takes it)");
  app.add_option("--server-pid", options.server_pids,
                 "the server's process ids (several: repeat it or separate them by commas): sample "
                 "the memory and CPU time of all together")
      ->delimiter(',');
  app.add_option("--database-pid", options.database_pid,
                 "the database's main process (PostgreSQL's postmaster): sample its memory and "
                 "CPU time with its children's");
  app.add_option("--timeout", options.timeout_s,
                 "hard limit for the whole run in seconds (default: from the other options)")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--json", options.json_file, "also write the results to this file");
  app.add_flag("--strict", options.strict,
               "exit 1 when anything failed (open, stream, question, timeout)");
  app.add_option("--seed", options.seed, "seed of the question order")->capture_default_str();
  app.add_option("--language", options.language, "language of the conversations started")
      ->check(CLI::IsMember({"nl", "en"}))
      ->capture_default_str();
  app.add_flag("--resend", options.resend,
               "as a chat client under faults (bench/load.sh --fault): open a stream that ended "
               "again and resend what was not acknowledged, or was refused as unavailable, with "
               "the same client id");
  app.add_flag("--ping", options.ping,
               "send ping frames instead of questions and count each pong as the answer: the "
               "server's cost of the transport alone (no storage, no engine)");
  app.add_option("--acknowledged", options.acknowledged,
                 "write each acknowledged question (conversation id TAB client id) to FILE.K, "
                 "K the worker process, to be looked up in storage");
  app.add_option("--summarize", options.summarize,
                 "print the medians of the figures in these --json files, and exit");
  CLI11_PARSE(app, argc, argv);

  if (!options.summarize.empty()) {
    return balie::bench::Summarize(options.summarize);
  }
  if (options.ports.empty()) {
    std::cerr << "balie_load: --port is required\n";
    return 2;
  }
  boost::system::error_code error;
  const auto address = boost::asio::ip::make_address(options.host, error);
  if (error || !address.is_loopback()) {
    std::cerr << "balie_load: --host must be a loopback address (127.x.x.x or ::1), not '"
              << options.host << "'\n";
    return 2;
  }
  if (options.sources > 1 && !address.is_v4()) {
    std::cerr << "balie_load: --sources needs an IPv4 --host\n";
    return 2;
  }
  signal(SIGPIPE, SIG_IGN);
  balie::bench::Coordinator coordinator(options);
  return coordinator.Run();
}
