#ifndef BALIE_MODEL_CONVERSATION_H_
#define BALIE_MODEL_CONVERSATION_H_

// A conversation between a customer and the organisation: an append-only history of events and
// a small summary of where it stands (its state, queue, booked callback). Plain value types,
// safe to copy between threads. The events are in event.h.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "model/article.h"
#include "model/event.h"

namespace balie::model {

// Where a conversation stands. Never a dead end: in every state but `kBot` and `kResolved` a
// person is on it or has it coming, and in `kBot` every customer message gets a reply.
enum class ConversationState {
  kBot,       // the bot answers
  kWaiting,   // waiting for a person in a queue
  kFollowUp,  // the customer left the question; a person replies in the conversation later
  kCallback,  // a callback is booked
  kAssigned,  // a person has the conversation
  kResolved,  // closed
};
std::string_view StateName(ConversationState state);  // "bot", "waiting", "follow_up", …
std::optional<ConversationState> ParseState(std::string_view name);

struct Conversation {
  std::string id;
  std::string token_hash;  // of the customer token (auth/token.h); the token itself is not kept
  Language language = Language::kDutch;
  ConversationState state = ConversationState::kBot;
  std::string queue;  // the queue's id once handed off
  int priority = 0;   // higher goes first
  base::TimePoint created_at;
  // When it joined its queue, or when its question was left (follow_up): the order of waiting,
  // and where the wait staff see counts from (storage's migration 3 set it for questions left
  // before it was kept for them).
  base::TimePoint queued_at;
  std::optional<CallbackBooking> callback;
  std::string agent;            // the assigned agent's id
  base::TimePoint assigned_at;  // when `agent` got it
  // Only this agent may take it (a personal advisor, a transfer or callback to one person).
  std::string requested_agent;
  std::string customer_ref;  // the organisation's customer number (auth/customer_reference.h)
  std::string advisor;       // the customer's personal advisor (a staff id), if any
  // A customer message in state kBot that has no reply yet (set and cleared with the events,
  // so that a crash between the two is found and answered on restart).
  bool awaiting_reply = false;
  std::int64_t last_seq = 0;

  friend bool operator==(const Conversation&, const Conversation&) = default;
};

}  // namespace balie::model

#endif  // BALIE_MODEL_CONVERSATION_H_
