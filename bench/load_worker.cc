#include "load_worker.h"

#include <netinet/in.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <deque>
#include <fstream>
#include <memory>
#include <random>
#include <string_view>
#include <utility>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <nlohmann/json.hpp>

#include "load_report.h"

namespace balie::bench {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using ErrorCode = beast::error_code;
using nlohmann::json;

// How often the worker starts due opens and questions and checks reply deadlines.
constexpr auto kTick = std::chrono::milliseconds(2);
constexpr auto kProgressEvery = std::chrono::seconds(1);
constexpr auto kCloseGrace = std::chrono::seconds(5);
constexpr auto kReopenAfter = std::chrono::milliseconds(100);

std::uint32_t Micros(Clock::duration duration) {
  const auto us = std::chrono::duration_cast<std::chrono::microseconds>(duration).count();
  return static_cast<std::uint32_t>(std::clamp<std::int64_t>(us, 0, UINT32_MAX));
}

enum class State {
  kNotStarted,
  kOpening,
  kIdle,     // open, no question outstanding
  kAsking,   // open, a question outstanding
  kRetired,  // open, asks no more: handed off to a person, or its reply timed out
  kEnded,    // the stream has ended
  kFailed,   // could not be opened
};

bool IsOpen(State state) {
  return state == State::kIdle || state == State::kAsking || state == State::kRetired;
}

struct Conversation {
  explicit Conversation(asio::io_context& io)
      : ws(std::make_unique<websocket::stream<beast::tcp_stream>>(io)) {}

  // Replaced when the stream is opened again (WorkerOptions::resend).
  std::unique_ptr<websocket::stream<beast::tcp_stream>> ws;
  beast::flat_buffer buffer;
  // Used while opening only.
  std::unique_ptr<http::request<http::string_body>> post;
  std::unique_ptr<http::response<http::string_body>> started;
  std::unique_ptr<websocket::response_type> upgrade;
  Clock::time_point open_began;

  State state = State::kNotStarted;
  std::uint64_t question = 0;  // the number of the outstanding (or last) question
  Clock::time_point asked_at;  // its scheduled send time
  std::string client_id;
  std::string outgoing;
  bool receipt_seen = false;
  bool writing = false;
  bool closing = false;  // we close it: its end is not a failure
  // For opening the stream again (WorkerOptions::resend): the conversation, its stream's path with
  // the token, the last event received (the replay starts after it), and whether the stream is
  // down now.
  std::string id;
  std::string target;
  size_t server = 0;  // the port it is opened on (Worker::servers_)
  std::int64_t last_seq = 0;
  bool down = false;
};

enum class Phase { kOpening, kHolding, kAsking, kDraining, kDrained, kClosing };

class Worker {
 public:
  Worker(const WorkerOptions& options, int from_coordinator, int to_coordinator)
      : options_(options),
        to_coordinator_(to_coordinator),
        control_(io_, from_coordinator),
        tick_(io_),
        random_(options.seed) {
    report_.conversations_wanted = options.conversations;
    conversations_.reserve(options.conversations);
    for (size_t i = 0; i < options.conversations; ++i) {
      conversations_.push_back(std::make_unique<Conversation>(io_));
    }
    ErrorCode error;
    const asio::ip::address host = asio::ip::make_address(options.host, error);
    for (const std::uint16_t port : options.ports) {
      servers_.push_back({tcp::endpoint(host, port), options.host + ":" + std::to_string(port)});
    }
    for (const std::string& source : options.source_addresses) {
      sources_.push_back(asio::ip::make_address(source, error));
    }
    if (!options.acknowledged_file.empty()) {
      acknowledged_.open(options.acknowledged_file);
    }
  }

  int Run() {
    opening_began_ = Clock::now();
    ReadControl();
    Tick();
    io_.run();
    if (coordinator_gone_) {
      return 1;
    }
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    report_.cpu_seconds =
        static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
        static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
    report_.cpu_wait_seconds = std::max(0.0, CpuWaitSeconds(0));
    return Tell("report", ToJson(report_)) ? 0 : 1;
  }

 private:
  // --- The coordinator ---

  bool Tell(std::string_view kind, const json& body) {
    std::string line(kind);
    if (!body.is_null()) {
      line += ' ';
      line += body.dump();
    }
    line += '\n';
    for (size_t done = 0; done < line.size();) {
      const ssize_t n = ::write(to_coordinator_, line.data() + done, line.size() - done);
      if (n <= 0) {
        return false;
      }
      done += static_cast<size_t>(n);
    }
    return true;
  }

  void ReadControl() {
    asio::async_read_until(control_, asio::dynamic_buffer(control_input_), '\n',
                           [this](ErrorCode error, size_t size) { OnControl(error, size); });
  }

  void OnControl(ErrorCode error, size_t size) {
    if (error) {
      coordinator_gone_ = true;
      io_.stop();
      return;
    }
    const std::string command = control_input_.substr(0, size - 1);
    control_input_.erase(0, size);
    if (command == "go" && phase_ == Phase::kHolding) {
      StartAsking();
    } else if (command == "finish" && phase_ == Phase::kDrained) {
      CloseAll();
    }
    ReadControl();
  }

  // --- The clock of the worker ---

  void Tick() {
    const Clock::time_point now = Clock::now();
    switch (phase_) {
      case Phase::kOpening:
        OpenDue(now);
        break;
      case Phase::kAsking:
        RetryDue(now);
        AskDue(now);
        ExpireReplies(now, /*all=*/false);
        if (now >= questions_end_) {
          phase_ = Phase::kDraining;
          drain_deadline_ = now + options_.reply_timeout;
        }
        break;
      case Phase::kDraining:
        RetryDue(now);
        ExpireReplies(now, /*all=*/now >= drain_deadline_);
        if (outstanding_.empty()) {
          phase_ = Phase::kDrained;
          Tell("drained", nullptr);
        }
        break;
      case Phase::kHolding:
      case Phase::kDrained:
        break;
      case Phase::kClosing:
        if (closing_ == 0 || now >= close_deadline_) {
          io_.stop();
          return;
        }
        break;
    }
    // While asking, wake for the next scheduled question rather than a tick later.
    Clock::time_point next = now + kTick;
    if (phase_ == Phase::kAsking) {
      next = std::max(now, std::min(next, Scheduled(scheduled_)));
    }
    tick_.expires_at(next);
    tick_.async_wait([this](ErrorCode error) {
      if (!error) {
        Tick();
      }
    });
  }

  // --- Opening ---

  void OpenDue(Clock::time_point now) {
    const double elapsed = std::chrono::duration<double>(now - opening_began_).count();
    const size_t due = std::min(conversations_.size(),
                                static_cast<size_t>(elapsed * options_.opens_per_second) + 1);
    while (next_open_ < due && opening_ < options_.max_opening) {
      StartOpen(next_open_++);
    }
    if (now >= next_progress_) {
      next_progress_ = now + kProgressEvery;
      Tell("progress",
           {{"opened", report_.conversations_opened}, {"failed", Total(report_.open_failures)}});
    }
    if (opens_ended_ == conversations_.size()) {
      report_.open_seconds =
          std::chrono::duration<double>(last_open_ended_ - opening_began_).count();
      phase_ = Phase::kHolding;
      Tell("held", {{"opened", report_.conversations_opened},
                    {"held", OpenCount()},
                    {"failed", Total(report_.open_failures)}});
    }
  }

  void StartOpen(size_t i) {
    Conversation& c = *conversations_[i];
    c.state = State::kOpening;
    c.open_began = Clock::now();
    ++opening_;
    beast::tcp_stream& stream = beast::get_lowest_layer(*c.ws);
    if (const std::string failed = BindSource(stream, i); !failed.empty()) {
      return FailOpen(i, failed);
    }
    stream.expires_after(options_.open_timeout);
    c.server = (options_.index + i) % servers_.size();
    stream.async_connect(servers_[c.server].endpoint,
                         [this, i](ErrorCode error) { OnConnected(i, error); });
  }

  // Binds `stream` to conversation `i`'s source address, if there are several; says why not.
  std::string BindSource(beast::tcp_stream& stream, size_t i) {
    if (sources_.empty()) {
      return "";
    }
    const asio::ip::address& source = sources_[i % sources_.size()];
    ErrorCode error;
    stream.socket().open(source.is_v4() ? tcp::v4() : tcp::v6(), error);
    if (!error) {
      // Choose the port at connect time, per destination, not at bind time.
      const int one = 1;
      ::setsockopt(stream.socket().native_handle(), IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one,
                   sizeof one);
      stream.socket().bind(tcp::endpoint(source, 0), error);
    }
    return error ? "bind " + source.to_string() + ": " + error.message() : "";
  }

  // The stream's own timeouts, from the upgrade on.
  void PrepareUpgrade(Conversation& c) const {
    beast::get_lowest_layer(*c.ws).expires_never();
    websocket::stream_base::timeout timeout{};
    timeout.handshake_timeout = options_.open_timeout;
    timeout.idle_timeout = websocket::stream_base::none();
    timeout.keep_alive_pings = false;
    c.ws->set_option(timeout);
    c.upgrade = std::make_unique<websocket::response_type>();
  }

  void OnConnected(size_t i, ErrorCode error) {
    if (error) {
      return FailOpen(i, "connect: " + error.message());
    }
    Conversation& c = *conversations_[i];
    c.post = std::make_unique<http::request<http::string_body>>(http::verb::post,
                                                                "/api/v1/conversations", 11);
    c.post->set(http::field::host, servers_[c.server].host_header);
    c.post->set(http::field::content_type, "application/json");
    c.post->keep_alive(true);
    c.post->body() = json{{"language", options_.language}}.dump();
    c.post->prepare_payload();
    http::async_write(beast::get_lowest_layer(*c.ws), *c.post,
                      [this, i](ErrorCode e, size_t) { OnPosted(i, e); });
  }

  void OnPosted(size_t i, ErrorCode error) {
    if (error) {
      return FailOpen(i, "POST: " + error.message());
    }
    Conversation& c = *conversations_[i];
    c.started = std::make_unique<http::response<http::string_body>>();
    http::async_read(beast::get_lowest_layer(*c.ws), c.buffer, *c.started,
                     [this, i](ErrorCode e, size_t) { OnStarted(i, e); });
  }

  void OnStarted(size_t i, ErrorCode error) {
    if (error) {
      return FailOpen(i, "POST: " + error.message());
    }
    Conversation& c = *conversations_[i];
    if (c.started->result_int() != 201) {
      return FailOpen(i, "POST: HTTP " + std::to_string(c.started->result_int()));
    }
    const json body = json::parse(c.started->body(), nullptr, /*allow_exceptions=*/false);
    if (!body.is_object() || !body.contains("stream") || !body.contains("token") ||
        !body["stream"].is_string() || !body["token"].is_string()) {
      return FailOpen(i, "POST: the answer has no stream or token");
    }
    const std::string target =
        body["stream"].get<std::string>() + "?token=" + body["token"].get<std::string>();
    c.id = body.value("id", "");
    c.target = target;
    c.post.reset();
    c.started.reset();
    PrepareUpgrade(c);
    c.ws->async_handshake(*c.upgrade, servers_[c.server].host_header, target,
                          [this, i](ErrorCode e) { OnUpgraded(i, e); });
  }

  void OnUpgraded(size_t i, ErrorCode error) {
    Conversation& c = *conversations_[i];
    if (error) {
      const unsigned status = c.upgrade->result_int();
      return FailOpen(i, status != 0 && status != 101 ? "upgrade: HTTP " + std::to_string(status)
                                                      : "upgrade: " + error.message());
    }
    c.upgrade.reset();
    c.state = State::kIdle;
    ++report_.conversations_opened;
    report_.open_us.push_back(Micros(Clock::now() - c.open_began));
    EndOpen();
    ReadNext(i);
  }

  void FailOpen(size_t i, const std::string& what) {
    Conversation& c = *conversations_[i];
    c.state = State::kFailed;
    c.post.reset();
    c.started.reset();
    c.upgrade.reset();
    ErrorCode ignored;
    beast::get_lowest_layer(*c.ws).socket().close(ignored);
    ++report_.open_failures[what];
    EndOpen();
  }

  void EndOpen() {
    --opening_;
    ++opens_ended_;
    last_open_ended_ = Clock::now();
  }

  size_t OpenCount() const {
    size_t open = 0;
    for (const auto& c : conversations_) {
      open += IsOpen(c->state) ? 1U : 0U;
    }
    return open;
  }

  // --- The stream ---

  void ReadNext(size_t i) {
    conversations_[i]->ws->async_read(conversations_[i]->buffer,
                                      [this, i](ErrorCode error, size_t) { OnFrame(i, error); });
  }

  void OnFrame(size_t i, ErrorCode error) {
    Conversation& c = *conversations_[i];
    if (error) {
      return OnStreamEnded(i, error);
    }
    const auto data = c.buffer.cdata();
    Handle(i, std::string_view(static_cast<const char*>(data.data()), data.size()));
    c.buffer.consume(c.buffer.size());
    ReadNext(i);
  }

  void OnStreamEnded(size_t i, ErrorCode error) {
    Conversation& c = *conversations_[i];
    if (c.closing) {
      if (c.state != State::kEnded) {
        c.state = State::kEnded;
        --closing_;
      }
      return;
    }
    const bool reopen = options_.resend && (phase_ == Phase::kAsking || phase_ == Phase::kDraining);
    if (c.state == State::kAsking && !reopen) {
      ++report_.question_errors["stream ended"];
    }
    std::string reason = error.message();
    if (error == websocket::error::closed) {
      reason = "close frame " + std::to_string(static_cast<unsigned>(c.ws->reason().code));
      if (!c.ws->reason().reason.empty()) {
        reason += " (" + std::string(c.ws->reason().reason.c_str()) + ")";
      }
    }
    ++report_.closed_by_server[reason];
    if (reopen) {
      // Opened again (to the same port: with SO_REUSEPORT another process), and what was not
      // acknowledged is sent again with the same client id.
      c.down = true;
      retries_.push_back({Clock::now() + kReopenAfter, i});
      return;
    }
    c.state = State::kEnded;
  }

  void Handle(size_t i, std::string_view text) {
    Conversation& c = *conversations_[i];
    const json frame = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (!frame.is_object()) {
      ++report_.question_errors["a frame that is not a JSON object"];
      return;
    }
    const std::string type = frame.value("type", "");
    if (type == "event") {
      const auto event = frame.find("event");
      if (event != frame.end() && event->is_object()) {
        c.last_seq = std::max(c.last_seq, event->value("seq", std::int64_t{0}));
      }
      if (event != frame.end() && event->is_object() && event->value("kind", "") == "bot_reply") {
        OnBotReply(c, *event);
      }
    } else if (type == "pong") {
      OnPong(c);
    } else if (type == "receipt") {
      // By client id, whatever the state: after a resend the bot's reply (replayed) may come
      // before the receipt.
      if (!c.receipt_seen && !c.client_id.empty() && frame.value("client_id", "") == c.client_id) {
        c.receipt_seen = true;
        report_.receipt_us.push_back(Micros(Clock::now() - c.asked_at));
        ++report_.acknowledged;
        report_.duplicate_receipts += frame.value("duplicate", false) ? 1U : 0U;
        if (acknowledged_) {
          acknowledged_ << c.id << '\t' << c.client_id << '\n';
        }
      }
    } else if (type == "error") {
      const std::string code = frame.value("code", "unknown");
      if (c.state == State::kAsking && frame.value("client_id", "") == c.client_id &&
          options_.resend && code == "unavailable") {
        ++report_.question_errors["unavailable, resent"];
        retries_.push_back(
            {Clock::now() + std::chrono::milliseconds(frame.value("retry_after_ms", 200)), i});
      } else if (c.state == State::kAsking && frame.value("client_id", "") == c.client_id) {
        ++report_.question_errors[code];
        c.state = State::kIdle;  // refused: the question is counted as failed, not retried
      } else {
        ++report_.question_errors["unasked " + code];
      }
    } else if (type == "status") {
      if (frame.value("state", "bot") != "bot" && c.state == State::kIdle) {
        c.state = State::kRetired;
      }
    }
  }

  void OnPong(Conversation& c) {
    if (!options_.ping || c.state != State::kAsking) {
      ++report_.late_replies;
      return;
    }
    ++report_.answered;
    report_.answer_us.push_back(Micros(Clock::now() - c.asked_at));
    c.state = State::kIdle;
  }

  void OnBotReply(Conversation& c, const json& event) {
    if (c.state != State::kAsking) {
      ++report_.late_replies;
      return;
    }
    ++report_.answered;
    report_.answer_us.push_back(Micros(Clock::now() - c.asked_at));
    if (event.value("decision", "") == "handoff") {
      // A person takes over: the bot answers this conversation no more.
      ++report_.handoffs;
      c.state = State::kRetired;
    } else {
      c.state = State::kIdle;
    }
  }

  // --- Questions ---

  void StartAsking() {
    phase_ = Phase::kAsking;
    report_.held_at_start = OpenCount();
    questions_begin_ = Clock::now();
    questions_end_ = questions_begin_ + options_.duration;
    report_.question_seconds = std::chrono::duration<double>(options_.duration).count();
  }

  void AskDue(Clock::time_point now) {
    for (;;) {
      const Clock::time_point scheduled = Scheduled(scheduled_);
      if (scheduled > now || scheduled >= questions_end_) {
        return;
      }
      ++scheduled_;
      const std::optional<size_t> free = NextFree();
      if (!free) {
        ++report_.skipped;
        continue;
      }
      Ask(*free, scheduled, now);
    }
  }

  // When question number `k` (from 0) is due.
  Clock::time_point Scheduled(std::uint64_t k) const {
    return questions_begin_ +
           std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(
               static_cast<double>(k) / options_.questions_per_second));
  }

  // The next conversation, in turn, that is open and has no question outstanding.
  std::optional<size_t> NextFree() {
    for (size_t tried = 0; tried < conversations_.size(); ++tried) {
      const size_t i = cursor_;
      cursor_ = (cursor_ + 1) % conversations_.size();
      const Conversation& c = *conversations_[i];
      if (c.state == State::kIdle && !c.writing && !c.down) {
        return i;
      }
    }
    return std::nullopt;
  }

  void Ask(size_t i, Clock::time_point scheduled, Clock::time_point now) {
    Conversation& c = *conversations_[i];
    c.question = ++report_.questions_sent;
    c.client_id = "q" + std::to_string(c.question);
    c.asked_at = scheduled;
    c.receipt_seen = false;
    c.state = State::kAsking;
    std::uniform_int_distribution<size_t> pick(0, options_.questions.size() - 1);
    c.outgoing = options_.ping ? json{{"type", "ping"}}.dump()
                               : json{{"type", "message"},
                                      {"client_id", c.client_id},
                                      {"text", options_.questions[pick(random_)]}}
                                     .dump();
    report_.send_lag_us.push_back(Micros(now - scheduled));
    outstanding_.push_back({i, c.question});
    Write(i);
  }

  void Write(size_t i) {
    Conversation& c = *conversations_[i];
    c.writing = true;
    c.ws->text(true);
    c.ws->async_write(asio::buffer(c.outgoing), [this, i](ErrorCode error, size_t) {
      Conversation& written = *conversations_[i];
      written.writing = false;
      // With resend, the read ends too, and the stream is opened again.
      if (error && written.state == State::kAsking && !options_.resend) {
        ++report_.question_errors["send: " + error.message()];
        written.state = State::kRetired;
      }
    });
  }

  // --- Faults (WorkerOptions::resend) ---

  // Opens the streams that ended again and resends what was refused, when due.
  void RetryDue(Clock::time_point now) {
    std::vector<Retry> later;
    for (const Retry& retry : retries_) {
      Conversation& c = *conversations_[retry.conversation];
      if (retry.at > now || c.writing) {
        later.push_back(retry.at > now ? retry : Retry{now + kReopenAfter, retry.conversation});
      } else if (c.down) {
        Reopen(retry.conversation);
      } else if (c.state == State::kAsking && !c.receipt_seen) {
        ++report_.resends;
        Write(retry.conversation);
      }
    }
    retries_ = std::move(later);
  }

  void Reopen(size_t i) {
    Conversation& c = *conversations_[i];
    c.ws = std::make_unique<websocket::stream<beast::tcp_stream>>(io_);
    beast::tcp_stream& stream = beast::get_lowest_layer(*c.ws);
    (void)BindSource(stream, i);  // a failure shows as one of the connection
    stream.expires_after(options_.open_timeout);
    // The next server: with a port per process, the one it was on may be gone.
    c.server = (c.server + 1) % servers_.size();
    stream.async_connect(servers_[c.server].endpoint,
                         [this, i](ErrorCode error) { OnReconnected(i, error); });
  }

  void OnReconnected(size_t i, ErrorCode error) {
    if (error) {
      retries_.push_back({Clock::now() + kReopenAfter, i});
      return;
    }
    Conversation& c = *conversations_[i];
    PrepareUpgrade(c);
    c.ws->async_handshake(*c.upgrade, servers_[c.server].host_header,
                          c.target + "&after=" + std::to_string(c.last_seq),
                          [this, i](ErrorCode e) { OnReupgraded(i, e); });
  }

  void OnReupgraded(size_t i, ErrorCode error) {
    Conversation& c = *conversations_[i];
    c.upgrade.reset();
    if (error) {
      retries_.push_back({Clock::now() + kReopenAfter, i});
      return;
    }
    c.down = false;
    ++report_.reconnects;
    ReadNext(i);
    if (c.state == State::kAsking && !c.receipt_seen) {
      ++report_.resends;
      Write(i);
    }
  }

  // Drops the questions answered or failed from the front of `outstanding_`, and counts those
  // older than the reply timeout (or every one, when `all`) as timed out.
  void ExpireReplies(Clock::time_point now, bool all) {
    while (!outstanding_.empty()) {
      const Pending& front = outstanding_.front();
      Conversation& c = *conversations_[front.conversation];
      if (c.state == State::kAsking && c.question == front.question) {
        if (!all && now - c.asked_at < options_.reply_timeout) {
          return;
        }
        ++report_.timeouts;
        c.state = State::kRetired;  // a late reply must not be taken for the next question's
      }
      outstanding_.pop_front();
    }
  }

  // --- The end ---

  void CloseAll() {
    phase_ = Phase::kClosing;
    report_.held_at_end = OpenCount();
    close_deadline_ = Clock::now() + kCloseGrace;
    for (auto& owned : conversations_) {
      Conversation& c = *owned;
      if (!IsOpen(c.state)) {
        continue;
      }
      c.closing = true;
      ++closing_;
      websocket::stream_base::timeout timeout{};
      timeout.handshake_timeout = kCloseGrace;
      timeout.idle_timeout = websocket::stream_base::none();
      c.ws->set_option(timeout);
      if (c.writing) {
        ErrorCode ignored;
        beast::get_lowest_layer(*c.ws).socket().close(ignored);
        continue;
      }
      // The pending read ends when the server's close frame comes, and counts the stream down.
      c.ws->async_close(websocket::close_code::normal, [](ErrorCode) {});
    }
  }

  struct Pending {
    size_t conversation;
    std::uint64_t question;
  };
  struct Retry {
    Clock::time_point at;
    size_t conversation;
  };

  const WorkerOptions& options_;
  const int to_coordinator_;
  asio::io_context io_{1};
  asio::posix::stream_descriptor control_;
  std::string control_input_;
  bool coordinator_gone_ = false;
  asio::steady_timer tick_;
  std::mt19937 random_;
  struct Server {
    tcp::endpoint endpoint;
    std::string host_header;
  };
  std::vector<Server> servers_;  // one per port
  std::vector<asio::ip::address> sources_;
  std::vector<std::unique_ptr<Conversation>> conversations_;
  WorkerReport report_;
  Phase phase_ = Phase::kOpening;

  Clock::time_point opening_began_;
  Clock::time_point last_open_ended_;
  Clock::time_point next_progress_;
  size_t next_open_ = 0;
  size_t opening_ = 0;
  size_t opens_ended_ = 0;

  Clock::time_point questions_begin_;
  Clock::time_point questions_end_;
  Clock::time_point drain_deadline_;
  std::uint64_t scheduled_ = 0;
  size_t cursor_ = 0;
  std::deque<Pending> outstanding_;
  std::vector<Retry> retries_;  // streams to open again, questions to resend
  std::ofstream acknowledged_;  // WorkerOptions::acknowledged_file

  Clock::time_point close_deadline_;
  size_t closing_ = 0;
};

}  // namespace

int RunLoadWorker(const WorkerOptions& options, int from_coordinator, int to_coordinator) {
  Worker worker(options, from_coordinator, to_coordinator);
  return worker.Run();
}

}  // namespace balie::bench
