#ifndef BALIE_BENCH_LOAD_REPORT_H_
#define BALIE_BENCH_LOAD_REPORT_H_

// What the load generator (balie_load) measured. Each worker process fills a WorkerReport and
// sends it to the coordinating process as one line of JSON; the coordinator merges them, adds
// what it sampled of the server (ServerSample) and derives the figures of the summary. Plain
// values; not thread-safe.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/status.h"

namespace balie::bench {

// Failures by what went wrong ("connect: Connection refused", "POST: HTTP 429", "rate_limited").
using FailureCounts = std::map<std::string, std::uint64_t>;

struct WorkerReport {
  // Opening: connect, POST /api/v1/conversations, upgrade to the stream.
  std::uint64_t conversations_wanted = 0;
  std::uint64_t conversations_opened = 0;
  FailureCounts open_failures;
  double open_seconds = 0;             // from the first open started to the last one ended
  std::vector<std::uint32_t> open_us;  // per opened conversation, start to upgraded

  std::uint64_t held_at_start = 0;  // streams open when the questions began
  std::uint64_t held_at_end = 0;    // streams open after the last reply (before closing them)
  FailureCounts closed_by_server;   // streams that ended during the run, by reason

  // Questions.
  double question_seconds = 0;  // the sending window
  std::uint64_t questions_sent = 0;
  std::uint64_t answered = 0;  // a bot_reply event came
  std::uint64_t handoffs = 0;  // answered with a hand-off: the conversation asks no more
  std::uint64_t timeouts = 0;  // no reply within the reply timeout
  std::uint64_t late_replies = 0;
  std::uint64_t skipped = 0;  // due while no conversation was free to ask (not sent)
  // With resend (faults): receipts (one per question), those of them that said `duplicate` (a
  // resend of something stored before), questions sent again, streams opened again.
  std::uint64_t acknowledged = 0;
  std::uint64_t duplicate_receipts = 0;
  std::uint64_t resends = 0;
  std::uint64_t reconnects = 0;
  FailureCounts question_errors;  // error frames by code, lost connections
  // Per answered question, from its scheduled send time (so that a late sender does not hide
  // delay) to the receipt and to the bot_reply event.
  std::vector<std::uint32_t> receipt_us;
  std::vector<std::uint32_t> answer_us;
  // Per question sent: how late the sender was against its schedule.
  std::vector<std::uint32_t> send_lag_us;
  double cpu_seconds = 0;  // the worker's own CPU time (user + system)
  // How long the worker was ready to run but waited for a CPU (/proc/self/task/*/schedstat).
  double cpu_wait_seconds = 0;
};

nlohmann::json ToJson(const WorkerReport& report);
[[nodiscard]] base::Result<WorkerReport> WorkerReportFromJson(const nlohmann::json& json);
// Adds `from` to `into`: counts add, samples join, times take the longest.
void Merge(WorkerReport& into, const WorkerReport& from);

// The nearest-rank percentile (0 < p <= 100) of `samples`, which it sorts; 0 when empty.
std::uint32_t Percentile(std::vector<std::uint32_t>& samples, double p);
std::uint64_t Total(const FailureCounts& counts);

// What the coordinator read about the server process and the machine at one moment. A field
// that could not be read is -1.
struct ServerSample {
  // Of all the server's processes together:
  double rss_kib = -1;      // VmRSS
  double cpu_seconds = -1;  // user + system time so far
  // How long the server's threads were ready to run but waited for a CPU, so far (the sum of
  // /proc/PID/task/*/schedstat): time lost to other work on the machine.
  double cpu_wait_seconds = -1;
  double tcp_mem_pages = -1;  // /proc/net/sockstat "TCP: mem": buffer pages of all TCP sockets
  // /proc/slabinfo (root only): the kernel objects of every socket and its file (TCP socket,
  // socket inode, file, dentry, epoll entry), in use now, and what one socket needs of them.
  double socket_slab_kib = -1;
  double socket_object_bytes = -1;
  double server_sockets = -1;            // established TCP sockets on the server's port (ss)
  double server_socket_buffer_kib = -1;  // their buffers (ss skmem: r + w + f + o + bl)
  double load_average = -1;              // /proc/loadavg, 1 minute
  // The database's processes (PostgreSQL's postmaster and its children), when given: their
  // proportional memory (Pss; shared buffers counted once) and their CPU time so far, that of
  // backends that ended included.
  double database_pss_kib = -1;
  double database_cpu_seconds = -1;
};

// The time the threads of process `pid` (0: this one) waited for a CPU, from schedstat; -1 when
// unreadable.
double CpuWaitSeconds(int pid);

// Samples the server's processes `pids` listening on `ports` (none: only the machine-wide
// figures), and the database whose main process is `database_pid` (0: none).
ServerSample SampleServer(const std::vector<int>& pids, int database_pid,
                          const std::vector<int>& ports);
nlohmann::json ToJson(const ServerSample& sample);

// The figures of one run, by name (e.g. "answer_p99_ms"), derived from the merged report and the
// server samples: before the conversations were opened, while they were held idle, when the
// questions started and after the last reply. Figures that need what could not be sampled (no
// server pid, no /proc/slabinfo) are left out.
std::map<std::string, double> Figures(WorkerReport& merged, const ServerSample& before,
                                      const ServerSample& held, const ServerSample& start,
                                      const ServerSample& after);

}  // namespace balie::bench

#endif  // BALIE_BENCH_LOAD_REPORT_H_
