#include "load_report.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string_view>

namespace balie::bench {
namespace {

using nlohmann::json;

json SamplesJson(const std::vector<std::uint32_t>& samples) { return samples; }

base::Status ReadSamples(const json& object, const char* name, std::vector<std::uint32_t>& out) {
  const auto found = object.find(name);
  if (found == object.end() || !found->is_array()) {
    return base::InvalidArgument(std::string("worker report: ") + name + " is missing");
  }
  out.reserve(found->size());
  for (const json& value : *found) {
    if (!value.is_number_unsigned()) {
      return base::InvalidArgument(std::string("worker report: ") + name + " holds a non-number");
    }
    out.push_back(value.get<std::uint32_t>());
  }
  return base::Status::Ok();
}

void AddCounts(FailureCounts& into, const FailureCounts& from) {
  for (const auto& [what, count] : from) {
    into[what] += count;
  }
}

double Millis(std::uint32_t micros) { return micros / 1000.0; }

// The first number after `key` in the file, or -1 ("VmRSS:" in /proc/PID/status).
double NumberAfter(const std::string& path, std::string_view key) {
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    const size_t at = line.find(key);
    if (at != std::string::npos) {
      std::istringstream rest(line.substr(at + key.size()));
      double value = -1;
      if (rest >> value) {
        return value;
      }
    }
  }
  return -1;
}

// The user + system seconds of `pid`; with `ended_children`, also those of its children that
// ended (a database's backends end with their connections and count in their parent).
double CpuSeconds(int pid, bool ended_children = false) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // The command name may hold spaces; the fields after it are counted from its closing ')'.
  const size_t paren = text.rfind(')');
  if (paren == std::string::npos) {
    return -1;
  }
  std::istringstream fields(text.substr(paren + 2));
  std::string field;
  double ticks = 0;
  int found = 0;
  const int last = ended_children ? 17 : 15;            // field 3 is the state; utime 14, stime 15,
  for (int i = 3; fields >> field && i <= last; ++i) {  // cutime 16, cstime 17
    if (i >= 14) {
      ticks += std::stod(field);
      ++found;
    }
  }
  if (found != last - 13) {
    return -1;
  }
  return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

// The processes whose parent is `pid`, from /proc/*/stat.
std::vector<int> ChildrenOf(int pid) {
  std::vector<int> children;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", error)) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) {
      continue;
    }
    std::ifstream in(entry.path() / "stat");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const size_t paren = text.rfind(')');
    if (paren == std::string::npos) {
      continue;
    }
    std::istringstream fields(text.substr(paren + 2));
    std::string state;
    int parent = 0;
    if (fields >> state >> parent && parent == pid) {
      children.push_back(std::stoi(name));
    }
  }
  return children;
}

// The second field of every thread's schedstat: nanoseconds spent waiting on a run queue.
double ThreadsCpuWait(const std::filesystem::path& tasks) {
  std::error_code error;
  double total = 0;
  bool any = false;
  for (const auto& task : std::filesystem::directory_iterator(tasks, error)) {
    std::ifstream in(task.path() / "schedstat");
    double running = 0;
    double waiting = 0;
    if (in >> running >> waiting) {
      total += waiting / 1e9;
      any = true;
    }
  }
  return any ? total : -1;
}

// Every socket of a process has one object in each of these caches (the socket inode holds the
// socket itself; the file and its dentry are the descriptor's; the epoll entry is Asio's).
constexpr std::string_view kSocketCaches[] = {"TCP",  "TCPv6",  "sock_inode_cache",
                                              "filp", "dentry", "eventpoll_epi"};

// Sums the in-use objects of the socket caches (in KiB) and the bytes one object of each takes
// (a slab's pages spread over its objects), from /proc/slabinfo; both -1 when unreadable.
void ReadSocketSlabs(double& in_use_kib, double& per_socket_bytes) {
  std::ifstream in("/proc/slabinfo");
  std::string line;
  double in_use = 0;
  double per_socket = 0;
  bool any = false;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string name;
    double active = 0;
    double total = 0;
    double size = 0;
    double per_slab = 0;
    double pages_per_slab = 0;
    if (!(fields >> name >> active >> total >> size >> per_slab >> pages_per_slab)) {
      continue;
    }
    const bool ipv6 = name == "TCPv6";
    if (std::find(std::begin(kSocketCaches), std::end(kSocketCaches), name) ==
            std::end(kSocketCaches) ||
        per_slab <= 0) {
      continue;
    }
    const double footprint = pages_per_slab * 4096.0 / per_slab;
    in_use += active * footprint / 1024.0;
    if (!ipv6) {  // the server listens on IPv4 here; a socket is in TCP or TCPv6, not both
      per_socket += footprint;
    }
    any = true;
  }
  in_use_kib = any ? in_use : -1;
  per_socket_bytes = any ? per_socket : -1;
}

// Established sockets with a local port of `ports` (the server's ends) and the sum of their
// buffer memory, from `ss -tmn` (skmem: r rmem_alloc, w wmem_queued, f forward_alloc, o optmem,
// bl backlog; t is part of w).
void ReadServerSockets(const std::vector<int>& ports, double& sockets, double& buffer_kib) {
  if (ports.empty()) {
    return;
  }
  std::string filter;
  for (const int port : ports) {
    filter += (filter.empty() ? "sport = :" : " or sport = :") + std::to_string(port);
  }
  const std::string command = "ss -tmnH state established '( " + filter + " )' 2>/dev/null";
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) {
    return;
  }
  std::string output;
  char chunk[65536];
  for (size_t n; (n = fread(chunk, 1, sizeof chunk, pipe)) > 0;) {
    output.append(chunk, n);
  }
  if (pclose(pipe) != 0) {
    return;
  }
  double count = 0;
  double bytes = 0;
  for (size_t at = output.find("skmem:("); at != std::string::npos;
       at = output.find("skmem:(", at + 1)) {
    ++count;
    const size_t end = output.find(')', at);
    std::istringstream fields(output.substr(at + 7, end - at - 7));
    std::string field;
    while (std::getline(fields, field, ',')) {
      const size_t digits = field.find_first_of("0123456789");
      if (digits == std::string::npos) {
        continue;
      }
      const std::string name = field.substr(0, digits);
      if (name == "r" || name == "w" || name == "f" || name == "o" || name == "bl") {
        bytes += std::stod(field.substr(digits));
      }
    }
  }
  sockets = count;
  buffer_kib = bytes / 1024.0;
}

}  // namespace

json ToJson(const WorkerReport& r) {
  return {{"conversations_wanted", r.conversations_wanted},
          {"conversations_opened", r.conversations_opened},
          {"open_failures", r.open_failures},
          {"open_seconds", r.open_seconds},
          {"open_us", SamplesJson(r.open_us)},
          {"held_at_start", r.held_at_start},
          {"held_at_end", r.held_at_end},
          {"closed_by_server", r.closed_by_server},
          {"question_seconds", r.question_seconds},
          {"questions_sent", r.questions_sent},
          {"answered", r.answered},
          {"handoffs", r.handoffs},
          {"timeouts", r.timeouts},
          {"late_replies", r.late_replies},
          {"skipped", r.skipped},
          {"acknowledged", r.acknowledged},
          {"duplicate_receipts", r.duplicate_receipts},
          {"resends", r.resends},
          {"reconnects", r.reconnects},
          {"question_errors", r.question_errors},
          {"receipt_us", SamplesJson(r.receipt_us)},
          {"answer_us", SamplesJson(r.answer_us)},
          {"send_lag_us", SamplesJson(r.send_lag_us)},
          {"cpu_seconds", r.cpu_seconds},
          {"cpu_wait_seconds", r.cpu_wait_seconds}};
}

base::Result<WorkerReport> WorkerReportFromJson(const json& j) {
  if (!j.is_object()) {
    return base::InvalidArgument("worker report: not a JSON object");
  }
  WorkerReport r;
  try {
    r.conversations_wanted = j.at("conversations_wanted").get<std::uint64_t>();
    r.conversations_opened = j.at("conversations_opened").get<std::uint64_t>();
    r.open_failures = j.at("open_failures").get<FailureCounts>();
    r.open_seconds = j.at("open_seconds").get<double>();
    r.held_at_start = j.at("held_at_start").get<std::uint64_t>();
    r.held_at_end = j.at("held_at_end").get<std::uint64_t>();
    r.closed_by_server = j.at("closed_by_server").get<FailureCounts>();
    r.question_seconds = j.at("question_seconds").get<double>();
    r.questions_sent = j.at("questions_sent").get<std::uint64_t>();
    r.answered = j.at("answered").get<std::uint64_t>();
    r.handoffs = j.at("handoffs").get<std::uint64_t>();
    r.timeouts = j.at("timeouts").get<std::uint64_t>();
    r.late_replies = j.at("late_replies").get<std::uint64_t>();
    r.skipped = j.at("skipped").get<std::uint64_t>();
    r.acknowledged = j.value("acknowledged", std::uint64_t{0});
    r.duplicate_receipts = j.value("duplicate_receipts", std::uint64_t{0});
    r.resends = j.value("resends", std::uint64_t{0});
    r.reconnects = j.value("reconnects", std::uint64_t{0});
    r.question_errors = j.at("question_errors").get<FailureCounts>();
    r.cpu_seconds = j.at("cpu_seconds").get<double>();
    r.cpu_wait_seconds = j.at("cpu_wait_seconds").get<double>();
  } catch (const json::exception& error) {
    return base::InvalidArgument(std::string("worker report: ") + error.what());
  }
  for (auto [name, samples] :
       {std::pair{"open_us", &r.open_us}, std::pair{"receipt_us", &r.receipt_us},
        std::pair{"answer_us", &r.answer_us}, std::pair{"send_lag_us", &r.send_lag_us}}) {
    if (base::Status status = ReadSamples(j, name, *samples); !status.ok()) {
      return status;
    }
  }
  return r;
}

void Merge(WorkerReport& into, const WorkerReport& from) {
  into.conversations_wanted += from.conversations_wanted;
  into.conversations_opened += from.conversations_opened;
  AddCounts(into.open_failures, from.open_failures);
  into.open_seconds = std::max(into.open_seconds, from.open_seconds);
  into.open_us.insert(into.open_us.end(), from.open_us.begin(), from.open_us.end());
  into.held_at_start += from.held_at_start;
  into.held_at_end += from.held_at_end;
  AddCounts(into.closed_by_server, from.closed_by_server);
  into.question_seconds = std::max(into.question_seconds, from.question_seconds);
  into.questions_sent += from.questions_sent;
  into.answered += from.answered;
  into.handoffs += from.handoffs;
  into.timeouts += from.timeouts;
  into.late_replies += from.late_replies;
  into.skipped += from.skipped;
  into.acknowledged += from.acknowledged;
  into.duplicate_receipts += from.duplicate_receipts;
  into.resends += from.resends;
  into.reconnects += from.reconnects;
  AddCounts(into.question_errors, from.question_errors);
  into.receipt_us.insert(into.receipt_us.end(), from.receipt_us.begin(), from.receipt_us.end());
  into.answer_us.insert(into.answer_us.end(), from.answer_us.begin(), from.answer_us.end());
  into.send_lag_us.insert(into.send_lag_us.end(), from.send_lag_us.begin(), from.send_lag_us.end());
  into.cpu_seconds += from.cpu_seconds;
  into.cpu_wait_seconds += from.cpu_wait_seconds;
}

std::uint32_t Percentile(std::vector<std::uint32_t>& samples, double p) {
  if (samples.empty()) {
    return 0;
  }
  std::sort(samples.begin(), samples.end());
  const double rank = std::ceil(p / 100.0 * static_cast<double>(samples.size()));
  const size_t index = static_cast<size_t>(std::clamp(rank, 1.0, double(samples.size()))) - 1;
  return samples[index];
}

std::uint64_t Total(const FailureCounts& counts) {
  std::uint64_t total = 0;
  for (const auto& [what, count] : counts) {
    total += count;
  }
  return total;
}

double CpuWaitSeconds(int pid) {
  return ThreadsCpuWait(pid > 0 ? "/proc/" + std::to_string(pid) + "/task" : "/proc/self/task");
}

void SampleDatabase(int postmaster, ServerSample& sample) {
  // Shared buffers are in every backend's RSS: the proportional share (PSS) counts them once.
  double pss = NumberAfter("/proc/" + std::to_string(postmaster) + "/smaps_rollup", "Pss:");
  double cpu = CpuSeconds(postmaster, true);
  if (pss < 0 || cpu < 0) {
    return;
  }
  for (const int child : ChildrenOf(postmaster)) {
    const double child_pss =
        NumberAfter("/proc/" + std::to_string(child) + "/smaps_rollup", "Pss:");
    const double child_cpu = CpuSeconds(child, true);
    pss += std::max(0.0, child_pss);
    cpu += std::max(0.0, child_cpu);
  }
  sample.database_pss_kib = pss;
  sample.database_cpu_seconds = cpu;
}

ServerSample SampleServer(const std::vector<int>& pids, int database_pid,
                          const std::vector<int>& ports) {
  ServerSample sample;
  if (!pids.empty()) {
    sample.rss_kib = 0;
    sample.cpu_seconds = 0;
    sample.cpu_wait_seconds = 0;
    for (const int pid : pids) {
      const double rss = NumberAfter("/proc/" + std::to_string(pid) + "/status", "VmRSS:");
      const double cpu = CpuSeconds(pid);
      const double wait = CpuWaitSeconds(pid);
      if (rss < 0 || cpu < 0 || wait < 0) {  // a process ended: its figures are lost
        sample.rss_kib = sample.cpu_seconds = sample.cpu_wait_seconds = -1;
        break;
      }
      sample.rss_kib += rss;
      sample.cpu_seconds += cpu;
      sample.cpu_wait_seconds += wait;
    }
    ReadServerSockets(ports, sample.server_sockets, sample.server_socket_buffer_kib);
  }
  if (database_pid > 0) {
    SampleDatabase(database_pid, sample);
  }
  const std::string sockstat = "/proc/net/sockstat";
  std::ifstream in(sockstat);
  std::string line;
  while (std::getline(in, line)) {
    if (line.starts_with("TCP:")) {
      const size_t at = line.find(" mem ");
      if (at != std::string::npos) {
        sample.tcp_mem_pages = std::stod(line.substr(at + 5));
      }
    }
  }
  ReadSocketSlabs(sample.socket_slab_kib, sample.socket_object_bytes);
  sample.load_average = NumberAfter("/proc/loadavg", "");
  return sample;
}

json ToJson(const ServerSample& s) {
  return {{"rss_kib", s.rss_kib},
          {"cpu_seconds", s.cpu_seconds},
          {"database_pss_kib", s.database_pss_kib},
          {"database_cpu_seconds", s.database_cpu_seconds},
          {"cpu_wait_seconds", s.cpu_wait_seconds},
          {"tcp_mem_pages", s.tcp_mem_pages},
          {"socket_slab_kib", s.socket_slab_kib},
          {"socket_object_bytes", s.socket_object_bytes},
          {"server_sockets", s.server_sockets},
          {"server_socket_buffer_kib", s.server_socket_buffer_kib},
          {"load_average", s.load_average}};
}

std::map<std::string, double> Figures(WorkerReport& r, const ServerSample& before,
                                      const ServerSample& held, const ServerSample& start,
                                      const ServerSample& after) {
  std::map<std::string, double> f;
  f["conversations_wanted"] = static_cast<double>(r.conversations_wanted);
  f["conversations_held"] = static_cast<double>(r.held_at_start);
  f["held_at_end"] = static_cast<double>(r.held_at_end);
  f["open_failures"] = static_cast<double>(Total(r.open_failures));
  f["closed_by_server"] = static_cast<double>(Total(r.closed_by_server));
  f["open_seconds"] = r.open_seconds;
  f["open_p50_ms"] = Millis(Percentile(r.open_us, 50));
  f["open_p99_ms"] = Millis(Percentile(r.open_us, 99));
  f["question_seconds"] = r.question_seconds;
  f["questions_sent"] = static_cast<double>(r.questions_sent);
  f["answered"] = static_cast<double>(r.answered);
  f["answers_per_second"] =
      r.question_seconds > 0 ? static_cast<double>(r.answered) / r.question_seconds : 0;
  f["answer_p50_ms"] = Millis(Percentile(r.answer_us, 50));
  f["answer_p90_ms"] = Millis(Percentile(r.answer_us, 90));
  f["answer_p99_ms"] = Millis(Percentile(r.answer_us, 99));
  f["answer_max_ms"] = Millis(Percentile(r.answer_us, 100));
  f["receipt_p50_ms"] = Millis(Percentile(r.receipt_us, 50));
  f["receipt_p99_ms"] = Millis(Percentile(r.receipt_us, 99));
  f["receipt_max_ms"] = Millis(Percentile(r.receipt_us, 100));
  f["send_lag_p99_ms"] = Millis(Percentile(r.send_lag_us, 99));
  f["send_lag_max_ms"] = Millis(Percentile(r.send_lag_us, 100));
  f["timeouts"] = static_cast<double>(r.timeouts);
  f["question_errors"] = static_cast<double>(Total(r.question_errors));
  f["handoffs"] = static_cast<double>(r.handoffs);
  f["late_replies"] = static_cast<double>(r.late_replies);
  f["acknowledged"] = static_cast<double>(r.acknowledged);
  f["duplicate_receipts"] = static_cast<double>(r.duplicate_receipts);
  f["resends"] = static_cast<double>(r.resends);
  f["reconnects"] = static_cast<double>(r.reconnects);
  f["skipped"] = static_cast<double>(r.skipped);
  f["generator_cpu_seconds"] = r.cpu_seconds;
  f["generator_cpu_wait_seconds"] = r.cpu_wait_seconds;
  f["load_average_held"] = held.load_average;
  f["load_average_after"] = after.load_average;
  if (before.rss_kib >= 0 && held.rss_kib >= 0 && after.rss_kib >= 0) {
    f["server_rss_before_mib"] = before.rss_kib / 1024;
    f["server_rss_held_mib"] = held.rss_kib / 1024;
    f["server_rss_after_mib"] = after.rss_kib / 1024;
  }
  const double held_count = static_cast<double>(r.held_at_start);
  double per_conversation = 0;
  bool complete = held_count > 0;
  if (held_count > 0 && before.rss_kib >= 0 && held.rss_kib >= 0) {
    f["rss_per_conversation_kib"] = (held.rss_kib - before.rss_kib) / held_count;
    per_conversation += f["rss_per_conversation_kib"];
  } else {
    complete = false;
  }
  // Both ends of every loopback connection are on this machine, with one socket, file, dentry
  // and epoll entry each: half of the growth is the server's.
  if (held_count > 0 && before.socket_slab_kib >= 0 && held.socket_slab_kib >= 0) {
    f["socket_slab_per_conversation_kib"] =
        (held.socket_slab_kib - before.socket_slab_kib) / 2 / held_count;
    f["socket_objects_per_socket_kib"] = held.socket_object_bytes / 1024;
    per_conversation += f["socket_slab_per_conversation_kib"];
  } else {
    complete = false;
  }
  if (held.server_sockets > 0 && held.server_socket_buffer_kib >= 0) {
    f["server_sockets_held"] = held.server_sockets;
    f["socket_buffers_per_conversation_kib"] = held.server_socket_buffer_kib / held.server_sockets;
    per_conversation += f["socket_buffers_per_conversation_kib"];
  } else {
    complete = false;
  }
  if (complete) {
    f["memory_per_conversation_kib"] = per_conversation;
  }
  for (const auto& [name, sample] :
       {std::pair{"before", &before}, std::pair{"held", &held}, std::pair{"after", &after}}) {
    if (sample->tcp_mem_pages >= 0) {
      f[std::string("tcp_mem_pages_") + name] = sample->tcp_mem_pages;
    }
  }
  if (start.cpu_wait_seconds >= 0 && after.cpu_wait_seconds >= 0) {
    f["server_cpu_wait_seconds_questions"] = after.cpu_wait_seconds - start.cpu_wait_seconds;
  }
  if (held.database_pss_kib >= 0 && after.database_pss_kib >= 0) {
    f["database_pss_held_mib"] = held.database_pss_kib / 1024;
    f["database_pss_after_mib"] = after.database_pss_kib / 1024;
  }
  if (start.database_cpu_seconds >= 0 && after.database_cpu_seconds >= 0) {
    f["database_cpu_seconds_questions"] = after.database_cpu_seconds - start.database_cpu_seconds;
    if (r.answered > 0) {
      f["database_cpu_ms_per_answer"] = 1000 *
                                        (after.database_cpu_seconds - start.database_cpu_seconds) /
                                        static_cast<double>(r.answered);
    }
  }
  if (start.cpu_seconds >= 0 && after.cpu_seconds >= 0) {
    f["server_cpu_seconds_questions"] = after.cpu_seconds - start.cpu_seconds;
    if (r.answered > 0) {
      f["server_cpu_ms_per_answer"] =
          1000 * (after.cpu_seconds - start.cpu_seconds) / static_cast<double>(r.answered);
    }
  }
  return f;
}

}  // namespace balie::bench
