// The person on the line, end to end: the real `balie serve`, an agent's console over HTTP and
// its WebSocket, and a customer's chat — hand-off, assignment, the transcript with the bot's
// answer and the reason, a knowledge suggestion, the reply reaching the customer, resolving.

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>
#include <tuple>

#include "base/temp_dir.h"
#include "base/time_format.h"
#include "support/api_client.h"
#include "support/server_process.h"

namespace balie {
namespace {

using nlohmann::json;
using testing::ApiClient;

class StaffApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const auto& [name, role] : {std::pair{"jan", "agent"}, std::pair{"baas", "supervisor"},
                                     std::pair{"beheer", "admin"}}) {
      ASSERT_EQ(testing::RunWithInput(
                    testing::BalieBinary(),
                    {"user", "add", "--data", data_.path().string(), "--name", name, "--role", role,
                     "--display-name", std::string("Medewerker ") + name},
                    "paarse olifanten dansen traag\n"),
                0);
    }
    // An agent of another queue only (the command line does not check that it exists).
    ASSERT_EQ(testing::RunWithInput(
                  testing::BalieBinary(),
                  {"user", "add", "--data", data_.path().string(), "--name", "piet", "--role",
                   "agent", "--queues", "hypotheken", "--display-name", "Medewerker piet"},
                  "paarse olifanten dansen traag\n"),
              0);
    // Open around the clock, so that the test does not depend on the hour it runs.
    StartServer(
        "[[queue]]\nid = \"algemeen\"\nname_nl = \"Klantenservice\"\n"
        "hours = { monday = [\"00:00-24:00\"], tuesday = [\"00:00-24:00\"], "
        "wednesday = [\"00:00-24:00\"], thursday = [\"00:00-24:00\"], "
        "friday = [\"00:00-24:00\"], saturday = [\"00:00-24:00\"], "
        "sunday = [\"00:00-24:00\"] }\n");
  }

  // (Re)starts `balie serve` with this configuration file and these flags.
  void StartServer(const std::string& config_text, const std::vector<std::string>& flags = {}) {
    api_.reset();
    server_.reset();
    const auto config = data_.path() / "balie.toml";
    std::ofstream(config) << config_text;
    std::vector<std::string> args = {
        "--kb",     (testing::SourceDir() / "demo" / "voorbeeldbank").string(),
        "--data",   data_.path().string(),
        "--web",    web_.path().string(),
        "--config", config.string()};
    args.insert(args.end(), flags.begin(), flags.end());
    server_ = std::make_unique<testing::ServerProcess>(testing::BalieBinary(), args);
    ASSERT_TRUE(server_->ok()) << server_->output();
    api_ = std::make_unique<ApiClient>(server_->port());
  }

  // Klantenservice (the default) open on weekdays 08:00-20:00, the mortgage team on Mondays
  // 09:00-17:00 only, and the waiting customers' statuses (and consoles) refreshed every second.
  static std::string TwoQueues() {
    return "[server]\nstatus_refresh_seconds = 1\n"
           "[queues]\ndefault = \"algemeen\"\n"
           "[[queue]]\nid = \"algemeen\"\nname_nl = \"Klantenservice\"\n"
           "name_en = \"Customer service\"\n"
           "hours = { monday = [\"08:00-20:00\"], tuesday = [\"08:00-20:00\"], "
           "wednesday = [\"08:00-20:00\"], thursday = [\"08:00-20:00\"], "
           "friday = [\"08:00-20:00\"] }\n"
           "[[queue]]\nid = \"hypotheken\"\nname_nl = \"Hypotheekteam\"\n"
           "name_en = \"Mortgage team\"\ntopics = [\"hypotheek\"]\n"
           "hours = { monday = [\"09:00-17:00\"] }\n"
           "[queue.holidays]\n\"2026-12-28\" = []\n";
  }
  // Tuesday 24 November 2026, 22:00 in Amsterdam: both queues closed.
  static constexpr const char* kTuesdayEvening = "2026-11-24T21:00:00Z";
  // Tuesday 24 November 2026, 11:00 in Amsterdam: Klantenservice open, the mortgage team not.
  static constexpr const char* kTuesdayMorning = "2026-11-24T10:00:00Z";

  // A conversation whose customer asked for a person: waiting in the queue algemeen.
  std::tuple<std::string, std::string, std::unique_ptr<net::WebSocketClient>> Waiting() {
    auto [id, token] = api_->Start();
    auto chat = api_->Stream(id, token);
    ApiClient::Next(*chat, "status");
    ApiClient::Send(*chat, {{"type", "handoff"}, {"client_id", "h1"}});
    ApiClient::Next(*chat, "event", "handoff");
    return {id, token, std::move(chat)};
  }

  // Restarts the server forty days on, with texts kept thirty: it erases them when it starts.
  void RestartFortyDaysOnKeepingTextsThirty() {
    const std::string later =
        base::FormatTime(std::chrono::system_clock::now() + std::chrono::days(40));
    StartServer(
        "[retention]\nconversation_text_days = 30\n"
        "[[queue]]\nid = \"algemeen\"\nname_nl = \"Klantenservice\"\n",
        {"--pretend-time", later});
    ASSERT_TRUE(server_->WaitForOutput("conversation texts past their retention erased"))
        << server_->output();
  }

  // The customer of conversation `id` books a callback in the first slot offered, for Jan de Vries
  // on 0612345678; returns the slot's start.
  json BookCallback(const std::string& id, const std::string& token) {
    const std::string customer_path = "/api/v1/conversations/" + id;
    const auto slots = api_->Http("GET", customer_path + "/callback-slots", "", token);
    EXPECT_EQ(slots.status, 200) << slots.body;
    const json offered = json::parse(slots.body)["slots"];
    if (offered.empty()) {
      ADD_FAILURE() << "no callback slot offered";
      return nullptr;
    }
    const auto booked = api_->Http("POST", customer_path + "/choice",
                                   json{{"client_id", "c1"},
                                        {"option", "callback"},
                                        {"slot", offered[0]["start"]},
                                        {"phone", "0612345678"},
                                        {"name", "Jan de Vries"}}
                                       .dump(),
                                   token);
    EXPECT_EQ(booked.status, 200) << booked.body;
    return offered[0]["start"];
  }

  // Frames up to the next `error`, which is returned; those before it are added to `seen`.
  static json NextError(net::WebSocketClient& console, std::vector<json>& seen) {
    return ApiClient::Next(console, "error", "", &seen);
  }

  // Reads frames until the server closes the stream (within a bound); its close code.
  static std::optional<std::uint16_t> ClosedWith(net::WebSocketClient& stream) {
    for (int i = 0; i < 100; ++i) {
      if (!stream.Receive(std::chrono::seconds(10)).ok()) break;
    }
    return stream.closed() ? stream.close_code() : std::nullopt;
  }

  // An admin's change to the account `name`.
  int ChangeUser(const std::string& name, const json& change) {
    const auto admin = api_->LogIn("beheer", "paarse olifanten dansen traag");
    const json users =
        json::parse(api_->Http("GET", "/api/v1/staff/users", "", "", admin.session).body);
    for (const json& user : users["users"]) {
      if (user["name"] == name) {
        return api_
            ->Http("POST", "/api/v1/staff/users/" + user["id"].get<std::string>(), change.dump(),
                   "", admin.session, admin.csrf)
            .status;
      }
    }
    ADD_FAILURE() << "no user " << name;
    return 0;
  }

  // Whether a console with this session can open its stream now.
  bool CanConnect(const ApiClient::Staff& staff) {
    return net::WebSocketClient::Connect("127.0.0.1", server_->port(), "/api/v1/staff/stream",
                                         std::chrono::seconds(10), {{"Cookie", staff.session}})
        .ok();
  }

  base::TempDir data_ = std::move(base::TempDir::Create("balie-staff-api-").value());
  base::TempDir web_ = std::move(base::TempDir::Create("balie-staff-web-").value());
  std::unique_ptr<testing::ServerProcess> server_;
  std::unique_ptr<ApiClient> api_;
};

TEST_F(StaffApiTest, AHandOffReachesAnAgentWhoAnswersTheCustomer) {
  const auto jan = api_->LogIn("jan", "paarse olifanten dansen traag");
  auto console = api_->StaffStream(jan);
  ASSERT_TRUE(console);
  const json first_inbox = ApiClient::Next(*console, "inbox");
  EXPECT_TRUE(first_inbox["mine"].empty());

  // The customer asks the bot, then for a person.
  auto [id, token] = api_->Start();
  auto chat = api_->Stream(id, token);
  ApiClient::Next(*chat, "status");
  ApiClient::Send(*chat,
                  {{"type", "message"}, {"client_id", "m1"}, {"text", "Ik ben mijn pinpas kwijt"}});
  ApiClient::Next(*chat, "event", "bot_reply");
  ApiClient::Send(*chat, {{"type", "message"},
                          {"client_id", "m2"},
                          {"text", "Ik wil toch liever een medewerker spreken"}});

  // The agent is connected and free: the conversation is theirs.
  const json assigned = ApiClient::Next(*console, "assigned");
  EXPECT_EQ(assigned["conversation_id"], id);
  ApiClient::Next(*chat, "event", "assigned");

  // The agent opens it (and the customer hears that Medewerker jan helps them): the transcript with
  // the bot's answer and its link, the reason, and a suggestion from the knowledge.
  const auto opened = api_->Http("GET", "/api/v1/staff/conversations/" + id, "", "", jan.session);
  ASSERT_EQ(opened.status, 200) << opened.body;
  const json view = json::parse(opened.body);
  EXPECT_NE(view["conversation"]["reason"].get<std::string>().find("asked for a person"),
            std::string::npos);
  EXPECT_EQ(view["conversation"]["reason_code"], "asked_for_person");
  bool bot_answer_with_link = false;
  for (const json& event : view["events"]) {
    bot_answer_with_link |= event["kind"] == "bot_reply" && event["decision"] == "answer" &&
                            event["sources"][0]["url"].get<std::string>().starts_with("https://");
  }
  EXPECT_TRUE(bot_answer_with_link);
  ASSERT_FALSE(view["suggestions"].empty());
  const json suggestion = view["suggestions"][0];
  const json told = ApiClient::Next(*chat, "event", "agent_joined")["event"];
  EXPECT_EQ(told["text"], "Medewerker jan helpt je nu verder.");

  // It replies with the suggestion; the customer gets it, the note stays internal.
  const std::string reply_text =
      suggestion["passage"].get<std::string>() + " " + suggestion["url"].get<std::string>();
  const auto reply =
      api_->Http("POST", "/api/v1/staff/conversations/" + id + "/reply",
                 json{{"client_id", "a1"}, {"text", reply_text}}.dump(), "", jan.session, jan.csrf);
  ASSERT_EQ(reply.status, 201) << reply.body;
  const json got = ApiClient::Next(*chat, "event", "agent_message")["event"];
  EXPECT_EQ(got["text"], reply_text);
  EXPECT_EQ(got["agent"]["name"], "Medewerker jan");
  ASSERT_EQ(
      api_->Http("POST", "/api/v1/staff/conversations/" + id + "/notes",
                 json{{"client_id", "n1"}, {"text", "intern"}}.dump(), "", jan.session, jan.csrf)
          .status,
      201);
  const auto history = api_->Http("GET", "/api/v1/conversations/" + id + "/messages", "", token);
  const json events = json::parse(history.body)["events"];
  ASSERT_FALSE(events.empty());
  for (const json& event : events) {
    EXPECT_NE(event["kind"], "note");
  }

  // Resolved: the customer is told.
  const auto resolved = api_->Http("POST", "/api/v1/staff/conversations/" + id + "/resolve",
                                   json{{"client_id", "r1"}}.dump(), "", jan.session, jan.csrf);
  ASSERT_EQ(resolved.status, 200) << resolved.body;
  EXPECT_EQ(ApiClient::Next(*chat, "status")["state"], "resolved");

  // The supervisor sees the queue and the agent.
  const auto boss = api_->LogIn("baas", "paarse olifanten dansen traag");
  const auto overview = api_->Http("GET", "/api/v1/staff/overview", "", "", boss.session);
  ASSERT_EQ(overview.status, 200) << overview.body;
  const json numbers = json::parse(overview.body);
  EXPECT_EQ(numbers["queues"][0]["service_level_today"]["answered"], 1);
  EXPECT_EQ(api_->Http("GET", "/api/v1/staff/overview", "", "", jan.session).status, 403);
}

// Issue 10, item 2: a question left after hours showed "Wacht 499003 u 54 min" (its wait
// counted from an unset time). Its wait counts from when it was left.
TEST_F(StaffApiTest, ALeftQuestionWaitsFromWhenItWasLeft) {
  StartServer(TwoQueues(), {"--pretend-time", kTuesdayEvening});
  auto [id, token] = api_->Start();
  auto chat = api_->Stream(id, token);
  ApiClient::Next(*chat, "status");
  ApiClient::Send(*chat, {{"type", "handoff"}, {"client_id", "h1"}});
  const json left = ApiClient::Next(*chat, "event", "choice")["event"];
  EXPECT_EQ(left["by"], "system");
  const auto left_at = base::ParseTime(left["at"].get<std::string>());
  ASSERT_TRUE(left_at);

  for (const char* name : {"jan", "baas"}) {  // the agent's inbox, the supervisor's assign list
    const auto staff = api_->LogIn(name, "paarse olifanten dansen traag");
    auto console = api_->StaffStream(staff);
    ASSERT_TRUE(console);
    const json inbox = ApiClient::Next(*console, "inbox");
    ASSERT_EQ(inbox["waiting"].size(), 1u) << inbox.dump();
    const json& item = inbox["waiting"][0];
    EXPECT_EQ(item["conversation_id"], id);
    EXPECT_EQ(item["state"], "follow_up");
    ASSERT_TRUE(item["wait_seconds"].is_number()) << item.dump();
    EXPECT_GE(item["wait_seconds"].get<int>(), 0);
    EXPECT_LT(item["wait_seconds"].get<int>(), 60) << name;
    const auto since = base::ParseTime(item["waiting_since"].get<std::string>());
    ASSERT_TRUE(since);
    EXPECT_LE(std::chrono::abs(*since - *left_at), std::chrono::seconds(1));
  }
}

// Issue 10, item 4: the overview said 0 waiting while the inbox held questions left after hours,
// and its "oldest wait" stayed where it was when nothing happened. The overview counts what the
// inbox lists, and its figures are recomputed as time passes.
TEST_F(StaffApiTest, TheOverviewCountsWhatTheInboxHoldsAndTimeMoves) {
  StartServer(TwoQueues(), {"--pretend-time", kTuesdayEvening});
  auto [id, token] = api_->Start();
  auto chat = api_->Stream(id, token);
  ApiClient::Next(*chat, "status");
  ApiClient::Send(*chat, {{"type", "handoff"}, {"client_id", "h1"}});
  ApiClient::Next(*chat, "event", "choice");

  const auto boss = api_->LogIn("baas", "paarse olifanten dansen traag");
  auto console = api_->StaffStream(boss);
  ASSERT_TRUE(console);
  const json inbox = ApiClient::Next(*console, "inbox");
  ASSERT_EQ(inbox["waiting"].size(), 1u);
  auto algemeen = [](const json& overview) {
    for (const json& queue : overview["queues"]) {
      if (queue["id"] == "algemeen") return queue;
    }
    ADD_FAILURE() << "no queue algemeen in " << overview.dump();
    return json::object();
  };
  const json first = algemeen(ApiClient::Next(*console, "overview"));
  EXPECT_EQ(first["waiting"], 0);
  EXPECT_EQ(first["left"], 1);
  ASSERT_TRUE(first["oldest_left_seconds"].is_number()) << first.dump();
  EXPECT_LT(first["oldest_left_seconds"].get<int>(), 60);
  const json fetched =
      algemeen(json::parse(api_->Http("GET", "/api/v1/staff/overview", "", "", boss.session).body));
  EXPECT_EQ(fetched["left"], 1);

  // Nothing happens; the overview comes again (every status_refresh_seconds), a little older.
  bool older = false;
  for (int i = 0; i < 10 && !older; ++i) {
    const json later = algemeen(ApiClient::Next(*console, "overview"));
    older = later["oldest_left_seconds"].get<int>() > first["oldest_left_seconds"].get<int>();
  }
  EXPECT_TRUE(older);
}

// Issue 10, item 5: "Anna helpt u nu" reached the customer the moment Balie assigned (an agent who
// logs in gets two or three at once), before she opened any, and three times in different words.
// The customer hears it when the agent really starts, by opening the conversation or writing,
// once.
TEST_F(StaffApiTest, TheCustomerHearsOnceThatAPersonHelpsWhenTheyReallyStart) {
  const auto jan = api_->LogIn("jan", "paarse olifanten dansen traag");
  auto console = api_->StaffStream(jan);
  ASSERT_TRUE(console);
  auto [first, first_token, first_chat] = Waiting();
  auto [second, second_token, second_chat] = Waiting();
  // Both are given to jan at once; neither customer is told that anyone helps yet.
  std::vector<json> first_seen;
  std::vector<json> second_seen;
  EXPECT_EQ(
      ApiClient::Next(*first_chat, "event", "assigned", &first_seen)["event"].value("text", ""),
      "");
  EXPECT_EQ(ApiClient::Next(*first_chat, "status", "", &first_seen)["state"], "assigned");
  ApiClient::Next(*second_chat, "event", "assigned", &second_seen);
  ApiClient::Next(*second_chat, "status", "", &second_seen);
  auto helps = [](const std::vector<json>& frames) {
    int count = 0;
    for (const json& frame : frames) {
      const json& said = frame["type"] == "event" ? frame["event"] : frame;
      const std::string text = said.value("text", said.value("message", ""));
      count += text.find("helpt je") != std::string::npos ? 1 : 0;
    }
    return count;
  };
  EXPECT_EQ(helps(first_seen) + helps(second_seen), 0);

  // jan opens the first (twice) and then writes in it: its customer is told once.
  const std::string path = "/api/v1/staff/conversations/" + first;
  ASSERT_EQ(api_->Http("GET", path, "", "", jan.session).status, 200);
  ASSERT_EQ(api_->Http("GET", path, "", "", jan.session).status, 200);
  const auto replied =
      api_->Http("POST", path + "/reply", json{{"client_id", "a1"}, {"text", "Goedenavond"}}.dump(),
                 "", jan.session, jan.csrf);
  ASSERT_EQ(replied.status, 201) << replied.body;
  const json joined = ApiClient::Next(*first_chat, "event", "agent_joined", &first_seen)["event"];
  EXPECT_EQ(joined["text"], "Medewerker jan helpt je nu verder.");
  EXPECT_EQ(joined["agent"], json({{"name", "Medewerker jan"}}));
  ApiClient::Next(*first_chat, "event", "agent_message", &first_seen);
  EXPECT_EQ(helps(first_seen), 1);

  // A supervisor who opens the second does not speak for jan; jan's first reply does, once.
  const auto boss = api_->LogIn("baas", "paarse olifanten dansen traag");
  ASSERT_EQ(api_->Http("GET", "/api/v1/staff/conversations/" + second, "", "", boss.session).status,
            200);
  ASSERT_EQ(api_->Http("POST", "/api/v1/staff/conversations/" + second + "/reply",
                       json{{"client_id", "a1"}, {"text", "Goedenavond"}}.dump(), "", jan.session,
                       jan.csrf)
                .status,
            201);
  ApiClient::Next(*second_chat, "event", "agent_message", &second_seen);
  EXPECT_EQ(helps(second_seen), 1);
  const auto history = json::parse(
      api_->Http("GET", "/api/v1/conversations/" + second + "/messages", "", second_token).body);
  int joined_events = 0;
  for (const json& event : history["events"]) joined_events += event["kind"] == "agent_joined";
  EXPECT_EQ(joined_events, 1);
}

// Issue 10, item 3: the admin page showed every queue closed all week, because the queue API did
// not send the hours. It sends them, and an admin may change hours and holidays, checked as the
// configuration file's are; the change holds after a restart.
TEST_F(StaffApiTest, AnAdminSeesAndChangesTheHoursCheckedAsTheConfigurationChecksThem) {
  StartServer(TwoQueues(), {"--pretend-time", kTuesdayMorning});
  const auto admin = api_->LogIn("beheer", "paarse olifanten dansen traag");
  auto queue = [&](const std::string& id) {
    const json all =
        json::parse(api_->Http("GET", "/api/v1/staff/queues", "", "", admin.session).body);
    for (const json& one : all["queues"]) {
      if (one["id"] == id) return one;
    }
    ADD_FAILURE() << "no queue " << id;
    return json::object();
  };
  auto open_now = [&](const std::string& id) {
    const json all = json::parse(api_->Http("GET", "/api/v1/availability").body);
    for (const json& one : all["queues"]) {
      if (one["id"] == id) return one["open"].get<bool>();
    }
    return false;
  };
  EXPECT_EQ(queue("hypotheken")["hours"], json({{"monday", {"09:00-17:00"}}}));
  EXPECT_EQ(queue("hypotheken")["holidays"], json({{"2026-12-28", json::array()}}));
  EXPECT_EQ(queue("algemeen")["hours"]["tuesday"], json({"08:00-20:00"}));
  EXPECT_FALSE(open_now("hypotheken"));

  auto change = [&](const json& body) {
    return api_->Http("POST", "/api/v1/staff/queues/hypotheken", body.dump(), "", admin.session,
                      admin.csrf);
  };
  // What the configuration file refuses, the API refuses, saying what is wrong; nothing changes.
  for (const auto& [body, says] : std::vector<std::pair<json, std::string>>{
           {{{"hours", {{"dinsdag", {"09:00-17:00"}}}}}, "dinsdag"},
           {{{"hours", {{"tuesday", {"17:00-09:00"}}}}}, "17:00-09:00"},
           {{{"hours", {{"tuesday", {"9-17"}}}}}, "9-17"},
           {{{"holidays", {{"2026-02-30", json::array()}}}}, "2026-02-30"},
           {{{"hours", {{"tuesday", "09:00-17:00"}}}}, "hours.tuesday"},
       }) {
    const auto refused = change(body);
    EXPECT_EQ(refused.status, 400) << body.dump();
    EXPECT_NE(refused.body.find(says), std::string::npos) << refused.body;
  }
  EXPECT_EQ(queue("hypotheken")["hours"], json({{"monday", {"09:00-17:00"}}}));

  // Names first, then the hours: each change keeps the earlier ones.
  ASSERT_EQ(change({{"name_nl", "Hypotheken"}}).status, 200);
  const auto changed =
      change({{"hours", {{"monday", {"09:00-17:00"}}, {"tuesday", {"08:00-12:00", "13:00-17:00"}}}},
              {"holidays", {{"2026-12-24", {"08:00-12:00"}}}}});
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(json::parse(changed.body)["queue"]["hours"]["tuesday"],
            json({"08:00-12:00", "13:00-17:00"}));
  EXPECT_TRUE(open_now("hypotheken"));  // Tuesday 11:00

  StartServer(TwoQueues(), {"--pretend-time", kTuesdayMorning});
  const auto again = api_->LogIn("beheer", "paarse olifanten dansen traag");
  const json all =
      json::parse(api_->Http("GET", "/api/v1/staff/queues", "", "", again.session).body);
  bool seen = false;
  for (const json& one : all["queues"]) {
    if (one["id"] != "hypotheken") continue;
    seen = true;
    EXPECT_EQ(one["name_nl"], "Hypotheken");
    EXPECT_EQ(one["hours"]["tuesday"], json({"08:00-12:00", "13:00-17:00"}));
    EXPECT_EQ(one["holidays"], json({{"2026-12-24", {"08:00-12:00"}}}));
  }
  EXPECT_TRUE(seen);
  EXPECT_TRUE(open_now("hypotheken"));
}

// Issue 10, item 11: after a mortgage answer, the note under "talk to a person" gave
// Klantenservice's hours while the mortgage team was closed until Monday. The status gives the
// hours of the queue a hand-off would go to.
TEST_F(StaffApiTest, TheHoursUnderTalkToAPersonAreThoseOfTheQueueItWouldGoTo) {
  StartServer(TwoQueues(), {"--pretend-time", kTuesdayMorning});
  auto [id, token] = api_->Start();
  auto chat = api_->Stream(id, token);
  const json first = ApiClient::Next(*chat, "status");
  EXPECT_EQ(first["queue"]["id"], "algemeen");
  EXPECT_EQ(first["open"], true);

  ApiClient::Send(*chat, {{"type", "message"},
                          {"client_id", "m1"},
                          {"text", "Wat is de rente als ik mijn hypotheek oversluit?"}});
  const json reply = ApiClient::Next(*chat, "event", "bot_reply")["event"];
  ASSERT_EQ(reply["decision"], "answer");
  EXPECT_EQ(reply["sources"][0]["id"], "hypotheek-oversluiten");
  auto mortgage_team = [](const json& status) {
    EXPECT_EQ(status["state"], "bot");
    EXPECT_EQ(status["queue"]["id"], "hypotheken") << status.dump();
    EXPECT_EQ(status["queue"]["name"], "Hypotheekteam");
    EXPECT_EQ(status["open"], false);
    EXPECT_EQ(status["opens_at"], "2026-11-30T08:00:00Z");  // Monday 09:00 in Amsterdam
  };
  mortgage_team(ApiClient::Next(*chat, "status"));
  // The same after a reconnect, and the hand-off goes where the status said.
  auto again = api_->Stream(id, token, 2);
  mortgage_team(ApiClient::Next(*again, "status"));
  ApiClient::Send(*again, {{"type", "handoff"}, {"client_id", "h1"}});
  EXPECT_EQ(ApiClient::Next(*again, "event", "handoff")["event"]["queue"]["id"], "hypotheken");
}

// A status follows a bot reply only when it changed: a second mortgage answer leaves the hand-off
// with the mortgage team (no status), a card question moves it to Klantenservice (a status).
TEST_F(StaffApiTest, ABotReplyThatChangesNothingSendsNoStatus) {
  StartServer(TwoQueues(), {"--pretend-time", kTuesdayMorning});
  auto [id, token] = api_->Start();
  auto chat = api_->Stream(id, token);
  EXPECT_EQ(ApiClient::Next(*chat, "status")["queue"]["id"], "algemeen");
  auto ask = [&](const std::string& client_id, const std::string& text) {
    ApiClient::Send(*chat, {{"type", "message"}, {"client_id", client_id}, {"text", text}});
  };
  ask("m1", "Wat is de rente als ik mijn hypotheek oversluit?");
  EXPECT_EQ(ApiClient::Next(*chat, "status")["queue"]["id"], "hypotheken");

  ask("m2", "Kan ik mijn hypotheek oversluiten naar een andere bank?");
  std::vector<json> seen;
  const json reply = ApiClient::Next(*chat, "event", "bot_reply", &seen)["event"];
  ASSERT_EQ(reply["sources"][0]["id"], "hypotheek-oversluiten");
  // A status for m2 would come before anything of m3: m3 waits for m2's commit to end.
  ask("m3", "Ik ben mijn pinpas kwijt, wat moet ik doen?");
  const json status = ApiClient::Next(*chat, "status", "", &seen);
  EXPECT_EQ(status["queue"]["id"], "algemeen");
  std::vector<std::string> order;
  for (const json& frame : seen) {
    order.push_back(frame["type"].get<std::string>() + ":" +
                    frame.value("client_id", frame.contains("event")
                                                 ? frame["event"]["kind"].get<std::string>()
                                                 : ""));
  }
  EXPECT_EQ(order, (std::vector<std::string>{
                       "receipt:m2", "event:customer_message", "event:bot_reply", "receipt:m3",
                       "event:customer_message", "event:bot_reply", "status:"}));
}

TEST_F(StaffApiTest, AMalformedConsoleFrameIsRefusedAndTheServerStaysUp) {
  const auto jan = api_->LogIn("jan", "paarse olifanten dansen traag");
  auto console = api_->StaffStream(jan);
  ASSERT_TRUE(console);
  ApiClient::Next(*console, "inbox");
  // A number where the conversation's id belongs once ended the process (an uncaught
  // nlohmann::type_error on the I/O thread).
  for (const char* frame :
       {R"({"type":"watch","conversation_id":1})", R"({"type":"typing","conversation_id":{}})",
        R"({"type":"presence","state":7})", R"({"type":"presence","state":"away","back_at":1})",
        R"({"type":["watch"]})", "[]", "not json"}) {
    ASSERT_TRUE(console->Send(frame).ok());
    const json error = ApiClient::Next(*console, "error");
    EXPECT_FALSE(error["code"].get<std::string>().empty()) << frame;
    EXPECT_FALSE(error["message"].get<std::string>().empty()) << frame;
  }
  ASSERT_TRUE(console->Send(R"({"type":"watch","conversation_id":1})").ok());
  EXPECT_EQ(ApiClient::Next(*console, "error")["code"], "bad_field");
  EXPECT_EQ(api_->Http("GET", "/healthz").status, 200);
  EXPECT_FALSE(server_->Wait(std::chrono::milliseconds(0)).has_value()) << server_->output();
}

TEST_F(StaffApiTest, AConsoleThatFloodsIsSlowedDown) {
  const auto jan = api_->LogIn("jan", "paarse olifanten dansen traag");
  auto console = api_->StaffStream(jan);
  ASSERT_TRUE(console);
  ApiClient::Next(*console, "inbox");
  for (int i = 0; i < 200; ++i) {
    ASSERT_TRUE(console->Send(R"({"type":"heartbeat"})").ok());
  }
  EXPECT_EQ(ApiClient::Next(*console, "error")["code"], "rate_limited");
  EXPECT_EQ(api_->Http("GET", "/healthz").status, 200);
}

TEST_F(StaffApiTest, AvailabilityFollowsTheAgentsReallyThere) {
  auto availability = [&] {
    return json::parse(api_->Http("GET", "/api/v1/availability").body)["queues"][0];
  };
  EXPECT_EQ(availability()["agents_on_duty"], 0);
  const auto jan = api_->LogIn("jan", "paarse olifanten dansen traag");
  auto console = api_->StaffStream(jan);
  ApiClient::Next(*console, "inbox");
  EXPECT_EQ(availability()["agents_on_duty"], 1);
  ApiClient::Send(*console, {{"type", "presence"}, {"state", "away"}});
  ApiClient::Next(*console, "presence");
  for (int i = 0; i < 50 && availability()["agents_on_duty"] != 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(availability()["agents_on_duty"], 0);
}

TEST_F(StaffApiTest, AnAgentOfAnotherQueueCannotOpenWatchOrTypeIntoAConversation) {
  auto [id, token, chat] = Waiting();
  const auto piet = api_->LogIn("piet", "paarse olifanten dansen traag");
  const std::string path = "/api/v1/staff/conversations/" + id;
  EXPECT_EQ(api_->Http("GET", path, "", "", piet.session).status, 403);
  EXPECT_EQ(api_->Http("GET", path + "/callback-slots", "", "", piet.session).status, 403);
  EXPECT_EQ(api_->Http("POST", path + "/notes", json{{"client_id", "n1"}, {"text", "x"}}.dump(), "",
                       piet.session, piet.csrf)
                .status,
            403);
  EXPECT_EQ(api_->Http("POST", path + "/reply", json{{"client_id", "a1"}, {"text", "x"}}.dump(), "",
                       piet.session, piet.csrf)
                .status,
            403);

  auto console = api_->StaffStream(piet);
  ASSERT_TRUE(console);
  const json inbox = ApiClient::Next(*console, "inbox");
  EXPECT_TRUE(inbox["waiting"].empty()) << inbox;
  std::vector<json> seen;
  ApiClient::Send(*console, {{"type", "watch"}, {"conversation_id", id}});
  const json refused = NextError(*console, seen);
  EXPECT_EQ(refused["code"], "forbidden");
  EXPECT_EQ(refused["conversation_id"], id);
  ApiClient::Send(*console, {{"type", "typing"}, {"conversation_id", id}});
  EXPECT_EQ(NextError(*console, seen)["code"], "forbidden");

  // The customer writes; an agent who may see it watches and gets the message; piet does not.
  const auto jan = api_->LogIn("jan", "paarse olifanten dansen traag");
  auto colleague = api_->StaffStream(jan);
  ApiClient::Send(*colleague, {{"type", "watch"}, {"conversation_id", id}});
  ApiClient::Send(*chat, {{"type", "message"}, {"client_id", "m1"}, {"text", "Hallo?"}});
  ApiClient::Next(*colleague, "event", "customer_message");
  ApiClient::Send(*console, {{"type", "dance"}});
  EXPECT_EQ(NextError(*console, seen)["code"], "unknown_type");
  for (const json& frame : seen) {
    EXPECT_NE(frame["type"], "event") << frame;
    EXPECT_NE(frame["type"], "typing") << frame;
    EXPECT_EQ(frame.dump().find("Hallo?"), std::string::npos) << frame;
  }
}

TEST_F(StaffApiTest, AWatchEndsWhenTheConversationLeavesTheAgentsSight) {
  auto [id, token, chat] = Waiting();
  const auto piet = api_->LogIn("piet", "paarse olifanten dansen traag");
  const auto boss = api_->LogIn("baas", "paarse olifanten dansen traag");
  const std::string me =
      json::parse(api_->Http("GET", "/api/v1/staff/me", "", "", piet.session).body)["staff"]["id"];
  const std::string path = "/api/v1/staff/conversations/" + id;
  // The supervisor gives it to piet: now theirs, though not in their queue.
  ASSERT_EQ(api_->Http("POST", path + "/assign", json{{"client_id", "x1"}, {"agent", me}}.dump(),
                       "", boss.session, boss.csrf)
                .status,
            200);
  EXPECT_EQ(api_->Http("GET", path, "", "", piet.session).status, 200);
  auto console = api_->StaffStream(piet);
  ApiClient::Send(*console, {{"type", "watch"}, {"conversation_id", id}});
  ApiClient::Send(*chat, {{"type", "message"}, {"client_id", "m1"}, {"text", "Eerste vraag"}});
  EXPECT_EQ(ApiClient::Next(*console, "event", "customer_message")["event"]["text"],
            "Eerste vraag");
  // Piet hands it back to the queue: the watch ends, and later messages do not reach them.
  ASSERT_EQ(api_->Http("POST", path + "/transfer",
                       json{{"client_id", "t1"}, {"queue", "algemeen"}}.dump(), "", piet.session,
                       piet.csrf)
                .status,
            200);
  std::vector<json> seen;
  const json ended = NextError(*console, seen);
  EXPECT_EQ(ended["code"], "forbidden");
  EXPECT_EQ(ended["conversation_id"], id);
  EXPECT_EQ(api_->Http("GET", path, "", "", piet.session).status, 403);
  ApiClient::Send(*chat, {{"type", "message"}, {"client_id", "m2"}, {"text", "Tweede vraag"}});
  ApiClient::Next(*chat, "event", "customer_message");
  ApiClient::Send(*console, {{"type", "dance"}});
  NextError(*console, seen);
  for (const json& frame : seen) {
    EXPECT_EQ(frame.dump().find("Tweede vraag"), std::string::npos) << frame;
  }
}

TEST_F(StaffApiTest, ATransferNoteAndStaffIdsNeverReachTheCustomer) {
  auto [id, token, chat] = Waiting();
  const auto jan = api_->LogIn("jan", "paarse olifanten dansen traag");
  const std::string path = "/api/v1/staff/conversations/" + id;
  ASSERT_EQ(api_->Http("POST", path + "/reply", json{{"client_id", "a1"}, {"text", "Dag!"}}.dump(),
                       "", jan.session, jan.csrf)
                .status,
            201);
  const std::string note = "Notitie voor de collega: klant is boos over de boete";
  ASSERT_EQ(api_->Http("POST", path + "/transfer",
                       json{{"client_id", "t1"}, {"queue", "algemeen"}, {"note", note}}.dump(), "",
                       jan.session, jan.csrf)
                .status,
            200);
  std::vector<json> frames;
  const json transferred = ApiClient::Next(*chat, "event", "transferred", &frames)["event"];
  EXPECT_FALSE(transferred["text"].get<std::string>().empty());
  const std::string jan_id =
      json::parse(api_->Http("GET", "/api/v1/staff/me", "", "", jan.session).body)["staff"]["id"];
  const std::string history =
      api_->Http("GET", "/api/v1/conversations/" + id + "/messages", "", token).body;
  for (const std::string& text : {json(frames).dump(), history}) {
    EXPECT_EQ(text.find("Notitie"), std::string::npos) << text;
    EXPECT_EQ(text.find("transferred by"), std::string::npos) << text;
    EXPECT_EQ(text.find(jan_id), std::string::npos) << text;
  }
  // The colleague who opens it does read the note.
  EXPECT_NE(api_->Http("GET", path, "", "", jan.session).body.find(note), std::string::npos);
}

TEST_F(StaffApiTest, LoggingOutEndsThatSessionsStreamAtOnce) {
  const auto laptop = api_->LogIn("jan", "paarse olifanten dansen traag");
  const auto phone = api_->LogIn("jan", "paarse olifanten dansen traag");
  auto on_laptop = api_->StaffStream(laptop);
  auto on_phone = api_->StaffStream(phone);
  ApiClient::Next(*on_laptop, "inbox");
  ApiClient::Next(*on_phone, "inbox");
  ASSERT_EQ(
      api_->Http("POST", "/api/v1/staff/logout", "{}", "", laptop.session, laptop.csrf).status,
      204);
  EXPECT_EQ(ClosedWith(*on_laptop), 4401);
  EXPECT_FALSE(CanConnect(laptop));
  // The other session goes on.
  ApiClient::Send(*on_phone, {{"type", "dance"}});
  EXPECT_EQ(ApiClient::Next(*on_phone, "error")["code"], "unknown_type");
}

TEST_F(StaffApiTest, DisablingAnAccountEndsAllItsStreamsAndTheInboxStops) {
  const auto jan = api_->LogIn("jan", "paarse olifanten dansen traag");
  auto console = api_->StaffStream(jan);
  auto second = api_->StaffStream(jan);
  ApiClient::Next(*console, "inbox");
  ApiClient::Next(*second, "inbox");
  ASSERT_EQ(ChangeUser("jan", {{"disabled", true}}), 200);
  EXPECT_EQ(ClosedWith(*console), 4401);
  EXPECT_EQ(ClosedWith(*second), 4401);
  EXPECT_FALSE(CanConnect(jan));
  // A customer asking for a person now reaches nobody's console through jan's session.
  auto [id, token, chat] = Waiting();
  EXPECT_EQ(api_->Http("GET", "/api/v1/staff/conversations/" + id, "", "", jan.session).status,
            401);
}

TEST_F(StaffApiTest, NewRightsOrANewPasswordEndTheStreams) {
  const auto jan = api_->LogIn("jan", "paarse olifanten dansen traag");
  auto console = api_->StaffStream(jan);
  ApiClient::Next(*console, "inbox");
  // New queues: the console reconnects, and gets the new rights with the same session.
  ASSERT_EQ(ChangeUser("jan", {{"queues", json::array({"algemeen"})}}), 200);
  EXPECT_EQ(ClosedWith(*console), 4403);
  auto again = api_->StaffStream(jan);
  ASSERT_TRUE(again);
  ApiClient::Next(*again, "inbox");
  ASSERT_EQ(ChangeUser("jan", {{"password", "blauwe giraffen eten soep"}}), 200);
  EXPECT_EQ(ClosedWith(*again), 4401);
  EXPECT_FALSE(CanConnect(jan));
}

// `balie user add` beside a running server: the new agent is routed from their first log-in
// (before, only after the server restarted).
TEST_F(StaffApiTest, AnAccountAddedFromTheCommandLineIsRoutedFromItsFirstLogIn) {
  ASSERT_EQ(testing::RunWithInput(testing::BalieBinary(),
                                  {"user", "add", "--data", data_.path().string(), "--name",
                                   "nieuw", "--role", "agent", "--display-name", "Nieuwe Collega"},
                                  "paarse olifanten dansen traag\n"),
            0);
  const auto nieuw = api_->LogIn("nieuw", "paarse olifanten dansen traag");
  auto console = api_->StaffStream(nieuw);
  ASSERT_TRUE(console);
  ApiClient::Next(*console, "inbox");
  auto [id, token] = api_->Start();
  ASSERT_EQ(api_->Http("POST", "/api/v1/conversations/" + id + "/handoff",
                       json{{"client_id", "h1"}}.dump(), token)
                .status,
            200);
  EXPECT_EQ(ApiClient::Next(*console, "assigned")["conversation_id"], id);
}

TEST_F(StaffApiTest, AnAccountDisabledFromTheCommandLineLosesItsStreamAtTheNextHeartbeat) {
  const auto jan = api_->LogIn("jan", "paarse olifanten dansen traag");
  auto console = api_->StaffStream(jan);
  ApiClient::Next(*console, "inbox");
  // Another process changes the database; the server learns it when the stream checks again.
  ASSERT_EQ(testing::RunWithInput(
                testing::BalieBinary(),
                {"user", "disable", "--data", data_.path().string(), "--name", "jan"}, ""),
            0);
  ApiClient::Send(*console, {{"type", "heartbeat"}});
  EXPECT_EQ(ClosedWith(*console), 4401);
}

// A callback given to an agent carries the call to make: the agent sees the slot and the number
// until they record its outcome. Before, the assignment dropped the booking, so the agent had no
// number, and the console offered the outcome only on a callback nobody had been given.
TEST_F(StaffApiTest, AnAgentGivenACallbackSeesTheNumberAndRecordsTheOutcome) {
  auto [id, token, chat] = Waiting();
  const json slot = BookCallback(id, token);

  const auto boss = api_->LogIn("baas", "paarse olifanten dansen traag");
  const auto jan = api_->LogIn("jan", "paarse olifanten dansen traag");
  const std::string jan_id =
      json::parse(api_->Http("GET", "/api/v1/staff/me", "", "", jan.session).body)["staff"]["id"];
  const std::string path = "/api/v1/staff/conversations/" + id;
  auto post = [&](const ApiClient::Staff& who, const std::string& action, const json& body) {
    return api_->Http("POST", path + action, body.dump(), "", who.session, who.csrf);
  };
  // Nobody has been given the call yet: there is no outcome to record.
  EXPECT_EQ(post(boss, "/callback-outcome", {{"client_id", "o0"}, {"outcome", "reached"}}).status,
            409);
  ASSERT_EQ(post(boss, "/assign", {{"client_id", "g1"}, {"agent", jan_id}}).status, 200);

  const auto opened = api_->Http("GET", path, "", "", jan.session);
  ASSERT_EQ(opened.status, 200) << opened.body;
  const json item = json::parse(opened.body)["conversation"];
  EXPECT_EQ(item["state"], "assigned");
  ASSERT_TRUE(item["callback"].is_object()) << item.dump();
  EXPECT_EQ(item["callback"]["phone"], "0612345678");
  EXPECT_EQ(item["callback"]["start"], slot);

  const auto reached =
      post(jan, "/callback-outcome", {{"client_id", "o1"}, {"outcome", "reached"}});
  ASSERT_EQ(reached.status, 200) << reached.body;
  const json after = json::parse(reached.body);
  EXPECT_EQ(after["conversation"]["state"], "assigned");
  EXPECT_TRUE(after["conversation"]["callback"].is_null()) << "the call is made";
}

// Retention erases a callback's number and name with the texts; the transcript still shows that
// a callback was booked, given to an agent and made.
TEST_F(StaffApiTest, RetentionErasesACallbacksNumberAndNameAndKeepsWhatHappened) {
  auto [id, token, chat] = Waiting();
  BookCallback(id, token);
  const auto boss = api_->LogIn("baas", "paarse olifanten dansen traag");
  const auto jan = api_->LogIn("jan", "paarse olifanten dansen traag");
  const std::string path = "/api/v1/staff/conversations/" + id;
  auto post = [&](const ApiClient::Staff& who, const std::string& action, const json& body) {
    return api_->Http("POST", path + action, body.dump(), "", who.session, who.csrf);
  };
  const std::string jan_id =
      json::parse(api_->Http("GET", "/api/v1/staff/me", "", "", jan.session).body)["staff"]["id"];
  ASSERT_EQ(post(boss, "/assign", {{"client_id", "g1"}, {"agent", jan_id}}).status, 200);
  ASSERT_EQ(post(jan, "/callback-outcome", {{"client_id", "o1"}, {"outcome", "reached"}}).status,
            200);
  ASSERT_EQ(post(jan, "/resolve", {{"client_id", "r1"}}).status, 200);
  const auto before = api_->Http("GET", path, "", "", boss.session);
  ASSERT_NE(before.body.find("0612345678"), std::string::npos) << before.body;
  chat.reset();

  RestartFortyDaysOnKeepingTextsThirty();
  if (HasFatalFailure()) return;
  const auto again = api_->LogIn("baas", "paarse olifanten dansen traag");
  const auto opened = api_->Http("GET", path, "", "", again.session);
  ASSERT_EQ(opened.status, 200) << opened.body;
  EXPECT_EQ(opened.body.find("0612345678"), std::string::npos) << opened.body;
  EXPECT_EQ(opened.body.find("Jan de Vries"), std::string::npos) << opened.body;
  std::set<std::string> kinds;
  const json view = json::parse(opened.body);
  for (const json& event : view["events"]) {
    if (event["kind"] == "choice" || event["kind"] == "assigned") {
      EXPECT_FALSE(event.contains("text_erased")) << "it had no text: " << event;
      kinds.insert(event["kind"].get<std::string>());
    }
    if (event["kind"] == "choice" && event["option"] == "callback") {
      EXPECT_TRUE(event.contains("slot")) << event;
    }
  }
  EXPECT_EQ(kinds, (std::set<std::string>{"choice", "assigned"}));
  EXPECT_EQ(testing::RunWithInput(testing::BalieBinary(),
                                  {"audit", "verify", "--data", data_.path().string()}, ""),
            0);
}

TEST_F(StaffApiTest, TheServersAuditTrailRecordsReadsVerifiesBesideItAndRetentionErasesOldTexts) {
  auto [id, token] = api_->Start();
  auto chat = api_->Stream(id, token);
  ApiClient::Next(*chat, "status");
  ApiClient::Send(*chat,
                  {{"type", "message"}, {"client_id", "m1"}, {"text", "Ik ben mijn pinpas kwijt"}});
  ApiClient::Next(*chat, "event", "bot_reply");
  chat.reset();
  const auto baas = api_->LogIn("baas", "paarse olifanten dansen traag");
  ASSERT_EQ(api_->Http("GET", "/api/v1/staff/conversations/" + id, "", "", baas.session).status,
            200);
  const std::string data = data_.path().string();
  // Checked beside the running server, which goes on writing to the same chain.
  EXPECT_EQ(testing::RunWithInput(testing::BalieBinary(), {"audit", "verify", "--data", data}, ""),
            0);
  ASSERT_EQ(api_->Http("GET", "/api/v1/staff/conversations/" + id, "", "", baas.session).status,
            200);
  RestartFortyDaysOnKeepingTextsThirty();
  if (HasFatalFailure()) return;
  EXPECT_EQ(server_->output().find("pinpas"), std::string::npos);
  const auto again = api_->LogIn("baas", "paarse olifanten dansen traag");
  const auto opened = api_->Http("GET", "/api/v1/staff/conversations/" + id, "", "", again.session);
  ASSERT_EQ(opened.status, 200) << opened.body;
  const json view = json::parse(opened.body);
  int erased = 0;
  for (const json& event : view["events"]) {
    if (event.value("text_erased", false)) {
      ++erased;
      EXPECT_FALSE(event.contains("text")) << event;
    }
  }
  EXPECT_GE(erased, 2) << view["events"];  // the customer's message and the bot's reply
  EXPECT_EQ(opened.body.find("pinpas"), std::string::npos);
  server_->Signal(SIGTERM);
  ASSERT_EQ(server_->Wait(), 0);
  EXPECT_EQ(testing::RunWithInput(testing::BalieBinary(), {"audit", "verify", "--data", data}, ""),
            0);
}

}  // namespace
}  // namespace balie
