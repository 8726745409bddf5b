// The contract of StaffStore (staff_store.h), one suite run against SQLite and PostgreSQL
// (support/store_backends.h).

#include "storage/staff_store.h"

#include <gtest/gtest.h>

#include "base/time_format.h"
#include "support/store_backends.h"

namespace balie::storage {
namespace {

const base::TimePoint kNow = *base::ParseTime("2026-11-24T09:00:00Z");

model::StaffMember Member(std::string id, std::string name) {
  model::StaffMember m;
  m.id = std::move(id);
  m.name = std::move(name);
  m.display_name = "Jan de Vries";
  m.role = model::Role::kSupervisor;
  m.password_hash = "$argon2id$fake";
  m.queues = {"algemeen", "hypotheken"};
  m.languages = {model::Language::kDutch};
  m.capacity = 4;
  m.schedule = {{"monday", {"08:00-12:00", "13:00-17:00"}}};
  m.created_at = kNow;
  return m;
}

template <typename Backend>
class StaffStoreTest : public testing::StoreTest<Backend> {};
TYPED_TEST_SUITE(StaffStoreTest, testing::StoreBackends, testing::StoreBackendNames);

TYPED_TEST(StaffStoreTest, KeepsStaffMembers) {
  ASSERT_TRUE(this->store_->CreateStaff(Member("s1", "jan")).ok());
  EXPECT_EQ(this->store_->CreateStaff(Member("s2", "jan")).code(),
            base::StatusCode::kAlreadyExists);
  this->Reopen();
  auto jan = this->store_->StaffByName("jan");
  ASSERT_TRUE(jan.ok()) << jan.status().ToString();
  EXPECT_EQ(jan->id, "s1");
  EXPECT_EQ(jan->role, model::Role::kSupervisor);
  EXPECT_EQ(jan->queues, (std::vector<std::string>{"algemeen", "hypotheken"}));
  EXPECT_EQ(jan->languages, (std::vector{model::Language::kDutch}));
  EXPECT_EQ(jan->capacity, 4);
  EXPECT_EQ(jan->schedule.at("monday").size(), 2u);
  EXPECT_EQ(jan->created_at, kNow);

  jan->disabled = true;
  jan->display_name = "Jan";
  ASSERT_TRUE(this->store_->UpdateStaff(*jan).ok());
  EXPECT_TRUE(this->store_->StaffById("s1")->disabled);
  EXPECT_EQ(this->store_->StaffById("nobody").status().code(), base::StatusCode::kNotFound);
  EXPECT_EQ(this->store_->UpdateStaff(Member("s9", "piet")).code(), base::StatusCode::kNotFound);
  ASSERT_TRUE(this->store_->CreateStaff(Member("s2", "anna")).ok());
  auto all = this->store_->AllStaff();
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ(all->front().name, "anna");
  auto renamed = Member("s2", "jan");
  EXPECT_EQ(this->store_->UpdateStaff(renamed).code(), base::StatusCode::kAlreadyExists);
}

TYPED_TEST(StaffStoreTest, KeepsAndEndsSessions) {
  ASSERT_TRUE(this->store_->CreateStaff(Member("s1", "jan")).ok());
  ASSERT_TRUE(
      this->store_->CreateSession({"h1", "s1", "csrf1", kNow, kNow + std::chrono::hours(12)}).ok());
  ASSERT_TRUE(
      this->store_->CreateSession({"h2", "s1", "csrf2", kNow, kNow + std::chrono::hours(12)}).ok());
  auto session = this->store_->SessionByHash("h1");
  ASSERT_TRUE(session.ok());
  EXPECT_EQ(session->csrf, "csrf1");
  ASSERT_TRUE(this->store_->ExtendSession("h1", kNow + std::chrono::hours(20)).ok());
  EXPECT_EQ(this->store_->SessionByHash("h1")->expires_at, kNow + std::chrono::hours(20));
  ASSERT_TRUE(this->store_->DeleteSession("h1").ok());
  EXPECT_EQ(this->store_->SessionByHash("h1").status().code(), base::StatusCode::kNotFound);
  ASSERT_TRUE(this->store_->DeleteSessionsOf("s1").ok());
  EXPECT_FALSE(this->store_->SessionByHash("h2").ok());
}

TYPED_TEST(StaffStoreTest, KeepsFlagsNewestFirst) {
  for (int i = 0; i < 3; ++i) {
    model::KnowledgeFlag flag;
    flag.kind = i == 2 ? model::FlagKind::kMissing : model::FlagKind::kWrong;
    flag.article_id = "spaarrente";
    flag.note = "rente is gewijzigd " + std::to_string(i);
    flag.staff_id = "s1";
    flag.at = kNow;
    ASSERT_TRUE(this->store_->AddFlag(flag).ok());
  }
  auto flags = this->store_->Flags(2);
  ASSERT_TRUE(flags.ok());
  ASSERT_EQ(flags->size(), 2u);
  EXPECT_EQ(flags->front().kind, model::FlagKind::kMissing);
  EXPECT_GT(flags->front().id, flags->back().id);
}

TYPED_TEST(StaffStoreTest, KeepsFlagsAboutCustomersWithTheirFactsAndChanges) {
  model::CustomerFlag flag;
  flag.customer_ref = "K-1";
  flag.conversation_id = "c_1";
  flag.kind = "possible_misuse";
  flag.facts = {{3, "", "Vraagt de pincode van een ander"}, {0, "dossier 114", "Brief"}};
  flag.raised_by = "s_anna";
  flag.reason = "Graag nagaan";
  flag.severity = model::FlagSeverity::kHigh;
  flag.raised_at = kNow;
  flag.expires_at = kNow + std::chrono::days(30);
  auto id = this->store_->AddCustomerFlag(flag);
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  model::CustomerFlag anonymous = flag;
  anonymous.customer_ref = "";
  anonymous.conversation_id = "c_2";
  ASSERT_TRUE(this->store_->AddCustomerFlag(anonymous).ok());

  this->Reopen();
  auto read = this->store_->CustomerFlagById(*id);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  flag.id = *id;
  EXPECT_EQ(*read, flag);
  EXPECT_EQ(this->store_->CustomerFlagsOf("K-1", "c_9")->size(), 1u) << "by customer";
  EXPECT_EQ(this->store_->CustomerFlagsOf("", "c_2")->size(), 1u) << "by conversation";
  EXPECT_EQ(this->store_->CustomerFlagsOf("", "c_1")->size(), 1u);
  EXPECT_TRUE(this->store_->CustomerFlagsOf("", "c_9")->empty()) << "no customer: not every flag";
  EXPECT_EQ(this->store_->CustomerFlagById(999).status().code(), base::StatusCode::kNotFound);

  flag.status = model::FlagStatus::kConfirmed;
  flag.changes.push_back({model::FlagStatus::kConfirmed, "s_bob", "klopt", kNow});
  ASSERT_TRUE(this->store_->UpdateCustomerFlag(flag).ok());
  flag.revision = 1;
  EXPECT_EQ(*this->store_->CustomerFlagById(*id), flag);
  flag.revision = 0;
  EXPECT_EQ(this->store_->UpdateCustomerFlag(flag).code(), base::StatusCode::kFailedPrecondition)
      << "someone changed it first";

  // A contest, then its review: both kept, with who and when.
  flag.revision = 1;
  flag.contests.push_back({"Dat was mijn eigen pas", "s_anna", kNow, model::ContestStage::kReceived,
                           "", "", std::nullopt});
  ASSERT_TRUE(this->store_->UpdateCustomerFlag(flag).ok());
  flag.revision = 2;
  auto contested = this->store_->ContestedFlags();
  ASSERT_TRUE(contested.ok()) << contested.status().ToString();
  ASSERT_EQ(contested->size(), 1u);
  EXPECT_EQ(contested->front(), flag);
  model::ApplyContestReview(flag, model::ContestStage::kUpheld, "s_eva", "Feiten dragen het niet",
                            kNow + std::chrono::hours(1));
  ASSERT_TRUE(this->store_->UpdateCustomerFlag(flag).ok());
  flag.revision = 3;
  this->Reopen();
  EXPECT_EQ(*this->store_->CustomerFlagById(*id), flag);
  EXPECT_TRUE(this->store_->ContestedFlags()->empty()) << "reviewed: nothing waits";
}

TYPED_TEST(StaffStoreTest, KeepsQueueSettings) {
  ASSERT_TRUE(
      this->store_
          ->SaveQueueSettings({"algemeen", "Service", std::nullopt, std::vector<std::string>{"pas"},
                               std::nullopt, std::nullopt, std::nullopt})
          .ok());
  ASSERT_TRUE(this->store_
                  ->SaveQueueSettings({"algemeen", "Klantenservice", std::nullopt,
                                       std::vector<std::string>{"pas", "rekening"}, std::nullopt,
                                       QueueSettings::Ranges{{"monday", {"08:00-17:00"}}},
                                       QueueSettings::Ranges{{"2026-12-25", {}}}})
                  .ok());
  auto all = this->store_->AllQueueSettings();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ(all->front().name_nl, "Klantenservice");
  EXPECT_FALSE(all->front().name_en.has_value());
  EXPECT_EQ(all->front().topics->size(), 2u);
  EXPECT_EQ(all->front().hours, (QueueSettings::Ranges{{"monday", {"08:00-17:00"}}}));
  EXPECT_EQ(all->front().holidays, (QueueSettings::Ranges{{"2026-12-25", {}}}));
  EXPECT_FALSE(all->front().languages.has_value());
}

}  // namespace
}  // namespace balie::storage
