#ifndef BALIE_MODEL_MANDATE_H_
#define BALIE_MODEL_MANDATE_H_

// Room for judgement (issue 12): the decisions staff may take for a customer, as an organisation
// describes them (waive a fee up to an amount, extend a payment term up to a number of days, make
// an exception to a named rule), and how far each member of staff may take each alone: their
// mandate, per role and per person. Above it a decision needs a colleague's approval (four-eyes):
// never the requester's own, never from someone whose mandate does not cover it. Pure rules over
// plain values; who records, approves and is told is the services' (later steps of issue 12).

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "model/staff.h"

namespace balie::model {

// What the amount of a decision counts.
enum class DecisionUnit {
  kEuroCents,  // a sum of money (a fee waived), in cents
  kDays,       // a term (a payment extended)
  kException,  // yes or no: an exception to a rule (amount 1)
};
std::string_view DecisionUnitName(DecisionUnit unit);  // "euro", "days", "exception"
std::optional<DecisionUnit> ParseDecisionUnit(std::string_view name);

// A decision staff may take for a customer.
struct DecisionKind {
  std::string id;  // "waive_fee": lower-case letters, digits and '_'
  std::string name_nl;
  std::string name_en;
  DecisionUnit unit = DecisionUnit::kEuroCents;
  std::string rule;  // the rule it departs from, if any ("tariff list 2026, article 4")
  // Always a colleague's approval too, whatever the mandate (four eyes by configuration).
  bool four_eyes = false;
  // It harms the customer (refusing, blocking, reporting): only someone whose own mandate covers
  // it may take it, with their reason, never a flag or an integration on its own.
  bool adverse = false;
};

// How far each may decide alone: a limit per decision id (in its unit; for an exception, 1 means
// they may). A person's own limit for a decision replaces their role's; no limit is 0: every
// such decision of theirs needs approval.
using MandateLimits = std::map<std::string, std::int64_t>;
struct Mandates {
  std::vector<DecisionKind> decisions;
  std::map<Role, MandateLimits> by_role;
  std::map<std::string, MandateLimits> by_staff;  // by log-in name (StaffMember::name)

  const DecisionKind* Find(std::string_view decision) const;
  // `who`'s limit for `decision`: their own if set, else their role's, else 0.
  std::int64_t LimitOf(const StaffMember& who, std::string_view decision) const;
};

// What becomes of a decision someone records.
enum class MandateVerdict {
  kTakesEffect,    // within their mandate
  kNeedsApproval,  // above it: a colleague whose mandate covers it must approve
};

// The verdict on `who` deciding `amount` of `decision`: within their mandate it takes effect
// (unless the decision is four-eyes), above it it needs approval. kInvalidArgument for a decision
// the organisation does not describe, or an amount that is not positive (an exception's is 1);
// kPermissionDenied for an adverse decision above their own mandate.
base::Result<MandateVerdict> Judge(const Mandates& mandates, const StaffMember& who,
                                   std::string_view decision, std::int64_t amount);

// Whether `approver` may approve `requester`'s decision of `amount`: kPermissionDenied, saying
// why, for the requester themselves, a disabled account, or a mandate that does not cover the
// amount; kInvalidArgument as Judge.
base::Status MayApprove(const Mandates& mandates, const StaffMember& requester,
                        const StaffMember& approver, std::string_view decision,
                        std::int64_t amount);

// The amount in words of its unit, for staff and customers: "€ 25,00" (a no-break space, so that
// a line never breaks inside it) / "€25.00", "14 dagen" /
// "14 days", "uitzondering" / "exception".
std::string AmountText(DecisionUnit unit, std::int64_t amount, Language language);

// Checks a configuration's decisions and mandates: ids well-formed and unique, names given, every
// mandate naming a described decision with a limit that is not negative (an exception's 0 or 1).
// kInvalidArgument naming the first problem.
base::Status CheckMandates(const Mandates& mandates);

}  // namespace balie::model

#endif  // BALIE_MODEL_MANDATE_H_
