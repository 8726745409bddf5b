#ifndef BALIE_API_STAFF_REQUESTS_H_
#define BALIE_API_STAFF_REQUESTS_H_

// The bodies of the staff API's requests (docs/staff-api.md), decoded from their JSON object and
// checked for the presence, type and shape of each field. Any JSON is accepted, nothing throws,
// and every refusal is kInvalidArgument with a message that names the field and says what it
// must be; the service checks the rest (lengths of texts, phone numbers, what the conversation's
// state allows). Pure and thread-safe; the fuzz target staff_body_fuzz feeds them every body.

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/clock.h"
#include "base/status.h"
#include "model/customer_flag.h"
#include "model/queue_settings.h"
#include "model/staff.h"
#include "service/staff_accounts.h"

namespace balie::api {

// POST …/reply and …/notes.
struct TextBody {
  std::string client_id;
  std::string text;
};
// POST …/transfer: `queue` or `agent` (empty when not given).
struct TransferBody {
  std::string client_id;
  std::string queue;
  std::string agent;
  std::string note;
};
// POST …/resolve.
struct ResolveBody {
  std::string client_id;
};
// POST …/callback.
struct CallbackBody {
  std::string client_id;
  base::TimePoint slot;
  std::string phone;
};
// POST …/callback-outcome.
struct OutcomeBody {
  std::string client_id;
  std::string outcome;  // reached, no_answer, wrong_number (the service checks which)
  std::string note;
};
// POST …/assign.
struct AssignBody {
  std::string client_id;
  std::string agent;
};
// POST /api/v1/staff/knowledge-flags.
struct FlagBody {
  model::FlagKind kind = model::FlagKind::kWrong;
  std::string article_id;
  std::string conversation_id;
  std::string note;
};
// POST …/decisions: amount in the decision's unit (cents, days, 1 for an exception).
struct DecisionBody {
  std::string client_id;
  std::string decision;
  std::int64_t amount = 0;
  std::string reason;
  std::string rule;
};
// POST …/decisions/{seq}/answer: verdict approved, refused or ask (the service checks which).
struct AnswerBody {
  std::string client_id;
  std::string verdict;
  std::string reason;
};
// POST …/flags: a flag about the conversation's customer (the service checks the rules).
struct FlagRaiseBody {
  model::CustomerFlag flag;  // kind, facts, reason, severity, expires_at (if given)
  int expires_in_days = 0;   // instead of expires_at: from now by Balie's clock
};
// POST /api/v1/staff/customer-flags/{id}/status.
struct FlagStatusBody {
  model::FlagStatus status = model::FlagStatus::kConfirmed;
  std::string reason;
};
// POST /api/v1/staff/customer-flags/{id}/contest-review: outcome upheld or rejected.
struct ContestReviewBody {
  std::string client_id;
  model::ContestStage outcome = model::ContestStage::kUpheld;
  std::string reason;
};
// POST /api/v1/staff/queues/{id}: the settings (queue_id left empty; languages checked).
struct QueueChange {
  model::QueueSettings settings;
};

base::Result<TextBody> DecodeTextBody(const nlohmann::json& body);
base::Result<TransferBody> DecodeTransferBody(const nlohmann::json& body);
base::Result<ResolveBody> DecodeResolveBody(const nlohmann::json& body);
base::Result<CallbackBody> DecodeCallbackBody(const nlohmann::json& body);
base::Result<OutcomeBody> DecodeOutcomeBody(const nlohmann::json& body);
base::Result<AssignBody> DecodeAssignBody(const nlohmann::json& body);
base::Result<FlagBody> DecodeFlagBody(const nlohmann::json& body);
base::Result<DecisionBody> DecodeDecisionBody(const nlohmann::json& body);
base::Result<AnswerBody> DecodeAnswerBody(const nlohmann::json& body);
// `facts`: 1 to 20 of {"event": seq} or {"document": reference}, each with "description";
// "severity" low, medium or high; "expires_at" an ISO time or "expires_in_days".
base::Result<FlagRaiseBody> DecodeFlagRaiseBody(const nlohmann::json& body);
base::Result<FlagStatusBody> DecodeFlagStatusBody(const nlohmann::json& body);
base::Result<ContestReviewBody> DecodeContestReviewBody(const nlohmann::json& body);
// POST /api/v1/staff/users and …/users/{id}: an account's fields (StaffAccounts checks them).
base::Result<service::StaffChange> DecodeStaffChange(const nlohmann::json& body);
// Queue names: 1 to 100 characters; topics: at most 100, each 1 to 100 characters; hours (at most
// 7 days) and holidays (at most 1000 dates): lists of at most 24 strings (their meaning is checked
// by the caller, as the configuration's).
base::Result<QueueChange> DecodeQueueChange(const nlohmann::json& body);

}  // namespace balie::api

#endif  // BALIE_API_STAFF_REQUESTS_H_
