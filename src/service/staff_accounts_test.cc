#include "service/staff_accounts.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "base/temp_dir.h"
#include "service/service_testing.h"
#include "storage/sqlite_store.h"

namespace balie::service {
namespace {

class StaffAccountsTest : public ::testing::Test {
 protected:
  base::TempDir dir_ = std::move(base::TempDir::Create("balie-accounts-test-").value());
  std::unique_ptr<storage::SqliteStore> store_ =
      std::move(storage::SqliteStore::Open(dir_.path() / "balie.db").value());
  base::ManualClock clock_{testing::kTuesdayMorning};
  AgentRoster roster_{clock_};
  StaffAccounts accounts_{*store_, clock_, &roster_, nullptr, {}};

  model::StaffMember AddJan() {
    StaffChange change;
    change.name = "jan";
    change.display_name = "Jan de Vries";
    change.password = "geheim wachtwoord";
    change.queues = std::vector<std::string>{"algemeen"};
    auto added = accounts_.Add(change);
    EXPECT_TRUE(added.ok()) << added.status().ToString();
    return added.ok() ? *added : model::StaffMember{};
  }
};

TEST_F(StaffAccountsTest, LogsInWithTheRightPasswordOnly) {
  const model::StaffMember jan = AddJan();
  EXPECT_TRUE(jan.password_hash.empty());  // never handed out
  EXPECT_TRUE(roster_.Agent(jan.id).has_value());
  auto logged_in = accounts_.Login("jan", "geheim wachtwoord");
  ASSERT_TRUE(logged_in.ok()) << logged_in.status().ToString();
  EXPECT_FALSE(logged_in->session_token.empty());
  EXPECT_FALSE(logged_in->csrf.empty());
  auto me = accounts_.Authenticate(logged_in->session_token);
  ASSERT_TRUE(me.ok());
  EXPECT_EQ(me->member.name, "jan");
  EXPECT_EQ(me->csrf, logged_in->csrf);

  // A wrong password and an unknown name give the same answer.
  const auto wrong = accounts_.Login("jan", "fout wachtwoord");
  const auto unknown = accounts_.Login("piet", "geheim wachtwoord");
  EXPECT_EQ(wrong.status().code(), base::StatusCode::kUnauthenticated);
  EXPECT_EQ(wrong.status().message(), unknown.status().message());
  EXPECT_EQ(accounts_.Authenticate("not a session").status().code(),
            base::StatusCode::kUnauthenticated);
}

// Log-ins come from several workers at once; the first ones with unknown names make the stand-in
// hash while others read it (a data race before; ThreadSanitizer runs this in `make test`).
TEST_F(StaffAccountsTest, UnknownNamesFromSeveralThreadsAtOnceAreRefusedAlike) {
  AddJan();
  std::atomic<int> refused{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      const auto login = accounts_.Login("niemand" + std::to_string(t), "geheim wachtwoord");
      if (login.status().code() == base::StatusCode::kUnauthenticated) ++refused;
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(refused, 4);
}

TEST_F(StaffAccountsTest, SessionsExpireAndEnd) {
  AddJan();
  auto logged_in = accounts_.Login("jan", "geheim wachtwoord").value();
  clock_.Advance(std::chrono::hours(11));
  EXPECT_TRUE(accounts_.Authenticate(logged_in.session_token).ok());  // and extends it
  clock_.Advance(std::chrono::hours(11));
  EXPECT_TRUE(accounts_.Authenticate(logged_in.session_token).ok());
  clock_.Advance(std::chrono::hours(13));
  EXPECT_FALSE(accounts_.Authenticate(logged_in.session_token).ok());

  auto again = accounts_.Login("jan", "geheim wachtwoord").value();
  ASSERT_TRUE(accounts_.Logout(again.session_token).ok());
  EXPECT_FALSE(accounts_.Authenticate(again.session_token).ok());
}

TEST_F(StaffAccountsTest, ANewPasswordOrDisablingEndsEverySession) {
  const model::StaffMember jan = AddJan();
  auto first = accounts_.Login("jan", "geheim wachtwoord").value();
  StaffChange new_password;
  new_password.password = "nieuw geheim wachtwoord";
  ASSERT_TRUE(accounts_.Change(jan.id, new_password).ok());
  EXPECT_FALSE(accounts_.Authenticate(first.session_token).ok());
  EXPECT_FALSE(accounts_.Login("jan", "geheim wachtwoord").ok());
  auto second = accounts_.Login("jan", "nieuw geheim wachtwoord").value();
  StaffChange disable;
  disable.disabled = true;
  ASSERT_TRUE(accounts_.Change(jan.id, disable).ok());
  EXPECT_FALSE(accounts_.Authenticate(second.session_token).ok());
  EXPECT_EQ(accounts_.Login("jan", "nieuw geheim wachtwoord").status().code(),
            base::StatusCode::kUnauthenticated);
  EXPECT_FALSE(roster_.Agent(jan.id).has_value());  // a disabled account is off the roster
}

TEST_F(StaffAccountsTest, RefusesBadAccountsWithTheField) {
  AddJan();
  auto change = [](std::string name, std::optional<std::string> password) {
    StaffChange made;
    made.name = std::move(name);
    made.password = std::move(password);
    return made;
  };
  StaffChange too_many = change("anna", "geheim wachtwoord");
  too_many.capacity = 99;
  StaffChange bad_schedule = change("anna", "geheim wachtwoord");
  bad_schedule.schedule =
      std::map<std::string, std::vector<std::string>>{{"maandag", {"08:00-12:00"}}};
  const struct {
    StaffChange change;
    std::string expected;
  } cases[] = {
      {change("Jan Met Spaties", "geheim wachtwoord"), "name must be"},
      {change("anna", "kort"), "at least 10"},
      {change("anna", std::nullopt), "needs a password"},
      {too_many, "capacity"},
      {bad_schedule, "schedule"},
      {change("jan", "geheim wachtwoord"), "taken"},
  };
  for (const auto& c : cases) {
    auto added = accounts_.Add(c.change);
    ASSERT_FALSE(added.ok()) << c.expected;
    EXPECT_NE(added.status().message().find(c.expected), std::string::npos)
        << added.status().message();
  }
}

}  // namespace
}  // namespace balie::service
