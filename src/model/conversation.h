#ifndef BALIE_MODEL_CONVERSATION_H_
#define BALIE_MODEL_CONVERSATION_H_

// A conversation between a customer and the organisation: an append-only history of events and
// a small summary of where it stands (its state, queue, booked callback). Plain value types,
// safe to copy between threads. The meaning of each event's fields is in docs/api.md.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "base/clock.h"
#include "model/article.h"

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

enum class EventKind {
  kStarted,
  kCustomerMessage,
  kBotReply,
  kHandoff,
  kChoice,
  kAgentMessage,
  kNote,  // an internal note of staff: never shown to the customer
  kAssigned,
  kTransferred,
  kResolved,
  kCallbackOutcome,
  // The assigned agent really started: opened the conversation or wrote (once per assignment).
  kAgentJoined,
  // Balie tells the customer something about their wait and what they can do instead (nobody is
  // on duty any more, or the wait is longer than expected): `text` says it, `data` has the
  // reason and the options offered. The state does not change.
  kNotice,
};
std::string_view EventKindName(EventKind kind);  // "started", "customer_message", …
std::optional<EventKind> ParseEventKind(std::string_view name);
// Whether the customer sees events of this kind.
bool VisibleToCustomer(EventKind kind);

enum class Author { kCustomer, kBot, kSystem, kAgent };
std::string_view AuthorName(Author author);  // "customer", "bot", "system", "agent"
std::optional<Author> ParseAuthor(std::string_view name);

struct Event {
  std::int64_t seq = 0;  // 1, 2, … within the conversation
  EventKind kind = EventKind::kStarted;
  base::TimePoint at;
  Author author = Author::kSystem;
  // The client's id of the frame that caused the event (idempotency); empty for none.
  std::string client_id;
  std::string text;
  nlohmann::json data = nlohmann::json::object();  // the fields of this kind (docs/api.md)
};

struct CallbackBooking {
  base::TimePoint start;
  base::TimePoint end;
  std::string phone;
  std::string name;

  friend bool operator==(const CallbackBooking&, const CallbackBooking&) = default;
};

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
};

}  // namespace balie::model

#endif  // BALIE_MODEL_CONVERSATION_H_
