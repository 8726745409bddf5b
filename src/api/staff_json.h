#ifndef BALIE_API_STAFF_JSON_H_
#define BALIE_API_STAFF_JSON_H_

// The JSON of the staff API (docs/staff-api.md). Pure and thread-safe.

#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "model/staff.h"
#include "service/agent_desk.h"
#include "service/agent_roster.h"
#include "service/queue_board.h"

namespace balie::api {

nlohmann::json StaffJson(const model::StaffMember& member);
nlohmann::json ItemJson(const service::InboxItem& item, base::TimePoint now);
nlohmann::json InboxJson(const service::Inbox& inbox, base::TimePoint now);
nlohmann::json SuggestionJson(const service::Suggestion& suggestion);
nlohmann::json PresenceJson(const service::AgentView& agent);
nlohmann::json OverviewJson(const service::Overview& overview);
nlohmann::json FlagJson(const model::KnowledgeFlag& flag);
nlohmann::json QueueJson(const service::QueueConfig& queue);
// The decisions the configuration describes, each with `member`'s own limit.
nlohmann::json DecisionKindsJson(const model::Mandates& mandates, const model::StaffMember& member);
nlohmann::json DecisionItemJson(const service::DecisionItem& item);
nlohmann::json DecisionReportJson(const service::DecisionReport& report);
// A flag about a customer with its facts and history; `name_of` gives a staff id's display name
// (empty where unknown).
nlohmann::json CustomerFlagJson(const model::CustomerFlag& flag, base::TimePoint now,
                                const std::function<std::string(const std::string&)>& name_of);
// The configured kinds of flag.
nlohmann::json FlagKindsJson(const model::FlagRules& rules);

}  // namespace balie::api

#endif  // BALIE_API_STAFF_JSON_H_
