#ifndef BALIE_TESTS_SUPPORT_SERVER_PROCESS_H_
#define BALIE_TESTS_SUPPORT_SERVER_PROCESS_H_

// The real `balie serve` as a child process, for integration tests: started on a free port of
// 127.0.0.1 with a data directory of the test's, ready once it has printed where it listens.
// Test-only; not thread-safe.

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace balie::testing {

// The source tree: BALIE_SOURCE_DIR, or the one the test was built from.
inline std::filesystem::path SourceDir() {
  const char* dir = std::getenv("BALIE_SOURCE_DIR");
  return dir != nullptr ? dir : BALIE_SOURCE_DIR_DEFAULT;
}

// The `balie` to test: BALIE_TEST_BINARY (another build, e.g. an older one to see a test fail
// there, or the AddressSanitizer build), or the test's own build's.
inline std::string BalieBinary() {
  const char* binary = std::getenv("BALIE_TEST_BINARY");
  return binary != nullptr && *binary != '\0' ? binary : BALIE_BINARY;
}

class ServerProcess {
 public:
  // Starts `binary serve ARGS --listen 127.0.0.1:0` and waits (up to 60 s) until it listens.
  // ok() says whether it did; output() holds what it printed.
  ServerProcess(const std::string& binary, std::vector<std::string> args) {
    args.insert(args.begin(), {binary, "serve"});
    args.insert(args.end(), {"--listen", "127.0.0.1:0"});
    int out[2];
    if (pipe(out) != 0) return;
    pid_ = fork();
    if (pid_ == 0) {
      dup2(out[1], STDOUT_FILENO);
      dup2(out[1], STDERR_FILENO);
      close(out[0]);
      close(out[1]);
      std::vector<char*> argv;
      for (auto& arg : args) argv.push_back(arg.data());
      argv.push_back(nullptr);
      execv(binary.c_str(), argv.data());
      _exit(127);
    }
    close(out[1]);
    out_ = out[0];
    fcntl(out_, F_SETFL, O_NONBLOCK);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::chrono::steady_clock::now() < deadline && port_ == 0 && Running()) {
      Drain();
      const size_t at = output_.find("listening on http://127.0.0.1:");
      if (at != std::string::npos) {
        port_ = static_cast<std::uint16_t>(std::stoi(output_.substr(at + 30)));
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }

  ~ServerProcess() {
    if (Running()) {
      Signal(SIGKILL);
      Wait();
    }
    if (out_ >= 0) close(out_);
  }

  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  bool ok() const { return port_ != 0; }
  std::uint16_t port() const { return port_; }
  pid_t pid() const { return pid_; }
  const std::string& output() {
    Drain();
    return output_;
  }

  // Whether the server has written `text` (to stdout or stderr) within `timeout`.
  bool WaitForOutput(std::string_view text,
                     std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      Drain();
      if (output_.find(text) != std::string::npos) return true;
      if (std::chrono::steady_clock::now() >= deadline || !Running()) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }

  void Signal(int signal) {
    if (pid_ > 0) kill(pid_, signal);
  }

  // Waits for the process to end (up to `timeout`) and returns its exit status (128 + signal
  // when killed), or nullopt if it is still running.
  std::optional<int> Wait(std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (pid_ > 0) {
      int status = 0;
      const pid_t done = waitpid(pid_, &status, WNOHANG);
      if (done == pid_) {
        pid_ = -1;
        Drain();
        exit_status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        break;
      }
      if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return exit_status_;
  }

 private:
  bool Running() {
    if (pid_ <= 0) return false;
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      exit_status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      return false;
    }
    return true;
  }

  void Drain() {
    char buffer[4096];
    for (;;) {
      const ssize_t n = read(out_, buffer, sizeof buffer);
      if (n <= 0) break;
      output_.append(buffer, static_cast<size_t>(n));
    }
  }

  pid_t pid_ = -1;
  int out_ = -1;
  std::uint16_t port_ = 0;
  std::string output_;
  std::optional<int> exit_status_;
};

// Runs `binary ARGS` to the end with `input` on its standard input; returns its exit status
// (-1 when it could not run). For `balie user add`, which reads the password there.
inline int RunWithInput(const std::string& binary, std::vector<std::string> args,
                        const std::string& input) {
  int in[2];
  if (pipe(in) != 0) return -1;
  args.insert(args.begin(), binary);
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(in[0], STDIN_FILENO);
    close(in[0]);
    close(in[1]);
    const int null = open("/dev/null", O_WRONLY);
    dup2(null, STDOUT_FILENO);
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    execv(binary.c_str(), argv.data());
    _exit(127);
  }
  close(in[0]);
  (void)!write(in[1], input.data(), input.size());
  close(in[1]);
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace balie::testing

#endif  // BALIE_TESTS_SUPPORT_SERVER_PROCESS_H_
