// AgentDesk's room for judgement (issue 12): decisions staff take for customers within their
// mandate, requests for a colleague's approval above it, the answers, and the supervisors' view.

#include <algorithm>
#include <map>
#include <tuple>

#include "base/log.h"
#include "service/agent_desk.h"
#include "service/audit_trail.h"
#include "service/texts.h"
#include "service/validation.h"

namespace balie::service {
namespace {

using model::Conversation;
using model::Event;
using model::StaffMember;

// How far back the lists look: the longest expiry the configuration allows is 30 days.
constexpr auto kWaitingWindow = std::chrono::days(31);

std::string StatusOf(const storage::ConversationStore::DecisionRecord& record) {
  if (!record.decision.As<model::DecisionEvent>()->needs_approval) {
    return "taken";
  }
  if (!record.answer) {
    return "waiting";
  }
  return std::string(
      model::ApprovalVerdictName(record.answer->As<model::ApprovalEvent>()->verdict));
}

// The member of staff who asked (from the event where the account is gone).
StaffMember Requester(storage::StaffStore& staff, const model::DecisionEvent& decision) {
  auto member = staff.StaffById(decision.by.id);
  if (member.ok()) {
    return std::move(member).value();
  }
  StaffMember gone;
  gone.id = decision.by.id;
  gone.display_name = decision.by.name;
  gone.disabled = true;
  return gone;
}

}  // namespace

base::Result<Event> AgentDesk::RecordDecision(const StaffMember& who, std::string_view id,
                                              const std::string& client_id,
                                              const DecisionRequest& request) {
  if (base::Status status = CheckText(request.reason, 2000); !status.ok()) {
    return base::InvalidArgument("the reason: " + status.message());
  }
  if (!request.rule.empty()) {
    if (base::Status status = CheckText(request.rule, 200); !status.ok()) {
      return base::InvalidArgument("the rule: " + status.message());
    }
  }
  const model::Mandates& mandates = options_.mandates;
  auto verdict = model::Judge(mandates, who, request.decision, request.amount);
  if (!verdict.ok()) {
    return verdict.status();
  }
  auto action = Begin(id, client_id);
  if (!action.ok()) {
    return action.status();
  }
  Conversation& conversation = action->conversation;
  if (base::Status status = MayAct(who, conversation, /*taking_allowed=*/true); !status.ok()) {
    return status;
  }
  if (action->resent) {
    return *action->resent;
  }
  const model::DecisionKind& kind = *mandates.Find(request.decision);
  const base::TimePoint now = core_.clock().Now();
  model::DecisionEvent decision{kind.id,
                                std::string(model::DecisionUnitName(kind.unit)),
                                request.amount,
                                request.reason,
                                request.rule.empty() ? kind.rule : request.rule,
                                {who.id, who.display_name},
                                *verdict == model::MandateVerdict::kNeedsApproval,
                                std::nullopt};
  if (decision.needs_approval) {
    decision.expires = now + options_.approval_expiry;
  }
  std::string text = DecisionMessage(
      who.display_name, DecisionWhat(mandates, decision, conversation.language), decision.expires,
      now, QueueOf(conversation)->hours().time_zone_name(), core_.VoiceOf(conversation));
  std::vector<Event> committed;
  if (base::Status status =
          Finish(who, *action,
                 model::RecordDecision{client_id, std::move(decision), std::move(text)}, committed);
      !status.ok()) {
    return status;
  }
  const auto& made = *committed.back().As<model::DecisionEvent>();
  RecordAfter(audit_, {.actor = who.id,
                       .action = model::AuditAction::kDecision,
                       .conversation_id = conversation.id,
                       .customer_ref = conversation.customer_ref,
                       .details = {{"seq", committed.back().seq},
                                   {"decision", made.decision},
                                   {"amount", made.amount},
                                   {"rule", made.rule},
                                   {"needs_approval", made.needs_approval}}});
  base::Log(base::LogLevel::kInfo, "decision recorded",
            {{"conversation", conversation.id},
             {"staff", who.id},
             {"decision", kind.id},
             {"needs_approval",
              committed.back().As<model::DecisionEvent>()->needs_approval ? "yes" : "no"}});
  return committed.back();
}

bool AgentDesk::MayApproveIn(const StaffMember& who, std::string_view id) const {
  auto waiting = Approvals(who);
  return waiting.ok() &&
         std::any_of(waiting->begin(), waiting->end(), [&](const DecisionItem& item) {
           return item.may_answer && item.record.conversation_id == id;
         });
}

base::Result<std::vector<DecisionItem>> AgentDesk::Approvals(const StaffMember& who) const {
  auto waiting = core_.store().Decisions(core_.clock().Now() - kWaitingWindow, true, 1000);
  if (!waiting.ok()) {
    return waiting.status();
  }
  std::vector<DecisionItem> items;
  for (auto& record : *waiting) {
    const auto& decision = *record.decision.As<model::DecisionEvent>();
    base::Status may = model::MayApprove(options_.mandates, Requester(staff_, decision), who,
                                         decision.decision, decision.amount);
    if (!may.ok() && decision.by.id != who.id) {
      continue;  // neither theirs nor theirs to answer
    }
    items.push_back({std::move(record), "waiting", may.ok(), may.ok() ? "" : may.message()});
  }
  return items;
}

base::Result<Event> AgentDesk::AnswerApproval(const StaffMember& who, std::string_view id,
                                              std::int64_t request, const std::string& client_id,
                                              const std::string& verdict,
                                              const std::string& reason) {
  if (verdict != "approved" && verdict != "refused" && verdict != "ask") {
    return base::InvalidArgument(R"(verdict must be "approved", "refused" or "ask")");
  }
  if (base::Status status = CheckText(reason, 2000); !status.ok()) {
    return base::InvalidArgument("the reason: " + status.message());
  }
  auto action = Begin(id, client_id);
  if (!action.ok()) {
    return action.status();
  }
  Conversation& conversation = action->conversation;
  if (action->resent) {
    return *action->resent;
  }
  auto found = core_.RequestFor(conversation.id, request);
  if (!found.ok()) {
    return found.status();
  }
  const model::DecisionEvent* decision = &found->decision;
  const bool waiting = found->waiting;
  if (base::Status status = model::MayApprove(options_.mandates, Requester(staff_, *decision), who,
                                              decision->decision, decision->amount);
      !status.ok()) {
    return status;
  }
  std::vector<Event> committed;
  base::Status done;
  if (verdict == "ask") {
    if (!waiting) {
      return base::FailedPrecondition(
          "this request no longer waits for approval: it was answered or expired");
    }
    done = Finish(
        who, *action,
        model::AddNote{client_id,
                       {who.id, who.display_name},
                       "Vraag bij het verzoek om goedkeuring (" +
                           DecisionWhat(options_.mandates, *decision, model::Language::kDutch) +
                           "): " + reason},
        committed);
  } else {
    const auto outcome = verdict == "approved" ? model::ApprovalVerdict::kApproved
                                               : model::ApprovalVerdict::kRefused;
    done =
        Finish(who, *action,
               model::AnswerApproval{
                   client_id,
                   {request, outcome, reason, model::AgentRef{who.id, who.display_name}},
                   waiting,
                   ApprovalMessage(
                       verdict, DecisionWhat(options_.mandates, *decision, conversation.language),
                       reason, core_.VoiceOf(conversation))},
               committed);
  }
  if (!done.ok()) {
    return done;
  }
  RecordAfter(audit_, {.actor = who.id,
                       .action = model::AuditAction::kApproval,
                       .conversation_id = conversation.id,
                       .customer_ref = conversation.customer_ref,
                       .details = {{"request", request},
                                   {"decision", decision->decision},
                                   {"verdict", verdict},
                                   {"seq", committed.back().seq}}});
  base::Log(base::LogLevel::kInfo, "request for approval answered",
            {{"conversation", conversation.id},
             {"request", std::to_string(request)},
             {"staff", who.id},
             {"verdict", verdict}});
  return committed.back();
}

base::Result<DecisionReport> AgentDesk::Decisions(base::TimePoint since) const {
  auto records = core_.store().Decisions(since, false, 100000);
  if (!records.ok()) {
    return records.status();
  }
  DecisionReport report;
  report.since = since;
  std::map<std::tuple<std::string, std::string, std::string>, DecisionReportRow> rows;
  std::map<std::tuple<std::string, std::string, std::string>, std::vector<std::chrono::seconds>>
      answer_times;
  for (auto& record : *records) {
    const auto& decision = *record.decision.As<model::DecisionEvent>();
    const auto key = std::make_tuple(decision.decision, decision.rule, record.queue);
    DecisionReportRow& row = rows[key];
    row.decision = decision.decision;
    row.rule = decision.rule;
    row.queue = record.queue;
    const std::string status = StatusOf(record);
    if (status == "taken") {
      ++row.taken;
      continue;
    }
    ++row.requested;
    if (status == "waiting") {
      ++row.waiting;
      report.waiting.push_back({std::move(record), status, false, ""});
      continue;
    }
    if (status == "expired") {
      ++row.expired;
      continue;
    }
    ++(status == "approved" ? row.approved : row.refused);
    answer_times[key].push_back(
        std::chrono::duration_cast<std::chrono::seconds>(record.answer->at - record.decision.at));
  }
  for (auto& [key, row] : rows) {
    if (auto times = answer_times.find(key); times != answer_times.end()) {
      auto middle = times->second.begin() + static_cast<std::ptrdiff_t>(times->second.size() / 2);
      std::nth_element(times->second.begin(), middle, times->second.end());
      row.median_answer = *middle;
    }
    report.rows.push_back(row);
  }
  std::stable_sort(report.rows.begin(), report.rows.end(),
                   [](const DecisionReportRow& a, const DecisionReportRow& b) {
                     return a.taken + a.requested > b.taken + b.requested;
                   });
  return report;
}

}  // namespace balie::service
