#include "api/login_guard.h"

#include <algorithm>

namespace balie::api {

LoginGuard::LoginGuard(const LoginLimitOptions& options, const base::Clock& clock)
    : options_(options),
      clock_(clock),
      by_address_(options.per_address_per_minute / 60, options.per_address_per_minute),
      by_account_and_address_(options.per_account_and_address_per_minute / 60,
                              options.per_account_and_address_per_minute),
      failures_by_account_(options.per_account_per_minute / 60, options.per_account_per_minute),
      lockouts_recorded_(1.0 / 60, 1) {}

void LoginGuard::ShareLimits(SharedLimits& shared) {
  shared.Add("login_by_address", by_address_);
  shared.Add("login_by_account_and_address", by_account_and_address_);
  shared.Add("login_failures_by_account", failures_by_account_);
}

std::string LoginGuard::AccountAndAddress(std::string_view name, std::string_view address) {
  std::string key(name);
  key += '\n';  // cannot be part of a name or an address
  key += address;
  return key;
}

LoginGuard::Verdict LoginGuard::Check(std::string_view name, std::string_view address) {
  const base::TimePoint now = clock_.Now();
  Verdict verdict;
  const std::string address_key(address);
  const std::string account_and_address = AccountAndAddress(name, address);
  std::chrono::milliseconds ignored{0};
  if (!by_address_.Take(address_key, now, verdict.retry_after)) {
    verdict.allowed = false;
    verdict.record_lockout = lockouts_recorded_.Take(account_and_address, now, ignored);
    return verdict;
  }
  if (!by_account_and_address_.Take(account_and_address, now, verdict.retry_after)) {
    by_address_.Refund(address_key);
    verdict.allowed = false;
    verdict.record_lockout = lockouts_recorded_.Take(account_and_address, now, ignored);
    return verdict;
  }
  // Many wrong passwords for this account lately, from anywhere: wait until the account would
  // have a free try again (at most max_slowdown).
  verdict.delay =
      std::min(failures_by_account_.Wait(std::string(name), now), options_.max_slowdown);
  return verdict;
}

void LoginGuard::Succeeded(std::string_view name, std::string_view address) {
  by_address_.Refund(std::string(address));
  by_account_and_address_.Refund(AccountAndAddress(name, address));
}

void LoginGuard::Failed(std::string_view name) {
  std::chrono::milliseconds ignored{0};
  (void)failures_by_account_.Take(std::string(name), clock_.Now(), ignored);
}

}  // namespace balie::api
