// AgentDesk's flags about customers (issue 12): signals for staff to check, each with the facts
// it rests on, never a bare label; confirmed by someone other than who raised it, or dismissed,
// always with a reason; contested by the customer and reviewed by a colleague not involved.

#include "base/log.h"
#include "service/agent_desk.h"
#include "service/audit_trail.h"
#include "service/texts.h"
#include "service/validation.h"

namespace balie::service {
namespace {

// The audit entry of an action of `who` on `flag` (its details: the flag, its kind, and more).
AuditRecord FlagEntry(const model::StaffMember& who, model::AuditAction action,
                      const model::CustomerFlag& flag, nlohmann::json details) {
  details["flag"] = flag.id;
  details["kind"] = flag.kind;
  return {.actor = who.id,
          .action = action,
          .conversation_id = flag.conversation_id,
          .customer_ref = flag.customer_ref,
          .details = std::move(details)};
}

}  // namespace

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
  RecordAfter(audit_, FlagEntry(who, model::AuditAction::kFlag, flag,
                                {{"status", "unconfirmed"},
                                 {"severity", model::FlagSeverityName(flag.severity)},
                                 {"facts", flag.facts.size()}}));
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
  if (to == model::FlagStatus::kDismissed && flag->OpenContest() != nullptr) {
    // Withdrawing a contested flag gives the customer right: their contest is upheld with this
    // reason, and they are told, like any review (by anyone: the outcome is in their favour).
    return ChangeContest(
        who, flag_id, "", [&](model::CustomerFlag& contested) -> base::Result<model::ContestEvent> {
          if (base::Status status = model::CheckFlagChange(contested, to, who.id, reason);
              !status.ok()) {
            return status;
          }
          if (contested.OpenContest() == nullptr) {
            return base::FailedPrecondition(
                "the customer's contest of this flag was reviewed meanwhile: look again");
          }
          model::ApplyContestReview(contested, model::ContestStage::kUpheld, who.id, reason,
                                    core_.clock().Now());
          return model::ContestEvent{contested.id, model::ContestStage::kUpheld, reason,
                                     model::AgentRef{who.id, who.display_name}};
        });
  }
  flag->status = to;
  flag->changes.push_back({to, who.id, reason, core_.clock().Now()});
  if (base::Status status = staff_.UpdateCustomerFlag(*flag); !status.ok()) {
    return status;
  }
  ++flag->revision;
  core_.roster().Acted(who.id);
  RecordAfter(audit_, FlagEntry(who, model::AuditAction::kFlag, *flag,
                                {{"status", model::FlagStatusName(to)}}));
  base::Log(base::LogLevel::kInfo, "flag changed",
            {{"flag", std::to_string(flag_id)},
             {"staff", who.id},
             {"status", std::string(model::FlagStatusName(to))}});
  return flag;
}

base::Result<model::CustomerFlag> AgentDesk::ChangeContest(
    const model::StaffMember& who, std::int64_t flag_id, const std::string& client_id,
    const std::function<base::Result<model::ContestEvent>(model::CustomerFlag&)>& change) {
  auto found = staff_.CustomerFlagById(flag_id);
  if (!found.ok()) {
    return found.status();
  }
  if (base::Status status = MaySee(who, found->conversation_id); !status.ok()) {
    return status;
  }
  // Under the conversation's lock: one contest change of its flags at a time, and a resend finds
  // the event its first try made (without a client id: Balie's own change, nothing to resend).
  auto action = client_id.empty() ? core_.Begin(found->conversation_id, "")
                                  : Begin(found->conversation_id, client_id);
  if (!action.ok()) {
    return action.status();
  }
  auto flag = staff_.CustomerFlagById(flag_id);
  if (!flag.ok() || action->resent) {
    return flag;
  }
  const model::FlagStatus before = flag->status;
  auto contest = change(*flag);
  if (!contest.ok()) {
    return contest.status();
  }
  if (base::Status status = staff_.UpdateCustomerFlag(*flag); !status.ok()) {
    return status;
  }
  ++flag->revision;
  const model::FlagKindConfig* kind = options_.flags.Find(flag->kind);
  const model::Voice voice = core_.VoiceOf(action->conversation);
  const std::string kind_name =
      kind == nullptr ? flag->kind : (voice.dutch() ? kind->name_nl : kind->name_en);
  std::vector<model::Event> committed;
  if (base::Status status = Finish(
          who, *action,
          model::RecordContest{client_id, *contest,
                               ContestMessage(contest->stage, kind_name, contest->reason, voice)},
          committed);
      !status.ok()) {
    // The flag changed; the customer was not told. Staff see the contest in the flag panel.
    base::Log(base::LogLevel::kError, "contest recorded but the customer was not told",
              {{"flag", std::to_string(flag_id)},
               {"conversation", flag->conversation_id},
               {"cause", status.ToString()}});
    return status;
  }
  RecordAfter(audit_, FlagEntry(who, model::AuditAction::kContest, *flag,
                                {{"stage", model::ContestStageName(contest->stage)},
                                 {"seq", committed.back().seq}}));
  if (flag->status != before) {
    RecordAfter(audit_, FlagEntry(who, model::AuditAction::kFlag, *flag,
                                  {{"status", model::FlagStatusName(flag->status)}}));
  }
  base::Log(base::LogLevel::kInfo, "contest of a flag",
            {{"flag", std::to_string(flag_id)},
             {"conversation", flag->conversation_id},
             {"staff", who.id},
             {"stage", std::string(model::ContestStageName(contest->stage))}});
  return flag;
}

base::Result<model::CustomerFlag> AgentDesk::ContestFlag(const model::StaffMember& who,
                                                         std::int64_t flag_id,
                                                         const std::string& client_id,
                                                         const std::string& words) {
  if (base::Status status = CheckText(words, 2000); !status.ok()) {
    return base::InvalidArgument("what the customer objects to: " + status.message());
  }
  return ChangeContest(
      who, flag_id, client_id, [&](model::CustomerFlag& flag) -> base::Result<model::ContestEvent> {
        if (base::Status status = model::CheckNewContest(flag, words); !status.ok()) {
          return status;
        }
        flag.contests.push_back({words, who.id, core_.clock().Now(), model::ContestStage::kReceived,
                                 "", "", std::nullopt});
        return model::ContestEvent{flag.id, model::ContestStage::kReceived, "",
                                   model::AgentRef{who.id, who.display_name}};
      });
}

base::Result<model::CustomerFlag> AgentDesk::ReviewContest(const model::StaffMember& who,
                                                           std::int64_t flag_id,
                                                           const std::string& client_id,
                                                           model::ContestStage outcome,
                                                           const std::string& reason) {
  if (base::Status status = CheckText(reason, 2000); !status.ok()) {
    return base::InvalidArgument("the reason: " + status.message());
  }
  return ChangeContest(
      who, flag_id, client_id, [&](model::CustomerFlag& flag) -> base::Result<model::ContestEvent> {
        if (base::Status status = model::CheckContestReview(flag, outcome, who.id, reason);
            !status.ok()) {
          return status;
        }
        model::ApplyContestReview(flag, outcome, who.id, reason, core_.clock().Now());
        return model::ContestEvent{flag.id, outcome, reason,
                                   model::AgentRef{who.id, who.display_name}};
      });
}

base::Result<std::vector<model::CustomerFlag>> AgentDesk::ContestsToReview(
    const model::StaffMember& who) const {
  auto flags = staff_.ContestedFlags();
  if (!flags.ok()) {
    return flags.status();
  }
  std::erase_if(*flags, [&](const model::CustomerFlag& flag) {
    if (model::InvolvedIn(flag, who.id)) {
      return true;
    }
    auto conversation = core_.store().Get(flag.conversation_id);
    return !conversation.ok() || !MaySee(who, *conversation, false).ok();
  });
  return flags;
}

}  // namespace balie::service
