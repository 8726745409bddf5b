#ifndef BALIE_TESTS_SUPPORT_STORE_TESTING_H_
#define BALIE_TESTS_SUPPORT_STORE_TESTING_H_

// Conversations and events to store, for the storage tests (of every ConversationStore).

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "base/time_format.h"
#include "model/conversation.h"
#include "model/customer_flag.h"
#include "storage/conversation_store.h"

namespace balie::testing {

inline const base::TimePoint kStoreStart = *base::ParseTime("2026-11-24T09:30:00Z");

// A conversation `id` with one event (last_seq 1), created at kStoreStart.
inline model::Conversation NewConversation(const std::string& id) {
  model::Conversation c;
  c.id = id;
  c.token_hash = "hash-of-" + id;
  c.created_at = kStoreStart;
  c.last_seq = 1;
  return c;
}

// Event `seq` of `kind` at kStoreStart + seq seconds, by the customer (a message) or the bot.
inline model::Event NewEvent(std::int64_t seq, model::EventKind kind, std::string client_id = "",
                             std::string text = "") {
  model::Event event;
  event.seq = seq;
  event.data = model::DefaultData(kind);
  event.at = kStoreStart + std::chrono::seconds(seq);
  event.author =
      kind == model::EventKind::kCustomerMessage ? model::Author::kCustomer : model::Author::kBot;
  event.client_id = std::move(client_id);
  event.text = std::move(text);
  return event;
}

// Stores conversation `c` (created with its first event) as assigned to `agent` by event 2,
// through AppendAssignment with `capacity`: true when stored, false when refused as full.
inline bool AssignSecond(storage::ConversationStore& store, model::Conversation c,
                         const std::string& agent, int capacity) {
  c.state = model::ConversationState::kAssigned;
  c.agent = agent;
  c.last_seq = 2;
  const model::Event assigned = NewEvent(2, model::EventKind::kAssigned);
  const base::Status status = store.AppendAssignment(c, {&assigned, 1}, capacity);
  EXPECT_TRUE(status.ok() || status.code() == base::StatusCode::kFailedPrecondition)
      << status.ToString();
  return status.ok();
}

// A resolved conversation `id` of customer K-1 in which the customer booked a callback for Jan de
// Vries on 0612345678 (kCallbackPhone) and was not reached, one event a minute from kStoreStart:
// started, "bel me terug", the choice of the callback, its assignment with the number, the outcome
// with the next booking (a retry keeps the number only) and a text, then a choice to wait.
inline constexpr const char* kCallbackPhone = "0612345678";
inline std::pair<model::Conversation, std::vector<model::Event>> CallbackNotReached(
    const std::string& id) {
  model::Conversation c = NewConversation(id);
  c.customer_ref = "K-1";
  c.state = model::ConversationState::kResolved;
  const model::CallbackBooking booking{kStoreStart, kStoreStart + std::chrono::minutes(30),
                                       kCallbackPhone, "Jan de Vries"};
  std::vector<model::Event> events;
  auto add = [&](model::EventData data, std::string text) {
    model::Event event;
    event.seq = static_cast<std::int64_t>(events.size()) + 1;
    event.at = kStoreStart + std::chrono::minutes(event.seq);
    event.text = std::move(text);
    event.data = std::move(data);
    events.push_back(std::move(event));
  };
  add(model::DefaultData(model::EventKind::kStarted), "");
  add(model::DefaultData(model::EventKind::kCustomerMessage), "bel me terug");
  model::ChoiceEvent choice;
  choice.option = model::ChoiceOption::kCallback;
  choice.callback = booking;
  add(choice, "");
  add(model::AssignedEvent{{"s_1", "Anna"}, true, booking.phone}, "");
  model::CallbackOutcomeEvent outcome;
  outcome.outcome = model::CallbackResult::kNoAnswer;
  outcome.attempt = 1;
  outcome.retry = model::CallbackBooking{booking.start, booking.end, booking.phone, ""};
  add(outcome, "We bellen u morgen opnieuw.");
  add(model::DefaultData(model::EventKind::kChoice), "");
  c.last_seq = events.back().seq;
  return {c, events};
}

// A flag about K-1 with a contest reviewed at `reviewed` and a later one waiting for review.
inline model::CustomerFlag ContestedFlag(base::TimePoint reviewed) {
  model::CustomerFlag flag;
  flag.customer_ref = "K-1";
  flag.conversation_id = "c_1";
  flag.kind = "fraud_suspected";
  flag.facts = {{2, "", "pinned abroad twice"}};
  flag.raised_by = "s_1";
  flag.reason = "two countries in an hour";
  flag.raised_at = kStoreStart;
  flag.expires_at = kStoreStart + std::chrono::days(90);
  model::FlagContest reviewed_contest;
  reviewed_contest.words = "Dat was mijn eigen pas";
  reviewed_contest.recorded_by = "s_2";
  reviewed_contest.recorded_at = kStoreStart;
  reviewed_contest.stage = model::ContestStage::kRejected;
  reviewed_contest.reviewed_by = "s_3";
  reviewed_contest.reason = "de pas was niet geblokkeerd";
  reviewed_contest.reviewed_at = reviewed;
  model::FlagContest waiting = reviewed_contest;
  waiting.words = "Ik was echt in Spanje";
  waiting.stage = model::ContestStage::kReceived;
  waiting.reviewed_by.clear();
  waiting.reason.clear();
  waiting.reviewed_at.reset();
  flag.contests = {reviewed_contest, waiting};
  return flag;
}

}  // namespace balie::testing

#endif  // BALIE_TESTS_SUPPORT_STORE_TESTING_H_
