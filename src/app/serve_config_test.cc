#include "app/serve_config.h"

#include <gtest/gtest.h>

#include <fstream>

#include "base/temp_dir.h"

namespace balie::app {
namespace {

class ServeConfigTest : public ::testing::Test {
 protected:
  // Writes `text` as the configuration file and loads it with `environment`.
  base::Result<ServeConfig> Load(const std::string& text,
                                 const std::map<std::string, std::string>& environment = {}) {
    const auto file = dir_.path() / "balie.toml";
    std::ofstream(file) << text;
    ServeFlags flags;
    flags.kb_dir = "kb";
    flags.data_dir = "data";
    flags.config_file = file.string();
    return LoadServeConfig(flags, environment);
  }

  base::TempDir dir_ = std::move(base::TempDir::Create("balie-config-test-").value());
};

TEST_F(ServeConfigTest, DefaultsWithoutAFile) {
  ServeFlags flags;
  flags.kb_dir = "kb";
  flags.data_dir = "data";
  auto config = LoadServeConfig(flags, {});
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->server.host, "127.0.0.1");
  EXPECT_EQ(config->server.port, 8080);
  ASSERT_EQ(config->queues.size(), 1u);
  EXPECT_EQ(config->default_queue, "algemeen");
  EXPECT_TRUE(config->synchronous_full);
  EXPECT_EQ(config->integrity_check, storage::SqliteOptions::Check::kQuick);
  EXPECT_EQ(config->max_database_bytes, 0u);
}

TEST_F(ServeConfigTest, TimeZonesByTheirNames) {
  for (const char* zone : {"UTC", "Europe/Amsterdam", "America/Argentina/Buenos_Aires", "Etc/GMT+1",
                           "America/Port-au-Prince"}) {
    auto config = Load(std::string("[[queue]]\nid = \"a\"\ntime_zone = \"") + zone + "\"\n");
    EXPECT_TRUE(config.ok()) << zone << ": " << config.status().ToString();
  }
}

TEST_F(ServeConfigTest, StorageSettings) {
  auto config = Load("[storage]\nintegrity_check = \"off\"\nmax_database_megabytes = 512\n");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->integrity_check, storage::SqliteOptions::Check::kNone);
  EXPECT_EQ(config->max_database_bytes, std::uint64_t{512} << 20);
}

TEST_F(ServeConfigTest, RetentionOfConversationTexts) {
  auto kept = Load("");
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(kept->retention_text_days, 0);
  auto config = Load("[retention]\nconversation_text_days = 400\n");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->retention_text_days, 400);
  auto negative = Load("[retention]\nconversation_text_days = -1\n");
  ASSERT_FALSE(negative.ok());
  EXPECT_NE(negative.status().message().find("conversation_text_days"), std::string::npos)
      << negative.status().message();
}

TEST_F(ServeConfigTest, PostgreSqlInsteadOfTheDataDirectory) {
  auto config = Load("[storage]\nurl = \"postgresql://balie@db.example/balie\"\n");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->storage_url, "postgresql://balie@db.example/balie");
  auto from_environment =
      Load("", {{"BALIE_STORAGE_URL", "postgres://balie@/balie?host=/run/postgresql"}});
  ASSERT_TRUE(from_environment.ok()) << from_environment.status().ToString();
  EXPECT_EQ(from_environment->storage_url, "postgres://balie@/balie?host=/run/postgresql");

  ServeFlags flags;
  flags.kb_dir = "kb";
  flags.storage_url = "postgresql://balie@/balie";
  auto without_data = LoadServeConfig(flags, {});
  ASSERT_TRUE(without_data.ok()) << "no --data needed: " << without_data.status().ToString();
  EXPECT_EQ(without_data->storage_url, flags.storage_url);
  flags.storage_url = "balie.db?password=hunter2";
  auto wrong = LoadServeConfig(flags, {});
  ASSERT_FALSE(wrong.ok());
  EXPECT_NE(wrong.status().message().find("--storage: the storage URL"), std::string::npos)
      << wrong.status().message();
  EXPECT_EQ(wrong.status().message().find("hunter2"), std::string::npos)
      << wrong.status().message();
}

TEST_F(ServeConfigTest, TheExampleFileIsValid) {
  const char* source = std::getenv("BALIE_SOURCE_DIR");
  ASSERT_NE(source, nullptr);
  for (const char* file : {"balie.example.toml", "demo/balie.toml"}) {
    ServeFlags flags;
    flags.kb_dir = "kb";
    flags.data_dir = "data";
    flags.config_file = std::string(source) + "/" + file;
    auto config = LoadServeConfig(flags, {});
    ASSERT_TRUE(config.ok()) << file << ": " << config.status().ToString();
    EXPECT_FALSE(config->queues.empty());
  }
}

TEST_F(ServeConfigTest, OffTopicDeclinesCanBeTurnedOff) {
  auto config = Load("[engine]\ndecline_off_topic = false\n", {});
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_FALSE(config->engine.decline_off_topic);
  EXPECT_TRUE(Load("", {})->engine.decline_off_topic);
}

TEST_F(ServeConfigTest, TheIndexMemoryIsInMegabytes) {
  EXPECT_EQ(Load("")->engine.index_memory_bytes, std::uintmax_t{64} << 20);
  auto config = Load("[engine]\nindex_memory_mib = 0\n");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->engine.index_memory_bytes, 0u);
  EXPECT_EQ(Load("[engine]\nindex_memory_mib = 512\n")->engine.index_memory_bytes,
            std::uintmax_t{512} << 20);
  for (const char* wrong : {"-1", "1048577", "\"64\"", "1.5"}) {
    const auto refused = Load(std::string("[engine]\nindex_memory_mib = ") + wrong + "\n");
    EXPECT_FALSE(refused.ok()) << wrong;
  }
}

// Unset, the register is the knowledge base's (LoadEngine, KbCheckTest).
TEST_F(ServeConfigTest, TheRegisterIsUnsetUnlessConfigured) {
  EXPECT_EQ(Load("")->dutch_register, std::nullopt);
  auto config = Load("[organisation]\nregister = \"je\"\n");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->dutch_register, model::Register::kInformal);
  auto from_environment = Load("", {{"BALIE_ORGANISATION_REGISTER", "u"}});
  ASSERT_TRUE(from_environment.ok()) << from_environment.status().ToString();
  EXPECT_EQ(from_environment->dutch_register, model::Register::kFormal);
}

TEST_F(ServeConfigTest, FileThenEnvironmentThenFlags) {
  auto config = Load(
      "[server]\nlisten = \"0.0.0.0:9000\"\nworkers = 4\n[limits]\nmessages_per_second = 2.5\n",
      {{"BALIE_SERVER_WORKERS", "8"}, {"BALIE_SOURCE_DIR", "/ignored"}});
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->server.host, "0.0.0.0");
  EXPECT_EQ(config->server.port, 9000);
  EXPECT_EQ(config->workers, 8u);
  EXPECT_DOUBLE_EQ(config->api.customers.actions_per_second, 2.5);

  ServeFlags flags;
  flags.kb_dir = "kb";
  flags.data_dir = "data";
  flags.listen = "127.0.0.1:7000";
  auto overridden = LoadServeConfig(flags, {{"BALIE_SERVER_LISTEN", "127.0.0.1:6000"}});
  ASSERT_TRUE(overridden.ok());
  EXPECT_EQ(overridden->server.port, 7000);
}

TEST_F(ServeConfigTest, WhenCustomersAreOfferedOtherWaysIsConfigured) {
  auto config = Load(
      "[queues]\nnobody_on_duty_grace_seconds = 30\noffer_after_minutes = 5\n"
      "offer_margin_minutes = 0\n");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->desk.nobody_on_duty_grace, std::chrono::seconds(30));
  EXPECT_EQ(config->desk.offer_after, std::chrono::minutes(5));
  EXPECT_EQ(config->desk.offer_margin, std::chrono::seconds(0));
}

constexpr const char* kDecisions = R"toml(
[mandates.agent]
waive_fee = 25
extend_term = 14
[mandates.supervisor]
waive_fee = 250.50
rule_exception = true
[mandates.staff.jan]
waive_fee = 100

[[decision]]
id = "waive_fee"
name_nl = "Kosten kwijtschelden"
name_en = "Waive a fee"
unit = "euro"
rule = "Tarievenlijst 2026"
[[decision]]
id = "extend_term"
name_nl = "Betaaltermijn verlengen"
name_en = "Extend a payment term"
unit = "days"
[[decision]]
id = "rule_exception"
name_nl = "Uitzondering op het acceptatiebeleid"
name_en = "Exception to the acceptance policy"
unit = "exception"

[[decision]]
id = "block_account"
name_nl = "Rekening blokkeren"
name_en = "Block the account"
unit = "exception"
four_eyes = true
adverse = true

[approvals]
expire_after_hours = 8

[[flag_kind]]
id = "possible_misuse"
name_nl = "Mogelijk misbruik: te controleren"
name_en = "Possible misuse: to check"
[flags]
max_days = 60
)toml";

TEST_F(ServeConfigTest, DecisionsAndMandatesAreConfigured) {
  auto config = Load(kDecisions);
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  const model::Mandates& mandates = config->desk.mandates;
  ASSERT_EQ(mandates.decisions.size(), 4u);
  EXPECT_TRUE(mandates.decisions[3].four_eyes && mandates.decisions[3].adverse);
  EXPECT_FALSE(mandates.decisions[0].four_eyes || mandates.decisions[0].adverse);
  ASSERT_EQ(config->desk.flags.kinds.size(), 1u);
  EXPECT_EQ(config->desk.flags.kinds[0].name_en, "Possible misuse: to check");
  EXPECT_EQ(config->desk.flags.max_days, 60);
  EXPECT_EQ(mandates.decisions[0].rule, "Tarievenlijst 2026");
  EXPECT_EQ(mandates.decisions[1].unit, model::DecisionUnit::kDays);
  EXPECT_EQ(mandates.by_role.at(model::Role::kAgent).at("waive_fee"), 2500) << "euros as cents";
  EXPECT_EQ(mandates.by_role.at(model::Role::kSupervisor).at("waive_fee"), 25050);
  EXPECT_EQ(mandates.by_role.at(model::Role::kSupervisor).at("rule_exception"), 1);
  EXPECT_EQ(mandates.by_role.at(model::Role::kAgent).at("extend_term"), 14);
  EXPECT_EQ(mandates.by_staff.at("jan").at("waive_fee"), 10000);
  EXPECT_EQ(config->desk.approval_expiry, std::chrono::hours(8));
}

TEST_F(ServeConfigTest, MistakesNameTheLineAndWhatIsExpected) {
  struct Case {
    std::string text;
    std::string expected;
  };
  const std::vector<Case> cases = {
      {"[server]\nlisten = \"nowhere\"\n", "balie.toml:2: server.listen listen must be HOST:PORT"},
      {"[server]\n\nworkers = \"many\"\n", "balie.toml:3: server.workers must be a whole number"},
      {"[server]\nworkers = 0\n", "must be between 1 and 256"},
      {"[server]\nlisen = \"x\"\n", "balie.toml:2: unknown setting 'lisen' in [server]"},
      {"[server]\ntrusted_proxies = [\"10.0.0.5\", \"10.0.0.0/8\"]\n",
       "balie.toml:2: server.trusted_proxies '10.0.0.0/8' is not an IP address"},
      {"[sever]\nlisten = \"x\"\n", "unknown setting 'listen' in [sever]"},
      {"[storage]\nsynchronous = \"sometimes\"\n", "must be \"full\""},
      {"[storage]\nintegrity_check = \"yes\"\n", "must be \"quick\""},
      {"[organisation]\n\nregister = \"jij\"\n",
       "balie.toml:3: organisation.register must be \"u\" (formal) or \"je\" (informal)"},
      {"[storage]\nmax_database_megabytes = -1\n", "between 0 (no limit)"},
      {"[storage]\nurl = \"mysql://balie:geheim@db/balie\"\n",
       "storage.url the storage URL mysql://balie:***@db/balie is not a PostgreSQL URL"},
      {"[engine]\nanswer_probability = 1.5\n", "must be between 0 and 1"},
      {"[engine]\nanswer_threshold = 0.35\n", "answer_probability"},
      {"[queues]\noffer_after_minutes = 0\n",
       "queues.offer_after_minutes must be between 1 and 1440 minutes"},
      {"[queues]\nnobody_on_duty_grace_seconds = 7200\n", "between 0 and 3600 seconds"},
      {"[staff]\naway_after_minutes = 0\n", "between 1 and 1440 minutes"},
      {"[server\n", "balie.toml:1:"},
      {"[[queue]]\nname_nl = \"x\"\n", "needs an id"},
      {"[[queue]]\nid = \"a\"\nhours = { monday = [\"08:00-25:00\"] }\n", "queue 'a'"},
      {"[[queue]]\nid = \"a\"\nopening = 1\n", "unknown setting 'opening' in [[queue]]"},
      {"[[queue]]\nid = \"a\"\n[[queue]]\nid = \"a\"\n", "two queues have the id 'a'"},
      {"[queues]\ndefault = \"b\"\n[[queue]]\nid = \"a\"\n", "'b', which is not one of"},
      {"[[queue]]\nid = \"a\"\ntime_zone = \"Mars/Olympus\"\n", "queue 'a'"},
      // Found by fuzz/config_fuzz.cc or beside it: numbers out of range overflowed (24 * days in
      // an int, minutes in the clock's nanoseconds); wrong types were silently replaced by the
      // default; a time zone "name" was a path for cctz to read.
      {"[[queue]]\nid = \"a\"\ncallback_horizon_days = 100000000\n",
       "queue 'a': callback_horizon_days must be a whole number from 1 to 366"},
      {"[[queue]]\nid = \"a\"\ncallback_slot_minutes = 2147483647\n",
       "callback_slot_minutes must be a whole number from 1 to 1440"},
      {"[[queue]]\nid = \"a\"\ncallback_lead_minutes = -5\n",
       "callback_lead_minutes must be a whole number from 0 to 10080"},
      {"[[queue]]\nid = \"a\"\ncallback_slot_minutes = \"15\"\n",
       "callback_slot_minutes must be a whole number"},
      {"[[queue]]\nid = \"a\"\ncallbacks_per_agent = 1e9\n", "callbacks_per_agent must be"},
      {"[[queue]]\nid = \"a\"\ncallback_slot_minutes = 1e308\n", "callback_slot_minutes must be"},
      {"[limits]\nmax_body_bytes = 1e308\n", "limits.max_body_bytes must be a whole number"},
      {"[[queue]]\nid = \"a\"\ntime_zone = \"/dev/stdin\"\n", "time_zone must be a time zone name"},
      {"[[queue]]\nid = \"a\"\ntime_zone = \"../../../etc/passwd\"\n",
       "time_zone must be a time zone name"},
      {"[[queue]]\nid = \"a\"\ntime_zone = 1\n", "time_zone must be a string"},
      {"[[queue]]\nid = \"a\"\nname_nl = 5\n", "name_nl must be a string"},
      {"[[queue]]\nid = \"a\"\ntopics = [\"x\", 2]\n", "topics must be a list of strings"},
      {"[[queue]]\nid = \"a\"\nlanguages = \"nl\"\n", "languages must be a list of strings"},
      // Decisions and mandates (issue 12).
      {"[decision]\nid = \"a\"\n", "decisions are written as [[decision]] tables"},
      {"[[decision]]\nid = \"Waive\"\nname_nl = \"a\"\nname_en = \"a\"\nunit = \"euro\"\n",
       "balie.toml:1: decision id 'Waive' must be lower-case"},
      {"[[decision]]\nid = \"a\"\nname_nl = \"a\"\nunit = \"euro\"\n",
       "needs a Dutch and an English name"},
      {"[[decision]]\nid = \"a\"\nname_nl = \"a\"\nname_en = \"a\"\nunit = \"pounds\"\n",
       "unit must be \"euro\", \"days\" or \"exception\""},
      {"[[decision]]\nid = \"a\"\nlimit = 5\n", "unknown setting 'limit' in a [[decision]]"},
      {"[mandates.agent]\nwaive_fee = 25\n", "names 'waive_fee', which no [[decision]] describes"},
      {"[mandates.boss]\n", "a role (agent, supervisor, admin) or staff"},
      {std::string(kDecisions) + "[mandates.admin]\nwaive_fee = -1\n",
       "the mandate of role admin for 'waive_fee' must be an amount in euros of 0 or more"},
      {std::string(kDecisions) + "[mandates.staff.piet]\nextend_term = 1.5\n",
       "must be a whole number of days"},
      {std::string(kDecisions) + "[mandates.staff.piet]\nrule_exception = 1\n",
       "must be true or false"},
      {"[approvals]\nexpire_after_hours = 0\n", "between 1 and 720 hours"},
      {"[[decision]]\nid = \"a\"\nname_nl = \"a\"\nname_en = \"a\"\nunit = \"days\"\nadverse = 1\n",
       "adverse must be true or false"},
      {"[[flag_kind]]\nid = \"fraud\"\nname_nl = \"Fraudeur\"\nname_en = \"Fraudster\"\n",
       "balie.toml:1: the name of flag kind 'fraud' uses the word 'fraudeur'"},
      {"[[flag_kind]]\nid = \"x\"\nname_nl = \"x\"\n", "needs a Dutch and an English name"},
      {"[[flag_kind]]\nid = \"x\"\nlabel = \"x\"\n", "unknown setting 'label' in a [[flag_kind]]"},
      {"[flag_kind]\nid = \"x\"\n", "flag kinds are written as [[flag_kind]] tables"},
      {"[flags]\nmax_days = 0\n", "between 1 and 3650 days"},
  };
  for (const Case& c : cases) {
    auto config = Load(c.text);
    ASSERT_FALSE(config.ok()) << c.text;
    EXPECT_NE(config.status().message().find(c.expected), std::string::npos)
        << c.text << "\ngave: " << config.status().message();
  }
}

TEST_F(ServeConfigTest, BadEnvironmentVariablesAreRefused) {
  auto unknown = Load("", {{"BALIE_SERVER_LISTN", "x"}});
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("BALIE_SERVER_LISTN is not a setting"),
            std::string::npos);
  auto wrong = Load("", {{"BALIE_LIMITS_MESSAGES_PER_SECOND", "fast"}});
  ASSERT_FALSE(wrong.ok());
  EXPECT_NE(wrong.status().message().find("must be a number"), std::string::npos);
  auto list = Load("", {{"BALIE_SERVER_ALLOWED_ORIGINS", "https://a.nl, https://b.nl"}});
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  EXPECT_EQ(list->api.allowed_origins, (std::vector<std::string>{"https://a.nl", "https://b.nl"}));
}

TEST_F(ServeConfigTest, RequiredFlagsAndAMissingFile) {
  EXPECT_NE(LoadServeConfig({}, {}).status().message().find("--kb"), std::string::npos);
  ServeFlags flags;
  flags.kb_dir = "kb";
  flags.data_dir = "data";
  flags.config_file = "/no/such/balie.toml";
  EXPECT_EQ(LoadServeConfig(flags, {}).status().code(), base::StatusCode::kNotFound);
  flags.config_file.clear();
  flags.pretend_time = "yesterday";
  EXPECT_NE(LoadServeConfig(flags, {}).status().message().find("--pretend-time"),
            std::string::npos);
}

}  // namespace
}  // namespace balie::app
