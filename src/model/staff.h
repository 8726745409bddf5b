#ifndef BALIE_MODEL_STAFF_H_
#define BALIE_MODEL_STAFF_H_

// The people behind the counter: staff members with a role, the queues (skills) and languages
// they handle, how many chats they take at once and when they work; and what they tell the
// knowledge owners. Plain values, safe to copy between threads.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "model/article.h"

namespace balie::model {

// Each role may do what the ones before it may.
enum class Role { kAgent, kSupervisor, kAdmin };
std::string_view RoleName(Role role);  // "agent", "supervisor", "admin"
std::optional<Role> ParseRole(std::string_view name);
// Whether `role` may do what `needed` may.
inline bool RoleAtLeast(Role role, Role needed) {
  return static_cast<int>(role) >= static_cast<int>(needed);
}

struct StaffMember {
  std::string id;            // "s_…", never reused
  std::string name;          // the log-in name: lower-case letters, digits, '.', '-', '_'
  std::string display_name;  // what customers and colleagues see: "Jan de Vries"
  Role role = Role::kAgent;
  std::string password_hash;        // argon2id (auth/password.h); never leaves the server
  std::vector<std::string> queues;  // the queues (skills) they handle
  std::vector<Language> languages = {Language::kDutch, Language::kEnglish};
  int capacity = 3;  // chats at once
  // Working hours: weekday -> local ranges ("08:00-12:00"), as a queue's hours; empty: the hours
  // of their queues.
  std::map<std::string, std::vector<std::string>> schedule;
  bool disabled = false;
  base::TimePoint created_at;
};

enum class FlagKind { kWrong, kMissing };
std::string_view FlagKindName(FlagKind kind);  // "wrong", "missing"
std::optional<FlagKind> ParseFlagKind(std::string_view name);

// A member of staff says an article is wrong, or that one is missing.
struct KnowledgeFlag {
  std::int64_t id = 0;
  FlagKind kind = FlagKind::kWrong;
  std::string article_id;       // for kWrong
  std::string conversation_id;  // where it came up, if anywhere
  std::string note;
  std::string staff_id;
  base::TimePoint at;
};

}  // namespace balie::model

#endif  // BALIE_MODEL_STAFF_H_
