#include "service/texts.h"

#include <cctz/civil_time.h>
#include <cctz/time_zone.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <vector>

#include "base/text.h"

namespace balie::service {
namespace {

using model::ConversationState;
using model::Language;
using model::Register;
using model::Voice;

constexpr std::array<std::string_view, 7> kDaysNl{"maandag", "dinsdag",  "woensdag", "donderdag",
                                                  "vrijdag", "zaterdag", "zondag"};
constexpr std::array<std::string_view, 7> kDaysEn{"Monday", "Tuesday",  "Wednesday", "Thursday",
                                                  "Friday", "Saturday", "Sunday"};
constexpr std::array<std::string_view, 12> kMonthsNl{
    "januari", "februari", "maart",     "april",   "mei",      "juni",
    "juli",    "augustus", "september", "oktober", "november", "december"};
constexpr std::array<std::string_view, 12> kMonthsEn{
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

std::string Replace(std::string text, std::string_view key, std::string_view value) {
  for (size_t at = text.find(key); at != std::string::npos;
       at = text.find(key, at + value.size())) {
    text.replace(at, key.size(), value);
  }
  return text;
}

std::string Minutes(std::chrono::seconds wait, Language language) {
  const bool dutch = language == Language::kDutch;
  const long minutes = (wait.count() + 30) / 60;
  if (minutes < 1) {
    return dutch ? "minder dan een minuut" : "less than a minute";
  }
  if (minutes == 1) {
    return dutch ? "ongeveer 1 minuut" : "about 1 minute";
  }
  return (dutch ? "ongeveer " : "about ") + std::to_string(minutes) +
         (dutch ? " minuten" : " minutes");
}

bool Offers(const ConversationStatus& status, ChoiceOption option) {
  return std::find(status.options.begin(), status.options.end(), option) != status.options.end();
}

// "Er is op dit moment niemand van {queue} aan het werk. " and when someone is due.
std::string NobodyOnDuty(const ConversationStatus& status) {
  return status.language == Language::kDutch
             ? "Er is op dit moment niemand van {queue} aan het werk. "
             : "Nobody from {queue} is at work right now. ";
}

// ", volgens het rooster morgen om 08:00" when someone is due by the schedule.
std::string WhenDue(const ConversationStatus& status, base::TimePoint now,
                    std::string_view time_zone) {
  if (!status.staffed_from) {
    return "";
  }
  const bool dutch = status.language == Language::kDutch;
  return (dutch ? ", volgens het rooster " : ", by the schedule ") +
         SpokenTime(*status.staffed_from, now, time_zone, status.language);
}

// What else the customer can do, besides what `first` says: book a callback, chat in a queue
// where someone is (the status's options). " U kunt ook een terugbelafspraak maken." or "".
std::string OtherWays(const ConversationStatus& status, Voice voice) {
  const bool dutch = voice.dutch();
  std::vector<std::string> ways;
  if (Offers(status, ChoiceOption::kCallback)) {
    ways.emplace_back(dutch ? "een terugbelafspraak maken" : "book a callback");
  }
  if (Offers(status, ChoiceOption::kOtherQueue)) {
    ways.push_back((dutch ? "nu chatten met " : "chat with ") + status.alternative_name +
                   (dutch ? ", waar wel iemand is" : ", where someone is there now"));
  }
  if (ways.empty()) {
    return "";
  }
  std::string text(voice.Say(" U kunt ook ", " Je kunt ook ", " You can also "));
  for (size_t i = 0; i < ways.size(); ++i) {
    if (i > 0) {
      text += i + 1 == ways.size() ? (dutch ? " of " : " or ") : ", ";
    }
    text += ways[i];
  }
  return text + ".";
}

}  // namespace

std::string SpokenTime(base::TimePoint time, base::TimePoint now, std::string_view time_zone,
                       Language language) {
  cctz::time_zone zone;
  if (!cctz::load_time_zone(std::string(time_zone), &zone)) {
    zone = cctz::utc_time_zone();
  }
  const auto seconds = std::chrono::time_point_cast<std::chrono::seconds>(time);
  const auto local = cctz::convert(seconds, zone);
  const auto today =
      cctz::civil_day(cctz::convert(std::chrono::time_point_cast<std::chrono::seconds>(now), zone));
  const cctz::civil_day day(local);
  char clock[16];
  std::snprintf(clock, sizeof clock, "%02d:%02d", local.hour(), local.minute());
  const bool dutch = language == Language::kDutch;
  std::string when;
  if (day == today) {
    when = dutch ? "vandaag" : "today";
  } else if (day == today + 1) {
    when = dutch ? "morgen" : "tomorrow";
  } else {
    const auto weekday = static_cast<size_t>(cctz::get_weekday(day));
    const auto month = static_cast<size_t>(day.month() - 1);
    when = std::string(dutch ? kDaysNl[weekday] : kDaysEn[weekday]) + " " +
           std::to_string(day.day()) + " " +
           std::string(dutch ? kMonthsNl[month] : kMonthsEn[month]);
  }
  return when + (dutch ? " om " : " at ") + clock;
}

std::string StatusMessage(const ConversationStatus& status, Register dutch_register,
                          base::TimePoint now, std::string_view time_zone) {
  const Language language = status.language;
  const Voice voice{language, dutch_register};
  const bool dutch = voice.dutch();
  auto spoken = [&](base::TimePoint time) { return SpokenTime(time, now, time_zone, language); };
  // "We zijn nu gesloten en weer open morgen om 08:00. "
  std::string closed;
  if (!status.open) {
    closed = dutch ? "{queue} is nu gesloten" : "{queue} is closed now";
    if (status.opens_at) {
      closed += (dutch ? " en weer open " : " and opens again ") + spoken(*status.opens_at);
    }
    closed += ". ";
  }
  std::string text;
  switch (status.state) {
    case ConversationState::kBot:
      text = voice.Say(
          "U chat met onze digitale assistent. Wilt u liever een medewerker spreken? Zeg het "
          "gerust.",
          "Je chat met onze digitale assistent. Wil je liever een medewerker spreken? Zeg het "
          "gerust.",
          "You are chatting with our digital assistant. Would you rather talk to a person? Just "
          "say so.");
      break;
    case ConversationState::kWaiting:
      if (status.open && !status.staffed) {
        text = NobodyOnDuty(status) +
               std::string(voice.Say(
                   "Laat uw vraag achter: een medewerker antwoordt hier zodra er weer iemand is",
                   "Laat je vraag achter: een medewerker antwoordt hier zodra er weer iemand is",
                   "Leave your question: a colleague will reply here as soon as someone is "
                   "there")) +
               WhenDue(status, now, time_zone) + "." + OtherWays(status, voice);
        break;
      }
      if (!status.open) {
        text = closed + std::string(voice.Say(
                            "Uw vraag blijft staan: een medewerker antwoordt hier zodra we open "
                            "zijn. U kunt ook een terugbelafspraak maken.",
                            "Je vraag blijft staan: een medewerker antwoordt hier zodra we open "
                            "zijn. Je kunt ook een terugbelafspraak maken.",
                            "Your question stays in the queue: a colleague replies here as soon "
                            "as we are open. You can also book a callback."));
        break;
      }
      text = voice.Say("U bent nummer {position} in de wachtrij voor {queue}. ",
                       "Je bent nummer {position} in de wachtrij voor {queue}. ",
                       "You are number {position} in the queue for {queue}. ");
      if (status.estimated_wait) {
        text += (dutch ? "De verwachte wachttijd is " : "The expected wait is ") +
                Minutes(*status.estimated_wait, language) + ".";
      } else {
        text += dutch ? "Hoe lang het duurt, kunnen we nu nog niet eerlijk inschatten: daarvoor "
                        "hebben we te weinig recente gesprekken."
                      : "We cannot yet say honestly how long it will take: there are too few "
                        "recent conversations to base an estimate on.";
      }
      if (status.closes_at) {
        const std::string closes = spoken(*status.closes_at);
        const std::string today = dutch ? "vandaag om " : "today at ";
        if (closes.starts_with(today)) {
          text += (dutch ? " We zijn vandaag open tot " : " We are open until ") +
                  closes.substr(today.size()) + (dutch ? "." : " today.");
        } else {
          text += (dutch ? " We zijn open tot " : " We are open until ") + closes + ".";
        }
      }
      break;
    case ConversationState::kFollowUp:
      if (status.open && !status.staffed) {
        text = NobodyOnDuty(status) +
               std::string(voice.Say(
                   "Uw vraag is bewaard: een medewerker antwoordt hier zodra er weer iemand is",
                   "Je vraag is bewaard: een medewerker antwoordt hier zodra er weer iemand is",
                   "Your question is saved: a colleague will reply here as soon as someone is "
                   "there")) +
               WhenDue(status, now, time_zone) +
               std::string(voice.Say(". U kunt deze pagina sluiten en later terugkomen.",
                                     ". Je kunt deze pagina sluiten en later terugkomen.",
                                     ". You can close this page and come back later.")) +
               OtherWays(status, voice);
        break;
      }
      text = closed + std::string(voice.Say(
                          "Uw vraag is bewaard. Een medewerker van {queue} antwoordt in dit "
                          "gesprek; u kunt deze pagina sluiten en later terugkomen.",
                          "Je vraag is bewaard. Een medewerker van {queue} antwoordt in dit "
                          "gesprek; je kunt deze pagina sluiten en later terugkomen.",
                          "Your question is saved. A colleague of {queue} will reply in this "
                          "conversation; you can close this page and come back later."));
      break;
    case ConversationState::kCallback:
      if (status.callback) {
        text = std::string(voice.Say("We bellen u ", "We bellen je ", "We will call you ")) +
               spoken(status.callback->start) + (dutch ? " terug op " : " on ") +
               status.callback->phone + ".";
      }
      break;
    case ConversationState::kAssigned:
      // Assigned is not yet helping (an agent may get several at once): the agent_joined event
      // says when they start, once; this only says where the conversation is.
      text = status.agent_name.empty()
                 ? std::string(voice.Say("Uw gesprek is doorgegeven aan een medewerker.",
                                         "Je gesprek is doorgegeven aan een medewerker.",
                                         "Your conversation has been passed to a colleague."))
                 : std::string(voice.Say("Uw gesprek is doorgegeven aan ",
                                         "Je gesprek is doorgegeven aan ",
                                         "Your conversation has been passed to ")) +
                       status.agent_name + ".";
      break;
    case ConversationState::kResolved:
      text = dutch ? "Dit gesprek is afgesloten. Stel gerust een nieuwe vraag."
                   : "This conversation is closed. Feel free to ask a new question.";
      break;
  }
  text = Replace(std::move(text), "{queue}", status.queue_name);
  return Replace(std::move(text), "{position}",
                 status.position ? std::to_string(*status.position) : "?");
}

std::string NoticeMessage(std::string_view reason, const ConversationStatus& status,
                          Register dutch_register, std::chrono::system_clock::duration waited,
                          base::TimePoint now) {
  const Voice voice{status.language, dutch_register};
  const std::string_view time_zone = status.time_zone;
  std::string text;
  if (reason == "nobody_on_duty") {
    text = NobodyOnDuty(status) +
           std::string(voice.Say("We hebben uw vraag daarom bewaard: een medewerker antwoordt "
                                 "hier zodra er weer iemand is",
                                 "We hebben je vraag daarom bewaard: een medewerker antwoordt "
                                 "hier zodra er weer iemand is",
                                 "So we have saved your question: a colleague will reply here as "
                                 "soon as someone is there")) +
           WhenDue(status, now, time_zone) + "." + OtherWays(status, voice);
  } else {
    const bool dutch = voice.dutch();
    text =
        std::string(voice.Say("U wacht al ", "Je wacht al ", "You have been waiting ")) +
        Minutes(std::chrono::duration_cast<std::chrono::seconds>(waited), status.language) +
        (dutch ? ", langer dan we hadden verwacht. Sorry! " : ", longer than we expected. Sorry! ");
    if (status.position) {
      text += std::string(voice.Say("U bent nummer ", "Je bent nummer ", "You are number ")) +
              std::to_string(*status.position) + (dutch ? " in de wachtrij. " : " in the queue. ");
    }
    text += voice.Say(
        "Wilt u niet langer wachten? Laat dan uw vraag achter: een medewerker antwoordt hier in "
        "het gesprek.",
        "Wil je niet langer wachten? Laat dan je vraag achter: een medewerker antwoordt hier in "
        "het gesprek.",
        "Rather not wait any longer? Leave your question: a colleague will reply here in the "
        "conversation.");
    text += OtherWays(status, voice);
  }
  return Replace(std::move(text), "{queue}", status.queue_name);
}

std::string AdvisorMessage(std::string_view name, std::string_view state,
                           std::optional<std::chrono::seconds> estimated_wait,
                           std::optional<base::TimePoint> back_at,
                           std::optional<base::TimePoint> next_shift, base::TimePoint now,
                           std::string_view time_zone, Voice voice) {
  const Language language = voice.language;
  const bool dutch = voice.dutch();
  auto spoken = [&](base::TimePoint time) { return SpokenTime(time, now, time_zone, language); };
  std::string text;
  if (state == "available") {
    text = voice.Say("{name} is nu beschikbaar voor u.", "{name} is nu beschikbaar voor jou.",
                     "{name} is available for you now.");
    return Replace(std::move(text), "{name}", name);
  }
  if (state == "busy") {
    text = dutch ? "{name} is nu in gesprek." : "{name} is in a conversation now.";
    if (estimated_wait) {
      text += (dutch ? " De verwachte wachttijd is " : " The expected wait is ") +
              Minutes(*estimated_wait, language) + ".";
    }
  } else if (state == "away") {
    if (back_at) {
      text = dutch ? "{name} is even weg en is er " + spoken(*back_at) + " weer."
                   : "{name} is away and back " + spoken(*back_at) + ".";
    } else {
      text = dutch ? "{name} is even weg." : "{name} is away.";
    }
  } else if (next_shift) {
    text = dutch ? "{name} werkt nu niet en is er " + spoken(*next_shift) + " weer."
                 : "{name} is not working now and is back " + spoken(*next_shift) + ".";
  } else {
    text = dutch ? "{name} werkt nu niet." : "{name} is not working now.";
  }
  text += voice.Say(
      " U kunt nu een collega spreken, een bericht voor {name} achterlaten of een "
      "terugbelafspraak met {name} maken.",
      " Je kunt nu een collega spreken, een bericht voor {name} achterlaten of een "
      "terugbelafspraak met {name} maken.",
      " You can talk to a colleague now, leave a message for {name} or book a callback with "
      "{name}.");
  return Replace(std::move(text), "{name}", name);
}

std::string AlreadyLeftMessage(std::string_view queue_name, std::optional<base::TimePoint> opens_at,
                               base::TimePoint now, std::string_view time_zone, Voice voice) {
  const Language language = voice.language;
  const bool dutch = voice.dutch();
  std::string text =
      std::string(voice.Say("Uw vraag ligt al klaar bij ", "Je vraag ligt al klaar bij ",
                            "Your question is already with ")) +
      std::string(queue_name) +
      (dutch ? ": een medewerker antwoordt hier" : ": a member of staff will reply here");
  if (opens_at) {
    text += (dutch ? " zodra er weer iemand is, " : " when someone is there again, ") +
            SpokenTime(*opens_at, now, time_zone, language);
  }
  return text + ".";
}

std::string CallbackOutcomeMessage(std::string_view outcome, std::optional<base::TimePoint> retry,
                                   base::TimePoint now, std::string_view time_zone, Voice voice) {
  if (outcome == "reached") {
    return std::string(voice.Say("We hebben u gebeld.", "We hebben je gebeld.", "We called you."));
  }
  if (outcome == "late") {
    return std::string(voice.Say(
        "Het lukt ons niet u binnen het afgesproken kwartier te bellen. Sorry! U bent de "
        "eerstvolgende die we bellen.",
        "Het lukt ons niet je binnen het afgesproken kwartier te bellen. Sorry! Je bent de "
        "eerstvolgende die we bellen.",
        "We cannot call you within the agreed quarter of an hour. Sorry! You are the next one we "
        "call."));
  }
  if (outcome == "wrong_number") {
    return std::string(voice.Say(
        "We konden u niet bellen: het telefoonnummer klopt niet. Een medewerker antwoordt hier "
        "in het gesprek; u kunt ook een nieuwe terugbelafspraak maken.",
        "We konden je niet bellen: het telefoonnummer klopt niet. Een medewerker antwoordt hier "
        "in het gesprek; je kunt ook een nieuwe terugbelafspraak maken.",
        "We could not call you: the phone number is wrong. A colleague will reply here; you can "
        "also book a new callback."));
  }
  // no_answer
  if (retry) {
    return std::string(voice.Say("We hebben u gebeld, maar kregen geen gehoor. We proberen het "
                                 "opnieuw ",
                                 "We hebben je gebeld, maar kregen geen gehoor. We proberen het "
                                 "opnieuw ",
                                 "We called you but got no answer. We will try again ")) +
           SpokenTime(*retry, now, time_zone, voice.language) + ".";
  }
  return std::string(voice.Say(
      "We hebben u gebeld, maar kregen geen gehoor. Een medewerker antwoordt hier in het "
      "gesprek; u kunt ook een nieuwe terugbelafspraak maken.",
      "We hebben je gebeld, maar kregen geen gehoor. Een medewerker antwoordt hier in het "
      "gesprek; je kunt ook een nieuwe terugbelafspraak maken.",
      "We called you but got no answer. A colleague will reply here; you can also book a new "
      "callback."));
}

std::string JoinedMessage(std::string_view agent, Voice voice) {
  return std::string(agent) + std::string(voice.Say(" helpt u nu verder.", " helpt je nu verder.",
                                                    " is helping you now."));
}

std::string TransferMessage(std::string_view destination, Voice voice) {
  return std::string(voice.Say("U wordt doorverbonden met ", "Je wordt doorverbonden met ",
                               "You are being transferred to ")) +
         std::string(destination) + ".";
}

std::string DecisionWhat(const model::Mandates& mandates, const model::DecisionEvent& decision,
                         Language language) {
  const model::DecisionKind* kind = mandates.Find(decision.decision);
  if (kind == nullptr) {
    return decision.decision;
  }
  std::string what = language == Language::kDutch ? kind->name_nl : kind->name_en;
  const auto unit = model::ParseDecisionUnit(decision.unit).value_or(kind->unit);
  if (unit != model::DecisionUnit::kException) {
    what += ", " + model::AmountText(unit, decision.amount, language);
  }
  return what;
}

std::string DecisionMessage(std::string_view agent, std::string_view what,
                            std::optional<base::TimePoint> approve_by, base::TimePoint now,
                            std::string_view time_zone, Voice voice) {
  const bool dutch = voice.dutch();
  if (!approve_by) {
    return std::string(agent) +
           std::string(voice.Say(" heeft dit voor u geregeld: ", " heeft dit voor je geregeld: ",
                                 " has arranged this for you: ")) +
           std::string(what) + ".";
  }
  return std::string(agent) +
         (dutch ? " heeft een collega gevraagd dit goed te keuren: "
                : " has asked a colleague to approve this: ") +
         std::string(what) +
         std::string(voice.Say(". U hoort het uiterlijk ", ". Je hoort het uiterlijk ",
                               ". You will hear by ")) +
         SpokenTime(*approve_by, now, time_zone, voice.language) +
         (dutch ? "." : " at the latest.");
}

std::string ApprovalMessage(std::string_view verdict, std::string_view what,
                            std::string_view reason, Voice voice) {
  const bool dutch = voice.dutch();
  if (verdict == "approved") {
    return (dutch ? "Goedgekeurd: " : "Approved: ") + std::string(what) + ".";
  }
  if (verdict == "refused") {
    return (dutch ? "Dit is niet goedgekeurd: " : "This was not approved: ") + std::string(what) +
           (dutch ? ". De reden: " : ". The reason: ") + std::string(reason);
  }
  return (dutch ? "Er is niet op tijd besloten over: " : "No decision was made in time on: ") +
         std::string(what) +
         std::string(
             voice.Say(". Het verzoek is vervallen; u kunt het in dit gesprek opnieuw vragen.",
                       ". Het verzoek is vervallen; je kunt het in dit gesprek opnieuw vragen.",
                       ". The request has lapsed; you can ask again in this conversation."));
}

std::string ContestMessage(model::ContestStage stage, std::string_view kind,
                           std::string_view reason_words, Voice voice) {
  // The reviewer's words, ended as a sentence.
  std::string reason(base::Trim(reason_words));
  if (!reason.empty() && std::string_view(".!?").find(reason.back()) == std::string_view::npos) {
    reason += '.';
  }
  const std::string what = std::string(voice.Say("wat wij over u hebben vastgelegd (",
                                                 "wat wij over jou hebben vastgelegd (",
                                                 "what we recorded about you (")) +
                           std::string(kind) + ")";
  switch (stage) {
    case model::ContestStage::kReceived:
      return std::string(voice.Say("Wij hebben uw bezwaar tegen ", "Wij hebben je bezwaar tegen ",
                                   "We have received your objection to ")) +
             what +
             std::string(voice.Say(
                 " ontvangen. Een collega die er niet bij betrokken was, beoordeelt het. U leest "
                 "de uitkomst en de reden in dit gesprek.",
                 " ontvangen. Een collega die er niet bij betrokken was, beoordeelt het. Je leest "
                 "de uitkomst en de reden in dit gesprek.",
                 ". A colleague who was not involved will review it. You will read the outcome "
                 "and the reason in this conversation."));
    case model::ContestStage::kUpheld:
      return std::string(voice.Say(
                 "Een collega die er niet bij betrokken was, heeft uw bezwaar beoordeeld: u "
                 "krijgt gelijk. Wij hebben ",
                 "Een collega die er niet bij betrokken was, heeft je bezwaar beoordeeld: je "
                 "krijgt gelijk. Wij hebben ",
                 "A colleague who was not involved has reviewed your objection: you are right. "
                 "We have withdrawn ")) +
             what +
             std::string(voice.Say(
                 " ingetrokken. De reden: ", " ingetrokken. De reden: ", ". The reason: ")) +
             reason;
    case model::ContestStage::kRejected:
      return std::string(voice.Say(
                 "Een collega die er niet bij betrokken was, heeft uw bezwaar beoordeeld: ",
                 "Een collega die er niet bij betrokken was, heeft je bezwaar beoordeeld: ",
                 "A colleague who was not involved has reviewed your objection: ")) +
             what +
             std::string(voice.Say(" blijft staan. De reden: ", " blijft staan. De reden: ",
                                   " stands. The reason: ")) +
             reason +
             std::string(
                 voice.Say(" Bent u het hier niet mee eens, dan kunt u een klacht indienen.",
                           " Ben je het hier niet mee eens, dan kun je een klacht indienen.",
                           " If you disagree, you can file a complaint."));
  }
  return "";
}

}  // namespace balie::service
