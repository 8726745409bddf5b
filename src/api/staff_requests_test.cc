#include "api/staff_requests.h"

#include <gtest/gtest.h>

#include "base/time_format.h"

namespace balie::api {
namespace {

using nlohmann::json;

// The message of a refusal (which must be kInvalidArgument), or "" when accepted.
template <typename T>
std::string Refusal(const base::Result<T>& result) {
  if (result.ok()) return "";
  EXPECT_EQ(result.status().code(), base::StatusCode::kInvalidArgument);
  EXPECT_FALSE(result.status().message().empty());
  return result.status().message();
}

TEST(StaffRequests, DecodesTheConversationActions) {
  auto text = DecodeTextBody({{"client_id", "a1"}, {"text", "Goedemorgen"}});
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(text->text, "Goedemorgen");
  auto transfer = DecodeTransferBody({{"client_id", "t1"}, {"agent", "s_1"}, {"note", nullptr}});
  ASSERT_TRUE(transfer.ok());
  EXPECT_EQ(transfer->agent, "s_1");
  EXPECT_EQ(transfer->queue, "");
  auto callback = DecodeCallbackBody(
      {{"client_id", "b1"}, {"slot", "2026-11-30T07:00:00Z"}, {"phone", "0612345678"}});
  ASSERT_TRUE(callback.ok());
  EXPECT_EQ(callback->slot, base::ParseTime("2026-11-30T07:00:00Z"));
  EXPECT_TRUE(DecodeOutcomeBody({{"client_id", "o1"}, {"outcome", "reached"}}).ok());
  EXPECT_TRUE(DecodeAssignBody({{"client_id", "x1"}, {"agent", "s_2"}}).ok());
  EXPECT_TRUE(DecodeResolveBody({{"client_id", "r1"}}).ok());
  auto flag = DecodeFlagBody({{"kind", "missing"}, {"note", "Er is niets over de boete"}});
  ASSERT_TRUE(flag.ok());
  EXPECT_EQ(flag->kind, model::FlagKind::kMissing);
}

TEST(StaffRequests, RefusesWrongFieldsNamingThem) {
  EXPECT_NE(Refusal(DecodeTextBody({{"client_id", 1}, {"text", "x"}})).find("client_id"),
            std::string::npos);
  EXPECT_NE(Refusal(DecodeTextBody({{"client_id", "a1"}})).find("text is missing"),
            std::string::npos);
  EXPECT_NE(Refusal(DecodeTextBody(json::array())).find("JSON object"), std::string::npos);
  EXPECT_NE(Refusal(DecodeTransferBody({{"client_id", "t1"}, {"queue", {1}}})).find("queue"),
            std::string::npos);
  EXPECT_NE(Refusal(DecodeTransferBody({{"client_id", "t1"}})).find("queue or the agent"),
            std::string::npos);
  EXPECT_NE(Refusal(DecodeCallbackBody({{"client_id", "b"}, {"slot", "morgen"}, {"phone", "0"}}))
                .find("slot"),
            std::string::npos);
  EXPECT_NE(Refusal(DecodeFlagBody({{"kind", "boos"}, {"note", "x"}})).find("kind"),
            std::string::npos);
  EXPECT_NE(Refusal(DecodeAssignBody({{"client_id", "x"}, {"agent", false}})).find("agent"),
            std::string::npos);
}

TEST(StaffRequests, DecodesDecisionsAndFlagsAndRefusesWhatIsWrong) {
  auto decision = DecodeDecisionBody(
      {{"client_id", "d1"}, {"decision", "waive_fee"}, {"amount", 1500}, {"reason", "storing"}});
  ASSERT_TRUE(decision.ok());
  EXPECT_EQ(decision->amount, 1500);
  EXPECT_NE(
      Refusal(DecodeDecisionBody(
                  {{"client_id", "d1"}, {"decision", "x"}, {"amount", "15"}, {"reason", "r"}}))
          .find("amount must be a whole number"),
      std::string::npos);
  EXPECT_NE(Refusal(DecodeDecisionBody(
                        {{"client_id", "d1"}, {"decision", "x"}, {"amount", 1.5}, {"reason", "r"}}))
                .find("amount"),
            std::string::npos);
  EXPECT_TRUE(DecodeAnswerBody({{"client_id", "p1"}, {"verdict", "ask"}, {"reason", "?"}}).ok());
  EXPECT_NE(Refusal(DecodeAnswerBody({{"client_id", "p1"}, {"verdict", "ok"}})).find("reason"),
            std::string::npos);

  const json flag = {{"kind", "possible_misuse"},
                     {"facts",
                      {{{"event", 3}, {"description", "Vraagt de pincode van een ander"}},
                       {{"document", "dossier 114"}, {"description", "Brief"}}}},
                     {"reason", "Graag nagaan"},
                     {"severity", "medium"},
                     {"expires_at", "2026-12-31T23:00:00Z"}};
  auto raised = DecodeFlagRaiseBody(flag);
  ASSERT_TRUE(raised.ok()) << raised.status().ToString();
  ASSERT_EQ(raised->flag.facts.size(), 2u);
  EXPECT_EQ(raised->flag.facts[0].event_seq, 3);
  EXPECT_EQ(raised->flag.facts[1].document, "dossier 114");
  EXPECT_EQ(raised->flag.severity, model::FlagSeverity::kMedium);
  struct Case {
    const char* field;
    json value;
    const char* says;
  };
  for (const Case& c : std::vector<Case>{
           {"facts", json::array(), "facts must be a list of 1 to 20"},
           {"facts", "seen it", "facts must be a list"},
           {"facts", {{{"event", 0}, {"description", "x"}}}, "event must be the seq"},
           {"facts", {{{"event", 2}}}, "facts: description"},
           {"facts", {7}, "facts:"},
           {"severity", "extreme", "severity must be"},
           {"expires_at", "volgende week", "give expires_at (a time"},
       }) {
    json body = flag;
    body[c.field] = c.value;
    EXPECT_NE(Refusal(DecodeFlagRaiseBody(body)).find(c.says), std::string::npos) << c.says;
  }
  json in_days = flag;
  in_days.erase("expires_at");
  in_days["expires_in_days"] = 30;
  ASSERT_TRUE(DecodeFlagRaiseBody(in_days).ok());
  EXPECT_EQ(DecodeFlagRaiseBody(in_days)->expires_in_days, 30);
  in_days["expires_in_days"] = 0;
  EXPECT_NE(Refusal(DecodeFlagRaiseBody(in_days)).find("from 1 to 3650"), std::string::npos);
  in_days.erase("expires_in_days");
  EXPECT_NE(Refusal(DecodeFlagRaiseBody(in_days)).find("one of them"), std::string::npos);
  json both = flag;
  both["expires_in_days"] = 3;
  EXPECT_NE(Refusal(DecodeFlagRaiseBody(both)).find("one of them"), std::string::npos);
  EXPECT_TRUE(DecodeFlagStatusBody({{"status", "dismissed"}, {"reason", "klopt niet"}}).ok());
  EXPECT_NE(Refusal(DecodeFlagStatusBody({{"status", "unconfirmed"}, {"reason", "x"}}))
                .find("confirmed\" or \"dismissed"),
            std::string::npos);
  auto review = DecodeContestReviewBody(
      {{"client_id", "x1"}, {"outcome", "rejected"}, {"reason", "De feiten kloppen"}});
  ASSERT_TRUE(review.ok()) << review.status().ToString();
  EXPECT_EQ(review->outcome, model::ContestStage::kRejected);
  for (const char* outcome : {"received", "won", ""}) {
    EXPECT_NE(Refusal(DecodeContestReviewBody(
                          {{"client_id", "x1"}, {"outcome", outcome}, {"reason", "x"}}))
                  .find("upheld\" or \"rejected"),
              std::string::npos)
        << outcome;
  }
  EXPECT_NE(
      Refusal(DecodeContestReviewBody({{"client_id", "x1"}, {"outcome", "upheld"}})).find("reason"),
      std::string::npos);
}

TEST(StaffRequests, DecodesAccountChangesAndRefusesWhatIsWrong) {
  auto change = DecodeStaffChange({{"name", "piet"},
                                   {"role", "supervisor"},
                                   {"queues", {"algemeen"}},
                                   {"languages", {"nl"}},
                                   {"capacity", 4},
                                   {"schedule", {{"monday", {"08:00-12:00"}}}},
                                   {"disabled", false}});
  ASSERT_TRUE(change.ok()) << change.status().ToString();
  EXPECT_EQ(change->role, model::Role::kSupervisor);
  EXPECT_EQ(change->capacity, 4);
  EXPECT_EQ(change->schedule->at("monday").front(), "08:00-12:00");
  const std::pair<json, std::string> wrong[] = {
      {{{"role", "baas"}}, "role"},
      {{{"queues", "algemeen"}}, "queues"},
      {{{"queues", {1}}}, "queues"},
      {{{"languages", {"de"}}}, "languages"},
      {{{"languages", "nl"}}, "languages"},
      {{{"capacity", "3"}}, "capacity"},
      {{{"capacity", 2.5}}, "capacity"},
      // Once wrapped round into a small number by the conversion to int.
      {{{"capacity", 4294967298ULL}}, "capacity"},
      {{{"capacity", 18446744073709551615ULL}}, "capacity"},
      {{{"capacity", -9223372036854775807LL}}, "capacity"},
      {{{"schedule", {{"monday", "08:00-12:00"}}}}, "schedule.monday"},
      {{{"schedule", {1, 2}}}, "schedule"},
      {{{"disabled", "ja"}}, "disabled"},
      {{{"password", 12345678901}}, "password"},
      {{{"is_admin", true}}, "unknown field 'is_admin'"},
  };
  for (const auto& [body, field] : wrong) {
    EXPECT_NE(Refusal(DecodeStaffChange(body)).find(field), std::string::npos) << body;
  }
}

TEST(StaffRequests, DecodesQueueChangesWithinLimits) {
  auto change = DecodeQueueChange(
      {{"name_nl", "Hypotheken"}, {"topics", {"hypotheek"}}, {"languages", {"nl", "en"}}});
  ASSERT_TRUE(change.ok()) << change.status().ToString();
  EXPECT_EQ(change->settings.name_nl, "Hypotheken");
  EXPECT_EQ(change->settings.languages->size(), 2u);
  // Hours and holidays are taken as written; what they say is checked as the configuration's.
  auto hours = DecodeQueueChange({{"hours", {{"monday", {"08:00-12:00", "13:00-17:00"}}}},
                                  {"holidays", {{"2026-12-25", json::array()}}}});
  ASSERT_TRUE(hours.ok()) << hours.status().ToString();
  EXPECT_EQ(hours->settings.hours->at("monday").size(), 2u);
  EXPECT_TRUE(hours->settings.holidays->at("2026-12-25").empty());
  const std::pair<json, std::string> wrong[] = {
      {{{"name_nl", ""}}, "name_nl"},
      {{{"name_en", std::string(101, 'x')}}, "name_en"},
      {{{"name_en", 3}}, "name_en"},
      {{{"topics", "hypotheek"}}, "topics"},
      {{{"topics", json::array({""})}}, "topics"},
      {{{"topics", json(std::vector<std::string>(101, "x"))}}, "topics"},
      {{{"languages", {"fr"}}}, "languages"},
      {{{"hours", {}}}, "hours must be an object"},
      {{{"hours", {{"monday", "08:00-17:00"}}}}, "hours.monday"},
      {{{"holidays", {{"2026-12-25", {1}}}}}, "holidays.2026-12-25"},
      {{{"holidays", json::array()}}, "holidays must be an object"},
      {{{"colour", "red"}}, "unknown field 'colour'"},
  };
  for (const auto& [body, field] : wrong) {
    EXPECT_NE(Refusal(DecodeQueueChange(body)).find(field), std::string::npos) << body;
  }
}

}  // namespace
}  // namespace balie::api
