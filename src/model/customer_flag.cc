#include "model/customer_flag.h"

#include <algorithm>
#include <array>
#include <set>

#include "base/text.h"
#include "model/enum_names.h"

namespace balie::model {
namespace {

constexpr NameTable<FlagSeverity, 3> kSeverities{{
    {FlagSeverity::kLow, "low"},
    {FlagSeverity::kMedium, "medium"},
    {FlagSeverity::kHigh, "high"},
}};

constexpr NameTable<FlagStatus, 3> kStatuses{{
    {FlagStatus::kUnconfirmed, "unconfirmed"},
    {FlagStatus::kConfirmed, "confirmed"},
    {FlagStatus::kDismissed, "dismissed"},
}};

// Words that label a person rather than describe a fact, folded (base::FoldText), with their
// plurals. A flag says what was seen ("betaald met een gestolen pas?"), never what someone is.
constexpr std::array<std::string_view, 22> kLabels = {
    "fraudeur",   "fraudeurs", "fraudeuse",  "oplichter",  "oplichters",  "crimineel",
    "criminelen", "boef",      "boeven",     "zwendelaar", "zwendelaars", "dief",
    "dieven",     "fraudster", "fraudsters", "scammer",    "scammers",    "criminal",
    "criminals",  "crook",     "crooks",     "thief",
};

bool WellFormedId(std::string_view id) {
  return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

base::Status Labelled(std::string_view what, std::string_view text) {
  const std::string word = LabellingWord(text);
  if (word.empty()) {
    return base::Status::Ok();
  }
  return base::InvalidArgument(std::string(what) + " uses the word '" + word +
                               "', which labels a person: say what was seen, not what someone is");
}

}  // namespace

const FlagKindConfig* FlagRules::Find(std::string_view id) const {
  for (const FlagKindConfig& kind : kinds) {
    if (kind.id == id) {
      return &kind;
    }
  }
  return nullptr;
}

std::string_view FlagSeverityName(FlagSeverity severity) { return NameOf(kSeverities, severity); }
std::optional<FlagSeverity> ParseFlagSeverity(std::string_view name) {
  return FindName(kSeverities, name);
}
std::string_view FlagStatusName(FlagStatus status) { return NameOf(kStatuses, status); }
std::optional<FlagStatus> ParseFlagStatus(std::string_view name) {
  return FindName(kStatuses, name);
}

std::string LabellingWord(std::string_view text) {
  for (const std::string& word : base::Words(text)) {
    if (std::find(kLabels.begin(), kLabels.end(), word) != kLabels.end()) {
      return word;
    }
  }
  return "";
}

base::Status CheckFlagRules(const FlagRules& rules) {
  std::set<std::string> ids;
  for (const FlagKindConfig& kind : rules.kinds) {
    if (!WellFormedId(kind.id)) {
      return base::InvalidArgument("flag kind id '" + kind.id.substr(0, 64) +
                                   "' must be lower-case letters, digits and '_'");
    }
    if (!ids.insert(kind.id).second) {
      return base::InvalidArgument("flag kind '" + kind.id + "' is described twice");
    }
    if (kind.name_nl.empty() || kind.name_en.empty()) {
      return base::InvalidArgument("flag kind '" + kind.id + "' needs a Dutch and an English name");
    }
    for (const std::string* name : {&kind.name_nl, &kind.name_en}) {
      if (base::Status status = Labelled("the name of flag kind '" + kind.id + "'", *name);
          !status.ok()) {
        return status;
      }
    }
  }
  if (rules.max_days < 1 || rules.max_days > 3650) {
    return base::InvalidArgument("a flag's longest life must be from 1 to 3650 days");
  }
  return base::Status::Ok();
}

base::Status CheckNewFlag(const FlagRules& rules, const CustomerFlag& flag, std::int64_t last_seq,
                          base::TimePoint now) {
  if (rules.Find(flag.kind) == nullptr) {
    return base::InvalidArgument("no flag kind '" + flag.kind.substr(0, 64) +
                                 "' is described in the configuration");
  }
  if (flag.facts.empty()) {
    return base::InvalidArgument(
        "a flag needs the facts it rests on: an event of the conversation or a document");
  }
  for (const FlagFact& fact : flag.facts) {
    const bool event = fact.event_seq > 0 && fact.event_seq <= last_seq;
    const bool document = fact.event_seq == 0 && !base::Trim(fact.document).empty();
    if (!event && !document) {
      return base::InvalidArgument(
          fact.event_seq != 0
              ? "fact: event " + std::to_string(fact.event_seq) + " is not in the conversation"
              : "fact: name the event of the conversation or the document it is");
    }
    if (base::Trim(fact.description).empty()) {
      return base::InvalidArgument("fact: say what it shows");
    }
    if (base::Status status = Labelled("a fact", fact.description); !status.ok()) {
      return status;
    }
  }
  if (base::Trim(flag.reason).empty()) {
    return base::InvalidArgument("a flag needs the reason it was raised");
  }
  if (base::Status status = Labelled("the reason", flag.reason); !status.ok()) {
    return status;
  }
  if (flag.expires_at <= now || flag.expires_at > now + std::chrono::days(rules.max_days)) {
    return base::InvalidArgument("a flag expires after now and within " +
                                 std::to_string(rules.max_days) + " days");
  }
  return base::Status::Ok();
}

base::Status CheckFlagChange(const CustomerFlag& flag, FlagStatus to, std::string_view by,
                             std::string_view reason) {
  if (base::Trim(reason).empty()) {
    return base::InvalidArgument("a change of a flag needs its reason");
  }
  if (base::Status status = Labelled("the reason", reason); !status.ok()) {
    return status;
  }
  if (flag.status == FlagStatus::kDismissed) {
    return base::FailedPrecondition("this flag was dismissed; raise a new one with new facts");
  }
  if (to == FlagStatus::kUnconfirmed || to == flag.status) {
    return base::FailedPrecondition("this flag is already " +
                                    std::string(FlagStatusName(flag.status)));
  }
  if (to == FlagStatus::kConfirmed && flag.raised_by == by) {
    return base::PermissionDenied("nobody confirms their own flag: a colleague checks the facts");
  }
  return base::Status::Ok();
}

bool InvolvedIn(const CustomerFlag& flag, std::string_view staff_id) {
  return flag.raised_by == staff_id ||
         std::any_of(flag.changes.begin(), flag.changes.end(),
                     [&](const FlagChange& change) { return change.by == staff_id; });
}

base::Status CheckNewContest(const CustomerFlag& flag, std::string_view words) {
  if (base::Trim(words).empty()) {
    return base::InvalidArgument("a contest needs what the customer objects to");
  }
  if (flag.status == FlagStatus::kDismissed) {
    return base::FailedPrecondition("this flag was dismissed: there is nothing left to contest");
  }
  if (flag.OpenContest() != nullptr) {
    return base::FailedPrecondition("a contest of this flag already waits for review");
  }
  return base::Status::Ok();
}

base::Status CheckContestReview(const CustomerFlag& flag, ContestStage outcome, std::string_view by,
                                std::string_view reason) {
  if (outcome == ContestStage::kReceived) {
    return base::InvalidArgument("a review upholds or rejects the contest");
  }
  if (base::Trim(reason).empty()) {
    return base::InvalidArgument("a review needs its reason: the customer is told it");
  }
  if (base::Status status = Labelled("the reason", reason); !status.ok()) {
    return status;
  }
  if (flag.OpenContest() == nullptr) {
    return base::FailedPrecondition("no contest of this flag waits for review");
  }
  if (InvolvedIn(flag, by)) {
    return base::PermissionDenied(
        "a contest is reviewed by a colleague not involved in the flag: you raised it or changed "
        "its status");
  }
  return base::Status::Ok();
}

void ApplyContestReview(CustomerFlag& flag, ContestStage outcome, const std::string& by,
                        const std::string& reason, base::TimePoint now) {
  FlagContest& contest = flag.contests.back();
  contest.stage = outcome;
  contest.reviewed_by = by;
  contest.reason = reason;
  contest.reviewed_at = now;
  if (outcome == ContestStage::kUpheld && flag.status != FlagStatus::kDismissed) {
    flag.status = FlagStatus::kDismissed;
    flag.changes.push_back({FlagStatus::kDismissed, by, reason, now});
  }
}

}  // namespace balie::model
