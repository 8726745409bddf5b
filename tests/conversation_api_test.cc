// The conversation API end to end: the real `balie serve` on 127.0.0.1 with the demo knowledge
// base, spoken to over real HTTP and WebSocket connections, as a chat client would.

#include <gtest/gtest.h>
#include <sys/resource.h>

#include <atomic>
#include <condition_variable>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <set>

#include "base/temp_dir.h"
#include "support/api_client.h"
#include "support/net_client.h"
#include "support/server_process.h"

namespace balie {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

class ConversationApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    data_ = std::make_unique<base::TempDir>(base::TempDir::Create("balie-api-test-").value());
    web_ = std::make_unique<base::TempDir>(base::TempDir::Create("balie-api-web-").value());
    // One agent, so that callbacks have someone to make them; logged in, jan is on duty but
    // takes no chats, so that customers wait in the line.
    ASSERT_EQ(testing::RunWithInput(testing::BalieBinary(),
                                    {"user", "add", "--data", data_->path().string(), "--name",
                                     "jan", "--role", "agent", "--capacity", "0"},
                                    "paarse olifanten dansen traag\n"),
              0);
    StartServer();
  }

  void StartServer(std::vector<std::string> extra = {}) {
    server_.reset();
    std::vector<std::string> args = {
        "--kb",   (testing::SourceDir() / "demo" / "voorbeeldbank").string(),
        "--data", data_->path().string(),
        "--web",  web_->path().string()};
    args.insert(args.end(), extra.begin(), extra.end());
    server_ = std::make_unique<testing::ServerProcess>(testing::BalieBinary(), args);
    ASSERT_TRUE(server_->ok()) << server_->output();
  }

  // A configuration file in the data directory with `toml` in it; returns its path.
  std::string WriteConfig(const std::string& name, const std::string& toml) {
    const auto path = data_->path() / name;
    std::ofstream(path) << toml;
    return path.string();
  }

  // Arguments for a server whose customers may write as fast as a test does (the limits are
  // tested in limits_test.cc).
  std::vector<std::string> Unlimited() {
    return {"--config", WriteConfig("fast.toml",
                                    "[limits]\nmessages_per_second = 100000\n"
                                    "message_burst = 100000\n")};
  }

  net::ClientResponse Http(const std::string& method, const std::string& target,
                           const std::string& body = "", const std::string& token = "") {
    return testing::ApiClient(server_->port()).Http(method, target, body, token);
  }
  std::pair<std::string, std::string> Start(const std::string& language = "nl") {
    return testing::ApiClient(server_->port()).Start(language);
  }
  std::unique_ptr<net::WebSocketClient> Stream(const std::string& id, const std::string& token,
                                               std::int64_t after = 0) {
    return testing::ApiClient(server_->port()).Stream(id, token, after);
  }
  static json Next(net::WebSocketClient& client, const std::string& type,
                   const std::string& kind = "", std::vector<json>* seen = nullptr) {
    return testing::ApiClient::Next(client, type, kind, seen);
  }
  static void Send(net::WebSocketClient& client, const json& frame) {
    testing::ApiClient::Send(client, frame);
  }

  std::unique_ptr<base::TempDir> data_;
  std::unique_ptr<base::TempDir> web_;
  std::unique_ptr<testing::ServerProcess> server_;
};

TEST_F(ConversationApiTest, AsksAndGetsTheAnswerWithItsLink) {
  auto [id, token] = Start();
  auto client = Stream(id, token);
  ASSERT_TRUE(client);
  const json started = Next(*client, "event", "started");
  EXPECT_EQ(started["event"]["seq"], 1);
  EXPECT_EQ(Next(*client, "status")["state"], "bot");

  Send(*client, {{"type", "message"},
                 {"client_id", "m1"},
                 {"text", "Ik ben mijn pinpas kwijt, wat moet ik doen?"}});
  const json receipt = Next(*client, "receipt");
  EXPECT_EQ(receipt["client_id"], "m1");
  EXPECT_EQ(receipt["seq"], 2);
  EXPECT_EQ(receipt["duplicate"], false);
  const json reply = Next(*client, "event", "bot_reply")["event"];
  EXPECT_EQ(reply["decision"], "answer");
  EXPECT_EQ(reply["sources"][0]["id"], "pas-blokkeren");
  EXPECT_EQ(reply["sources"][0]["url"], "https://www.voorbeeldbank.nl/betalen/pas-blokkeren");
  EXPECT_FALSE(reply["text"].get<std::string>().empty());
  EXPECT_FALSE(reply["reasons"].empty());
}

// Issue 11: the organisation's register ([organisation] register = "je") reaches the widget (the
// availability says it) and every sentence Balie writes: the status, the bot's hand-off, and the
// English conversation around an English question is unaffected. Without it, the knowledge
// base's ("je" in the demo bank), without a warning; configured "u", the server warns at start
// that the demo bank says "je", naming its files.
TEST_F(ConversationApiTest, TheOrganisationsRegisterIsEveryonesRegister) {
  EXPECT_EQ(json::parse(Http("GET", "/api/v1/availability").body)["register"], "je");
  EXPECT_EQ(server_->output().find("warning:"), std::string::npos) << server_->output();
  StartServer({"--config", WriteConfig("u.toml", "[organisation]\nregister = \"u\"\n")});
  EXPECT_EQ(json::parse(Http("GET", "/api/v1/availability").body)["register"], "u");
  EXPECT_NE(server_->output().find("warning: the knowledge base addresses readers with \"je\""),
            std::string::npos)
      << server_->output();
  // Tuesday 10:00 in Amsterdam: the queue is open, so the customer is offered to wait.
  StartServer({"--config", WriteConfig("je.toml", "[organisation]\nregister = \"je\"\n"),
               "--pretend-time", "2026-11-24T09:00:00Z"});
  EXPECT_EQ(server_->output().find("warning:"), std::string::npos) << server_->output();
  EXPECT_EQ(json::parse(Http("GET", "/api/v1/availability").body)["register"], "je");
  auto [id, token] = Start();
  auto client = Stream(id, token);
  ASSERT_TRUE(client);
  EXPECT_EQ(Next(*client, "status")["message"].get<std::string>().rfind("Je chat met", 0), 0u);
  Send(*client,
       {{"type", "message"}, {"client_id", "m1"}, {"text", "Ik wil een medewerker spreken"}});
  EXPECT_EQ(Next(*client, "event", "bot_reply")["event"]["text"],
            "Je wilt graag een medewerker spreken: ik geef je bericht door.");
  const std::string waiting = Next(*client, "status")["message"];
  EXPECT_EQ(waiting.find(" u "), std::string::npos) << waiting;
  EXPECT_EQ(waiting.find("uw "), std::string::npos) << waiting;
  EXPECT_NE(waiting.find("Je kunt"), std::string::npos) << waiting;
}

// Outside office hours (Sunday 03:00 in Amsterdam) the question is kept, and the customer is told
// when the queue opens.
TEST_F(ConversationApiTest, AfterHoursTheQuestionIsKeptWithTheTruthAboutWhenItOpens) {
  StartServer({"--pretend-time", "2026-11-29T02:00:00Z"});
  auto [id, token] = Start();
  auto client = Stream(id, token);
  ASSERT_TRUE(client);
  Next(*client, "status");
  Send(*client,
       {{"type", "message"}, {"client_id", "m1"}, {"text", "Ik wil een medewerker spreken"}});
  const json handoff = Next(*client, "event", "handoff")["event"];
  EXPECT_EQ(handoff["open"], false);
  const json status = Next(*client, "status");
  EXPECT_EQ(status["open"], false);
  EXPECT_EQ(status["state"], "follow_up");
  EXPECT_EQ(status["opens_at"], "2026-11-30T07:00:00Z");  // Monday 08:00 in Amsterdam
  EXPECT_FALSE(status["message"].get<std::string>().empty());
}

// Issue 14: open by the hours is not someone there. Tuesday 10:00, nobody logged in: the
// availability says so, and asking for a person keeps the question for a reply, with the truth
// and what can really happen (a callback: jan works whenever the queue is open).
TEST_F(ConversationApiTest, OpenWithNobodyOnDutyKeepsTheQuestionAndSaysSo) {
  StartServer({"--pretend-time", "2026-11-24T09:00:00Z"});
  const json availability =
      json::parse(Http("GET", "/api/v1/availability?language=en").body)["queues"][0];
  EXPECT_EQ(availability["open"], true);
  EXPECT_EQ(availability["staffed"], false);
  EXPECT_EQ(availability["agents_on_duty"], 0);
  EXPECT_EQ(availability["time_zone"], "Europe/Amsterdam");
  auto [id, token] = Start();
  auto client = Stream(id, token);
  ASSERT_TRUE(client);
  EXPECT_EQ(Next(*client, "status")["staffed"], false);  // the widget's note says it before
  Send(*client,
       {{"type", "message"}, {"client_id", "m1"}, {"text", "Ik wil een medewerker spreken"}});
  const json handoff = Next(*client, "event", "handoff")["event"];
  EXPECT_EQ(handoff["open"], true);
  EXPECT_EQ(handoff["staffed"], false);
  const json status = Next(*client, "status");
  EXPECT_EQ(status["state"], "follow_up");
  EXPECT_EQ(status["open"], true);
  EXPECT_EQ(status["staffed"], false);
  EXPECT_EQ(status["queue"]["time_zone"], "Europe/Amsterdam");
  EXPECT_EQ(status["options"], json({"leave_message", "callback"}));
  EXPECT_NE(status["message"].get<std::string>().find(
                "Er is op dit moment niemand van Klantenservice aan het werk. Je vraag is bewaard"),
            std::string::npos)
      << status["message"];
  const auto wait = Http("POST", "/api/v1/conversations/" + id + "/choice",
                         json{{"client_id", "w1"}, {"option", "wait"}}.dump(), token);
  EXPECT_EQ(wait.status, 409) << wait.body;
}

TEST_F(ConversationApiTest, HandsOverWithTheTruthAboutTheQueue) {
  StartServer({"--pretend-time", "2026-11-24T09:00:00Z"});  // Tuesday 10:00: open
  testing::ApiClient api(server_->port());
  auto console = api.StaffStream(api.LogIn("jan", "paarse olifanten dansen traag"));
  ASSERT_TRUE(console);  // jan is on duty
  auto [id, token] = Start();
  auto client = Stream(id, token);
  ASSERT_TRUE(client);
  Next(*client, "status");
  Send(*client,
       {{"type", "message"}, {"client_id", "m1"}, {"text", "Ik wil een medewerker spreken"}});
  const json reply = Next(*client, "event", "bot_reply")["event"];
  EXPECT_EQ(reply["decision"], "handoff");
  EXPECT_NE(reply["reasons"][0].get<std::string>().find("asked for a person"), std::string::npos);
  const json handoff = Next(*client, "event", "handoff")["event"];
  EXPECT_EQ(handoff["queue"]["id"], "algemeen");
  const json status = Next(*client, "status");
  EXPECT_EQ(status["open"], true);
  EXPECT_EQ(status["state"], "waiting");
  EXPECT_EQ(status["position"], 1);
  EXPECT_TRUE(status["estimated_wait_seconds"].is_null());
  EXPECT_FALSE(status["message"].get<std::string>().empty());

  // Book a callback in the first offered slot.
  const auto slots = Http("GET", "/api/v1/conversations/" + id + "/callback-slots", "", token);
  ASSERT_EQ(slots.status, 200) << slots.body;
  const json offered = json::parse(slots.body)["slots"];
  ASSERT_FALSE(offered.empty());
  Send(*client, {{"type", "choose"},
                 {"client_id", "c1"},
                 {"option", "callback"},
                 {"slot", offered[0]["start"]},
                 {"phone", "+31 6 1234 5678"}});
  EXPECT_EQ(Next(*client, "receipt")["client_id"], "c1");
  const json booked = Next(*client, "status");
  EXPECT_EQ(booked["state"], "callback");
  EXPECT_EQ(booked["callback"]["start"], offered[0]["start"]);
  EXPECT_EQ(booked["callback"]["phone"], "+31 6 1234 5678");
}

TEST_F(ConversationApiTest, ResumesAfterAReconnectWithExactlyWhatWasMissed) {
  auto [id, token] = Start();
  {
    auto client = Stream(id, token);
    ASSERT_TRUE(client);
    Send(*client, {{"type", "message"}, {"client_id", "m1"}, {"text", "Wat is de spaarrente?"}});
    Next(*client, "event", "bot_reply");
  }
  // Meanwhile, over HTTP (as another tab might).
  const auto posted =
      Http("POST", "/api/v1/conversations/" + id + "/messages",
           json{{"client_id", "m2"}, {"text", "Hoe open ik een rekening?"}}.dump(), token);
  ASSERT_EQ(posted.status, 201) << posted.body;
  auto client = Stream(id, token, /*after=*/3);
  ASSERT_TRUE(client);
  std::vector<json> seen;
  Next(*client, "status", "", &seen);
  std::vector<std::int64_t> seqs;
  for (const json& frame : seen) {
    if (frame["type"] == "event") seqs.push_back(frame["event"]["seq"]);
  }
  EXPECT_EQ(seqs, (std::vector<std::int64_t>{4, 5}));

  const auto history = Http("GET", "/api/v1/conversations/" + id + "/messages?after=0", "", token);
  ASSERT_EQ(history.status, 200);
  EXPECT_EQ(json::parse(history.body)["events"].size(), 5u);
  const auto page =
      Http("GET", "/api/v1/conversations/" + id + "/messages?after=1&limit=2", "", token);
  EXPECT_EQ(json::parse(page.body)["events"].size(), 2u);
  EXPECT_EQ(json::parse(page.body)["more"], true);
}

TEST_F(ConversationApiTest, AResendAfterAReconnectIsStoredAndAnsweredOnce) {
  auto [id, token] = Start();
  {
    auto client = Stream(id, token);
    Send(*client,
         {{"type", "message"}, {"client_id", "once"}, {"text", "Wat kost een betaalrekening?"}});
    Next(*client, "event", "bot_reply");
  }
  auto client = Stream(id, token, 3);
  Send(*client,
       {{"type", "message"}, {"client_id", "once"}, {"text", "Wat kost een betaalrekening?"}});
  const json receipt = Next(*client, "receipt");
  EXPECT_EQ(receipt["duplicate"], true);
  EXPECT_EQ(receipt["seq"], 2);
  // No second reply: nothing but the receipt comes.
  for (auto more = client->Receive(700ms); more.ok(); more = client->Receive(700ms)) {
    EXPECT_NE(json::parse(*more)["type"], "event") << *more;
  }
  const auto history = Http("GET", "/api/v1/conversations/" + id + "/messages", "", token);
  EXPECT_EQ(json::parse(history.body)["events"].size(), 3u);
}

// Messages sent one after another without waiting for their receipts: the first is answered on
// the I/O thread while its commit is under way, the next find its conversation busy and go to the
// workers, and those after them follow them there. Each is stored once, in the order sent, with
// its reply after it, and acknowledged in that order.
TEST_F(ConversationApiTest, MessagesSentWithoutWaitingAreStoredAndAnsweredInTheOrderSent) {
  StartServer(Unlimited());
  auto [id, token] = Start();
  auto client = Stream(id, token);
  Next(*client, "status");
  const std::vector<std::string> questions = {
      "Wat kost een betaalrekening?", "Ik ben mijn pinpas kwijt", "Hoe hoog is de spaarrente?",
      "Wanneer zijn jullie open?", "Hoe wijzig ik mijn adres?"};
  constexpr int kRounds = 4;
  for (int round = 0; round < kRounds; ++round) {
    for (size_t q = 0; q < questions.size(); ++q) {
      Send(*client, {{"type", "message"},
                     {"client_id", "m" + std::to_string(round) + "-" + std::to_string(q)},
                     {"text", questions[q]}});
    }
  }
  std::int64_t last_seq = 0;
  for (int round = 0; round < kRounds; ++round) {
    for (size_t q = 0; q < questions.size(); ++q) {
      const json receipt = Next(*client, "receipt");
      EXPECT_EQ(receipt["client_id"], "m" + std::to_string(round) + "-" + std::to_string(q));
      EXPECT_GT(receipt["seq"].get<std::int64_t>(), last_seq);
      last_seq = receipt["seq"].get<std::int64_t>();
    }
  }
  const auto history =
      Http("GET", "/api/v1/conversations/" + id + "/messages?limit=500", "", token);
  ASSERT_EQ(history.status, 200) << history.body;
  const json events = json::parse(history.body)["events"];
  std::vector<std::string> asked;
  std::string previous;
  for (const json& event : events) {
    if (event["kind"] == "customer_message") {
      EXPECT_NE(previous, "customer_message") << "a message without its reply";
      asked.push_back(event["text"].get<std::string>());
    }
    previous = event["kind"].get<std::string>();
  }
  ASSERT_EQ(asked.size(), questions.size() * kRounds);
  for (size_t i = 0; i < asked.size(); ++i) {
    EXPECT_EQ(asked[i], questions[i % questions.size()]) << "message " << i;
  }
}

TEST_F(ConversationApiTest, BadFramesGetClearErrorsAndTheStreamStaysUsable) {
  auto [id, token] = Start();
  auto client = Stream(id, token);
  ASSERT_TRUE(client);
  Next(*client, "status");
  struct Case {
    std::string frame;
    std::string code;
  };
  const std::vector<Case> cases = {
      {"this is not json", "bad_json"},
      {"[1,2,3]", "bad_json"},
      {R"({"type":"dance"})", "unknown_type"},
      {R"({"text":"no type"})", "bad_field"},
      {R"({"type":"message","client_id":"x1"})", "bad_field"},
      {R"({"type":"message","text":"no client id"})", "bad_field"},
      {R"({"type":"message","client_id":"has space","text":"hallo"})", "bad_field"},
      {R"({"type":"message","client_id":"x2","text":42})", "bad_field"},
      {R"({"type":"choose","client_id":"x3","option":"teleport"})", "bad_field"},
      {R"({"type":"choose","client_id":"x4","option":"wait"})", "conflict"},
      {std::string(20000, 'x'), "too_large"},
  };
  for (const Case& c : cases) {
    ASSERT_TRUE(client->Send(c.frame).ok());
    const json error = Next(*client, "error");
    EXPECT_EQ(error["code"], c.code) << c.frame.substr(0, 80) << ": " << error.dump();
    EXPECT_FALSE(error["message"].get<std::string>().empty());
  }
  Send(*client, {{"type", "ping"}});
  EXPECT_EQ(Next(*client, "pong")["type"], "pong");
  // None of the refused frames was stored.
  const auto history = Http("GET", "/api/v1/conversations/" + id + "/messages", "", token);
  EXPECT_EQ(json::parse(history.body)["events"].size(), 1u);
}

TEST_F(ConversationApiTest, TooManyFramesAreRefusedWithWhenToResend) {
  // Three at once, and practically none after: the limit does not depend on the test's speed.
  // (That the bucket fills again is tested with a clock of the test's: customer_limits_test.)
  StartServer({"--config", WriteConfig("slow.toml",
                                       "[limits]\nmessages_per_second = 0.001\n"
                                       "message_burst = 3\n")});
  auto [id, token] = Start();
  auto client = Stream(id, token);
  Next(*client, "status");
  for (int i = 0; i < 30; ++i) Send(*client, {{"type", "typing"}});  // typing is not counted
  for (int i = 0; i < 3; ++i) {
    Send(*client, {{"type", "message"},
                   {"client_id", "m" + std::to_string(i)},
                   {"text", "Wat is de spaarrente?"}});
    EXPECT_EQ(Next(*client, "receipt")["client_id"], "m" + std::to_string(i));
  }
  Send(*client, {{"type", "message"}, {"client_id", "late"}, {"text", "hallo"}});
  const json error = Next(*client, "error");
  EXPECT_EQ(error["code"], "rate_limited");
  EXPECT_EQ(error["client_id"], "late");
  EXPECT_GT(error["retry_after_ms"], 0);
}

TEST_F(ConversationApiTest, RefusesWrongTokensAndUnknownConversations) {
  auto [id, token] = Start();
  auto [other_id, other_token] = Start();
  for (const std::string& bad : {std::string("wrong"), std::string(""), other_token}) {
    auto refused = net::WebSocketClient::Connect(
        "127.0.0.1", server_->port(), "/api/v1/conversations/" + id + "/stream?token=" + bad);
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.status().message().find("HTTP 401"), std::string::npos);
    EXPECT_EQ(Http("GET", "/api/v1/conversations/" + id + "/messages", "", bad).status, 401);
  }
  auto unknown = net::WebSocketClient::Connect(
      "127.0.0.1", server_->port(), "/api/v1/conversations/c_nothing/stream?token=" + token);
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("HTTP 404"), std::string::npos);
  EXPECT_EQ(Http("POST", "/api/v1/conversations", "{\"language\": \"fr\"}").status, 400);
  EXPECT_EQ(Http("POST", "/api/v1/conversations", "{broken").status, 400);
  EXPECT_EQ(Http("GET", "/no/such/page").status, 404);
  EXPECT_EQ(Http("DELETE", "/api/v1/conversations").status, 405);
}

TEST_F(ConversationApiTest, ARestartKeepsEveryConversation) {
  // A Tuesday morning, when the queue is open but nobody is on duty: the question is kept.
  const std::vector<std::string> morning = {"--pretend-time", "2026-11-24T09:00:00Z"};
  StartServer(morning);
  auto [id, token] = Start();
  {
    auto client = Stream(id, token);
    Send(*client,
         {{"type", "message"}, {"client_id", "m1"}, {"text", "Ik wil een medewerker spreken"}});
    Next(*client, "status");
    Next(*client, "status");
    server_->Signal(SIGTERM);
    // A graceful stop closes the stream as "going away".
    while (client->Receive(10s).ok()) {
    }
    EXPECT_EQ(client->close_code(), 1001);
  }
  EXPECT_EQ(server_->Wait(), 0) << server_->output();
  StartServer(morning);
  auto client = Stream(id, token);
  ASSERT_TRUE(client);
  std::vector<json> seen;
  const json status = Next(*client, "status", "", &seen);
  // started, message, reply, hand-off, the question kept (nobody is on duty), and the status
  EXPECT_EQ(seen.size(), 6u);
  EXPECT_EQ(status["state"], "follow_up");
  EXPECT_EQ(status["staffed"], false);
}

// Durability: SIGKILL during a stream of messages; after a restart every acknowledged message is
// there exactly once, and resending the unacknowledged ones (as the widget does) loses nothing.
TEST_F(ConversationApiTest, EveryAcknowledgedMessageSurvivesSigkill) {
  constexpr size_t kClients = 8;
  constexpr int kMessages = 40;
  // Customers who write as fast as they can (the limits are not what this tests), killed when a
  // quarter of their messages are acknowledged: in the middle of the stream, whatever the speed.
  StartServer(Unlimited());
  std::mutex progress_mutex;
  std::condition_variable progress;
  size_t acknowledged_count = 0;
  std::vector<std::pair<std::string, std::string>> conversations;
  for (size_t c = 0; c < kClients; ++c) conversations.push_back(Start());
  std::vector<std::set<std::string>> acknowledged(kClients);
  std::atomic<bool> killed{false};
  std::vector<std::thread> threads;
  for (size_t c = 0; c < kClients; ++c) {
    threads.emplace_back([&, c] {
      auto client =
          net::WebSocketClient::Connect("127.0.0.1", server_->port(),
                                        "/api/v1/conversations/" + conversations[c].first +
                                            "/stream?token=" + conversations[c].second);
      if (!client.ok()) return;
      for (int m = 0; m < kMessages && !killed; ++m) {
        const std::string client_id = "k" + std::to_string(m);
        if (!(*client)
                 ->Send(json{{"type", "message"},
                             {"client_id", client_id},
                             {"text", "Wat is de spaarrente? vraag " + std::to_string(m)}}
                            .dump())
                 .ok()) {
          return;
        }
        // Wait for this message's receipt (replies and statuses pass by).
        for (;;) {
          auto text = (*client)->Receive(5s);
          if (!text.ok()) return;
          const json frame = json::parse(*text);
          if (frame["type"] == "receipt" && frame["client_id"] == client_id) {
            acknowledged[c].insert(client_id);
            std::lock_guard lock(progress_mutex);
            ++acknowledged_count;
            progress.notify_all();
            break;
          }
          if (frame["type"] == "error" && frame.value("client_id", "") == client_id) {
            break;  // not acknowledged: resent after the restart
          }
        }
      }
    });
  }
  {
    std::unique_lock lock(progress_mutex);
    progress.wait_for(lock, 60s, [&] { return acknowledged_count >= kClients * kMessages / 4; });
  }
  server_->Signal(SIGKILL);
  killed = true;
  for (auto& thread : threads) thread.join();
  server_->Wait();
  size_t total = 0;
  for (const auto& set : acknowledged) total += set.size();
  EXPECT_GT(total, 0u) << "no message was acknowledged before the kill";

  StartServer(Unlimited());
  for (size_t c = 0; c < kClients; ++c) {
    const auto& [id, token] = conversations[c];
    // Resend everything, as a client that does not know what the server kept.
    for (int m = 0; m < kMessages; ++m) {
      const auto response = Http("POST", "/api/v1/conversations/" + id + "/messages",
                                 json{{"client_id", "k" + std::to_string(m)},
                                      {"text", "Wat is de spaarrente? vraag " + std::to_string(m)}}
                                     .dump(),
                                 token);
      ASSERT_TRUE(response.status == 200 || response.status == 201) << response.body;
      const bool duplicate = json::parse(response.body)["receipt"]["duplicate"];
      if (acknowledged[c].contains("k" + std::to_string(m))) {
        EXPECT_TRUE(duplicate) << "acknowledged message k" << m << " was lost";
      }
    }
    const auto history = Http("GET", "/api/v1/conversations/" + id + "/messages", "", token);
    std::map<std::string, int> count;
    int unanswered = 0;
    std::string last_kind;
    const json events = json::parse(history.body)["events"];
    for (const json& event : events) {
      if (event["kind"] == "customer_message") ++count[event["client_id"].get<std::string>()];
      last_kind = event["kind"];
    }
    for (int m = 0; m < kMessages; ++m) {
      EXPECT_EQ(count["k" + std::to_string(m)], 1) << "message k" << m << " of conversation " << c;
    }
    if (last_kind == "customer_message") ++unanswered;
    EXPECT_EQ(unanswered, 0) << "the last message of conversation " << c << " has no reply";
  }
}

// GET …/messages with the default limit (500) on a conversation of more than 600 events: the
// first page is full and says more follow, internal notes of staff make no page look short, and
// paging on with `after` brings every event the customer may see exactly once.
TEST_F(ConversationApiTest, MessagesPageOnPastTheDefaultLimitAndPastNotes) {
  ASSERT_EQ(testing::RunWithInput(testing::BalieBinary(),
                                  {"user", "add", "--data", data_->path().string(), "--name",
                                   "baas", "--role", "supervisor"},
                                  "paarse olifanten dansen traag\n"),
            0);
  StartServer(Unlimited());
  const testing::ApiClient api(server_->port());
  const auto boss = api.LogIn("baas", "paarse olifanten dansen traag");
  auto [id, token] = Start();
  std::set<std::int64_t> notes;
  std::int64_t last_seq = 1;
  for (int m = 0; last_seq < 640 && m < 1000; ++m) {
    if (m % 5 == 3) {
      const auto note =
          api.Http("POST", "/api/v1/staff/conversations/" + id + "/notes",
                   json{{"client_id", "n" + std::to_string(m)}, {"text", "intern"}}.dump(), "",
                   boss.session, boss.csrf);
      ASSERT_EQ(note.status, 201) << note.body;
      last_seq = json::parse(note.body)["event"]["seq"];
      notes.insert(last_seq);
    }
    const auto posted = Http("POST", "/api/v1/conversations/" + id + "/messages",
                             json{{"client_id", "m" + std::to_string(m)},
                                  {"text", "Wat is de spaarrente? vraag " + std::to_string(m)}}
                                 .dump(),
                             token);
    ASSERT_EQ(posted.status, 201) << posted.body;
    // Named: a range-for over a member of a temporary would read it after its end.
    const json body = json::parse(posted.body);
    for (const json& event : body["events"]) {
      last_seq = std::max<std::int64_t>(last_seq, event["seq"]);
    }
  }
  ASSERT_GE(last_seq, 640);
  ASSERT_GT(notes.size(), 40u);

  std::vector<std::int64_t> seen;
  std::int64_t after = 0;
  for (int page = 0; page < 10; ++page) {
    const auto response =
        Http("GET", "/api/v1/conversations/" + id + "/messages?after=" + std::to_string(after), "",
             token);
    ASSERT_EQ(response.status, 200) << response.body;
    const json body = json::parse(response.body);
    for (const json& event : body["events"]) {
      EXPECT_NE(event["kind"], "note");
      seen.push_back(event["seq"]);
    }
    if (page == 0) {
      EXPECT_EQ(body["events"].size(), 500u);
      EXPECT_EQ(body["more"], true) << "a full first page must say that more follow";
    }
    if (body["more"] != true) break;
    EXPECT_EQ(body["events"].size(), 500u) << "a page before the last is short";
    after = seen.back();
  }
  // Every seq but the notes', up to the last event (the server may have added one since the last
  // post, e.g. an assignment).
  ASSERT_FALSE(seen.empty());
  EXPECT_GE(seen.back(), last_seq);
  std::vector<std::int64_t> expected;
  for (std::int64_t seq = 1; seq <= std::max(seen.back(), last_seq); ++seq) {
    if (!notes.contains(seq)) expected.push_back(seq);
  }
  EXPECT_EQ(seen, expected);

  // The stream's replay on (re)connecting pages through the same history: every event comes.
  auto client = Stream(id, token);
  ASSERT_TRUE(client);
  std::vector<std::int64_t> replayed;
  for (int frame = 0; frame < 2000; ++frame) {
    auto text = client->Receive(10s);
    ASSERT_TRUE(text.ok()) << text.status().ToString();
    const json received = json::parse(*text);
    if (received["type"] == "status") break;
    if (received["type"] == "event") replayed.push_back(received["event"]["seq"]);
  }
  EXPECT_EQ(replayed, expected);
}

// One data directory, one server: a second `balie serve` on the directory of a running one
// refuses to start and says why, while `balie user add` keeps working beside the server; once
// the first has stopped (even killed), a new one starts.
TEST_F(ConversationApiTest, ASecondServerOnTheSameDataDirectoryRefusesToStart) {
  auto [id, token] = Start();
  testing::ServerProcess second(testing::BalieBinary(),
                                {"--kb", (testing::SourceDir() / "demo" / "voorbeeldbank").string(),
                                 "--data", data_->path().string(), "--web", web_->path().string()});
  EXPECT_FALSE(second.ok()) << "a second server started on the same data directory";
  EXPECT_EQ(second.Wait(), 1);
  EXPECT_NE(second.output().find("is in use by another Balie server (process "), std::string::npos)
      << second.output();
  EXPECT_NE(second.output().find("its own --data directory"), std::string::npos) << second.output();

  EXPECT_EQ(testing::RunWithInput(testing::BalieBinary(),
                                  {"user", "add", "--data", data_->path().string(), "--name",
                                   "piet", "--role", "agent"},
                                  "paarse olifanten dansen traag\n"),
            0);
  const auto posted =
      Http("POST", "/api/v1/conversations/" + id + "/messages",
           json{{"client_id", "m1"}, {"text", "Wat is de spaarrente?"}}.dump(), token);
  EXPECT_EQ(posted.status, 201) << posted.body;

  server_->Signal(SIGKILL);
  server_->Wait();
  StartServer();
  EXPECT_EQ(Http("GET", "/api/v1/conversations/" + id, "", token).status, 200);
}

// Random bytes in the middle of the database: the next start finds the damage before serving
// and says what to do, instead of serving until someone's conversation cannot be read.
TEST_F(ConversationApiTest, ADamagedDatabaseStopsTheStartAndSaysWhatToDo) {
  StartServer(Unlimited());
  auto [id, token] = Start();
  for (int m = 0; m < 60; ++m) {
    ASSERT_EQ(Http("POST", "/api/v1/conversations/" + id + "/messages",
                   json{{"client_id", "m" + std::to_string(m)},
                        {"text", "Wat is de spaarrente? vraag " + std::to_string(m)}}
                       .dump(),
                   token)
                  .status,
              201);
  }
  server_->Signal(SIGTERM);
  ASSERT_EQ(server_->Wait(), 0);
  const auto file = data_->path() / "balie.db";
  const auto size = std::filesystem::file_size(file);
  ASSERT_GE(size / 4096, 20u);
  {
    std::fstream out(file, std::ios::in | std::ios::out | std::ios::binary);
    out.seekp(static_cast<std::streamoff>(size / 4096 / 2 * 4096));
    std::mt19937 random(17);
    for (int i = 0; i < 4096; ++i) out.put(static_cast<char>(random() & 0xff));
  }
  testing::ServerProcess damaged(
      testing::BalieBinary(), {"--kb", (testing::SourceDir() / "demo" / "voorbeeldbank").string(),
                               "--data", data_->path().string(), "--web", web_->path().string()});
  EXPECT_FALSE(damaged.ok()) << "the server started on a damaged database";
  EXPECT_EQ(damaged.Wait(), 1);
  EXPECT_NE(damaged.output().find(file.string() + " is damaged"), std::string::npos)
      << damaged.output();
  EXPECT_NE(damaged.output().find("restore the latest backup"), std::string::npos)
      << damaged.output();
}

// A full disk (here: the file size limit of the server's process, RLIMIT_FSIZE, lowered from
// outside with prlimit; the file system then refuses to let the database's files grow, as a full
// disk does): writes answer 503 and /readyz says why; with room again, /readyz turns 200 by
// itself and writes work; nothing acknowledged is lost.
TEST_F(ConversationApiTest, AFullDiskMakesReadyzFailUntilThereIsRoomAgain) {
  auto [id, token] = Start();
  EXPECT_EQ(Http("GET", "/readyz").status, 200);
  const auto file = data_->path() / "balie.db";
  std::error_code no_wal;
  const auto wal = std::filesystem::file_size(file.string() + "-wal", no_wal);
  rlimit small{std::max<rlim_t>(std::filesystem::file_size(file), no_wal ? 0 : wal) + (64 << 10),
               RLIM_INFINITY};
  ASSERT_EQ(prlimit(server_->pid(), RLIMIT_FSIZE, &small, nullptr), 0);

  std::vector<std::string> acknowledged;
  int refused = 0;
  for (int m = 0; m < 3000 && refused == 0; ++m) {
    const std::string client_id = "m" + std::to_string(m);
    const auto posted = Http(
        "POST", "/api/v1/conversations/" + id + "/messages",
        json{{"client_id", client_id}, {"text", "Wat is de spaarrente? vraag " + client_id}}.dump(),
        token);
    if (posted.status == 201) {
      acknowledged.push_back(client_id);
    } else {
      EXPECT_EQ(posted.status, 503) << posted.body;
      ++refused;
    }
  }
  ASSERT_EQ(refused, 1) << "the file size limit was never reached";
  const auto not_ready = Http("GET", "/readyz");
  EXPECT_EQ(not_ready.status, 503);
  EXPECT_NE(not_ready.body.find("storage is failing"), std::string::npos) << not_ready.body;

  const rlimit room{RLIM_INFINITY, RLIM_INFINITY};
  ASSERT_EQ(prlimit(server_->pid(), RLIMIT_FSIZE, &room, nullptr), 0);
  int status = 0;
  for (int poll = 0; poll < 500 && (status = Http("GET", "/readyz").status) != 200; ++poll) {
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_EQ(status, 200) << "/readyz did not recover with room on the disk";
  const auto again =
      Http("POST", "/api/v1/conversations/" + id + "/messages",
           json{{"client_id", "again"}, {"text", "Wat is de spaarrente?"}}.dump(), token);
  EXPECT_EQ(again.status, 201) << again.body;
  acknowledged.push_back("again");

  server_->Signal(SIGTERM);
  EXPECT_EQ(server_->Wait(), 0) << server_->output();
  StartServer();
  std::multiset<std::string> stored;
  std::int64_t after = 0;
  for (bool more = true; more;) {
    const json page = json::parse(
        Http("GET", "/api/v1/conversations/" + id + "/messages?after=" + std::to_string(after), "",
             token)
            .body);
    for (const json& event : page["events"]) {
      if (event["kind"] == "customer_message") stored.insert(event["client_id"].get<std::string>());
      after = event["seq"];
    }
    more = page["more"] == true;
  }
  for (const std::string& client_id : acknowledged) {
    EXPECT_EQ(stored.count(client_id), 1u) << "acknowledged message " << client_id;
  }
}

}  // namespace
}  // namespace balie
