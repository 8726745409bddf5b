#ifndef BALIE_SERVICE_STAFF_ACCOUNTS_H_
#define BALIE_SERVICE_STAFF_ACCOUNTS_H_

// Staff accounts: log-in and sessions (a random session token, of which only the hash is kept,
// and a CSRF token per session), and their administration (add, change, disable, reset the
// password). Keeps the AgentRoster in step with the accounts. Thread-safe; password hashing takes
// a tenth of a second on purpose: call from workers.

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "model/staff.h"
#include "service/agent_roster.h"
#include "service/queue_board.h"
#include "service/staff_hub.h"
#include "storage/staff_store.h"

namespace balie::service {

struct SessionOptions {
  std::chrono::hours lifetime{12};
};

// A new or changed account; unset fields keep their value on a change.
struct StaffChange {
  std::optional<std::string> name;
  std::optional<std::string> display_name;
  std::optional<model::Role> role;
  std::optional<std::string> password;
  std::optional<std::vector<std::string>> queues;
  std::optional<std::vector<model::Language>> languages;
  std::optional<int> capacity;
  std::optional<std::map<std::string, std::vector<std::string>>> schedule;
  std::optional<bool> disabled;
};

struct LoggedIn {
  model::StaffMember member;
  std::string session_token;  // for the cookie; not stored
  std::string csrf;
  base::TimePoint expires_at;
};

struct Authenticated {
  model::StaffMember member;
  std::string csrf;
  std::string session;  // the session's key (the token's hash), for SessionValid and StaffHub
};

class StaffAccounts {
 public:
  // `queues` (may be null, e.g. for the command line) checks that the queues named exist. An
  // account without queues serves every queue. `hub` (may be null) is told when sessions end or
  // rights change (SessionsEnded), so that the member's open consoles end at once.
  StaffAccounts(storage::StaffStore& store, const base::Clock& clock, AgentRoster* roster,
                const QueueBoard* queues, SessionOptions options = {}, StaffHub* hub = nullptr);

  // Loads every account into the roster (on start).
  [[nodiscard]] base::Status LoadRoster();

  // kUnauthenticated "the name or the password is wrong" for an unknown name, a wrong password
  // and a disabled account alike (in the same time).
  [[nodiscard]] base::Result<LoggedIn> Login(std::string_view name, std::string_view password);
  // The member of a valid session; kUnauthenticated otherwise. Extends a session in use.
  [[nodiscard]] base::Result<Authenticated> Authenticate(std::string_view session_token);
  [[nodiscard]] base::Status Logout(std::string_view session_token);
  // Whether the session with this key (Authenticated::session) is still valid: it exists, has
  // not expired, and its member is not disabled. Does not extend it. kUnauthenticated otherwise.
  // For open streams, which check again now and then: the account may have been changed by
  // another process (`balie user disable`).
  [[nodiscard]] base::Status SessionValid(std::string_view session);

  // kInvalidArgument with the field that is wrong; kAlreadyExists for a taken name.
  [[nodiscard]] base::Result<model::StaffMember> Add(const StaffChange& change);
  // Changing the password or disabling ends the member's sessions; those and a change of role or
  // queues end their open streams (StaffHub::PublishSessionsEnded).
  [[nodiscard]] base::Result<model::StaffMember> Change(std::string_view id,
                                                        const StaffChange& change);
  [[nodiscard]] base::Result<std::vector<model::StaffMember>> List();
  [[nodiscard]] base::Result<model::StaffMember> ByName(std::string_view name);

 private:
  base::Status Apply(const StaffChange& change, model::StaffMember& member, bool adding);
  // An account without queues serves every queue: its copy in the roster and in sessions says so.
  model::StaffMember Effective(model::StaffMember member) const;

  storage::StaffStore& store_;
  const base::Clock& clock_;
  AgentRoster* roster_;
  const QueueBoard* queues_;
  const SessionOptions options_;
  StaffHub* hub_;
  // Verified for unknown names, so that they take as long; made on the first (hashing takes a
  // tenth of a second), once, whichever thread comes first.
  std::once_flag dummy_once_;
  std::string dummy_hash_;
};

}  // namespace balie::service

#endif  // BALIE_SERVICE_STAFF_ACCOUNTS_H_
