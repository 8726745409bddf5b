// Chaos against the real server: for a bounded time, many careless and hostile clients at once —
// connecting and going away at random points (during the replay of a long history, in the middle
// of a frame, while Balie writes to them), sending bad frames, bad HTTP and floods, on the
// customer's and the staff's side — while one well-behaved customer keeps asking questions.
// Afterwards the server must be alive, every message it acknowledged to that customer must be
// stored and answered once, and it must stop cleanly. In `make test` the server is the
// AddressSanitizer build, so that a memory error anywhere fails the test.
//
// Environment: BALIE_TEST_BINARY (the `balie` to run; default: this build's), BALIE_CHAOS_SECONDS
// (default 20), BALIE_CHAOS_SEED (default: from the clock; printed, to repeat a run).

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <thread>

#include "base/temp_dir.h"
#include "support/api_client.h"
#include "support/net_client.h"
#include "support/raw_client.h"
#include "support/server_process.h"

namespace balie {
namespace {

using nlohmann::json;
using testing::ClientFrame;
using testing::RawHttp;
using testing::RawUpgrade;
using testing::Reset;
using testing::SendAll;
using namespace std::chrono_literals;

int Seconds() {
  const char* seconds = std::getenv("BALIE_CHAOS_SECONDS");
  return seconds != nullptr ? std::max(1, std::atoi(seconds)) : 20;
}

unsigned Seed() {
  const char* seed = std::getenv("BALIE_CHAOS_SEED");
  return seed != nullptr ? static_cast<unsigned>(std::strtoul(seed, nullptr, 10))
                         : static_cast<unsigned>(std::random_device{}());
}

// Frames no client should send, and some that a careless one would.
const std::vector<std::string>& BadTexts() {
  static const std::vector<std::string> texts = {
      "",
      "not json",
      "[1,2,3]",
      "{\"type\": 7}",
      "{\"type\": \"message\"}",
      "{\"type\": \"message\", \"client_id\": 5, \"text\": \"x\"}",
      "{\"type\": \"message\", \"client_id\": \"a b\", \"text\": \"x\"}",
      "{\"type\": \"message\", \"client_id\": \"ok\", \"text\": [\"x\"]}",
      "{\"type\": \"choose\", \"client_id\": \"c\", \"option\": \"callback\", \"slot\": 5}",
      "{\"type\": \"choose\", \"client_id\": \"c\", \"option\": \"callback\", \"slot\": "
      "\"gisteren\"}",
      "{\"type\": \"choose\", \"client_id\": \"c\", \"option\": \"wait\", \"with_advisor\": "
      "\"yes\"}",
      "{\"type\": \"handoff\", \"client_id\": \"h\", \"to\": 3}",
      "{\"type\": \"unknown\", \"client_id\": \"u\"}",
      "{\"type\": \"ping\", \"extra\": {\"deep\": [[[[[[[[[[]]]]]]]]]]}}",
      std::string("{\"type\": \"message\", \"client_id\": \"bad-utf8\", \"text\": \"\xff\xfe\"}"),
      std::string(200, '['),
  };
  return texts;
}

const std::vector<std::string>& BadStaffTexts() {
  static const std::vector<std::string> texts = {
      "{\"type\": \"watch\", \"conversation_id\": 1}",
      "{\"type\": \"watch\", \"conversation_id\": null}",
      "{\"type\": \"watch\", \"conversation_id\": [\"c\"]}",
      "{\"type\": \"typing\", \"conversation_id\": {}}",
      "{\"type\": \"unwatch\", \"conversation_id\": 2.5}",
      "{\"type\": \"presence\", \"state\": 1}",
      "{\"type\": \"presence\", \"state\": \"away\", \"back_at\": 12}",
      "{\"type\": \"presence\", \"state\": \"away\", \"back_at\": \"morgen\"}",
      "{\"type\": \"heartbeat\"}",
      "{\"type\": 5}",
      "[]",
      "nonsense",
  };
  return texts;
}

class ChaosTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(testing::RunWithInput(testing::BalieBinary(),
                                    {"user", "add", "--data", data_.path().string(), "--name",
                                     "chaos", "--role", "supervisor"},
                                    "paarse olifanten dansen traag\n"),
              0);
    const auto config = data_.path() / "balie.toml";
    // Open around the clock, so that hand-offs wait in a queue whatever the hour; the customer
    // limits are those of production, but new conversations may come faster (every chaos client
    // opens many).
    std::ofstream(config) << "[limits]\nconversations_per_second = 1000\n"
                             "conversation_burst = 1000\nmessages_per_second = 50\n"
                             "message_burst = 100\n"
                             "[[queue]]\nid = \"algemeen\"\nname_nl = \"Klantenservice\"\n"
                             "hours = { monday = [\"00:00-24:00\"], tuesday = [\"00:00-24:00\"], "
                             "wednesday = [\"00:00-24:00\"], thursday = [\"00:00-24:00\"], "
                             "friday = [\"00:00-24:00\"], saturday = [\"00:00-24:00\"], "
                             "sunday = [\"00:00-24:00\"] }\n";
    server_ = std::make_unique<testing::ServerProcess>(
        testing::BalieBinary(),
        std::vector<std::string>{"--kb", (testing::SourceDir() / "demo" / "voorbeeldbank").string(),
                                 "--data", data_.path().string(), "--web", web_.path().string(),
                                 "--config", config.string()});
    ASSERT_TRUE(server_->ok()) << server_->output();
    port_ = server_->port();
  }

  // Starts a conversation from `source`; {id, token}, or empty strings.
  std::pair<std::string, std::string> Start(const char* source) {
    const json body =
        json::parse(testing::BodyOf(RawHttp(port_, source, "POST", "/api/v1/conversations",
                                            "{\"language\": \"nl\"}")),
                    nullptr, false);
    if (!body.is_object()) return {};
    return {body.value("id", ""), body.value("token", "")};
  }

  std::string StreamTarget(const std::string& id, const std::string& token) const {
    return "/api/v1/conversations/" + id + "/stream?token=" + token;
  }

  base::TempDir data_ = std::move(base::TempDir::Create("balie-chaos-").value());
  base::TempDir web_ = std::move(base::TempDir::Create("balie-chaos-web-").value());
  std::unique_ptr<testing::ServerProcess> server_;
  std::uint16_t port_ = 0;
};

TEST_F(ChaosTest, TheServerOutlivesCarelessAndHostileClientsAndLosesNothing) {
  const unsigned seed = Seed();
  const auto seconds = Seconds();
  std::cout << "chaos: " << seconds << " s against " << testing::BalieBinary() << ", seed " << seed
            << " (BALIE_CHAOS_SEED to repeat)" << std::endl;

  // A conversation with a long history, for streams that go away during the replay.
  const auto [long_id, long_token] = Start("127.0.0.1");
  ASSERT_FALSE(long_id.empty());
  for (int i = 0; i < 60; ++i) {
    const std::string response = RawHttp(
        port_, "127.0.0.1", "POST", "/api/v1/conversations/" + long_id + "/messages",
        json{{"client_id", "l" + std::to_string(i)}, {"text", "Wat is de spaarrente?"}}.dump(),
        "Authorization: Bearer " + long_token + "\r\n");
    ASSERT_EQ(testing::StatusOf(response), 201) << response;
  }
  // A member of staff, for the console's stream.
  const std::string login =
      RawHttp(port_, "127.0.0.1", "POST", "/api/v1/staff/login",
              R"({"name": "chaos", "password": "paarse olifanten dansen traag"})");
  ASSERT_EQ(testing::StatusOf(login), 200) << login;
  const size_t cookie_at = login.find("balie_session=");
  ASSERT_NE(cookie_at, std::string::npos);
  const std::string cookie = login.substr(cookie_at, login.find(';', cookie_at) - cookie_at);

  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  std::mutex counts_mutex;
  std::map<std::string, int> counts;
  auto count = [&](const std::string& what) {
    std::lock_guard lock(counts_mutex);
    ++counts[what];
  };

  // The well-behaved customer: one question after another, each stored and answered.
  std::set<std::string> acknowledged;
  std::vector<std::string> failures;
  const auto [good_id, good_token] = Start("127.0.0.1");
  ASSERT_FALSE(good_id.empty());
  std::thread customer([&, good_id = good_id, good_token = good_token] {
    auto client =
        net::WebSocketClient::Connect("127.0.0.1", port_, StreamTarget(good_id, good_token), 30s);
    if (!client.ok()) {
      failures.push_back("the good customer could not connect: " + client.status().ToString());
      return;
    }
    int n = 0;
    while (std::chrono::steady_clock::now() < deadline) {
      const std::string client_id = "g" + std::to_string(++n);
      (void)(*client)->Send(
          json{{"type", "message"}, {"client_id", client_id}, {"text", "Wat is de spaarrente?"}}
              .dump());
      bool receipt = false;
      bool reply = false;
      while (!(receipt && reply)) {
        auto text = (*client)->Receive(30s);
        if (!text.ok()) {
          failures.push_back("no answer to " + client_id + ": " + text.status().ToString());
          return;
        }
        const json frame = json::parse(*text, nullptr, false);
        if (frame.value("type", "") == "receipt" && frame.value("client_id", "") == client_id) {
          receipt = true;
          acknowledged.insert(client_id);
        } else if (frame.value("type", "") == "event" &&
                   frame["event"].value("kind", "") == "bot_reply" &&
                   frame["event"].value("seq", 0) > 0 && receipt) {
          reply = true;
        } else if (frame.value("type", "") == "error") {
          failures.push_back("the good customer got an error: " + *text);
          return;
        }
      }
      count("good customer: answered");
      std::this_thread::sleep_for(250ms);
    }
  });

  // Careless and hostile clients, each from an address of its own.
  std::vector<std::thread> chaos;
  for (int t = 0; t < 6; ++t) {
    chaos.emplace_back([&, t] {
      const std::string source = "127.0.0." + std::to_string(10 + t);
      std::mt19937 random(seed + static_cast<unsigned>(t));
      auto pick = [&](size_t n) { return static_cast<size_t>(random() % n); };
      while (std::chrono::steady_clock::now() < deadline) {
        switch (pick(7)) {
          case 0: {  // goes away at once, or in the middle of a frame
            const auto [id, token] = Start(source.c_str());
            if (id.empty()) break;
            const int fd = RawUpgrade(port_, StreamTarget(id, token), source.c_str());
            if (fd < 0) break;
            const std::string frame = ClientFrame(
                1, true, json{{"type", "message"}, {"client_id", "x"}, {"text", "Hallo"}}.dump());
            (void)SendAll(fd, frame.substr(0, pick(frame.size())));
            if (pick(2) == 0)
              Reset(fd);
            else
              ::close(fd);
            count("closed mid-frame");
            break;
          }
          case 1: {  // goes away during the replay of a long history
            const int fd = RawUpgrade(port_, StreamTarget(long_id, long_token), source.c_str());
            if (fd < 0) break;
            char buffer[4096];
            for (size_t reads = pick(8); reads > 0; --reads) {
              if (::recv(fd, buffer, sizeof buffer, 0) <= 0) break;
            }
            Reset(fd);
            count("closed during replay");
            break;
          }
          case 2: {  // asks, and goes away while Balie writes the answer
            const auto [id, token] = Start(source.c_str());
            if (id.empty()) break;
            const int fd = RawUpgrade(port_, StreamTarget(id, token), source.c_str());
            if (fd < 0) break;
            for (int i = 0; i < 3; ++i) {
              (void)SendAll(fd, ClientFrame(1, true,
                                            json{{"type", "message"},
                                                 {"client_id", "q" + std::to_string(i)},
                                                 {"text", "Ik ben mijn pinpas kwijt"}}
                                                .dump()));
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(pick(50)));
            Reset(fd);
            count("closed mid-write");
            break;
          }
          case 3: {  // bad frames, then a flood
            const auto [id, token] = Start(source.c_str());
            if (id.empty()) break;
            const int fd = RawUpgrade(port_, StreamTarget(id, token), source.c_str());
            if (fd < 0) break;
            for (int i = 0; i < 20; ++i) {
              const std::string& text = BadTexts()[pick(BadTexts().size())];
              (void)SendAll(fd, ClientFrame(pick(5) == 0 ? 2 : 1, true, text));
            }
            (void)SendAll(fd, ClientFrame(1, true, std::string(20000, 'x')));  // too large
            for (int i = 0; i < 40; ++i) {
              (void)SendAll(fd, ClientFrame(1, true,
                                            json{{"type", i % 2 ? "typing" : "message"},
                                                 {"client_id", "f" + std::to_string(i)},
                                                 {"text", "spam"}}
                                                .dump()));
            }
            if (pick(2) == 0) {  // a protocol error: a continuation that continues nothing
              (void)SendAll(fd, ClientFrame(0, true, "???"));
            }
            Reset(fd);
            count("bad frames and floods");
            break;
          }
          case 4: {  // bad HTTP
            static const std::vector<std::string> requests = {
                "GARBAGE\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: x\r\n" + std::string(20000, 'h') + "\r\n\r\n",
                "POST /api/v1/conversations HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n{",
                "POST /api/v1/conversations HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                "\r\nffffffff\r\n",
                "GET /api/v1/conversations/%zz HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n",
                "POST /api/v1/conversations HTTP/1.1\r\nHost: x\r\nContent-Length: "
                "9\r\n\r\n{\"langu",
            };
            const int fd = testing::RawConnect(port_, source.c_str(), 2000);
            if (fd < 0) break;
            (void)SendAll(fd, requests[pick(requests.size())]);
            if (pick(2) == 0) (void)testing::ReadHead(fd);
            Reset(fd);
            count("bad HTTP");
            break;
          }
          case 5: {  // bad bodies on the customer's routes
            const auto [id, token] = Start(source.c_str());
            if (id.empty()) break;
            for (const char* path : {"/messages", "/choice", "/handoff"}) {
              (void)RawHttp(port_, source.c_str(), "POST", "/api/v1/conversations/" + id + path,
                            BadTexts()[pick(BadTexts().size())],
                            "Authorization: Bearer " + token + "\r\n");
            }
            count("bad bodies");
            break;
          }
          case 6: {  // the console, with bad frames, closed at random
            const int fd = testing::RawConnect(port_, source.c_str());
            if (fd < 0) break;
            (void)SendAll(fd,
                          "GET /api/v1/staff/stream HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                          "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                          "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                          "dGhlIHNhbXBsZSBub25jZQ==\r\nCookie: " +
                              cookie + "\r\n\r\n");
            (void)testing::ReadHead(fd);
            for (int i = 0; i < 10; ++i) {
              const std::string& text = BadStaffTexts()[pick(BadStaffTexts().size())];
              (void)SendAll(fd, ClientFrame(1, true, text));
            }
            (void)SendAll(
                fd,
                ClientFrame(1, true, json{{"type", "watch"}, {"conversation_id", long_id}}.dump()));
            std::this_thread::sleep_for(std::chrono::milliseconds(pick(20)));
            if (pick(2) == 0)
              Reset(fd);
            else
              ::close(fd);
            count("staff stream");
            break;
          }
        }
      }
    });
  }
  for (auto& thread : chaos) thread.join();
  customer.join();
  for (const auto& [what, n] : counts) std::cout << "chaos: " << what << ": " << n << "\n";
  for (const std::string& failure : failures) ADD_FAILURE() << failure;
  EXPECT_GT(counts["good customer: answered"], 0);

  // Alive, and everything acknowledged is there, once, with its reply.
  const std::string health = RawHttp(port_, "127.0.0.1", "GET", "/healthz");
  EXPECT_EQ(testing::StatusOf(health), 200) << health << server_->output();
  std::map<std::string, int> stored;
  std::string last_kind;
  std::int64_t after = 0;
  for (bool more = true; more;) {  // page by page, as a client does
    const json page =
        json::parse(testing::BodyOf(RawHttp(port_, "127.0.0.1", "GET",
                                            "/api/v1/conversations/" + good_id +
                                                "/messages?after=" + std::to_string(after),
                                            "", "Authorization: Bearer " + good_token + "\r\n")),
                    nullptr, false);
    ASSERT_TRUE(page.is_object() && page["events"].is_array()) << page.dump();
    for (const json& event : page["events"]) {
      if (event.value("kind", "") == "customer_message") ++stored[event.value("client_id", "")];
      last_kind = event.value("kind", "");
      after = event.value("seq", after);
    }
    more = page.value("more", false) && !page["events"].empty();
  }
  for (const std::string& id : acknowledged) {
    EXPECT_EQ(stored[id], 1) << "acknowledged message " << id;
  }
  EXPECT_EQ(last_kind, "bot_reply");

  // It stops cleanly, and the sanitizers had nothing to say.
  server_->Signal(SIGTERM);
  EXPECT_EQ(server_->Wait(60s), 0);
  const std::string& output = server_->output();
  for (const char* alarm : {"AddressSanitizer", "LeakSanitizer", "runtime error:", "terminate"}) {
    EXPECT_EQ(output.find(alarm), std::string::npos) << output.substr(0, 20000);
  }
}

}  // namespace
}  // namespace balie
