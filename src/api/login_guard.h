#ifndef BALIE_API_LOGIN_GUARD_H_
#define BALIE_API_LOGIN_GUARD_H_

// How often someone may try a staff password, chosen so that the limits cannot be turned against
// the account's owner: a client address, and an account from one address, are refused for a
// while after a few wrong passwords (429); an account as a whole is only slowed down (each try
// waits a little before the password is checked), never locked, so that wrong passwords from
// elsewhere cannot keep its owner out. Good log-ins never count. Thread-safe; the time comes from
// the clock given.

#include <chrono>
#include <string>
#include <string_view>

#include "api/rate_limiter.h"
#include "api/shared_limits.h"
#include "base/clock.h"

namespace balie::api {

struct LoginLimitOptions {
  // Wrong passwords per minute (and bursts of as many): per client address, and per account from
  // one address; beyond, refused with Retry-After.
  double per_address_per_minute = 10;
  double per_account_and_address_per_minute = 5;
  // Wrong passwords per minute for one account from anywhere before its tries are slowed down …
  double per_account_per_minute = 5;
  // … by up to this long each.
  std::chrono::milliseconds max_slowdown{10000};
};

class LoginGuard {
 public:
  LoginGuard(const LoginLimitOptions& options, const base::Clock& clock);

  struct Verdict {
    bool allowed = true;
    std::chrono::milliseconds retry_after{0};  // when refused
    std::chrono::milliseconds delay{0};        // when allowed: check the password after this
    // When refused: the first refusal of this account from this address in a minute, for the
    // audit trail's `lockout` entry (one a minute, so that a flood does not fill it).
    bool record_lockout = false;
  };
  // A try to log in as `name` from `address` (counted as wrong until Succeeded says otherwise).
  Verdict Check(std::string_view name, std::string_view address);
  // The password was right: the try is not counted.
  void Succeeded(std::string_view name, std::string_view address);
  // The password was wrong: it counts towards the account's slow-down.
  void Failed(std::string_view name);

  // Shares the limits with the other processes (SharedLimits), as "login_…": a password guesser
  // spread over them is refused and slowed down as on one.
  void ShareLimits(SharedLimits& shared);

 private:
  static std::string AccountAndAddress(std::string_view name, std::string_view address);

  const LoginLimitOptions options_;
  const base::Clock& clock_;
  KeyedRateLimiter by_address_;
  KeyedRateLimiter by_account_and_address_;
  KeyedRateLimiter failures_by_account_;
  KeyedRateLimiter lockouts_recorded_;
};

}  // namespace balie::api

#endif  // BALIE_API_LOGIN_GUARD_H_
