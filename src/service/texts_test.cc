#include "service/texts.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "base/text.h"
#include "base/time_format.h"

namespace balie::service {
namespace {

using model::ConversationState;
using model::Language;
using model::Register;
using model::Voice;
using namespace std::chrono_literals;

const base::TimePoint kNow = base::ParseTime("2026-11-24T09:00:00Z").value();  // a Tuesday
constexpr std::string_view kZone = "Europe/Amsterdam";

// Every sentence Balie writes to a customer about their conversation, in one voice: each state's
// status with every variation, the notices, the advisor's states, callback outcomes, hand-offs,
// decisions and approvals.
std::vector<std::string> EverySentence(Voice voice) {
  std::vector<std::string> texts;
  ConversationStatus status;
  status.language = voice.language;
  status.queue_name = "Klantenservice";
  status.time_zone = kZone;
  status.options = {model::ChoiceOption::kCallback, model::ChoiceOption::kOtherQueue};
  status.alternative_name = "Hypotheken";
  status.position = 2;
  status.estimated_wait = 300s;
  status.closes_at = kNow + 8h;
  status.staffed_from = kNow + 1h;
  status.opens_at = kNow + 24h;
  status.callback = model::CallbackBooking{kNow + 2h, kNow + 2h + 15min, "+31612345678", ""};
  status.agent_name = "Sanne";
  auto say = [&](const ConversationStatus& s) {
    texts.push_back(StatusMessage(s, voice.dutch_register, kNow, kZone));
  };
  for (const ConversationState state :
       {ConversationState::kBot, ConversationState::kWaiting, ConversationState::kFollowUp,
        ConversationState::kCallback, ConversationState::kAssigned, ConversationState::kResolved}) {
    status.state = state;
    for (const bool open : {true, false}) {
      for (const bool staffed : {true, false}) {
        status.open = open;
        status.staffed = staffed;
        say(status);
      }
    }
  }
  ConversationStatus unsure = status;
  unsure.state = ConversationState::kWaiting;
  unsure.open = true;
  unsure.staffed = true;
  unsure.estimated_wait.reset();
  unsure.agent_name.clear();
  say(unsure);
  unsure.state = ConversationState::kAssigned;
  say(unsure);
  status.state = ConversationState::kWaiting;
  status.open = true;
  status.staffed = true;
  texts.push_back(NoticeMessage("nobody_on_duty", status, voice.dutch_register, 0s, kNow));
  texts.push_back(NoticeMessage("long_wait", status, voice.dutch_register, 20min, kNow));
  for (const char* state : {"available", "busy", "away", "off_duty"}) {
    texts.push_back(
        AdvisorMessage("Sanne", state, 120s, kNow + 1h, kNow + 20h, kNow, kZone, voice));
    texts.push_back(AdvisorMessage("Sanne", state, std::nullopt, std::nullopt, std::nullopt, kNow,
                                   kZone, voice));
  }
  for (const char* outcome : {"reached", "late", "wrong_number", "no_answer"}) {
    texts.push_back(CallbackOutcomeMessage(outcome, std::nullopt, kNow, kZone, voice));
  }
  texts.push_back(CallbackOutcomeMessage("no_answer", kNow + 3h, kNow, kZone, voice));
  texts.push_back(AlreadyLeftMessage("Klantenservice", kNow + 24h, kNow, kZone, voice));
  texts.push_back(JoinedMessage("Sanne", voice));
  texts.push_back(TransferMessage("Hypotheken", voice));
  texts.push_back(
      DecisionMessage("Sanne", "Kosten kwijtschelden, € 25,00", std::nullopt, kNow, kZone, voice));
  texts.push_back(
      DecisionMessage("Sanne", "Kosten kwijtschelden, € 25,00", kNow + 24h, kNow, kZone, voice));
  for (const char* verdict : {"approved", "refused", "expired"}) {
    texts.push_back(ApprovalMessage(verdict, "Kosten kwijtschelden", "Te hoog bedrag", voice));
  }
  for (const model::ContestStage stage :
       {model::ContestStage::kReceived, model::ContestStage::kUpheld,
        model::ContestStage::kRejected}) {
    texts.push_back(ContestMessage(stage, "Mogelijk misbruik", "De feiten kloppen", voice));
  }
  return texts;
}

// The words of `text` that address the customer in `form`'s opposite: "u" and "uw" where Balie
// says "je", "je", "jij", "jou" and "jouw" where it says "u".
std::vector<std::string> WrongPronouns(const std::string& text, Register form) {
  const std::vector<std::string> wrong = form == Register::kInformal
                                             ? std::vector<std::string>{"u", "uw"}
                                             : std::vector<std::string>{"je", "jij", "jou", "jouw"};
  std::vector<std::string> found;
  for (const std::string& word : base::Words(text)) {
    if (std::find(wrong.begin(), wrong.end(), word) != wrong.end()) found.push_back(word);
  }
  return found;
}

TEST(TextsTest, EveryDutchSentenceKeepsToTheOrganisationsRegister) {
  for (const Register form : {Register::kFormal, Register::kInformal}) {
    for (const std::string& text : EverySentence({Language::kDutch, form})) {
      EXPECT_TRUE(WrongPronouns(text, form).empty()) << model::RegisterCode(form) << ": " << text;
    }
  }
}

TEST(TextsTest, TheTwoRegistersSayTheSameInTheirOwnWords) {
  const auto formal = EverySentence({Language::kDutch, Register::kFormal});
  const auto informal = EverySentence({Language::kDutch, Register::kInformal});
  ASSERT_EQ(formal.size(), informal.size());
  size_t addressed = 0;
  for (size_t i = 0; i < formal.size(); ++i) {
    // A sentence that addresses the customer does so in both registers; one that does not is the
    // same in both.
    const bool says_u = !WrongPronouns(formal[i], Register::kInformal).empty();
    const bool says_je = !WrongPronouns(informal[i], Register::kFormal).empty();
    EXPECT_EQ(says_u, says_je) << formal[i] << "\n" << informal[i];
    if (says_u) {
      ++addressed;
    } else {
      EXPECT_EQ(formal[i], informal[i]);
    }
  }
  EXPECT_GT(addressed, formal.size() / 2);
}

TEST(TextsTest, VerbsFollowThePronoun) {
  ConversationStatus status;
  status.state = ConversationState::kBot;
  EXPECT_EQ(StatusMessage(status, Register::kFormal, kNow, kZone),
            "U chat met onze digitale assistent. Wilt u liever een medewerker spreken? Zeg het "
            "gerust.");
  EXPECT_EQ(StatusMessage(status, Register::kInformal, kNow, kZone),
            "Je chat met onze digitale assistent. Wil je liever een medewerker spreken? Zeg het "
            "gerust.");
  EXPECT_EQ(JoinedMessage("Sanne", {Language::kDutch, Register::kInformal}),
            "Sanne helpt je nu verder.");
  EXPECT_EQ(AdvisorMessage("Sanne", "available", std::nullopt, std::nullopt, std::nullopt, kNow,
                           kZone, {Language::kDutch, Register::kInformal}),
            "Sanne is nu beschikbaar voor jou.");
}

TEST(TextsTest, EnglishHasOneRegister) {
  EXPECT_EQ(EverySentence({Language::kEnglish, Register::kFormal}),
            EverySentence({Language::kEnglish, Register::kInformal}));
}

TEST(TextsTest, RegisterCodes) {
  EXPECT_EQ(model::ParseRegister("u"), Register::kFormal);
  EXPECT_EQ(model::ParseRegister("je"), Register::kInformal);
  EXPECT_EQ(model::ParseRegister("jij"), std::nullopt);
  EXPECT_EQ(model::RegisterCode(Register::kInformal), "je");
}

}  // namespace
}  // namespace balie::service
