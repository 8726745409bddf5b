// Several `balie serve` processes on one PostgreSQL database (support/postgres_server.h) serving
// one organisation: what one process commits reaches the customers' streams and the consoles
// connected to another (LISTEN/NOTIFY, storage::ChangeFeed), a resend to another process is
// recognised, a staff action on one reaches the customer on the other, and processes that assign
// at once — to their own agents, or three racing for one agent with a console on each — never
// assign one conversation twice nor an agent past their capacity (read from storage), customers
// booking one callback slot on two processes never fill it past its room, the supervisors'
// overview shows who is on duty on any process and the same service level on each, a state
// chosen on one process holds on every process, typing reaches the consoles and customers
// connected to another process, and a client spread over processes is limited as on one (rate
// limits, log-in slow-downs and the open streams of a conversation).

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <set>
#include <sstream>
#include <thread>

#include "base/temp_dir.h"
#include "base/time_format.h"
#include "support/api_client.h"
#include "support/cluster_setup.h"
#include "support/postgres_server.h"
#include "support/server_process.h"

namespace balie {
namespace {

using nlohmann::json;
using testing::ApiClient;

constexpr const char* kPassword = "paarse olifanten dansen traag";

class ClusterApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto url = testing::NewPostgresDatabase();
    ASSERT_TRUE(url.ok()) << url.status().ToString();
    url_ = std::move(url).value();
    testing::AddClusterStaff(url_, kPassword);
    if (HasFatalFailure()) return;
    testing::WriteAlwaysOpenConfig(config_.path());
    a_ = Serve();
    b_ = Serve();
    ASSERT_TRUE(a_->ok()) << a_->output();
    ASSERT_TRUE(b_->ok()) << b_->output();
    ASSERT_NE(a_->port(), b_->port());
  }

  std::unique_ptr<testing::ServerProcess> Serve() { return Serve(config_.path() / "balie.toml"); }
  std::unique_ptr<testing::ServerProcess> Serve(const std::filesystem::path& config) {
    return std::make_unique<testing::ServerProcess>(
        testing::BalieBinary(),
        std::vector<std::string>{"--kb", (testing::SourceDir() / "demo" / "voorbeeldbank").string(),
                                 "--storage", url_, "--web", web_.path().string(), "--config",
                                 config.string()});
  }

  // Two more processes, C and D, with these lines in their configuration's [limits].
  std::pair<std::unique_ptr<testing::ServerProcess>, std::unique_ptr<testing::ServerProcess>>
  ServeLimited(const std::string& limits) {
    const std::filesystem::path config = testing::WriteAlwaysOpenConfig(limited_.path());
    std::ofstream(config, std::ios::app) << "\n[limits]\n" << limits;
    auto c = Serve(config);
    auto d = Serve(config);
    EXPECT_TRUE(c->ok()) << c->output();
    EXPECT_TRUE(d->ok()) << d->output();
    return {std::move(c), std::move(d)};
  }

  // `staff`'s console on `api`, past its first inbox.
  static std::unique_ptr<net::WebSocketClient> Console(const ApiClient& api,
                                                       const ApiClient::Staff& staff) {
    auto console = api.StaffStream(staff);
    if (console) {
      ApiClient::Next(*console, "inbox");
    }
    return console;
  }

  // A new customer on `api` with their stream open, past its first status.
  struct Customer {
    std::string id;
    std::string token;
    std::unique_ptr<net::WebSocketClient> chat;
  };
  static Customer NewCustomer(const ApiClient& api) {
    auto [id, token] = api.Start();
    auto chat = api.Stream(id, token);
    if (chat) {
      ApiClient::Next(*chat, "status");
    }
    return {id, token, std::move(chat)};
  }

  // The conversation's stored events, as its customer reads them (from either process).
  static json Events(const ApiClient& api, const std::string& id, const std::string& token) {
    const auto history =
        api.Http("GET", "/api/v1/conversations/" + id + "/messages?limit=500", "", token);
    EXPECT_EQ(history.status, 200) << history.body;
    return json::parse(history.body)["events"];
  }

  // What the processes tell each other of their rate limits (api::SharedLimits: every 200 ms, a
  // line "<limit> <count> <key>" per key that took something), heard from when it is made. A test
  // of a limit across processes waits until the process that took has told it, not for a time
  // that a busy machine may run past.
  class LimitNews {
   public:
    explicit LimitNews(const std::string& url) : connection_(url), receiver_(connection_) {
      connection_.get_notifs();  // the LISTEN is sent now, before anything is taken
    }
    // Waits (at most 20 s) until `count` of `limit` were told in all, then a moment for the other
    // processes, which heard the same notifications, to take as much. False when not told.
    bool Told(std::string_view limit, std::int64_t count) {
      return Await([&] { return receiver_.Taken(limit) >= count; });
    }
    // The same for a count (OpenStreams: each process tells its value): waits until the values
    // last told add up to `total`.
    bool Counted(std::string_view limit, std::int64_t total) {
      return Await([&] { return receiver_.Counted(limit) == total; });
    }

   private:
    // Reads the notifications until `heard` (at most 20 s), then gives the other processes a
    // moment to take in the same ones. Whether it was heard.
    template <typename Heard>
    bool Await(const Heard& heard) {
      const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
      while (!heard() && std::chrono::steady_clock::now() < deadline) {
        connection_.await_notification(0, 100'000);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
      return heard();
    }

    struct Receiver final : pqxx::notification_receiver {
      explicit Receiver(pqxx::connection& connection)
          : pqxx::notification_receiver(connection, "balie_limits") {}
      void operator()(const std::string& payload, int /*backend_pid*/) override {
        std::istringstream lines(payload);
        std::string head;
        std::getline(lines, head);  // the head: the version and the origin
        std::string line;
        while (std::getline(lines, line)) {
          std::istringstream fields(line);
          std::string limit;
          std::int64_t count = 0;
          if (fields >> limit >> count) {
            taken[limit] += count;
            latest[limit][head] = count;
          }
        }
      }
      std::int64_t Taken(std::string_view limit) const {
        const auto found = taken.find(std::string(limit));
        return found == taken.end() ? 0 : found->second;
      }
      // A count's latest value from each process, added up (one key per limit in a test).
      std::int64_t Counted(std::string_view limit) const {
        const auto found = latest.find(std::string(limit));
        std::int64_t sum = 0;
        if (found != latest.end()) {
          for (const auto& [origin, value] : found->second) sum += value;
        }
        return sum;
      }
      std::map<std::string, std::int64_t> taken;
      std::map<std::string, std::map<std::string, std::int64_t>> latest;
    };
    pqxx::connection connection_;
    Receiver receiver_;
  };

  std::string url_;
  base::TempDir web_ = std::move(base::TempDir::Create("balie-cluster-web-").value());
  base::TempDir config_ = std::move(base::TempDir::Create("balie-cluster-config-").value());
  base::TempDir limited_ = std::move(base::TempDir::Create("balie-cluster-limits-").value());
  std::unique_ptr<testing::ServerProcess> a_;
  std::unique_ptr<testing::ServerProcess> b_;
};

TEST_F(ClusterApiTest, EventsReachStreamsAndConsolesOnTheOtherProcess) {
  ApiClient a(a_->port());
  ApiClient b(b_->port());

  // A customer on A; a supervisor's console on B watches the conversation from its start.
  auto [id, token] = a.Start();
  auto chat = a.Stream(id, token);
  ASSERT_TRUE(chat);
  ApiClient::Next(*chat, "status");
  const auto baas = b.LogIn("baas", kPassword);
  auto console = b.StaffStream(baas);
  ASSERT_TRUE(console);
  ApiClient::Next(*console, "inbox");
  ApiClient::Send(*console, {{"type", "watch"}, {"conversation_id", id}, {"after", 0}});

  // The customer writes on A; the console on B sees the message and the bot's reply live.
  const std::string question = "Ik ben mijn pinpas kwijt, wat moet ik doen?";
  ApiClient::Send(*chat, {{"type", "message"}, {"client_id", "m1"}, {"text", question}});
  const json receipt = ApiClient::Next(*chat, "receipt");
  EXPECT_EQ(receipt["duplicate"], false);
  const json reply = ApiClient::Next(*chat, "event", "bot_reply")["event"];
  std::vector<json> seen;
  const json message = ApiClient::Next(*console, "event", "customer_message", &seen);
  EXPECT_EQ(message["conversation_id"], id);
  EXPECT_EQ(message["event"]["text"], question);
  const json bot = ApiClient::Next(*console, "event", "bot_reply", &seen)["event"];
  EXPECT_EQ(bot["seq"], reply["seq"]);
  EXPECT_EQ(bot["text"], reply["text"]);
  // In order, each once.
  std::int64_t last = 0;
  for (const json& frame : seen) {
    if (frame["type"] == "event") {
      EXPECT_EQ(frame["event"]["seq"].get<std::int64_t>(), last + 1) << frame.dump();
      last = frame["event"]["seq"].get<std::int64_t>();
    }
  }

  // The customer's connection moves to B, which has not seen the frame: the resend is known.
  auto moved = b.Stream(id, token, reply["seq"].get<std::int64_t>());
  ASSERT_TRUE(moved);
  ApiClient::Next(*moved, "status");
  ApiClient::Send(*moved, {{"type", "message"}, {"client_id", "m1"}, {"text", question}});
  const json again = ApiClient::Next(*moved, "receipt");
  EXPECT_EQ(again["duplicate"], true);
  EXPECT_EQ(again["seq"], receipt["seq"]);
  int asked = 0;
  for (const json& event : Events(b, id, token)) {
    asked += event["kind"] == "customer_message" ? 1 : 0;
  }
  EXPECT_EQ(asked, 1);

  // The customer asks for a person on A; the supervisor replies on B: the customer's streams on
  // A and on B both get the reply, and the console on B the hand-off from A.
  ApiClient::Send(*chat, {{"type", "handoff"}, {"client_id", "h1"}});
  ApiClient::Next(*chat, "event", "handoff");
  ApiClient::Next(*console, "event", "handoff");
  const auto answered = b.Http("POST", "/api/v1/staff/conversations/" + id + "/reply",
                               json{{"client_id", "a1"}, {"text", "Ik help u verder."}}.dump(), "",
                               baas.session, baas.csrf);
  ASSERT_EQ(answered.status, 201) << answered.body;
  EXPECT_EQ(ApiClient::Next(*chat, "event", "agent_message")["event"]["text"], "Ik help u verder.");
  EXPECT_EQ(ApiClient::Next(*moved, "event", "agent_message")["event"]["text"],
            "Ik help u verder.");
}

// A change that leaves a conversation with the bot is told only to the processes that watch it
// (PostgresStore::Watch): a second window of the customer's on B is noted as watching, and sees
// the messages asked and answered on A, whether they came before the note (caught up from
// storage) or after it (told).
TEST_F(ClusterApiTest, AWindowOnTheOtherProcessSeesWhatStaysWithTheBot) {
  ApiClient a(a_->port());
  ApiClient b(b_->port());
  Customer customer = NewCustomer(a);
  ASSERT_TRUE(customer.chat);
  auto window = b.Stream(customer.id, customer.token);
  ASSERT_TRUE(window);
  ApiClient::Next(*window, "status");
  for (const std::string client_id : {"m1", "m2"}) {
    ApiClient::Send(*customer.chat, {{"type", "message"},
                                     {"client_id", client_id},
                                     {"text", "Wat kost een betaalrekening per maand?"}});
    ApiClient::Next(*customer.chat, "receipt");
    const json reply = ApiClient::Next(*customer.chat, "event", "bot_reply")["event"];
    const json asked = ApiClient::Next(*window, "event", "customer_message")["event"];
    EXPECT_EQ(asked["client_id"], client_id);
    EXPECT_EQ(ApiClient::Next(*window, "event", "bot_reply")["event"]["seq"], reply["seq"]);
  }
}

// A process answers a customer's message without reading the conversation when it stored or read
// it last (PostgresStore::GetForChangeNow): a resend to it, and a message after another process
// changed the conversation unheard, are refused by storage and handled again after a read — each
// message stored once, in order, and no error for the customer.
TEST_F(ClusterApiTest, AMessageAnsweredFromAStaleCopyIsStoredOnceAfterARead) {
  ApiClient a(a_->port());
  Customer on_a = NewCustomer(a);
  ASSERT_TRUE(on_a.chat);
  std::vector<json> seen;
  const json asked = {
      {"type", "message"}, {"client_id", "m1"}, {"text", "Hoe blokkeer ik mijn pas?"}};
  ApiClient::Send(*on_a.chat, asked);
  const json first = ApiClient::Next(*on_a.chat, "receipt", "", &seen);
  EXPECT_EQ(first["duplicate"], false);
  ApiClient::Next(*on_a.chat, "event", "bot_reply", &seen);
  ApiClient::Send(*on_a.chat, asked);  // a resend to the process that stored it
  const json resent = ApiClient::Next(*on_a.chat, "receipt", "", &seen);
  EXPECT_EQ(resent["duplicate"], true);
  EXPECT_EQ(resent["seq"], first["seq"]);

  // Another process stores a message whose notification A never hears (stored here as a process
  // would, without the NOTIFY): A's copy is stale when the customer writes again on A.
  {
    pqxx::connection db(url_);
    pqxx::work tx(db);
    const pqxx::result stored = tx.exec_params(
        "SELECT balie_append(id, token_hash, language, state, queue, priority, created_at, "
        "queued_at, callback_start, callback_end, callback_phone, callback_name, agent, "
        "customer_ref, awaiting_reply, last_seq + 1, assigned_at, requested_agent, advisor, "
        "json_build_array(json_build_object('seq', last_seq + 1, 'kind', 'customer_message', "
        "'at', created_at, 'author', 'customer', 'client_id', 'm2', 'text', 'Wat kost een pas?', "
        "'data', (SELECT data FROM events WHERE conversation_id = $1 AND client_id = 'm1')))) "
        "FROM conversations WHERE id = $1",
        on_a.id);
    EXPECT_EQ(stored[0][0].as<std::string>(), "stored bot");
    tx.commit();
  }
  ApiClient::Send(*on_a.chat,
                  {{"type", "message"}, {"client_id", "m3"}, {"text", "Kan ik overal pinnen?"}});
  const json third = ApiClient::Next(*on_a.chat, "receipt", "", &seen);
  EXPECT_EQ(third["duplicate"], false);
  for (const json& frame : seen) {
    EXPECT_NE(frame["type"], "error") << frame.dump();
  }

  std::vector<std::string> kinds;
  std::int64_t last = 0;
  for (const json& event : Events(a, on_a.id, on_a.token)) {
    EXPECT_EQ(event["seq"].get<std::int64_t>(), last + 1);
    last = event["seq"].get<std::int64_t>();
    if (event["kind"] == "customer_message" || event["kind"] == "bot_reply") {
      kinds.push_back(event["kind"] == "bot_reply" ? "reply"
                                                   : event["client_id"].get<std::string>());
    }
  }
  EXPECT_EQ(kinds, (std::vector<std::string>{"m1", "reply", "m2", "m3", "reply"}));
  EXPECT_EQ(third["seq"].get<std::int64_t>(), last - 1);
}

// The bus lost (each process's LISTEN connection ended, as by a restart of PostgreSQL or the
// network): what is committed meanwhile reaches the console on the other process all the same,
// read from storage when its follower is back.
TEST_F(ClusterApiTest, ALostBusMissesNothing) {
  ApiClient a(a_->port());
  ApiClient b(b_->port());
  auto [id, token] = a.Start();
  auto chat = a.Stream(id, token);
  ASSERT_TRUE(chat);
  ApiClient::Next(*chat, "status");
  const auto baas = b.LogIn("baas", kPassword);
  auto console = b.StaffStream(baas);
  ASSERT_TRUE(console);
  ApiClient::Next(*console, "inbox");
  ApiClient::Send(*console, {{"type", "watch"}, {"conversation_id", id}, {"after", 0}});
  ApiClient::Next(*console, "event", "started");

  {
    pqxx::connection db(url_);
    pqxx::nontransaction tx(db);
    const pqxx::result ended = tx.exec(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        "WHERE datname = current_database() AND query LIKE 'LISTEN%'");
    EXPECT_EQ(ended.size(), 2u);
  }
  const std::string question = "Hoe blokkeer ik mijn pas?";
  ApiClient::Send(*chat, {{"type", "message"}, {"client_id", "m1"}, {"text", question}});
  ApiClient::Next(*chat, "event", "bot_reply");
  EXPECT_EQ(ApiClient::Next(*console, "event", "customer_message")["event"]["text"], question);
  ApiClient::Next(*console, "event", "bot_reply");
  // B said it lost the bus and caught up (the log names the database, not a customer's text).
  EXPECT_TRUE(b_->WaitForOutput("catching up with the changes of other processes")) << b_->output();
  EXPECT_EQ(b_->output().find(question), std::string::npos);
}

// An agent on duty on A is someone there for a customer on B: the hand-off on B waits in the
// line (A's dispatcher assigns it), rather than keeping the question for a reply.
TEST_F(ClusterApiTest, AnAgentOnDutyOnOneProcessIsOnDutyForTheOthers) {
  ApiClient a(a_->port());
  ApiClient b(b_->port());
  const auto jan = a.LogIn("jan", kPassword);
  auto console = a.StaffStream(jan);
  ASSERT_TRUE(console);
  ApiClient::Next(*console, "inbox");
  // Each process announces who is on duty there every second: B knows of jan once a
  // conversation's status there says someone is there.
  auto [id, token] = b.Start();
  json status = json::object();
  for (int attempt = 0; attempt < 200 && status.value("staffed", false) != true; ++attempt) {
    if (attempt > 0) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    status = json::parse(b.Http("GET", "/api/v1/conversations/" + id, "", token).body);
  }
  ASSERT_EQ(status["staffed"], true) << status.dump();

  auto chat = b.Stream(id, token);
  ASSERT_TRUE(chat);
  ApiClient::Next(*chat, "status");
  ApiClient::Send(*chat, {{"type", "handoff"}, {"client_id", "h1"}});
  const json handoff = ApiClient::Next(*chat, "event", "handoff")["event"];
  EXPECT_EQ(handoff["staffed"], true) << handoff.dump();
  // A assigns it to jan, whose console is there; the customer on B hears it.
  EXPECT_EQ(ApiClient::Next(*console, "assigned")["conversation_id"], id);
  ApiClient::Next(*chat, "event", "assigned");
}

TEST_F(ClusterApiTest, TwoProcessesAssignEachConversationOnceWithinCapacity) {
  ApiClient a(a_->port());
  ApiClient b(b_->port());
  // jan's console on A, kees's on B: each process's dispatcher assigns to its own agent, both
  // from the same lines.
  const auto jan = a.LogIn("jan", kPassword);
  const auto kees = b.LogIn("kees", kPassword);
  auto jan_console = a.StaffStream(jan);
  auto kees_console = b.StaffStream(kees);
  ASSERT_TRUE(jan_console && kees_console);
  ApiClient::Next(*jan_console, "inbox");
  ApiClient::Next(*kees_console, "inbox");

  // Eight customers ask for a person, half on each process, as fast as they can.
  constexpr int kCustomers = 8;
  std::vector<std::pair<std::string, std::string>> conversations;
  std::vector<std::unique_ptr<net::WebSocketClient>> chats;
  for (int i = 0; i < kCustomers; ++i) {
    const ApiClient& api = i % 2 == 0 ? a : b;
    auto [id, token] = api.Start();
    auto chat = api.Stream(id, token);
    ASSERT_TRUE(chat);
    ApiClient::Next(*chat, "status");
    ApiClient::Send(*chat, {{"type", "handoff"}, {"client_id", "h1"}});
    conversations.emplace_back(id, token);
    chats.push_back(std::move(chat));
  }
  for (auto& chat : chats) {
    ApiClient::Next(*chat, "event", "handoff");
  }

  // Each agent takes three (the default capacity): six assigned, two waiting, once settled.
  std::map<std::string, int> per_agent;
  int assigned_events = 0;
  std::vector<size_t> waiting;
  for (int attempt = 0; attempt < 100; ++attempt) {
    per_agent.clear();
    assigned_events = 0;
    waiting.clear();
    for (size_t i = 0; i < conversations.size(); ++i) {
      const auto& [id, token] = conversations[i];
      int assigned_here = 0;
      // Asked of the process the customer did not start on.
      const ApiClient& other = i % 2 == 0 ? b : a;
      for (const json& event : Events(other, id, token)) {
        assigned_here += event["kind"] == "assigned" ? 1 : 0;
      }
      if (assigned_here > 0) {
        const auto status = other.Http("GET", "/api/v1/conversations/" + id, "", token);
        ++per_agent[json::parse(status.body)["agent"]["name"].get<std::string>()];
      }
      // Never twice, whichever process assigned it.
      EXPECT_LE(assigned_here, 1) << id;
      assigned_events += assigned_here;
      if (assigned_here == 0) {
        waiting.push_back(i);
      }
    }
    if (assigned_events == 6) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(assigned_events, 6);
  for (const auto& [agent, count] : per_agent) {
    EXPECT_LE(count, 3) << agent;
  }

  // The two still waiting have the same place in the line whichever process is asked.
  ASSERT_EQ(waiting.size(), 2u);
  for (size_t i : waiting) {
    const auto& [id, token] = conversations[i];
    const auto from_a = a.Http("GET", "/api/v1/conversations/" + id, "", token);
    const auto from_b = b.Http("GET", "/api/v1/conversations/" + id, "", token);
    ASSERT_EQ(from_a.status, 200) << from_a.body;
    ASSERT_EQ(from_b.status, 200) << from_b.body;
    const json status_a = json::parse(from_a.body);
    const json status_b = json::parse(from_b.body);
    EXPECT_EQ(status_a["state"], "waiting") << from_a.body;
    EXPECT_EQ(status_a["position"], status_b["position"]) << from_a.body << " " << from_b.body;
  }
}

// One agent with a console on each of three processes, twelve customers asking for a person at
// once: all three dispatchers assign to the same agent from the same line. Read from storage,
// every conversation is assigned exactly once and the agent never holds more than their capacity
// (3); as the agent resolves conversations on one process or another, the next ones are assigned.
TEST_F(ClusterApiTest, ProcessesRacingForOneAgentAssignOnceAndWithinCapacity) {
  auto c_ = Serve();
  ASSERT_TRUE(c_->ok()) << c_->output();
  const std::vector<ApiClient> apis = {ApiClient(a_->port()), ApiClient(b_->port()),
                                       ApiClient(c_->port())};
  std::vector<ApiClient::Staff> jan;
  std::vector<std::unique_ptr<net::WebSocketClient>> consoles;
  for (const ApiClient& api : apis) {
    jan.push_back(api.LogIn("jan", kPassword));
    consoles.push_back(Console(api, jan.back()));
    ASSERT_TRUE(consoles.back());
  }

  constexpr int kCustomers = 12;
  constexpr int kCapacity = 3;  // the default
  std::vector<std::unique_ptr<net::WebSocketClient>> chats;
  for (int i = 0; i < kCustomers; ++i) {
    chats.push_back(NewCustomer(apis[static_cast<size_t>(i) % apis.size()]).chat);
    ASSERT_TRUE(chats.back());
  }
  // The hand-offs all at once, on the three processes.
  for (auto& chat : chats) {
    ApiClient::Send(*chat, {{"type", "handoff"}, {"client_id", "h1"}});
  }

  pqxx::connection db(url_);
  std::set<std::string> resolved;
  int most = 0;
  size_t next_api = 0;
  std::chrono::steady_clock::time_point full_since;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (resolved.size() < kCustomers && std::chrono::steady_clock::now() < deadline) {
    std::vector<std::string> holding;
    {
      pqxx::nontransaction tx(db);
      for (const pqxx::row& row :
           tx.exec("SELECT c.id FROM conversations c JOIN staff s ON s.id = c.agent "
                   "WHERE c.state = 'assigned' AND s.name = 'jan'")) {
        holding.push_back(row[0].as<std::string>());
      }
    }
    most = std::max(most, static_cast<int>(holding.size()));
    ASSERT_LE(holding.size(), size_t{kCapacity});
    if (holding.size() < kCapacity && resolved.size() + holding.size() < kCustomers) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      continue;  // the dispatchers have room to fill
    }
    // Full: watched a moment longer before anything is resolved, so that an assignment another
    // process raced in past capacity would be seen (the dispatchers act within milliseconds).
    if (full_since == std::chrono::steady_clock::time_point{}) {
      full_since = std::chrono::steady_clock::now();
    }
    if (std::chrono::steady_clock::now() < full_since + std::chrono::milliseconds(300)) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      continue;
    }
    full_since = {};
    // Full (or the last ones): jan resolves them, each on the next process in turn.
    for (const std::string& id : holding) {
      const ApiClient& api = apis[next_api % apis.size()];
      const auto done =
          api.Http("POST", "/api/v1/staff/conversations/" + id + "/resolve",
                   json{{"client_id", "r1"}}.dump(), "", jan[next_api % apis.size()].session,
                   jan[next_api % apis.size()].csrf);
      ++next_api;
      ASSERT_EQ(done.status, 200) << done.body;
      resolved.insert(id);
    }
  }
  EXPECT_EQ(resolved.size(), size_t{kCustomers});
  EXPECT_EQ(most, kCapacity);
  pqxx::nontransaction tx(db);
  const pqxx::result assigned = tx.exec(
      "SELECT c.id, COUNT(e.seq) FROM conversations c LEFT JOIN events e "
      "ON e.conversation_id = c.id AND e.kind = 'assigned' GROUP BY c.id");
  ASSERT_EQ(assigned.size(), size_t{kCustomers});
  for (const pqxx::row& row : assigned) {
    EXPECT_EQ(row[1].as<int>(), 1) << "conversation " << row[0].as<std::string>();
  }
}

// Customers on two processes booking the same callback slot at once: the slot's room (three
// agents serve the queue, one callback each) holds, read from storage, though each process
// counts the other's bookings only once their notification arrives.
TEST_F(ClusterApiTest, TwoProcessesNeverBookACallbackSlotPastItsRoom) {
  const std::vector<ApiClient> apis = {ApiClient(a_->port()), ApiClient(b_->port())};
  constexpr int kCustomers = 8;
  constexpr int kRoom = 3;  // jan, kees and baas serve the queue, callbacks_per_agent 1
  std::vector<std::unique_ptr<net::WebSocketClient>> chats;
  std::string slot;
  for (int i = 0; i < kCustomers; ++i) {
    const ApiClient& api = apis[static_cast<size_t>(i) % apis.size()];
    Customer customer = NewCustomer(api);
    ASSERT_TRUE(customer.chat);
    // Nobody on duty: the hand-off keeps the question, and a callback can be booked.
    ApiClient::Send(*customer.chat, {{"type", "handoff"}, {"client_id", "h1"}});
    ApiClient::Next(*customer.chat, "event", "handoff");
    if (slot.empty()) {
      const auto slots = api.Http("GET", "/api/v1/conversations/" + customer.id + "/callback-slots",
                                  "", customer.token);
      ASSERT_EQ(slots.status, 200) << slots.body;
      slot = json::parse(slots.body)["slots"][0]["start"].get<std::string>();
    }
    chats.push_back(std::move(customer.chat));
  }
  // All at once, half on each process.
  for (auto& chat : chats) {
    ApiClient::Send(*chat, {{"type", "choose"},
                            {"client_id", "c1"},
                            {"option", "callback"},
                            {"slot", slot},
                            {"phone", "0612345678"}});
  }
  int booked = 0;
  int refused = 0;
  for (auto& chat : chats) {
    for (int i = 0; i < 100; ++i) {
      auto text = chat->Receive(std::chrono::seconds(10));
      ASSERT_TRUE(text.ok()) << text.status().ToString();
      const json frame = json::parse(*text);
      if (frame["type"] == "receipt") {
        ++booked;
        break;
      }
      if (frame["type"] == "error") {
        ++refused;
        break;
      }
    }
  }
  EXPECT_EQ(booked, kRoom);
  EXPECT_EQ(refused, kCustomers - kRoom);
  pqxx::connection db(url_);
  pqxx::nontransaction tx(db);
  EXPECT_EQ(tx.exec("SELECT COUNT(*) FROM conversations WHERE state = 'callback'")[0][0].as<int>(),
            kRoom);
}

// The supervisors' overview is the same whichever process is asked: an agent whose console is on
// A is on duty in B's overview (presence and the queue's agents on duty), from A's announcements.
TEST_F(ClusterApiTest, TheOverviewOnOneProcessShowsAgentsOnDutyOnAnother) {
  ApiClient a(a_->port());
  ApiClient b(b_->port());
  auto console = Console(a, a.LogIn("jan", kPassword));
  ASSERT_TRUE(console);
  const auto baas = b.LogIn("baas", kPassword);
  json overview;
  json jan_there;
  for (int attempt = 0; attempt < 50; ++attempt) {
    const auto response = b.Http("GET", "/api/v1/staff/overview", "", "", baas.session, baas.csrf);
    ASSERT_EQ(response.status, 200) << response.body;
    overview = json::parse(response.body);
    for (const json& agent : overview["agents"]) {
      if (agent["display_name"] == "Medewerker jan") jan_there = agent;
    }
    if (jan_there["presence"]["state"] == "available") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(jan_there["presence"]["state"], "available") << overview.dump();
  // jan and baas (logged in on B, so on duty there).
  EXPECT_EQ(overview["queues"][0]["agents_on_duty"], 2) << overview.dump();
  // kees, on duty nowhere, is offline.
  for (const json& agent : overview["agents"]) {
    if (agent["display_name"] == "Medewerker kees") {
      EXPECT_EQ(agent["presence"]["state"], "offline") << agent.dump();
    }
  }

  // jan steps away on A: within the announcements' few seconds B no longer counts jan on duty.
  ApiClient::Send(*console, {{"type", "presence"}, {"state", "away"}});
  int on_duty = 0;
  for (int attempt = 0; attempt < 100; ++attempt) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    const auto response = b.Http("GET", "/api/v1/staff/overview", "", "", baas.session, baas.csrf);
    overview = json::parse(response.body);
    on_duty = overview["queues"][0]["agents_on_duty"].get<int>();
    if (on_duty == 1) break;
  }
  EXPECT_EQ(on_duty, 1) << overview.dump();
}

// jan has a console on each process and chooses "away" on A, back at a set time: B shows jan away
// with that return (not available by its own console there, nor offline), counts nobody on duty
// and assigns nothing to jan; "available" chosen on B then holds on both.
TEST_F(ClusterApiTest, AwayChosenOnOneProcessIsAwayOnTheOtherWhichDoesNotAssign) {
  ApiClient a(a_->port());
  ApiClient b(b_->port());
  const auto jan = a.LogIn("jan", kPassword);
  auto on_a = Console(a, jan);
  auto on_b = Console(b, jan);
  ASSERT_TRUE(on_a && on_b);
  // jan's presence as `api` shows it in the agents' list.
  auto presence_on = [&jan](const ApiClient& api) {
    const auto response = api.Http("GET", "/api/v1/staff/agents", "", "", jan.session, jan.csrf);
    EXPECT_EQ(response.status, 200) << response.body;
    const json agents = json::parse(response.body)["agents"];
    for (const json& agent : agents) {
      if (agent["display_name"] == "Medewerker jan") return agent["presence"];
    }
    return json();
  };
  auto wait_for = [&](const ApiClient& api, const std::string& state) {
    json presence;
    for (int attempt = 0; attempt < 50; ++attempt) {
      presence = presence_on(api);
      if (presence["state"] == state) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return presence;
  };

  const std::string back_at = base::FormatTime(std::chrono::floor<std::chrono::seconds>(
      std::chrono::system_clock::now() + std::chrono::hours(1)));
  ApiClient::Send(*on_a, {{"type", "presence"}, {"state", "away"}, {"back_at", back_at}});
  const json on_a_away = wait_for(a, "away");
  ASSERT_EQ(on_a_away["state"], "away") << on_a_away.dump();
  const json on_b_away = wait_for(b, "away");
  EXPECT_EQ(on_b_away["state"], "away") << on_b_away.dump();
  EXPECT_EQ(on_b_away["back_at"], on_a_away["back_at"]) << on_b_away.dump();

  // A customer on B asks for a person: nobody is on duty for B, and neither process assigns to
  // jan.
  Customer customer = NewCustomer(b);
  ASSERT_TRUE(customer.chat);
  ApiClient::Send(*customer.chat, {{"type", "handoff"}, {"client_id", "h1"}});
  const json handoff = ApiClient::Next(*customer.chat, "event", "handoff")["event"];
  EXPECT_EQ(handoff["staffed"], false) << handoff.dump();
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));  // each dispatcher ran twice
  for (const json& event : Events(b, customer.id, customer.token)) {
    EXPECT_NE(event["kind"], "assigned") << event.dump();
  }

  // Back on B: available on A too, without the return.
  ApiClient::Send(*on_b, {{"type", "presence"}, {"state", "available"}});
  const json on_a_back = wait_for(a, "available");
  EXPECT_EQ(on_a_back["state"], "available") << on_a_back.dump();
  EXPECT_TRUE(on_a_back["back_at"].is_null()) << on_a_back.dump();
}

// Typing is not stored, and goes over the bus: the customer typing on A reaches the console
// watching on B, and the agent typing on B the customer on A.
TEST_F(ClusterApiTest, TypingReachesConsolesAndCustomersOnTheOtherProcess) {
  ApiClient a(a_->port());
  ApiClient b(b_->port());
  Customer customer = NewCustomer(a);
  ASSERT_TRUE(customer.chat);
  auto console = Console(b, b.LogIn("baas", kPassword));
  ASSERT_TRUE(console);
  ApiClient::Send(*console, {{"type", "watch"}, {"conversation_id", customer.id}, {"after", 0}});
  ApiClient::Next(*console, "event");  // watching

  ApiClient::Send(*customer.chat, {{"type", "typing"}});
  EXPECT_EQ(ApiClient::Next(*console, "typing")["conversation_id"], customer.id);
  ApiClient::Send(*console, {{"type", "typing"}, {"conversation_id", customer.id}});
  EXPECT_EQ(ApiClient::Next(*customer.chat, "typing")["author"], "agent");
}

// Each process tells the others what it took from its rate limits every 200 ms (NOTIFY): a client
// that took the burst on one finds it taken on the other. Two processes whose limits barely
// refill (new conversations per address, messages per conversation): without sharing, the other
// process would grant its own burst.
TEST_F(ClusterApiTest, AClientSpreadOverTwoProcessesIsLimitedAsOne) {
  auto [c, d] = ServeLimited(
      "conversations_per_second = 0.001\nconversation_burst = 4\n"
      "messages_per_second = 0.001\nmessage_burst = 3\n");
  ASSERT_TRUE(c->ok() && d->ok());
  ApiClient on_c(c->port());
  ApiClient on_d(d->port());
  const std::string start = json{{"language", "nl"}}.dump();

  LimitNews news(url_);
  // This address starts four conversations on C (the burst): D refuses a fifth.
  std::vector<std::pair<std::string, std::string>> started;
  for (int i = 0; i < 4; ++i) started.push_back(on_c.Start());
  ASSERT_TRUE(news.Told("customer_conversations_by_address", 4));
  const auto fifth = on_d.Http("POST", "/api/v1/conversations", start);
  EXPECT_EQ(fifth.status, 429) << fifth.body;
  EXPECT_FALSE(fifth.Header("retry-after").empty());

  // Three messages in one conversation on C (its burst): D refuses a fourth.
  const auto& [id, token] = started.front();
  for (int i = 0; i < 3; ++i) {
    const auto sent =
        on_c.Http("POST", "/api/v1/conversations/" + id + "/messages",
                  json{{"client_id", "m" + std::to_string(i)}, {"text", "Hallo"}}.dump(), token);
    ASSERT_EQ(sent.status / 100, 2) << sent.body;
  }
  ASSERT_TRUE(news.Told("customer_actions", 3));
  const auto fourth = on_d.Http("POST", "/api/v1/conversations/" + id + "/messages",
                                json{{"client_id", "m3"}, {"text", "Hallo"}}.dump(), token);
  EXPECT_EQ(fourth.status, 429) << fourth.body;
}

// The streams of one conversation count on both processes together (api::OpenStreams): each tells
// the other how many it holds once it holds two or more (one is the slack, docs/postgresql.md),
// and that they are closed when it stops. Without that, a token could hold the most on every
// process.
TEST_F(ClusterApiTest, TheOpenStreamsOfAConversationCountOnEveryProcess) {
  auto [c, d] = ServeLimited("max_streams_per_conversation = 4\n");
  ASSERT_TRUE(c->ok() && d->ok());
  ApiClient on_c(c->port());
  ApiClient on_d(d->port());
  const auto started = on_c.Start();
  const std::string& id = started.first;
  const std::string& token = started.second;
  auto stream_on = [&](const testing::ServerProcess& process) {
    return net::WebSocketClient::Connect("127.0.0.1", process.port(),
                                         "/api/v1/conversations/" + id + "/stream?token=" + token);
  };

  LimitNews news(url_);
  std::vector<std::unique_ptr<net::WebSocketClient>> held_on_c;
  for (int i = 0; i < 2; ++i) held_on_c.push_back(on_c.Stream(id, token));
  ASSERT_TRUE(news.Counted("customer_streams", 2));
  std::vector<std::unique_ptr<net::WebSocketClient>> held_on_d;
  for (int i = 0; i < 2; ++i) held_on_d.push_back(on_d.Stream(id, token));
  ASSERT_TRUE(held_on_d.back());
  ASSERT_TRUE(news.Counted("customer_streams", 4));
  // Four in all: both refuse a fifth.
  for (const auto* process : {c.get(), d.get()}) {
    const auto refused = stream_on(*process);
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.status().message().find("HTTP 429"), std::string::npos)
        << refused.status().message();
  }

  // One closes on C, which then holds one (below two: it tells 0): D has room again.
  held_on_c.back()->Close();
  held_on_c.pop_back();
  ASSERT_TRUE(news.Counted("customer_streams", 2));
  auto again = stream_on(*d);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  ASSERT_TRUE(news.Counted("customer_streams", 3));

  // D stops (SIGTERM) with its three: it tells that they are closed, and C need not wait until it
  // forgets them (15 s) to open three more beside its one.
  d->Signal(SIGTERM);
  ASSERT_EQ(d->Wait(), 0) << d->output();
  ASSERT_TRUE(news.Counted("customer_streams", 0));
  for (int i = 0; i < 3; ++i) held_on_c.push_back(on_c.Stream(id, token));
  EXPECT_TRUE(held_on_c.back());
  EXPECT_FALSE(stream_on(*c).ok());
}

// A password guesser spread over processes is refused and slowed down as on one: five wrong
// passwords for kees from this address on A (the limit per account and address) and B refuses
// kees from here too, even with the right password.
TEST_F(ClusterApiTest, WrongPasswordsOnOneProcessCountOnAnother) {
  ApiClient a(a_->port());
  ApiClient b(b_->port());
  const std::string wrong = json{{"name", "kees"}, {"password", "fout wachtwoord"}}.dump();
  LimitNews news(url_);
  for (int i = 0; i < 5; ++i) {
    const auto tried = a.Http("POST", "/api/v1/staff/login", wrong);
    ASSERT_NE(tried.status, 200) << tried.body;
    ASSERT_NE(tried.status, 429) << tried.body;
  }
  ASSERT_TRUE(news.Told("login_by_account_and_address", 5));
  const auto refused =
      b.Http("POST", "/api/v1/staff/login", json{{"name", "kees"}, {"password", kPassword}}.dump());
  EXPECT_EQ(refused.status, 429) << refused.body;
  // Another account from here is still let in (the limit per address is not used up).
  const auto jan =
      b.Http("POST", "/api/v1/staff/login", json{{"name", "jan"}, {"password", kPassword}}.dump());
  EXPECT_EQ(jan.status, 200) << jan.body;
}

// Assignments made by either process count in the service level of today on both: each reads
// today's counts from the stored queue observations every second.
TEST_F(ClusterApiTest, TheServiceLevelIsTheSameOnEveryProcess) {
  ApiClient a(a_->port());
  ApiClient b(b_->port());
  // jan's console on A, kees's on B (three conversations each at most): four customers, two on
  // each process, are assigned by both.
  auto jan_console = Console(a, a.LogIn("jan", kPassword));
  auto kees_console = Console(b, b.LogIn("kees", kPassword));
  ASSERT_TRUE(jan_console && kees_console);
  std::vector<Customer> customers;
  for (int i = 0; i < 4; ++i) {
    customers.push_back(NewCustomer(i % 2 == 0 ? a : b));
    ASSERT_TRUE(customers.back().chat);
    ApiClient::Send(*customers.back().chat, {{"type", "handoff"}, {"client_id", "h1"}});
  }
  for (Customer& customer : customers) {
    ApiClient::Next(*customer.chat, "event", "assigned");
  }

  // (baas logs in only now: a supervisor on duty may be assigned too.)
  const auto baas_a = a.LogIn("baas", kPassword);
  const auto baas_b = b.LogIn("baas", kPassword);
  json level_a;
  json level_b;
  for (int attempt = 0; attempt < 50; ++attempt) {
    const auto from_a =
        a.Http("GET", "/api/v1/staff/overview", "", "", baas_a.session, baas_a.csrf);
    const auto from_b =
        b.Http("GET", "/api/v1/staff/overview", "", "", baas_b.session, baas_b.csrf);
    ASSERT_EQ(from_a.status, 200) << from_a.body;
    ASSERT_EQ(from_b.status, 200) << from_b.body;
    level_a = json::parse(from_a.body)["queues"][0]["service_level_today"];
    level_b = json::parse(from_b.body)["queues"][0]["service_level_today"];
    if (level_a["answered"] == 4 && level_b["answered"] == 4) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(level_a["answered"], 4) << level_a.dump();
  EXPECT_EQ(level_b["answered"], 4) << level_b.dump();
  EXPECT_EQ(level_a, level_b);
}

}  // namespace
}  // namespace balie
