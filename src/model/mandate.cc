#include "model/mandate.h"

#include <algorithm>
#include <set>

#include "model/enum_names.h"

namespace balie::model {
namespace {

constexpr NameTable<DecisionUnit, 3> kUnits{{
    {DecisionUnit::kEuroCents, "euro"},
    {DecisionUnit::kDays, "days"},
    {DecisionUnit::kException, "exception"},
}};

bool WellFormedId(std::string_view id) {
  return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

// The decision, or why the request cannot be judged.
base::Result<const DecisionKind*> Described(const Mandates& mandates, std::string_view decision,
                                            std::int64_t amount) {
  const DecisionKind* kind = mandates.Find(decision);
  if (kind == nullptr) {
    return base::InvalidArgument("no decision '" + std::string(decision.substr(0, 64)) +
                                 "' is described in the configuration");
  }
  if (amount <= 0 || (kind->unit == DecisionUnit::kException && amount != 1)) {
    return base::InvalidArgument(kind->unit == DecisionUnit::kException
                                     ? "an exception's amount is 1"
                                     : "the amount must be more than 0");
  }
  return kind;
}

std::string Limit(const DecisionKind& kind, std::int64_t limit) {
  return kind.unit == DecisionUnit::kException
             ? (limit > 0 ? "may make it" : "may not make it alone")
             : "goes up to " + AmountText(kind.unit, limit, Language::kEnglish);
}

// A problem with the mandate of `whose` for `decision`.
base::Status Problem(const std::string& whose, const std::string& decision, std::string_view what) {
  return base::InvalidArgument("the mandate of " + whose + " for '" + decision + "' " +
                               std::string(what));
}

}  // namespace

std::string_view DecisionUnitName(DecisionUnit unit) { return NameOf(kUnits, unit); }
std::optional<DecisionUnit> ParseDecisionUnit(std::string_view name) {
  return FindName(kUnits, name);
}

const DecisionKind* Mandates::Find(std::string_view decision) const {
  for (const DecisionKind& kind : decisions) {
    if (kind.id == decision) {
      return &kind;
    }
  }
  return nullptr;
}

std::int64_t Mandates::LimitOf(const StaffMember& who, std::string_view decision) const {
  for (const auto* limits : {by_staff.count(who.name) ? &by_staff.at(who.name) : nullptr,
                             by_role.count(who.role) ? &by_role.at(who.role) : nullptr}) {
    if (limits == nullptr) {
      continue;
    }
    if (auto it = limits->find(std::string(decision)); it != limits->end()) {
      return it->second;
    }
  }
  return 0;
}

base::Result<MandateVerdict> Judge(const Mandates& mandates, const StaffMember& who,
                                   std::string_view decision, std::int64_t amount) {
  auto kind = Described(mandates, decision, amount);
  if (!kind.ok()) {
    return kind.status();
  }
  const bool within = amount <= mandates.LimitOf(who, decision);
  if ((*kind)->adverse && !within) {
    return base::PermissionDenied(
        "this step harms the customer: only someone whose own mandate covers it may take it");
  }
  return within && !(*kind)->four_eyes ? MandateVerdict::kTakesEffect
                                       : MandateVerdict::kNeedsApproval;
}

base::Status MayApprove(const Mandates& mandates, const StaffMember& requester,
                        const StaffMember& approver, std::string_view decision,
                        std::int64_t amount) {
  auto kind = Described(mandates, decision, amount);
  if (!kind.ok()) {
    return kind.status();
  }
  if (approver.id == requester.id) {
    return base::PermissionDenied("nobody approves their own decision: a colleague must");
  }
  if (approver.disabled) {
    return base::PermissionDenied("a disabled account approves nothing");
  }
  const std::int64_t limit = mandates.LimitOf(approver, decision);
  if (amount > limit) {
    return base::PermissionDenied(approver.display_name + "'s mandate for " + (*kind)->id + " " +
                                  Limit(**kind, limit) + "; this needs " +
                                  AmountText((*kind)->unit, amount, Language::kEnglish));
  }
  return base::Status::Ok();
}

std::string AmountText(DecisionUnit unit, std::int64_t amount, Language language) {
  const bool dutch = language == Language::kDutch;
  switch (unit) {
    case DecisionUnit::kEuroCents: {
      std::string cents = std::to_string(amount % 100);
      cents.insert(0, 2 - cents.size(), '0');
      return (dutch ? "€\u00a0" : "€") + std::to_string(amount / 100) + (dutch ? "," : ".") + cents;
    }
    case DecisionUnit::kDays:
      return std::to_string(amount) +
             (dutch ? (amount == 1 ? " dag" : " dagen") : (amount == 1 ? " day" : " days"));
    case DecisionUnit::kException:
      return dutch ? "uitzondering" : "exception";
  }
  return std::to_string(amount);
}

base::Status CheckMandates(const Mandates& mandates) {
  std::set<std::string> ids;
  for (const DecisionKind& kind : mandates.decisions) {
    if (!WellFormedId(kind.id)) {
      return base::InvalidArgument("decision id '" + kind.id.substr(0, 64) +
                                   "' must be lower-case letters, digits and '_'");
    }
    if (!ids.insert(kind.id).second) {
      return base::InvalidArgument("decision '" + kind.id + "' is described twice");
    }
    if (kind.name_nl.empty() || kind.name_en.empty()) {
      return base::InvalidArgument("decision '" + kind.id + "' needs a Dutch and an English name");
    }
  }
  auto check = [&](const MandateLimits& limits, const std::string& whose) -> base::Status {
    for (const auto& [decision, limit] : limits) {
      const DecisionKind* kind = mandates.Find(decision);
      if (kind == nullptr) {
        return Problem(whose, decision, "is not a described decision");
      }
      if (limit < 0 || (kind->unit == DecisionUnit::kException && limit > 1)) {
        return Problem(
            whose, decision,
            kind->unit == DecisionUnit::kException ? "must be 0 or 1" : "must be 0 or more");
      }
    }
    return base::Status::Ok();
  };
  for (const auto& [role, limits] : mandates.by_role) {
    if (base::Status status = check(limits, "role " + std::string(RoleName(role))); !status.ok()) {
      return status;
    }
  }
  for (const auto& [staff, limits] : mandates.by_staff) {
    if (base::Status status = check(limits, "staff " + staff); !status.ok()) {
      return status;
    }
  }
  return base::Status::Ok();
}

}  // namespace balie::model
