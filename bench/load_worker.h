#ifndef BALIE_BENCH_LOAD_WORKER_H_
#define BALIE_BENCH_LOAD_WORKER_H_

// One worker process of the load generator (balie_load). On one thread (Asio, Beast), it opens
// its share of customer conversations the way a chat client does (POST /api/v1/conversations,
// then the WebSocket stream, over one keep-alive connection), holds them, asks questions at a
// fixed rate spread over them, and measures every reply.
//
// The coordinator (load_main.cc) moves the worker through its phases over two pipes, one line
// per message:
//   worker to coordinator: "progress JSON" (while opening), "held JSON" (every conversation is
//     open or failed), "drained" (questions sent, replies in or timed out), "report JSON"
//     (a WorkerReport, last)
//   coordinator to worker: "go" (start asking), "finish" (close the streams and report)
// When the coordinator's pipe closes, the worker stops at once.
//
// Bounded: every open, reply and close has a timeout; questions are asked for `duration` only.
// Each conversation has at most one question outstanding and gets the next one no sooner than
// its reply, so a conversation never exceeds the server's per-connection frame rate as long as
// questions_per_second / conversations stays below it.

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace balie::bench {

struct WorkerOptions {
  std::string host = "127.0.0.1";  // a loopback address (the coordinator checks)
  // The server's ports: one shared by all its processes, or one per process; conversation i of
  // worker k is opened on ports[(k + i) % size], and opened again on the next one.
  std::vector<std::uint16_t> ports;
  size_t index = 0;  // k: this worker's number
  size_t conversations = 0;
  double questions_per_second = 1;
  double opens_per_second = 100;
  size_t max_opening = 64;  // opens in progress at once
  std::chrono::milliseconds duration{10000};
  std::chrono::milliseconds reply_timeout{10000};
  std::chrono::milliseconds open_timeout{10000};
  // Local addresses to bind the connections to, in turn (more source addresses, more ephemeral
  // ports); empty: the kernel's choice.
  std::vector<std::string> source_addresses;
  std::vector<std::string> questions;  // asked in random order
  std::uint32_t seed = 1;
  std::string language = "nl";  // of the conversations started
  // Faults (bench/load.sh --fault): a stream that ends while asking is opened again (on the next
  // port, the same when there is one) and a question not acknowledged, or refused as "unavailable",
  // is sent again with the same client id, as a chat client should.
  bool resend = false;
  // Ping frames instead of questions, each answered by a pong (counted as the answer): what the
  // transport alone costs the server per round trip, without storage or the engine.
  bool ping = false;
  // When set, each acknowledged question is written there ("conversation id TAB client id"), to
  // be looked up in storage after the run.
  std::string acknowledged_file;
};

// Runs the worker until "finish" or until the coordinator's pipe closes. Returns the process's
// exit status: 0 when the report was sent.
int RunLoadWorker(const WorkerOptions& options, int from_coordinator, int to_coordinator);

}  // namespace balie::bench

#endif  // BALIE_BENCH_LOAD_WORKER_H_
