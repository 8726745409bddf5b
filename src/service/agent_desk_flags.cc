// AgentDesk's flags about customers (issue 12): signals for staff to check, each with the facts
// it rests on, never a bare label; confirmed by someone other than who raised it, or dismissed,
// always with a reason.

#include "base/log.h"
#include "service/agent_desk.h"
#include "service/audit_trail.h"

namespace balie::service {

base::Result<model::CustomerFlag> AgentDesk::RaiseFlag(const model::StaffMember& who,
                                                       std::string_view id,
                                                       model::CustomerFlag flag) {
  auto conversation = core_.store().Get(id);
  if (!conversation.ok()) {
    return conversation.status();
  }
  if (base::Status status = MaySee(who, *conversation); !status.ok()) {
    return status;
  }
  const base::TimePoint now = core_.clock().Now();
  flag.id = 0;
  flag.customer_ref = conversation->customer_ref;
  flag.conversation_id = conversation->id;
  flag.raised_by = who.id;
  flag.raised_at = now;
  flag.status = model::FlagStatus::kUnconfirmed;
  flag.changes.clear();
  if (base::Status status = model::CheckNewFlag(options_.flags, flag, conversation->last_seq, now);
      !status.ok()) {
    return status;
  }
  auto added = staff_.AddCustomerFlag(flag);
  if (!added.ok()) {
    return added.status();
  }
  flag.id = *added;
  core_.roster().Acted(who.id);
  RecordAfter(audit_, {.actor = who.id,
                       .action = model::AuditAction::kFlag,
                       .conversation_id = flag.conversation_id,
                       .customer_ref = flag.customer_ref,
                       .details = {{"flag", flag.id},
                                   {"kind", flag.kind},
                                   {"status", "unconfirmed"},
                                   {"severity", model::FlagSeverityName(flag.severity)},
                                   {"facts", flag.facts.size()}}});
  base::Log(base::LogLevel::kInfo, "flag raised",
            {{"flag", std::to_string(flag.id)},
             {"conversation", flag.conversation_id},
             {"staff", who.id},
             {"kind", flag.kind}});
  return flag;
}

base::Result<std::vector<model::CustomerFlag>> AgentDesk::FlagsOf(const model::StaffMember& who,
                                                                  std::string_view id) const {
  auto conversation = core_.store().Get(id);
  if (!conversation.ok()) {
    return conversation.status();
  }
  if (base::Status status = MaySee(who, *conversation); !status.ok()) {
    return status;
  }
  return staff_.CustomerFlagsOf(conversation->customer_ref, conversation->id);
}

base::Result<model::CustomerFlag> AgentDesk::ChangeFlag(const model::StaffMember& who,
                                                        std::int64_t flag_id, model::FlagStatus to,
                                                        const std::string& reason) {
  auto flag = staff_.CustomerFlagById(flag_id);
  if (!flag.ok()) {
    return flag.status();
  }
  if (base::Status status = MaySee(who, flag->conversation_id); !status.ok()) {
    return status;
  }
  if (base::Status status = model::CheckFlagChange(*flag, to, who.id, reason); !status.ok()) {
    return status;
  }
  const model::FlagStatus before = flag->status;
  flag->status = to;
  flag->changes.push_back({to, who.id, reason, core_.clock().Now()});
  if (base::Status status = staff_.UpdateCustomerFlag(*flag, before); !status.ok()) {
    return status;
  }
  core_.roster().Acted(who.id);
  RecordAfter(audit_, {.actor = who.id,
                       .action = model::AuditAction::kFlag,
                       .conversation_id = flag->conversation_id,
                       .customer_ref = flag->customer_ref,
                       .details = {{"flag", flag_id},
                                   {"kind", flag->kind},
                                   {"status", model::FlagStatusName(to)}}});
  base::Log(base::LogLevel::kInfo, "flag changed",
            {{"flag", std::to_string(flag_id)},
             {"staff", who.id},
             {"status", std::string(model::FlagStatusName(to))}});
  return flag;
}

}  // namespace balie::service
