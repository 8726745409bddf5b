#ifndef BALIE_MODEL_CUSTOMER_FLAG_H_
#define BALIE_MODEL_CUSTOMER_FLAG_H_

// Signals, not verdicts (issue 12): a flag about a customer or a conversation is something for
// staff to check, never a label on the customer. It always carries what kind it is (in words the
// organisation configures, never words such as "fraudeur"), the concrete facts it rests on
// (events of the conversation, or documents), who raised it and why, a severity, an expiry date
// and its status: unconfirmed, confirmed or dismissed, each change by a person with a reason.
// Pure rules over plain values; storage, the services and the console use them.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "model/article.h"
#include "model/event.h"

namespace balie::model {

// A kind of flag as the organisation names it: "possible_misuse", "Mogelijk misbruik: te
// controleren" / "Possible misuse: to check".
struct FlagKindConfig {
  std::string id;
  std::string name_nl;
  std::string name_en;
};

struct FlagRules {
  std::vector<FlagKindConfig> kinds;
  int max_days = 90;  // a flag expires at the latest this long after it was raised

  const FlagKindConfig* Find(std::string_view id) const;
};

enum class FlagSeverity { kLow, kMedium, kHigh };
std::string_view FlagSeverityName(FlagSeverity severity);  // "low", "medium", "high"
std::optional<FlagSeverity> ParseFlagSeverity(std::string_view name);

enum class FlagStatus { kUnconfirmed, kConfirmed, kDismissed };
// "unconfirmed", "confirmed", "dismissed"
std::string_view FlagStatusName(FlagStatus status);
std::optional<FlagStatus> ParseFlagStatus(std::string_view name);

// What a flag rests on: an event of the conversation (its seq), or a document (a reference the
// organisation can look up), with what it shows in a staff member's words.
struct FlagFact {
  std::int64_t event_seq = 0;  // 0: a document
  std::string document;        // the document's reference, for a document
  std::string description;

  friend bool operator==(const FlagFact&, const FlagFact&) = default;
};

// A change of a flag's status: by whom, when, why.
struct FlagChange {
  FlagStatus status = FlagStatus::kUnconfirmed;
  std::string by;  // staff id
  std::string reason;
  base::TimePoint at;

  friend bool operator==(const FlagChange&, const FlagChange&) = default;
};

// A customer's contest of a flag about them: what they object to, recorded by the member of
// staff who received it (in the chat, by phone or by letter), and its review by a colleague not
// involved in the flag, whose reason the customer is told.
struct FlagContest {
  std::string words;        // what the customer objects to, in their words (customer data)
  std::string recorded_by;  // staff id
  base::TimePoint recorded_at;
  ContestStage stage = ContestStage::kReceived;  // received: waiting for review
  std::string reviewed_by;                       // staff id, once reviewed
  std::string reason;                            // the reviewer's
  std::optional<base::TimePoint> reviewed_at;
  // Set when retention erased `words` (now empty), a retention period after the review: the
  // SHA-256 of what they were (service/retention.h).
  std::string words_erased_sha256 = {};

  friend bool operator==(const FlagContest&, const FlagContest&) = default;
};

struct CustomerFlag {
  std::int64_t id = 0;
  std::string customer_ref;     // the customer it is about; empty for an anonymous conversation
  std::string conversation_id;  // where it was raised, whose events the facts name
  std::string kind;             // a FlagKindConfig id
  std::vector<FlagFact> facts;
  std::string raised_by;  // staff id
  std::string reason;
  FlagSeverity severity = FlagSeverity::kLow;
  base::TimePoint raised_at;
  base::TimePoint expires_at;
  FlagStatus status = FlagStatus::kUnconfirmed;
  std::vector<FlagChange> changes;    // oldest first
  std::vector<FlagContest> contests;  // oldest first; only the last may wait for review
  // How often storage has changed the flag: a change is stored only over the revision it was
  // made from (two colleagues at once: the second is refused).
  std::int64_t revision = 0;

  // The contest waiting for review, if any.
  const FlagContest* OpenContest() const {
    return !contests.empty() && contests.back().stage == ContestStage::kReceived ? &contests.back()
                                                                                 : nullptr;
  }

  // Whether staff should still look at it: not dismissed, not expired.
  bool Active(base::TimePoint now) const {
    return status != FlagStatus::kDismissed && now < expires_at;
  }

  friend bool operator==(const CustomerFlag&, const CustomerFlag&) = default;
};

// The first word of `text` that labels a person instead of describing a fact ("fraudeur",
// "oplichter", "crimineel", "fraudster", "scammer", "criminal", …), case and accents ignored;
// empty when there is none.
std::string LabellingWord(std::string_view text);

// Checks a configuration of flag kinds: ids lower-case letters, digits and '_', unique; both
// names given and free of labelling words; max_days from 1 to 3650. kInvalidArgument naming the
// first problem.
base::Status CheckFlagRules(const FlagRules& rules);

// Checks a flag about to be raised at `now` (status unconfirmed, no changes yet): a configured
// kind, at least one fact (an event seq of the conversation up to `last_seq`, or a document
// reference) each with a description, a reason free of labelling words, an expiry after now and
// at most max_days away. kInvalidArgument naming the first problem: a flag without facts is
// refused.
base::Status CheckNewFlag(const FlagRules& rules, const CustomerFlag& flag, std::int64_t last_seq,
                          base::TimePoint now);

// A change of `flag`'s status by `by`: to confirmed (from unconfirmed, never by who raised it:
// four eyes) or dismissed (from unconfirmed or confirmed), always with a reason.
// kFailedPrecondition for a change the status does not allow (a dismissed flag stays dismissed),
// kPermissionDenied for confirming one's own flag, kInvalidArgument without a reason.
base::Status CheckFlagChange(const CustomerFlag& flag, FlagStatus to, std::string_view by,
                             std::string_view reason);

// Whether `staff_id` raised the flag or changed its status: then they do not review its contest.
bool InvolvedIn(const CustomerFlag& flag, std::string_view staff_id);

// A customer's contest of `flag`, in `words`: kInvalidArgument without words,
// kFailedPrecondition when the flag was dismissed (nothing left to contest) or a contest already
// waits for review.
base::Status CheckNewContest(const CustomerFlag& flag, std::string_view words);

// A review of the flag's open contest by `by`: upheld or rejected (kInvalidArgument for another
// stage, or without a reason or with a labelling word in it), kFailedPrecondition when no contest
// waits, kPermissionDenied when `by` is involved in the flag.
base::Status CheckContestReview(const CustomerFlag& flag, ContestStage outcome, std::string_view by,
                                std::string_view reason);

// Records the review CheckContestReview allowed: upheld withdraws the flag (dismissed, with the
// reviewer's reason); rejected leaves its status as it is.
void ApplyContestReview(CustomerFlag& flag, ContestStage outcome, const std::string& by,
                        const std::string& reason, base::TimePoint now);

}  // namespace balie::model

#endif  // BALIE_MODEL_CUSTOMER_FLAG_H_
