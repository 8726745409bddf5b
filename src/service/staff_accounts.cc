#include "service/staff_accounts.h"

#include <algorithm>

#include "auth/password.h"
#include "auth/token.h"
#include "base/log.h"
#include "service/validation.h"

namespace balie::service {
namespace {

base::Status CheckLoginName(std::string_view name) {
  const bool valid =
      name.size() >= 2 && name.size() <= 40 && std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
      });
  if (!valid) {
    return base::InvalidArgument(
        "name must be 2 to 40 characters of a-z, 0-9, '.', '-' or '_' (e.g. jan.devries)");
  }
  return base::Status::Ok();
}

}  // namespace

StaffAccounts::StaffAccounts(storage::StaffStore& store, const base::Clock& clock,
                             AgentRoster* roster, const QueueBoard* queues, SessionOptions options,
                             StaffHub* hub)
    : store_(store),
      clock_(clock),
      roster_(roster),
      queues_(queues),
      options_(options),
      hub_(hub) {}

model::StaffMember StaffAccounts::Effective(model::StaffMember member) const {
  member.password_hash.clear();
  if (member.queues.empty() && queues_ != nullptr) {
    for (const auto& queue : queues_->queues()) {
      member.queues.push_back(queue->id);
    }
  }
  return member;
}

base::Status StaffAccounts::LoadRoster() {
  if (roster_ == nullptr) {
    return base::Status::Ok();
  }
  auto all = store_.AllStaff();
  if (!all.ok()) {
    return all.status();
  }
  for (const model::StaffMember& member : *all) {
    if (base::Status status = roster_->SetAccount(Effective(member)); !status.ok()) {
      return status;
    }
  }
  return base::Status::Ok();
}

base::Result<LoggedIn> StaffAccounts::Login(std::string_view name, std::string_view password) {
  const base::Status wrong = base::Unauthenticated("the name or the password is wrong");
  auto member = store_.StaffByName(name);
  if (!member.ok()) {
    if (member.status().code() != base::StatusCode::kNotFound) {
      return member.status();
    }
    std::call_once(dummy_once_, [this] {
      if (auto hash = auth::HashPassword("a password nobody has"); hash.ok()) {
        dummy_hash_ = std::move(hash).value();
      }
    });
    (void)auth::VerifyPassword(password, dummy_hash_);
    return wrong;
  }
  if (!auth::VerifyPassword(password, member->password_hash) || member->disabled) {
    return wrong;
  }
  LoggedIn logged_in;
  logged_in.member = Effective(std::move(member).value());
  logged_in.session_token = auth::RandomToken();
  logged_in.csrf = auth::RandomToken(18);
  const base::TimePoint now = clock_.Now();
  logged_in.expires_at = now + options_.lifetime;
  if (base::Status status =
          store_.CreateSession({auth::TokenHash(logged_in.session_token), logged_in.member.id,
                                logged_in.csrf, now, logged_in.expires_at});
      !status.ok()) {
    return status;
  }
  if (roster_ != nullptr) {
    // The account as stored now: one added or changed by `balie user` in another process since
    // the roster was loaded is routed from its first log-in on.
    (void)roster_->SetAccount(logged_in.member);
    roster_->Acted(logged_in.member.id);
  }
  return logged_in;
}

base::Result<Authenticated> StaffAccounts::Authenticate(std::string_view session_token) {
  const base::Status invalid =
      base::Unauthenticated("no valid staff session: log in (again) at /console/");
  if (session_token.empty()) {
    return invalid;
  }
  const std::string hash = auth::TokenHash(session_token);
  auto session = store_.SessionByHash(hash);
  if (!session.ok()) {
    return session.status().code() == base::StatusCode::kNotFound ? invalid : session.status();
  }
  const base::TimePoint now = clock_.Now();
  if (session->expires_at <= now) {
    (void)store_.DeleteSession(hash);
    return invalid;
  }
  auto member = store_.StaffById(session->staff_id);
  if (!member.ok() || member->disabled) {
    return invalid;
  }
  // A session in use stays valid for `lifetime` after its last use (written at most hourly).
  if (session->expires_at - now < options_.lifetime - std::chrono::hours(1)) {
    (void)store_.ExtendSession(hash, now + options_.lifetime);
  }
  return Authenticated{Effective(std::move(member).value()), session->csrf, hash};
}

base::Status StaffAccounts::SessionValid(std::string_view session) {
  base::Status invalid = base::Unauthenticated("the session has ended: log in again");
  auto found = store_.SessionByHash(session);
  if (!found.ok()) {
    return found.status().code() == base::StatusCode::kNotFound ? invalid : found.status();
  }
  if (found->expires_at <= clock_.Now()) {
    return invalid;
  }
  auto member = store_.StaffById(found->staff_id);
  if (!member.ok()) {
    return member.status().code() == base::StatusCode::kNotFound ? invalid : member.status();
  }
  return member->disabled ? invalid : base::Status::Ok();
}

base::Status StaffAccounts::Logout(std::string_view session_token) {
  const std::string hash = auth::TokenHash(session_token);
  auto session = store_.SessionByHash(hash);
  if (base::Status status = store_.DeleteSession(hash); !status.ok()) {
    return status;
  }
  if (session.ok() && hub_ != nullptr) {
    hub_->PublishSessionsEnded({session->staff_id, hash, SessionEnd::kLoggedOut});
  }
  return base::Status::Ok();
}

base::Status StaffAccounts::Apply(const StaffChange& change, model::StaffMember& member,
                                  bool adding) {
  if (change.name) {
    if (base::Status status = CheckLoginName(*change.name); !status.ok()) {
      return status;
    }
    member.name = *change.name;
  }
  if (change.display_name) {
    if (base::Status status = CheckText(*change.display_name, 100); !status.ok()) {
      return base::InvalidArgument("display_name must be 1 to 100 characters");
    }
    member.display_name = *change.display_name;
  }
  if (adding && member.display_name.empty()) {
    member.display_name = member.name;
  }
  if (change.role) member.role = *change.role;
  if (change.password) {
    if (base::Status status =
            auth::CheckNewPassword(*change.password, {member.name, member.display_name});
        !status.ok()) {
      // The reason only: never the password.
      base::Log(base::LogLevel::kInfo, "new password refused",
                {{"staff", member.name}, {"cause", status.message()}});
      return status;
    }
    auto hash = auth::HashPassword(*change.password);
    if (!hash.ok()) {
      return hash.status();
    }
    member.password_hash = std::move(hash).value();
  } else if (adding) {
    return base::InvalidArgument("a new account needs a password");
  }
  if (change.queues) {
    for (const std::string& queue : *change.queues) {
      if (queues_ != nullptr && queues_->Find(queue) == nullptr) {
        return base::InvalidArgument("queues: there is no queue '" + queue + "'");
      }
    }
    member.queues = *change.queues;
  }
  if (change.languages) {
    if (change.languages->empty()) {
      return base::InvalidArgument("languages must name at least one of nl, en");
    }
    member.languages = *change.languages;
  }
  if (change.capacity) {
    if (*change.capacity < 0 || *change.capacity > 20) {
      return base::InvalidArgument("capacity must be between 0 and 20 conversations at once");
    }
    member.capacity = *change.capacity;
  }
  if (change.schedule) {
    if (!change.schedule->empty()) {
      if (auto hours = ScheduleHours(*change.schedule); !hours.ok()) {
        return base::InvalidArgument("schedule: " + hours.status().message());
      }
    }
    member.schedule = *change.schedule;
  }
  if (change.disabled) member.disabled = *change.disabled;
  return base::Status::Ok();
}

base::Result<model::StaffMember> StaffAccounts::Add(const StaffChange& change) {
  if (!change.name) {
    return base::InvalidArgument("a new account needs a name");
  }
  model::StaffMember member;
  member.id = "s_" + auth::RandomToken(12);
  member.created_at = clock_.Now();
  if (base::Status status = Apply(change, member, /*adding=*/true); !status.ok()) {
    return status;
  }
  if (base::Status status = store_.CreateStaff(member); !status.ok()) {
    return status;
  }
  if (roster_ != nullptr) {
    (void)roster_->SetAccount(Effective(member));
  }
  member.password_hash.clear();
  return member;
}

base::Result<model::StaffMember> StaffAccounts::Change(std::string_view id,
                                                       const StaffChange& change) {
  auto member = store_.StaffById(id);
  if (!member.ok()) {
    return member.status();
  }
  const model::StaffMember before = *member;
  if (base::Status status = Apply(change, *member, /*adding=*/false); !status.ok()) {
    return status;
  }
  if (base::Status status = store_.UpdateStaff(*member); !status.ok()) {
    return status;
  }
  if (change.password || (change.disabled && *change.disabled)) {
    if (base::Status status = store_.DeleteSessionsOf(member->id); !status.ok()) {
      return status;
    }
  }
  if (roster_ != nullptr) {
    (void)roster_->SetAccount(Effective(*member));
  }
  if (hub_ != nullptr) {
    // The member's open consoles end now: they must not go on showing customers' conversations
    // to someone disabled, or under rights they no longer have.
    std::optional<SessionEnd> why;
    if (change.disabled && *change.disabled) {
      why = SessionEnd::kDisabled;
    } else if (change.password) {
      why = SessionEnd::kPasswordChanged;
    } else if (member->role != before.role || member->queues != before.queues) {
      why = SessionEnd::kRightsChanged;
    }
    if (why) {
      base::Log(base::LogLevel::kInfo, "staff streams ended",
                {{"staff", member->id},
                 {"cause", *why == SessionEnd::kDisabled          ? "account disabled"
                           : *why == SessionEnd::kPasswordChanged ? "password changed"
                                                                  : "role or queues changed"}});
      hub_->PublishSessionsEnded({member->id, "", *why});
    }
  }
  member->password_hash.clear();
  return member;
}

base::Result<std::vector<model::StaffMember>> StaffAccounts::List() {
  auto all = store_.AllStaff();
  if (all.ok()) {
    for (auto& member : *all) {
      member.password_hash.clear();
    }
  }
  return all;
}

base::Result<model::StaffMember> StaffAccounts::ByName(std::string_view name) {
  auto member = store_.StaffByName(name);
  if (member.ok()) {
    member->password_hash.clear();
  }
  return member;
}

}  // namespace balie::service
