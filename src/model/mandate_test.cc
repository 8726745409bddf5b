#include "model/mandate.h"

#include <functional>

#include <gtest/gtest.h>

namespace balie::model {
namespace {

StaffMember Member(std::string id, Role role, bool disabled = false) {
  StaffMember member;
  member.id = "s_" + id;
  member.name = id;
  member.display_name = std::move(id);
  member.role = role;
  member.disabled = disabled;
  return member;
}

// The organisation of the tests: three decisions; agents may waive up to €25 and extend by two
// weeks, supervisors up to €100, 60 days and make exceptions; one senior agent up to €50; admins
// administer and decide nothing alone.
Mandates Organisation() {
  Mandates mandates;
  mandates.decisions = {
      {"waive_fee", "Kosten kwijtschelden", "Waive a fee", DecisionUnit::kEuroCents,
       "Tarievenlijst 2026"},
      {"extend_term", "Betaaltermijn verlengen", "Extend a payment term", DecisionUnit::kDays, ""},
      {"rule_exception", "Uitzondering op een regel", "Exception to a rule",
       DecisionUnit::kException, "Acceptatiebeleid"},
  };
  mandates.by_role[Role::kAgent] = {{"waive_fee", 2500}, {"extend_term", 14}};
  mandates.by_role[Role::kSupervisor] = {
      {"waive_fee", 10000}, {"extend_term", 60}, {"rule_exception", 1}};
  mandates.by_staff["senior"] = {{"waive_fee", 5000}};
  return mandates;
}

const StaffMember kAgent = Member("agent", Role::kAgent);
const StaffMember kAgent2 = Member("agent2", Role::kAgent);
const StaffMember kSenior = Member("senior", Role::kAgent);
const StaffMember kSupervisor = Member("supervisor", Role::kSupervisor);
const StaffMember kSupervisor2 = Member("supervisor2", Role::kSupervisor);
const StaffMember kAdmin = Member("admin", Role::kAdmin);
const StaffMember kGone = Member("gone", Role::kSupervisor, /*disabled=*/true);
const std::vector<const StaffMember*> kEveryone = {&kAgent,       &kAgent2, &kSenior, &kSupervisor,
                                                   &kSupervisor2, &kAdmin,  &kGone};

TEST(Mandate, WhoDecidesWhatAlone) {
  struct Row {
    const StaffMember& who;
    const char* decision;
    std::int64_t amount;
    MandateVerdict verdict;
  };
  using enum MandateVerdict;
  const Row table[] = {
      {kAgent, "waive_fee", 1, kTakesEffect},
      {kAgent, "waive_fee", 2500, kTakesEffect},
      {kAgent, "waive_fee", 2501, kNeedsApproval},
      {kSenior, "waive_fee", 5000, kTakesEffect},  // their own limit replaces the role's
      {kSenior, "waive_fee", 5001, kNeedsApproval},
      {kSenior, "extend_term", 14, kTakesEffect},  // the role's, where they have none of their own
      {kSupervisor, "waive_fee", 10000, kTakesEffect},
      {kSupervisor, "waive_fee", 10001, kNeedsApproval},
      {kAdmin, "waive_fee", 1, kNeedsApproval},  // a role without a mandate decides nothing alone
      {kAgent, "extend_term", 14, kTakesEffect},
      {kAgent, "extend_term", 15, kNeedsApproval},
      {kSupervisor, "extend_term", 60, kTakesEffect},
      {kAgent, "rule_exception", 1, kNeedsApproval},
      {kSenior, "rule_exception", 1, kNeedsApproval},
      {kSupervisor, "rule_exception", 1, kTakesEffect},
  };
  const Mandates mandates = Organisation();
  for (const Row& row : table) {
    SCOPED_TRACE(row.who.id + " " + row.decision + " " + std::to_string(row.amount));
    auto verdict = Judge(mandates, row.who, row.decision, row.amount);
    ASSERT_TRUE(verdict.ok()) << verdict.status().message();
    EXPECT_EQ(*verdict, row.verdict);
  }
}

TEST(Mandate, WhoMayApproveWhat) {
  struct Row {
    const StaffMember& requester;
    const StaffMember& approver;
    const char* decision;
    std::int64_t amount;
    const char* refused;  // nullptr: may approve; else a part of the reason
  };
  const Row table[] = {
      {kAgent, kSenior, "waive_fee", 3000, nullptr},
      {kAgent, kSupervisor, "waive_fee", 3000, nullptr},
      {kAgent, kAgent, "waive_fee", 3000, "nobody approves their own decision"},
      {kAgent, kAgent2, "waive_fee", 3000, "agent2's mandate for waive_fee goes up to €25.00"},
      {kAgent, kSenior, "waive_fee", 6000, "goes up to €50.00; this needs €60.00"},
      {kAgent, kAdmin, "waive_fee", 3000, "goes up to €0.00"},
      {kAgent, kGone, "waive_fee", 3000, "disabled"},
      {kSupervisor, kSupervisor, "waive_fee", 20000, "own decision"},
      {kSupervisor, kSupervisor2, "waive_fee", 20000, "goes up to €100.00"},
      {kAgent, kSupervisor, "extend_term", 30, nullptr},
      {kAgent, kSupervisor, "extend_term", 61, "goes up to 60 days; this needs 61 days"},
      {kAgent, kSupervisor, "rule_exception", 1, nullptr},
      {kAgent, kSenior, "rule_exception", 1, "may not make it alone"},
  };
  const Mandates mandates = Organisation();
  for (const Row& row : table) {
    SCOPED_TRACE(row.requester.id + " by " + row.approver.id + ": " + row.decision + " " +
                 std::to_string(row.amount));
    const base::Status status =
        MayApprove(mandates, row.requester, row.approver, row.decision, row.amount);
    if (row.refused == nullptr) {
      EXPECT_TRUE(status.ok()) << status.message();
    } else {
      EXPECT_EQ(status.code(), base::StatusCode::kPermissionDenied);
      EXPECT_NE(status.message().find(row.refused), std::string::npos) << status.message();
    }
  }
}

// Over every requester × approver × decision × amount: an approval is never the requester's own,
// never a disabled account's, never from a mandate that does not cover the amount — and so never
// from a smaller mandate than the requester's, for a decision that needs approval.
TEST(Mandate, FourEyesOverEveryCombination) {
  const Mandates mandates = Organisation();
  int approvals = 0;
  for (const StaffMember* requester : kEveryone) {
    for (const StaffMember* approver : kEveryone) {
      for (const DecisionKind& kind : mandates.decisions) {
        const std::vector<std::int64_t> amounts =
            kind.unit == DecisionUnit::kException
                ? std::vector<std::int64_t>{1}
                : std::vector<std::int64_t>{1, 14, 15, 60, 61, 2500, 2501, 5000, 5001, 10001};
        for (std::int64_t amount : amounts) {
          SCOPED_TRACE(requester->id + " by " + approver->id + ": " + kind.id + " " +
                       std::to_string(amount));
          const bool ok = MayApprove(mandates, *requester, *approver, kind.id, amount).ok();
          EXPECT_EQ(ok, requester != approver && !approver->disabled &&
                            mandates.LimitOf(*approver, kind.id) >= amount);
          if (ok &&
              *Judge(mandates, *requester, kind.id, amount) == MandateVerdict::kNeedsApproval) {
            EXPECT_GT(mandates.LimitOf(*approver, kind.id), mandates.LimitOf(*requester, kind.id));
            ++approvals;
          }
        }
      }
    }
  }
  EXPECT_GT(approvals, 0);
}

TEST(Mandate, WhatCannotBeJudgedIsSaid) {
  const Mandates mandates = Organisation();
  EXPECT_EQ(Judge(mandates, kAgent, "free_money", 100).status().code(),
            base::StatusCode::kInvalidArgument);
  EXPECT_EQ(Judge(mandates, kAgent, "waive_fee", 0).status().code(),
            base::StatusCode::kInvalidArgument);
  EXPECT_EQ(Judge(mandates, kAgent, "waive_fee", -5).status().code(),
            base::StatusCode::kInvalidArgument);
  EXPECT_EQ(Judge(mandates, kSupervisor, "rule_exception", 2).status().code(),
            base::StatusCode::kInvalidArgument);
  EXPECT_EQ(MayApprove(mandates, kAgent, kSupervisor, "free_money", 1).code(),
            base::StatusCode::kInvalidArgument);
}

TEST(Mandate, AmountsInWords) {
  EXPECT_EQ(AmountText(DecisionUnit::kEuroCents, 2505, Language::kDutch), "€\u00a025,05");
  EXPECT_EQ(AmountText(DecisionUnit::kEuroCents, 7, Language::kEnglish), "€0.07");
  EXPECT_EQ(AmountText(DecisionUnit::kDays, 1, Language::kDutch), "1 dag");
  EXPECT_EQ(AmountText(DecisionUnit::kDays, 14, Language::kEnglish), "14 days");
  EXPECT_EQ(AmountText(DecisionUnit::kException, 1, Language::kDutch), "uitzondering");
}

TEST(Mandate, TheConfigurationIsChecked) {
  EXPECT_TRUE(CheckMandates(Organisation()).ok());
  struct Case {
    const char* problem;
    std::function<void(Mandates&)> change;
  };
  const std::vector<Case> cases = {
      {"must be lower-case", [](Mandates& m) { m.decisions[0].id = "Waive Fee"; }},
      {"described twice", [](Mandates& m) { m.decisions[1].id = "waive_fee"; }},
      {"needs a Dutch and an English name", [](Mandates& m) { m.decisions[2].name_en = ""; }},
      {"for 'free_money' is not a described decision",
       [](Mandates& m) { m.by_role[Role::kAgent]["free_money"] = 1; }},
      {"must be 0 or more", [](Mandates& m) { m.by_staff["senior"]["waive_fee"] = -1; }},
      {"must be 0 or 1", [](Mandates& m) { m.by_role[Role::kAdmin]["rule_exception"] = 2; }},
  };
  for (const Case& test : cases) {
    Mandates mandates = Organisation();
    test.change(mandates);
    const base::Status status = CheckMandates(mandates);
    EXPECT_EQ(status.code(), base::StatusCode::kInvalidArgument) << test.problem;
    EXPECT_NE(status.message().find(test.problem), std::string::npos) << status.message();
  }
}

// An adverse step (it harms the customer) is taken only by someone whose own mandate covers it;
// a four-eyes decision needs a colleague's approval within the mandate too.
TEST(Mandate, AdverseAndFourEyesDecisions) {
  Mandates mandates = Organisation();
  mandates.decisions.push_back({"block_account", "Rekening blokkeren", "Block the account",
                                DecisionUnit::kException, "", /*four_eyes=*/true,
                                /*adverse=*/true});
  mandates.by_role[Role::kSupervisor]["block_account"] = 1;
  EXPECT_EQ(Judge(mandates, kAgent, "block_account", 1).status().code(),
            base::StatusCode::kPermissionDenied)
      << "no request for approval either: not on an agent's own initiative";
  EXPECT_EQ(*Judge(mandates, kSupervisor, "block_account", 1), MandateVerdict::kNeedsApproval);
  EXPECT_TRUE(MayApprove(mandates, kSupervisor, kSupervisor2, "block_account", 1).ok());
  EXPECT_FALSE(MayApprove(mandates, kSupervisor, kSupervisor, "block_account", 1).ok());
  EXPECT_FALSE(MayApprove(mandates, kSupervisor, kSenior, "block_account", 1).ok());
}

}  // namespace
}  // namespace balie::model
