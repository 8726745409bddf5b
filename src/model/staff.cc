#include "model/staff.h"

namespace balie::model {

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kAgent:
      return "agent";
    case Role::kSupervisor:
      return "supervisor";
    case Role::kAdmin:
      return "admin";
  }
  return "agent";
}

std::optional<Role> ParseRole(std::string_view name) {
  for (Role role : {Role::kAgent, Role::kSupervisor, Role::kAdmin}) {
    if (RoleName(role) == name) {
      return role;
    }
  }
  return std::nullopt;
}

std::string_view FlagKindName(FlagKind kind) {
  return kind == FlagKind::kWrong ? "wrong" : "missing";
}

std::optional<FlagKind> ParseFlagKind(std::string_view name) {
  if (name == "wrong") return FlagKind::kWrong;
  if (name == "missing") return FlagKind::kMissing;
  return std::nullopt;
}

}  // namespace balie::model
