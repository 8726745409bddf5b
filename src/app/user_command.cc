// `balie user add|list|disable|reset-password --data DIR`: staff accounts from the command line,
// on the same database the server uses (it may be running: SQLite takes turns; these commands do
// not take the data directory's lock, which is the server's).

#include <termios.h>
#include <unistd.h>

#include <iomanip>
#include <iostream>

#include "app/commands.h"
#include "app/open_store.h"
#include "base/clock.h"
#include "service/audit_trail.h"
#include "service/staff_accounts.h"
#include "storage/data_directory_lock.h"
#include "storage/sqlite_store.h"

namespace balie::app {
namespace {

// One line from `in`; at a terminal, asked for without echo.
std::optional<std::string> ReadPassword(std::istream& in, std::ostream& err, bool again) {
  const bool terminal = &in == &std::cin && isatty(STDIN_FILENO) != 0;
  termios saved{};
  if (terminal) {
    err << (again ? "Password again: " : "Password: ") << std::flush;
    tcgetattr(STDIN_FILENO, &saved);
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string password;
  const bool read = static_cast<bool>(std::getline(in, password));
  if (terminal) {
    tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    err << "\n";
  }
  if (!read) {
    return std::nullopt;
  }
  if (!password.empty() && password.back() == '\r') {
    password.pop_back();
  }
  return password;
}

std::optional<std::string> NewPassword(std::istream& in, std::ostream& err) {
  auto password = ReadPassword(in, err, false);
  if (!password) {
    err << "user: give the password on standard input (one line)\n";
    return std::nullopt;
  }
  if (&in == &std::cin && isatty(STDIN_FILENO) != 0) {
    auto again = ReadPassword(in, err, true);
    if (!again || *again != *password) {
      err << "user: the passwords differ\n";
      return std::nullopt;
    }
  }
  return password;
}

std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> items;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t comma = text.find(',', start);
    std::string item = text.substr(start, comma == std::string::npos ? comma : comma - start);
    if (!item.empty()) items.push_back(item);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return items;
}

// After an account was added beside a running server: it learns of it when the account logs in.
void NoteRunningServer(const std::string& data_dir, const std::string& name, std::ostream& err) {
  if (const auto server = storage::DataDirectoryLock::Holder(data_dir)) {
    err << "note: the Balie server running on " << data_dir << " (process " << *server
        << ") routes conversations to " << name << " from their first log-in\n";
  }
}

// The audit entry of a change made here; false (said on `err`) when it could not be written.
bool Audited(service::AuditTrail& audit, model::AuditAction action,
             const model::StaffMember& member, const service::StaffChange& change,
             std::ostream& err) {
  auto recorded = audit.Record({.actor = "cli",
                                .action = action,
                                .conversation_id = "",
                                .customer_ref = "",
                                .details = service::UserChangeDetails(member, change)});
  if (!recorded.ok()) {
    err << "user: the change is made, but could not be recorded in the audit trail: "
        << recorded.status().message() << "\n";
    return false;
  }
  return true;
}

}  // namespace

int User(const UserOptions& options, std::istream& in, std::ostream& out, std::ostream& err) {
  if (options.storage_url.empty()) {
    std::error_code error;
    std::filesystem::create_directories(options.data_dir, error);
  }
  auto store = OpenStore({options.storage_url, options.data_dir}, {}, /*create=*/true);
  if (!store.ok()) {
    err << "user: " << store.status().message() << "\n";
    return 1;
  }
  base::SystemClock clock;
  service::StaffAccounts accounts(**store, clock, nullptr, nullptr);
  service::AuditTrail audit(**store, clock);
  if (options.action == "list") {
    auto users = accounts.List();
    if (!users.ok()) {
      err << "user: " << users.status().message() << "\n";
      return 1;
    }
    out << std::left << std::setw(20) << "name" << std::setw(12) << "role" << std::setw(28)
        << "display name"
        << "state\n";
    for (const auto& user : *users) {
      out << std::setw(20) << user.name << std::setw(12) << model::RoleName(user.role)
          << std::setw(28) << user.display_name << (user.disabled ? "disabled" : "active") << "\n";
    }
    return 0;
  }
  service::StaffChange change;
  if (options.action == "add") {
    const auto role = model::ParseRole(options.role);
    if (!role) {
      err << "user add: --role must be agent, supervisor or admin\n";
      return 2;
    }
    change.name = options.name;
    change.role = *role;
    if (!options.display_name.empty()) change.display_name = options.display_name;
    if (!options.queues.empty()) change.queues = SplitList(options.queues);
    if (!options.languages.empty()) {
      std::vector<model::Language> languages;
      for (const std::string& code : SplitList(options.languages)) {
        const auto language = model::ParseLanguage(code);
        if (!language) {
          err << "user add: --languages must be nl, en or nl,en\n";
          return 2;
        }
        languages.push_back(*language);
      }
      change.languages = std::move(languages);
    }
    if (options.capacity) change.capacity = *options.capacity;
    auto password = NewPassword(in, err);
    if (!password) return 1;
    change.password = *password;
    auto added = accounts.Add(change);
    if (!added.ok()) {
      err << "user add: " << added.status().message() << "\n";
      return 1;
    }
    out << "added " << added->name << " (" << model::RoleName(added->role) << ")\n";
    if (options.storage_url.empty()) {
      NoteRunningServer(options.data_dir, added->name, err);
    }
    return Audited(audit, model::AuditAction::kUserCreated, *added, change, err) ? 0 : 1;
  }
  auto member = accounts.ByName(options.name);
  if (!member.ok()) {
    err << "user " << options.action << ": no user '" << options.name << "'\n";
    return 1;
  }
  if (options.action == "disable") {
    change.disabled = true;
  } else if (options.action == "reset-password") {
    auto password = NewPassword(in, err);
    if (!password) return 1;
    change.password = *password;
    change.disabled = false;
  }
  auto changed = accounts.Change(member->id, change);
  if (!changed.ok()) {
    err << "user " << options.action << ": " << changed.status().message() << "\n";
    return 1;
  }
  out << (options.action == "disable" ? "disabled " : "new password for ") << changed->name
      << " (their sessions are ended)\n";
  return Audited(audit, model::AuditAction::kUserChanged, *changed, change, err) ? 0 : 1;
}

}  // namespace balie::app
