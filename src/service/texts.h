#ifndef BALIE_SERVICE_TEXTS_H_
#define BALIE_SERVICE_TEXTS_H_

// What Balie says to customers about their conversation, in Dutch and English; every Dutch
// sentence in the organisation's register (model::Voice: "u" or "je"). Pure and thread-safe.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "model/article.h"
#include "model/event.h"
#include "model/mandate.h"
#include "model/voice.h"
#include "service/conversation_status.h"

namespace balie::service {

// An instant as people say it, in a time zone: "vandaag om 13:00", "morgen om 08:00",
// "maandag 30 november om 08:00" (English: "today at 13:00", "tomorrow at 08:00",
// "Monday 30 November at 08:00").
std::string SpokenTime(base::TimePoint time, base::TimePoint now, std::string_view time_zone,
                       model::Language language);

// The status in plain words (ConversationStatus::message), in the status's language and, in
// Dutch, `dutch_register`; `time_zone` is the queue's.
std::string StatusMessage(const ConversationStatus& status, model::Register dutch_register,
                          base::TimePoint now, std::string_view time_zone);

// A notice (model::EventKind::kNotice) of what the customer can do instead of waiting: `reason`
// nobody_on_duty (nobody serves the queue any more; `status` is the one after their question was
// kept) or long_wait (`waited` is longer than expected; `status` is the waiting one). Times in
// the status's time zone.
std::string NoticeMessage(std::string_view reason, const ConversationStatus& status,
                          model::Register dutch_register,
                          std::chrono::system_clock::duration waited, base::TimePoint now);

// The personal advisor's situation in plain words: `state` is available, busy, away or off_duty.
std::string AdvisorMessage(std::string_view name, std::string_view state,
                           std::optional<std::chrono::seconds> estimated_wait,
                           std::optional<base::TimePoint> back_at,
                           std::optional<base::TimePoint> next_shift, base::TimePoint now,
                           std::string_view time_zone, model::Voice voice);

// A callback attempt's outcome told to the customer: `outcome` is reached, no_answer,
// wrong_number or late; `retry` is the new time when one was booked.
std::string CallbackOutcomeMessage(std::string_view outcome, std::optional<base::TimePoint> retry,
                                   base::TimePoint now, std::string_view time_zone,
                                   model::Voice voice);

// The bot's reply to what it would hand over while the question already waits for a written
// reply from `queue_name` (after hours): no second hand-off, and when someone will answer.
std::string AlreadyLeftMessage(std::string_view queue_name, std::optional<base::TimePoint> opens_at,
                               base::TimePoint now, std::string_view time_zone, model::Voice voice);

// The customer is told that `agent` (their display name) now helps them.
std::string JoinedMessage(std::string_view agent, model::Voice voice);

// The customer is told where a member of staff transferred them (a person's or a queue's name).
std::string TransferMessage(std::string_view destination, model::Voice voice);

// A decision's name and amount in `language`, as customers and staff read it: "Kosten
// kwijtschelden, € 25,00" (an exception: its name alone; a decision no longer configured: its id).
std::string DecisionWhat(const model::Mandates& mandates, const model::DecisionEvent& decision,
                         model::Language language);

// A decision `agent` (their display name) took for the customer, told to them: `what` is the
// decision's name and amount in their language ("Kosten kwijtschelden, € 25,00"). With
// `approve_by`, it waits for a colleague's approval, and the customer hears by then at the latest.
std::string DecisionMessage(std::string_view agent, std::string_view what,
                            std::optional<base::TimePoint> approve_by, base::TimePoint now,
                            std::string_view time_zone, model::Voice voice);

// The answer to a request for approval, told to the customer: `verdict` approved, refused (with
// the approver's `reason`, which the console tells them the customer reads) or expired.
std::string ApprovalMessage(std::string_view verdict, std::string_view what,
                            std::string_view reason, model::Voice voice);

// A customer's contest of what was recorded about them (`kind`: the flag kind's name in their
// language), told to them: received and to be reviewed by a colleague not involved, or upheld (the
// flag is withdrawn) or rejected (it stands), with the reviewer's `reason`.
std::string ContestMessage(model::ContestStage stage, std::string_view kind,
                           std::string_view reason, model::Voice voice);

}  // namespace balie::service

#endif  // BALIE_SERVICE_TEXTS_H_
