#include "model/customer_flag.h"

#include <gtest/gtest.h>

#include "base/time_format.h"

namespace balie::model {
namespace {

const base::TimePoint kNow = *base::ParseTime("2026-11-24T09:00:00Z");

FlagRules Rules() {
  FlagRules rules;
  rules.kinds = {
      {"possible_misuse", "Mogelijk misbruik: te controleren", "Possible misuse: to check"}};
  rules.max_days = 90;
  return rules;
}

CustomerFlag Flag() {
  CustomerFlag flag;
  flag.customer_ref = "K-1";
  flag.conversation_id = "c_1";
  flag.kind = "possible_misuse";
  flag.facts = {{3, "", "Vraagt om de pincode van een ander te wijzigen"}};
  flag.raised_by = "s_anna";
  flag.reason = "Past niet bij de rekeninghouder; graag nagaan";
  flag.severity = FlagSeverity::kMedium;
  flag.raised_at = kNow;
  flag.expires_at = kNow + std::chrono::days(30);
  return flag;
}

TEST(CustomerFlag, AFlagRestsOnFactsAndSaysWhatWasSeen) {
  EXPECT_TRUE(CheckNewFlag(Rules(), Flag(), 5, kNow).ok());
  CustomerFlag document = Flag();
  document.facts = {{0, "dossier 2026-114, brief van 2 november", "Handtekening wijkt af"}};
  EXPECT_TRUE(CheckNewFlag(Rules(), document, 5, kNow).ok());

  struct Case {
    std::string says;
    void (*change)(CustomerFlag&);
  };
  const std::vector<Case> cases = {
      {"needs the facts it rests on", [](CustomerFlag& f) { f.facts.clear(); }},
      {"event 9 is not in the conversation", [](CustomerFlag& f) { f.facts[0].event_seq = 9; }},
      {"name the event of the conversation or the document",
       [](CustomerFlag& f) { f.facts[0].event_seq = 0; }},
      {"say what it shows", [](CustomerFlag& f) { f.facts[0].description = "  "; }},
      {"needs the reason", [](CustomerFlag& f) { f.reason = ""; }},
      {"uses the word 'fraudeur'", [](CustomerFlag& f) { f.reason = "Dit is een Fraudeur!"; }},
      {"uses the word 'scammer'",
       [](CustomerFlag& f) { f.facts[0].description = "typical scammer story"; }},
      {"no flag kind 'fraud'", [](CustomerFlag& f) { f.kind = "fraud"; }},
      {"expires after now and within 90 days",
       [](CustomerFlag& f) { f.expires_at = kNow + std::chrono::days(91); }},
      {"expires after now", [](CustomerFlag& f) { f.expires_at = kNow; }},
  };
  for (const Case& c : cases) {
    CustomerFlag flag = Flag();
    c.change(flag);
    const base::Status status = CheckNewFlag(Rules(), flag, 5, kNow);
    EXPECT_EQ(status.code(), base::StatusCode::kInvalidArgument) << c.says;
    EXPECT_NE(status.message().find(c.says), std::string::npos) << status.message();
  }
}

TEST(CustomerFlag, WordsThatLabelAPersonAreFoundWhateverTheirCase) {
  EXPECT_EQ(LabellingWord("Mogelijk FRAUDEUR"), "fraudeur");
  EXPECT_EQ(LabellingWord("oplichters aan de deur"), "oplichters");
  EXPECT_EQ(LabellingWord("Betaling met een pas die als gestolen is gemeld"), "");
  EXPECT_EQ(LabellingWord("mogelijke fraude: te controleren"), "") << "a fact, not a label";
}

TEST(CustomerFlag, TheConfiguredWordsAreChecked) {
  EXPECT_TRUE(CheckFlagRules(Rules()).ok());
  FlagRules labelled = Rules();
  labelled.kinds[0].name_nl = "Fraudeur";
  EXPECT_NE(CheckFlagRules(labelled).message().find("labels a person"), std::string::npos);
  FlagRules twice = Rules();
  twice.kinds.push_back(twice.kinds[0]);
  EXPECT_NE(CheckFlagRules(twice).message().find("described twice"), std::string::npos);
  FlagRules forever = Rules();
  forever.max_days = 0;
  EXPECT_FALSE(CheckFlagRules(forever).ok());
}

// Every status × target × who: confirming needs another person than who raised it; a dismissed
// flag stays dismissed; every change has a reason.
TEST(CustomerFlag, StatusChangesTable) {
  struct Row {
    FlagStatus from;
    FlagStatus to;
    std::string by;
    base::StatusCode expected;
  };
  using enum FlagStatus;
  const std::vector<Row> rows = {
      {kUnconfirmed, kConfirmed, "s_bob", base::StatusCode::kOk},
      {kUnconfirmed, kConfirmed, "s_anna", base::StatusCode::kPermissionDenied},
      {kUnconfirmed, kDismissed, "s_anna", base::StatusCode::kOk},
      {kUnconfirmed, kDismissed, "s_bob", base::StatusCode::kOk},
      {kUnconfirmed, kUnconfirmed, "s_bob", base::StatusCode::kFailedPrecondition},
      {kConfirmed, kDismissed, "s_bob", base::StatusCode::kOk},
      {kConfirmed, kConfirmed, "s_bob", base::StatusCode::kFailedPrecondition},
      {kConfirmed, kUnconfirmed, "s_bob", base::StatusCode::kFailedPrecondition},
      {kDismissed, kConfirmed, "s_bob", base::StatusCode::kFailedPrecondition},
      {kDismissed, kDismissed, "s_bob", base::StatusCode::kFailedPrecondition},
  };
  for (const Row& row : rows) {
    CustomerFlag flag = Flag();
    flag.status = row.from;
    SCOPED_TRACE(std::string(FlagStatusName(row.from)) + " -> " +
                 std::string(FlagStatusName(row.to)) + " by " + row.by);
    EXPECT_EQ(CheckFlagChange(flag, row.to, row.by, "nagekeken").code(), row.expected);
    EXPECT_EQ(CheckFlagChange(flag, row.to, row.by, " ").code(),
              base::StatusCode::kInvalidArgument);
  }
}

// Anna raised the flag and Bob confirmed it: a contest of it is reviewed by neither, whoever
// recorded it; it can be contested while it is not dismissed, once at a time.
TEST(CustomerFlag, AContestIsReviewedBySomeoneNotInvolved) {
  CustomerFlag flag = Flag();
  flag.status = FlagStatus::kConfirmed;
  flag.changes = {{FlagStatus::kConfirmed, "s_bob", "feiten nagekeken", kNow}};
  EXPECT_EQ(CheckNewContest(flag, " ").code(), base::StatusCode::kInvalidArgument);
  ASSERT_TRUE(CheckNewContest(flag, "Ik heb mijn eigen pincode gewijzigd").ok());
  EXPECT_EQ(CheckContestReview(flag, ContestStage::kUpheld, "s_eva", "nagekeken").code(),
            base::StatusCode::kFailedPrecondition)
      << "nothing to review before a contest";
  flag.contests.push_back({"Ik heb mijn eigen pincode gewijzigd", "s_anna", kNow,
                           ContestStage::kReceived, "", "", std::nullopt});
  EXPECT_EQ(CheckNewContest(flag, "nog een keer").code(), base::StatusCode::kFailedPrecondition);

  struct Row {
    std::string by;
    ContestStage outcome;
    std::string reason;
    base::StatusCode expected;
  };
  using enum ContestStage;
  const std::vector<Row> rows = {
      {"s_eva", kUpheld, "de feiten dragen het niet", base::StatusCode::kOk},
      {"s_eva", kRejected, "de feiten kloppen", base::StatusCode::kOk},
      {"s_anna", kUpheld, "terecht", base::StatusCode::kPermissionDenied},  // raised it
      {"s_bob", kRejected, "klopt", base::StatusCode::kPermissionDenied},   // confirmed it
      {"s_eva", kReceived, "nagekeken", base::StatusCode::kInvalidArgument},
      {"s_eva", kUpheld, " ", base::StatusCode::kInvalidArgument},
      {"s_eva", kRejected, "hij is een fraudeur", base::StatusCode::kInvalidArgument},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.by + " " + std::string(ContestStageName(row.outcome)) + " " + row.reason);
    EXPECT_EQ(CheckContestReview(flag, row.outcome, row.by, row.reason).code(), row.expected);
  }

  CustomerFlag rejected = flag;
  ApplyContestReview(rejected, kRejected, "s_eva", "de feiten kloppen", kNow);
  EXPECT_EQ(rejected.status, FlagStatus::kConfirmed);
  EXPECT_EQ(rejected.contests.back().stage, kRejected);
  EXPECT_EQ(rejected.OpenContest(), nullptr);
  EXPECT_TRUE(CheckNewContest(rejected, "Ik ben het er nog steeds niet mee eens").ok())
      << "a reviewed contest may be followed by another";

  ApplyContestReview(flag, kUpheld, "s_eva", "de feiten dragen het niet", kNow);
  EXPECT_EQ(flag.status, FlagStatus::kDismissed);
  EXPECT_EQ(flag.changes.back(),
            (FlagChange{FlagStatus::kDismissed, "s_eva", "de feiten dragen het niet", kNow}));
  EXPECT_EQ(flag.contests.back().reviewed_by, "s_eva");
  EXPECT_EQ(CheckNewContest(flag, "en nu?").code(), base::StatusCode::kFailedPrecondition);
}

TEST(CustomerFlag, ActiveUntilDismissedOrExpired) {
  CustomerFlag flag = Flag();
  EXPECT_TRUE(flag.Active(kNow));
  EXPECT_FALSE(flag.Active(flag.expires_at));
  flag.status = FlagStatus::kDismissed;
  EXPECT_FALSE(flag.Active(kNow));
}

}  // namespace
}  // namespace balie::model
