#ifndef BALIE_STORAGE_ROW_CODEC_H_
#define BALIE_STORAGE_ROW_CODEC_H_

// How a conversation's summary and an event are written to and read from a row, the same in
// every database (SqliteStore, PostgresStore): times as Unix milliseconds, names for enums, an
// event's fields as the JSON of model::EventDataJson. Internal to storage/: only the stores' .cc
// files include it.
//
// The templates take the database's own statement and row types, which need:
//   statement.Bind(index, std::string_view) / Bind(index, std::int64_t) / BindNull(index),
//     indexes from 1 in the order of kConversationColumns (Bind returns the statement);
//   row.Text(column) / Int(column) / IsNull(column), columns from 0.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "base/status.h"
#include "base/time_format.h"
#include "model/audit.h"
#include "model/conversation.h"
#include "model/event_json.h"
#include "storage/audit_store.h"

namespace balie::storage {

// The columns of a conversation's summary, in the order of BindConversation and ReadConversation.
#define BALIE_CONVERSATION_COLUMNS                                                               \
  "id, token_hash, language, state, queue, priority, created_at, queued_at, callback_start, "    \
  "callback_end, callback_phone, callback_name, agent, customer_ref, awaiting_reply, last_seq, " \
  "assigned_at, requested_agent, advisor"
// The columns of an event that ReadEvent reads, in its order.
#define BALIE_EVENT_COLUMNS "seq, kind, at, author, client_id, text, data, text_erased_sha256"

template <typename Statement>
void BindConversation(Statement& statement, const model::Conversation& c) {
  statement.Bind(1, c.id)
      .Bind(2, c.token_hash)
      .Bind(3, model::LanguageCode(c.language))
      .Bind(4, model::StateName(c.state))
      .Bind(5, c.queue)
      .Bind(6, std::int64_t{c.priority})
      .Bind(7, base::ToUnixMillis(c.created_at))
      .Bind(8, base::ToUnixMillis(c.queued_at))
      .Bind(13, c.agent)
      .Bind(14, c.customer_ref)
      .Bind(15, std::int64_t{c.awaiting_reply ? 1 : 0})
      .Bind(16, c.last_seq)
      .Bind(17, base::ToUnixMillis(c.assigned_at))
      .Bind(18, c.requested_agent)
      .Bind(19, c.advisor);
  if (c.callback) {
    statement.Bind(9, base::ToUnixMillis(c.callback->start))
        .Bind(10, base::ToUnixMillis(c.callback->end))
        .Bind(11, c.callback->phone)
        .Bind(12, c.callback->name);
  } else {
    statement.BindNull(9).BindNull(10).BindNull(11).BindNull(12);
  }
}

template <typename Row>
base::Result<model::Conversation> ReadConversation(const Row& row) {
  model::Conversation c;
  c.id = row.Text(0);
  c.token_hash = row.Text(1);
  const auto language = model::ParseLanguage(row.Text(2));
  const auto state = model::ParseState(row.Text(3));
  if (!language || !state) {
    return base::Internal("conversation " + c.id + " has an unknown language or state in storage");
  }
  c.language = *language;
  c.state = *state;
  c.queue = row.Text(4);
  c.priority = static_cast<int>(row.Int(5));
  c.created_at = base::FromUnixMillis(row.Int(6));
  c.queued_at = base::FromUnixMillis(row.Int(7));
  if (!row.IsNull(8)) {
    c.callback =
        model::CallbackBooking{base::FromUnixMillis(row.Int(8)), base::FromUnixMillis(row.Int(9)),
                               row.Text(10), row.Text(11)};
  }
  c.agent = row.Text(12);
  c.customer_ref = row.Text(13);
  c.awaiting_reply = row.Int(14) != 0;
  c.last_seq = row.Int(15);
  c.assigned_at = base::FromUnixMillis(row.Int(16));
  c.requested_agent = row.Text(17);
  c.advisor = row.Text(18);
  return c;
}

// The conversation as ReadConversation reads back what BindConversation wrote: its times to the
// millisecond; nothing else changes.
inline model::Conversation AsStored(model::Conversation c) {
  const auto to_the_millisecond = [](base::TimePoint& time) {
    time = base::FromUnixMillis(base::ToUnixMillis(time));
  };
  to_the_millisecond(c.created_at);
  to_the_millisecond(c.queued_at);
  to_the_millisecond(c.assigned_at);
  if (c.callback) {
    to_the_millisecond(c.callback->start);
    to_the_millisecond(c.callback->end);
  }
  return c;
}

// An event's fields as stored in its `data` column.
using model::EventDataText;
inline std::string EventDataText(const model::Event& event) { return EventDataText(event.data); }

// The event in BALIE_EVENT_COLUMNS of `row`; kInternal naming it when it does not read.
template <typename Row>
base::Result<model::Event> ReadEvent(const Row& row, std::string_view conversation_id) {
  model::Event event;
  event.seq = row.Int(0);
  const auto kind = model::ParseEventKind(row.Text(1));
  const auto author = model::ParseAuthor(row.Text(3));
  const auto json = nlohmann::json::parse(row.Text(6), nullptr, /*allow_exceptions=*/false);
  auto data = kind ? model::ParseEventData(*kind, json)
                   : base::Result<model::EventData>(base::InvalidArgument("its kind is unknown"));
  if (!author || json.is_discarded() || !data.ok()) {
    return base::Internal("event " + std::to_string(event.seq) + " of conversation " +
                          std::string(conversation_id) + " is unreadable in storage" +
                          (data.ok() ? "" : ": " + data.status().message()));
  }
  event.at = base::FromUnixMillis(row.Int(2));
  event.author = *author;
  event.client_id = row.Text(4);
  event.text = row.Text(5);
  event.data = std::move(*data);
  if (!row.IsNull(7)) {
    event.erased_text_sha256 = row.Text(7);
  }
  return event;
}

// AuditStore::EraseTexts's refusal where `text` was erased by someone else meanwhile.
inline base::Status ErasedMeanwhile(const AuditStore::ErasedText& text) {
  return base::FailedPrecondition("event " + std::to_string(text.seq) + " of conversation " +
                                  text.conversation_id + " was erased meanwhile");
}

// A row of BALIE_TEXTS_BEFORE (below).
template <typename Row>
base::Result<AuditStore::StoredText> ReadStoredText(const Row& row) {
  AuditStore::StoredText text{row.Text(8), row.Text(9), {}};
  auto event = ReadEvent(row, text.conversation_id);
  if (!event.ok()) {
    return event.status();
  }
  text.event = std::move(event).value();
  return text;
}

// The columns of an audit entry, in the order of BindAuditEntry and ReadAuditEntry.
#define BALIE_AUDIT_COLUMNS \
  "seq, at, actor, action, conversation_id, customer_ref, details, prev_hash, hash"

template <typename Statement>
void BindAuditEntry(Statement& statement, const model::AuditEntry& entry) {
  statement.Bind(1, entry.seq)
      .Bind(2, base::ToUnixMillis(entry.at))
      .Bind(3, entry.actor)
      .Bind(4, entry.action)
      .Bind(5, entry.conversation_id)
      .Bind(6, entry.customer_ref)
      .Bind(7, entry.details)
      .Bind(8, entry.prev_hash)
      .Bind(9, entry.hash);
}

template <typename Row>
base::Result<model::AuditEntry> ReadAuditEntry(const Row& row) {
  model::AuditEntry entry;
  entry.seq = row.Int(0);
  entry.at = base::FromUnixMillis(row.Int(1));
  entry.actor = row.Text(2);
  entry.action = row.Text(3);
  entry.conversation_id = row.Text(4);
  entry.customer_ref = row.Text(5);
  entry.details = row.Text(6);
  entry.prev_hash = row.Text(7);
  entry.hash = row.Text(8);
  return entry;
}

// Fills in the chain's fields of `entry`, the next after the last stored entry (`last_seq` and
// `last_hash`; none when last_seq is 0), and seals it: its time as stored (to the millisecond), so
// that the hash is over what is stored.
template <typename Seal>
void ChainAuditEntry(model::AuditEntry& entry, std::int64_t last_seq, std::string last_hash,
                     const Seal& seal) {
  entry.seq = last_seq + 1;
  entry.prev_hash = last_seq == 0 ? std::string(model::kAuditGenesisHash) : std::move(last_hash);
  entry.at = base::FromUnixMillis(base::ToUnixMillis(entry.at));
  entry.hash = seal(entry);
}

// Retention's query: the events that may be erased (AuditStore::TextsBefore), with `before` as
// parameter 1 and the limit as parameter 2, in the database's own placeholder syntax. The columns
// of ReadEvent, then the conversation's id and customer reference. An event without a text is
// erased where its fields hold a phone number (and perhaps a name: model::ErasePersonalFields);
// `"phone":` unescaped is only ever a key of the JSON. The partial index events_by_time has the
// same condition.
#define BALIE_TEXTS_BEFORE(before, limit)                                                     \
  "SELECT e.seq, e.kind, e.at, e.author, e.client_id, e.text, e.data, e.text_erased_sha256, " \
  "e.conversation_id, c.customer_ref FROM events e "                                          \
  "JOIN conversations c ON c.id = e.conversation_id "                                         \
  "WHERE e.at <= " before                                                                     \
  " AND e.text_erased_sha256 IS NULL "                                                        \
  "AND (e.text <> '' OR e.data LIKE '%\"phone\":%') "                                         \
  "AND c.awaiting_reply = 0 AND c.state IN ('bot', 'resolved') ORDER BY e.at LIMIT " limit

}  // namespace balie::storage

#endif  // BALIE_STORAGE_ROW_CODEC_H_
