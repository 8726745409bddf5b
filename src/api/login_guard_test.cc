#include "api/login_guard.h"

#include <gtest/gtest.h>

#include "api/shared_limits.h"
#include "base/time_format.h"

namespace balie::api {
namespace {

using namespace std::chrono_literals;

class LoginGuardTest : public ::testing::Test {
 protected:
  // Tries a wrong password for `name` from `address`; returns the verdict.
  LoginGuard::Verdict Wrong(std::string_view name, std::string_view address) {
    const LoginGuard::Verdict verdict = guard_.Check(name, address);
    if (verdict.allowed) guard_.Failed(name);
    return verdict;
  }

  base::ManualClock clock_{*base::ParseTime("2026-12-01T09:00:00Z")};
  LoginLimitOptions options_;
  LoginGuard guard_{options_, clock_};
};

TEST_F(LoginGuardTest, WrongPasswordsFromOneAddressDoNotLockTheOwnerOutElsewhere) {
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(Wrong("jan", "203.0.113.9").allowed);
  const LoginGuard::Verdict again = guard_.Check("jan", "203.0.113.9");
  EXPECT_FALSE(again.allowed);
  EXPECT_GT(again.retry_after, 0ms);
  // Jan at the office: let in (the account's tries may be slowed down, never refused).
  const LoginGuard::Verdict owner = guard_.Check("jan", "198.51.100.7");
  EXPECT_TRUE(owner.allowed);
  EXPECT_LE(owner.delay, options_.max_slowdown);
}

TEST_F(LoginGuardTest, AnAccountUnderAttackFromEverywhereIsSlowedDownNeverLocked) {
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(Wrong("jan", "10.0.0." + std::to_string(i)).delay, 0ms);
  }
  for (int i = 5; i < 200; ++i) {
    const LoginGuard::Verdict verdict = Wrong("jan", "10.0.0." + std::to_string(i));
    EXPECT_TRUE(verdict.allowed);
    EXPECT_GT(verdict.delay, 0ms);
    EXPECT_LE(verdict.delay, options_.max_slowdown);
  }
  const LoginGuard::Verdict owner = guard_.Check("jan", "198.51.100.7");
  EXPECT_TRUE(owner.allowed);
  EXPECT_LE(owner.delay, options_.max_slowdown);
  // Another account is not slowed down by it.
  EXPECT_EQ(guard_.Check("piet", "198.51.100.7").delay, 0ms);
  // Once the attack stops, the account's tries are prompt again.
  clock_.Advance(1min);
  EXPECT_EQ(guard_.Check("jan", "198.51.100.7").delay, 0ms);
}

TEST_F(LoginGuardTest, OneAddressCannotTryManyAccounts) {
  for (int i = 0; i < 10; ++i)
    EXPECT_TRUE(Wrong("name" + std::to_string(i), "203.0.113.9").allowed);
  EXPECT_FALSE(guard_.Check("name99", "203.0.113.9").allowed);
  clock_.Advance(6s);  // 10 a minute: one more try after 6 s
  EXPECT_TRUE(guard_.Check("name99", "203.0.113.9").allowed);
}

TEST_F(LoginGuardTest, GoodLogInsDoNotCount) {
  // An office behind one address where everyone logs in at nine.
  for (int i = 0; i < 100; ++i) {
    const std::string name = "agent" + std::to_string(i);
    ASSERT_TRUE(guard_.Check(name, "192.0.2.1").allowed) << i;
    guard_.Succeeded(name, "192.0.2.1");
  }
}

// Two processes whose log-in limits are shared (SharedLimits, what one drains told to the
// other as the bus would): wrong passwords on one slow the account down on the other, from any
// address, and refuse the guesser's address there too.
TEST_F(LoginGuardTest, WrongPasswordsOnAnotherProcessSlowDownLogInsHere) {
  LoginGuard elsewhere(options_, clock_);
  SharedLimits shared_here(clock_);
  SharedLimits shared_elsewhere(clock_);
  guard_.ShareLimits(shared_here);
  elsewhere.ShareLimits(shared_elsewhere);
  for (int i = 0; i < 5; ++i) {
    const LoginGuard::Verdict verdict = elsewhere.Check("jan", "203.0.113.9");
    ASSERT_TRUE(verdict.allowed);
    elsewhere.Failed("jan");
  }
  shared_here.TakenElsewhere("elsewhere", shared_elsewhere.Drain());
  const LoginGuard::Verdict owner = guard_.Check("jan", "198.51.100.7");
  EXPECT_TRUE(owner.allowed);
  EXPECT_GT(owner.delay, 0ms);
  EXPECT_FALSE(guard_.Check("jan", "203.0.113.9").allowed);
}

}  // namespace
}  // namespace balie::api
