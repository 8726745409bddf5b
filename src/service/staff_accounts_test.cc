#include "service/staff_accounts.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "base/temp_dir.h"
#include "storage/sqlite_store.h"
#include "support/service_testing.h"

namespace balie::service {
namespace {

// Records what the staff hub tells the consoles about ended sessions.
class EndedRecorder final : public StaffListener {
 public:
  void OnChanged() override {}
  void OnAssigned(const std::string&, const std::string&) override {}
  void OnCustomerTyping(const std::string&) override {}
  void OnSessionsEnded(const SessionsEnded& ended) override { all.push_back(ended); }
  std::vector<SessionsEnded> all;
};

class StaffAccountsTest : public ::testing::Test {
 protected:
  base::TempDir dir_ = std::move(base::TempDir::Create("balie-accounts-test-").value());
  std::unique_ptr<storage::SqliteStore> store_ =
      std::move(storage::SqliteStore::Open(dir_.path() / "balie.db").value());
  base::ManualClock clock_{testing::kTuesdayMorning};
  AgentRoster roster_{clock_};
  StaffHub hub_;
  StaffAccounts accounts_{*store_, clock_, &roster_, nullptr, {}, &hub_};

  model::StaffMember AddJan() {
    StaffChange change;
    change.name = "jan";
    change.display_name = "Jan de Vries";
    change.password = "paarse olifanten dansen traag";
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
  auto logged_in = accounts_.Login("jan", "paarse olifanten dansen traag");
  ASSERT_TRUE(logged_in.ok()) << logged_in.status().ToString();
  EXPECT_FALSE(logged_in->session_token.empty());
  EXPECT_FALSE(logged_in->csrf.empty());
  auto me = accounts_.Authenticate(logged_in->session_token);
  ASSERT_TRUE(me.ok());
  EXPECT_EQ(me->member.name, "jan");
  EXPECT_EQ(me->csrf, logged_in->csrf);

  // A wrong password and an unknown name give the same answer.
  const auto wrong = accounts_.Login("jan", "fout wachtwoord");
  const auto unknown = accounts_.Login("piet", "paarse olifanten dansen traag");
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
  auto logged_in = accounts_.Login("jan", "paarse olifanten dansen traag").value();
  clock_.Advance(std::chrono::hours(11));
  EXPECT_TRUE(accounts_.Authenticate(logged_in.session_token).ok());  // and extends it
  clock_.Advance(std::chrono::hours(11));
  EXPECT_TRUE(accounts_.Authenticate(logged_in.session_token).ok());
  clock_.Advance(std::chrono::hours(13));
  EXPECT_FALSE(accounts_.Authenticate(logged_in.session_token).ok());

  auto again = accounts_.Login("jan", "paarse olifanten dansen traag").value();
  ASSERT_TRUE(accounts_.Logout(again.session_token).ok());
  EXPECT_FALSE(accounts_.Authenticate(again.session_token).ok());
}

TEST_F(StaffAccountsTest, ANewPasswordOrDisablingEndsEverySession) {
  const model::StaffMember jan = AddJan();
  auto first = accounts_.Login("jan", "paarse olifanten dansen traag").value();
  StaffChange new_password;
  new_password.password = "groene kikkers zingen luid";
  ASSERT_TRUE(accounts_.Change(jan.id, new_password).ok());
  EXPECT_FALSE(accounts_.Authenticate(first.session_token).ok());
  EXPECT_FALSE(accounts_.Login("jan", "paarse olifanten dansen traag").ok());
  auto second = accounts_.Login("jan", "groene kikkers zingen luid").value();
  StaffChange disable;
  disable.disabled = true;
  ASSERT_TRUE(accounts_.Change(jan.id, disable).ok());
  EXPECT_FALSE(accounts_.Authenticate(second.session_token).ok());
  EXPECT_EQ(accounts_.Login("jan", "groene kikkers zingen luid").status().code(),
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
  StaffChange too_many = change("anna", "paarse olifanten dansen traag");
  too_many.capacity = 99;
  StaffChange bad_schedule = change("anna", "paarse olifanten dansen traag");
  bad_schedule.schedule =
      std::map<std::string, std::vector<std::string>>{{"maandag", {"08:00-12:00"}}};
  const struct {
    StaffChange change;
    std::string expected;
  } cases[] = {
      {change("Jan Met Spaties", "paarse olifanten dansen traag"), "name must be"},
      {change("anna", "kort"), "at least 10"},
      {change("anna", "geheim wachtwoord"), "too easy to guess"},
      {change("anna", "anna-wachtwoord-2026"), "user name"},
      {change("anna", "abcdefghijklmn"), "simple sequence"},
      {change("anna", "            "), "only spaces"},
      {change("anna", std::nullopt), "needs a password"},
      {too_many, "capacity"},
      {bad_schedule, "schedule"},
      {change("jan", "paarse olifanten dansen traag"), "taken"},
  };
  for (const auto& c : cases) {
    auto added = accounts_.Add(c.change);
    ASSERT_FALSE(added.ok()) << c.expected;
    EXPECT_NE(added.status().message().find(c.expected), std::string::npos)
        << added.status().message();
  }
}

// Log-out ends that session's streams; disabling, a new password, or new rights end all of the
// member's; other changes end none. SessionValid tells a stream whether its session still holds.
TEST_F(StaffAccountsTest, EndedSessionsAndNewRightsAreToldToTheConsoles) {
  auto recorder = std::make_shared<EndedRecorder>();
  hub_.Subscribe(recorder);
  const model::StaffMember jan = AddJan();
  auto first = accounts_.Login("jan", "paarse olifanten dansen traag").value();
  auto second = accounts_.Login("jan", "paarse olifanten dansen traag").value();
  const std::string first_key = accounts_.Authenticate(first.session_token)->session;
  const std::string second_key = accounts_.Authenticate(second.session_token)->session;
  EXPECT_NE(first_key, first.session_token);  // the key is the hash, not the secret
  EXPECT_TRUE(accounts_.SessionValid(first_key).ok());

  ASSERT_TRUE(accounts_.Logout(first.session_token).ok());
  ASSERT_EQ(recorder->all.size(), 1u);
  EXPECT_EQ(recorder->all[0].staff_id, jan.id);
  EXPECT_EQ(recorder->all[0].session, first_key);
  EXPECT_EQ(recorder->all[0].why, SessionEnd::kLoggedOut);
  EXPECT_EQ(accounts_.SessionValid(first_key).code(), base::StatusCode::kUnauthenticated);
  EXPECT_TRUE(accounts_.SessionValid(second_key).ok());

  std::vector<std::pair<StaffChange, std::optional<SessionEnd>>> cases(6);
  cases[0].first.display_name = "Jan V.";
  cases[1].first.capacity = 5;
  cases[2] = {{}, SessionEnd::kRightsChanged};
  cases[2].first.queues = std::vector<std::string>{"hypotheken"};
  cases[3] = {{}, SessionEnd::kRightsChanged};
  cases[3].first.role = model::Role::kSupervisor;
  cases[4] = {{}, SessionEnd::kPasswordChanged};
  cases[4].first.password = "oranje fietsen onder water";
  cases[5] = {{}, SessionEnd::kDisabled};
  cases[5].first.disabled = true;
  for (const auto& [change, expected] : cases) {
    recorder->all.clear();
    ASSERT_TRUE(accounts_.Change(jan.id, change).ok());
    if (!expected) {
      EXPECT_TRUE(recorder->all.empty());
      continue;
    }
    ASSERT_EQ(recorder->all.size(), 1u);
    EXPECT_EQ(recorder->all[0].staff_id, jan.id);
    EXPECT_EQ(recorder->all[0].session, "");  // every session
    EXPECT_EQ(recorder->all[0].why, *expected);
  }
  EXPECT_EQ(accounts_.SessionValid(second_key).code(), base::StatusCode::kUnauthenticated);
  clock_.Advance(std::chrono::hours(1));
  auto third = accounts_.Login("jan", "oranje fietsen onder water");
  EXPECT_FALSE(third.ok());  // disabled
}

// A new password for an existing account follows the same rules, with the account's names.
TEST_F(StaffAccountsTest, ANewPasswordMustBeStrongToo) {
  const model::StaffMember jan = AddJan();
  StaffChange weak;
  weak.password = "welkom12345";
  auto changed = accounts_.Change(jan.id, weak);
  ASSERT_FALSE(changed.ok());
  EXPECT_NE(changed.status().message().find("too easy to guess"), std::string::npos);
  weak.password = "de vries fietst door de regen";
  changed = accounts_.Change(jan.id, weak);
  ASSERT_FALSE(changed.ok());
  EXPECT_NE(changed.status().message().find("name"), std::string::npos);
  EXPECT_TRUE(accounts_.Login("jan", "paarse olifanten dansen traag").ok());  // unchanged
}

}  // namespace
}  // namespace balie::service
