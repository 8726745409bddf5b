// What one customer, one token or one client address may take, end to end: the real
// `balie serve` on 127.0.0.1 with limits set low in its configuration (rates so low that nothing
// refills during a test, so that no assertion depends on how fast the test runs), spoken to over
// real HTTP and WebSocket connections. docs/security.md lists every limit and why.

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "base/temp_dir.h"
#include "support/api_client.h"
#include "support/net_client.h"
#include "support/server_process.h"

namespace balie {
namespace {

using nlohmann::json;
using testing::ApiClient;
using namespace std::chrono_literals;

class LimitsTest : public ::testing::Test {
 protected:
  // Starts the server with `limits` as the [limits] section of its configuration.
  void Serve(const std::string& limits) {
    ASSERT_EQ(testing::RunWithInput(testing::BalieBinary(),
                                    {"user", "add", "--data", data_.path().string(), "--name",
                                     "jan", "--role", "agent"},
                                    "paarse olifanten dansen traag\n"),
              0);
    const auto config = data_.path() / "balie.toml";
    std::ofstream(config) << "[limits]\n" << limits;
    server_ = std::make_unique<testing::ServerProcess>(
        testing::BalieBinary(),
        std::vector<std::string>{"--kb", (testing::SourceDir() / "demo" / "voorbeeldbank").string(),
                                 "--data", data_.path().string(), "--web", web_.path().string(),
                                 "--config", config.string()});
    ASSERT_TRUE(server_->ok()) << server_->output();
    api_ = std::make_unique<ApiClient>(server_->port());
  }

  net::ClientResponse PostMessage(const std::string& id, const std::string& token,
                                  const std::string& client_id) {
    return api_->Http("POST", "/api/v1/conversations/" + id + "/messages",
                      json{{"client_id", client_id}, {"text", "Wat is de spaarrente?"}}.dump(),
                      token);
  }

  base::TempDir data_ = std::move(base::TempDir::Create("balie-limits-").value());
  base::TempDir web_ = std::move(base::TempDir::Create("balie-limits-web-").value());
  std::unique_ptr<testing::ServerProcess> server_;
  std::unique_ptr<ApiClient> api_;
};

// A long history is replayed on connect as fast as the client reads, however small the output
// budget: before, the replay overflowed it and the stream was closed with 1008.
TEST_F(LimitsTest, ALongHistoryIsReplayedInOneConnection) {
  Serve(
      "max_queued_output_bytes = 16384\nmessages_per_second = 100000\n"
      "message_burst = 100000\n");
  auto [id, token] = api_->Start();
  for (int i = 0; i < 60; ++i) {
    ASSERT_EQ(PostMessage(id, token, "m" + std::to_string(i)).status, 201);
  }
  const auto history = api_->Http("GET", "/api/v1/conversations/" + id + "/messages", "", token);
  const size_t expected = json::parse(history.body)["events"].size();
  ASSERT_GT(expected, 120u);
  auto stream = api_->Stream(id, token);
  ASSERT_TRUE(stream);
  size_t events = 0;
  for (;;) {
    auto frame = stream->Receive(10s);
    ASSERT_TRUE(frame.ok()) << "after " << events << " events: " << frame.status().ToString();
    const json parsed = json::parse(*frame);
    if (parsed["type"] == "status") break;
    EXPECT_EQ(parsed["type"], "event");
    ++events;
  }
  EXPECT_EQ(events, expected);
  EXPECT_FALSE(stream->closed());
}

// Messages over HTTP and over any number of streams share one limit per conversation.
TEST_F(LimitsTest, HttpAndStreamsShareOneLimitPerConversation) {
  Serve("messages_per_second = 0.001\nmessage_burst = 4\n");
  auto [id, token] = api_->Start();
  EXPECT_EQ(PostMessage(id, token, "h1").status, 201);
  EXPECT_EQ(PostMessage(id, token, "h2").status, 201);
  auto first = api_->Stream(id, token);
  auto second = api_->Stream(id, token);
  ASSERT_TRUE(first && second);
  for (auto* stream : {first.get(), second.get()}) {
    const std::string client_id = stream == first.get() ? "s1" : "s2";
    ApiClient::Send(*stream, {{"type", "message"}, {"client_id", client_id}, {"text", "Hallo"}});
    EXPECT_EQ(ApiClient::Next(*stream, "receipt")["client_id"], client_id);
  }
  const auto refused = PostMessage(id, token, "h3");
  EXPECT_EQ(refused.status, 429);
  EXPECT_FALSE(refused.Header("retry-after").empty());
  ApiClient::Send(*second, {{"type", "message"}, {"client_id", "s3"}, {"text", "Hallo"}});
  const json error = ApiClient::Next(*second, "error");
  EXPECT_EQ(error["code"], "rate_limited");
  EXPECT_EQ(error["client_id"], "s3");
  // Another conversation has a limit of its own.
  auto [other, other_token] = api_->Start();
  EXPECT_EQ(PostMessage(other, other_token, "o1").status, 201);
}

TEST_F(LimitsTest, OneTokenCannotOpenEveryStream) {
  Serve("max_streams_per_conversation = 2\n");
  auto [id, token] = api_->Start();
  auto first = api_->Stream(id, token);
  auto second = api_->Stream(id, token);
  ASSERT_TRUE(first && second);
  auto third = net::WebSocketClient::Connect(
      "127.0.0.1", server_->port(), "/api/v1/conversations/" + id + "/stream?token=" + token);
  ASSERT_FALSE(third.ok());
  EXPECT_NE(third.status().message().find("HTTP 429"), std::string::npos)
      << third.status().message();
  // A stream that closes gives its place back.
  first->Close();
  first.reset();
  base::Result<std::unique_ptr<net::WebSocketClient>> again = base::Unavailable("not tried");
  for (int i = 0; i < 200 && !again.ok(); ++i) {
    std::this_thread::sleep_for(10ms);
    again = net::WebSocketClient::Connect("127.0.0.1", server_->port(),
                                          "/api/v1/conversations/" + id + "/stream?token=" + token);
  }
  EXPECT_TRUE(again.ok()) << again.status().ToString();
}

TEST_F(LimitsTest, OneAddressCannotHoldEveryConnection) {
  Serve("max_connections_per_address = 4\n");
  std::vector<std::pair<std::string, std::string>> conversations;
  for (int i = 0; i < 4; ++i) conversations.push_back(api_->Start());
  std::vector<std::unique_ptr<net::WebSocketClient>> held;
  for (const auto& [id, token] : conversations) {
    // The server may not have seen the last HTTP connection end yet: try again for a while.
    for (int i = 0; i < 200; ++i) {
      auto stream = net::WebSocketClient::Connect(
          "127.0.0.1", server_->port(), "/api/v1/conversations/" + id + "/stream?token=" + token);
      if (stream.ok()) {
        held.push_back(std::move(stream).value());
        break;
      }
      std::this_thread::sleep_for(10ms);
    }
  }
  ASSERT_EQ(held.size(), 4u);
  auto refused = net::HttpCall("127.0.0.1", server_->port(), {"GET", "/healthz", "", {}});
  ASSERT_TRUE(refused.ok()) << refused.status().ToString();
  EXPECT_EQ(refused->status, 503);
  EXPECT_NE(refused->body.find("too many connections from your address"), std::string::npos);
}

TEST_F(LimitsTest, AFullConversationSaysSo) {
  Serve(
      "max_events_per_conversation = 10\nmessages_per_second = 100000\n"
      "message_burst = 100000\n");
  auto [id, token] = api_->Start();
  int stored = 0;
  net::ClientResponse response;
  for (int i = 0; i < 20; ++i) {
    response = PostMessage(id, token, "m" + std::to_string(i));
    if (response.status != 201) break;
    ++stored;
  }
  EXPECT_EQ(stored, 5);  // the start, then five messages with their replies
  EXPECT_EQ(response.status, 409);
  EXPECT_NE(response.body.find("start a new conversation"), std::string::npos) << response.body;
  // A resend of a message that was stored still gets its receipt.
  EXPECT_EQ(PostMessage(id, token, "m0").status, 200);
}

TEST_F(LimitsTest, CallbackSlotsCannotBeFilledByAScript) {
  Serve(
      "callback_bookings_per_conversation_per_hour = 2\n"
      "callback_bookings_per_address_per_hour = 3\n");
  auto book = [&](const std::string& id, const std::string& token, int n, size_t slot) {
    const auto slots =
        api_->Http("GET", "/api/v1/conversations/" + id + "/callback-slots", "", token);
    const json offered = json::parse(slots.body)["slots"];
    EXPECT_GT(offered.size(), slot) << slots.body;
    if (offered.size() <= slot) return 0;
    return api_
        ->Http("POST", "/api/v1/conversations/" + id + "/choice",
               json{{"client_id", "c" + std::to_string(n)},
                    {"option", "callback"},
                    {"slot", offered[slot]["start"]},
                    {"phone", "0612345678"}}
                   .dump(),
               token)
        .status;
  };
  auto handed_off = [&] {
    auto started = api_->Start();
    EXPECT_EQ(api_->Http("POST", "/api/v1/conversations/" + started.first + "/handoff",
                         json{{"client_id", "h1"}}.dump(), started.second)
                  .status,
              200);
    return started;
  };
  // Per conversation: booking, moving, and no more.
  auto [id, token] = handed_off();
  EXPECT_EQ(book(id, token, 1, 0), 200);
  EXPECT_EQ(book(id, token, 2, 1), 200);
  EXPECT_EQ(book(id, token, 3, 2), 429);
  // Per address: a script that opens conversation after conversation.
  auto [second, second_token] = handed_off();
  EXPECT_EQ(book(second, second_token, 1, 0), 200);
  auto [third, third_token] = handed_off();
  EXPECT_EQ(book(third, third_token, 1, 0), 429);
}

}  // namespace
}  // namespace balie
