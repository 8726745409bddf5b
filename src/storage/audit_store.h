#ifndef BALIE_STORAGE_AUDIT_STORE_H_
#define BALIE_STORAGE_AUDIT_STORE_H_

// Where the audit trail is kept (model/audit.h): an append-only, hash-chained list of entries,
// and the one change to stored events that retention makes (erasing old texts), which is itself
// an audit entry in the same transaction. The same contract as ConversationStore: durable when a
// call returns ok, thread-safe, blocking (call from workers). SqliteStore implements it.
//
// The chain never forks: an entry's seq and prev_hash are taken from the last stored entry inside
// the write transaction that inserts it, so appends from many threads — or from a command run
// beside the server, another process — are chained one after the other.

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "model/audit.h"
#include "model/customer_flag.h"
#include "model/event.h"

namespace balie::storage {

// Computes an entry's hash from its other fields (auth::AuditEntryHash); storage knows no hash
// function. Called on the store's writer thread: must be thread-safe and not block.
using AuditSeal = std::function<std::string(const model::AuditEntry& entry)>;

class AuditStore {
 public:
  virtual ~AuditStore() = default;

  // Appends `entry` as the next of the chain: its seq (the last + 1), prev_hash (the last entry's
  // hash, model::kAuditGenesisHash for the first) and hash (`seal`) are filled in here. Returns
  // the entry as stored.
  [[nodiscard]] virtual base::Result<model::AuditEntry> AppendAudit(model::AuditEntry entry,
                                                                    const AuditSeal& seal) = 0;

  // Entries with seq > after_seq, in order of seq, at most `limit`, exactly as stored.
  [[nodiscard]] virtual base::Result<std::vector<model::AuditEntry>> AuditEntries(
      std::int64_t after_seq, size_t limit) = 0;

  // The entries about one customer: whose customer_ref is `customer_ref` or whose conversation
  // is one of the customer's; in order of seq.
  [[nodiscard]] virtual base::Result<std::vector<model::AuditEntry>> AuditEntriesAbout(
      std::string_view customer_ref) = 0;

  // Retention. The events at or before `before` that retention has not erased and that hold
  // something to erase — a text, or fields that may hold a phone number or name (a choice, an
  // assignment, a callback's outcome: model::ErasePersonalFields) —, oldest first, at most
  // `limit`, of conversations with nobody owing the customer anything: in state bot or resolved,
  // and not awaiting the bot's reply (a question left for a reply, a waiting chat or a booked
  // callback keeps its texts until it is done).
  struct StoredText {
    std::string conversation_id;
    std::string customer_ref;
    model::Event event;
  };
  [[nodiscard]] virtual base::Result<std::vector<StoredText>> TextsBefore(base::TimePoint before,
                                                                          size_t limit) = 0;
  // In one transaction: empties the text of each event in `texts`, keeping the SHA-256 of what
  // it was (model::Event::erased_text_sha256), replaces its fields by `data` where given (the
  // same with the personal ones emptied), and appends `entries` (the erasure's audit entries,
  // each sealed as by AppendAudit). Where an event was erased meanwhile (another retention run,
  // another process): kFailedPrecondition and nothing written, so that no erasure is recorded
  // twice; read again and erase what is left. The one exception to "events are never changed"
  // (conversation_store.h).
  struct ErasedText {
    std::string conversation_id;
    std::int64_t seq = 0;
    std::string sha256;  // of the text erased (model::kSha256OfNoText where it had none)
    std::optional<model::EventData> data;
  };
  [[nodiscard]] virtual base::Status EraseTexts(std::span<const ErasedText> texts,
                                                std::span<const model::AuditEntry> entries,
                                                const AuditSeal& seal) = 0;

  // Retention of contests. The flags about customers with a contest reviewed at or before
  // `before` whose words retention has not erased, in order of id, at most `limit`. A contest that
  // waits for review keeps its words.
  [[nodiscard]] virtual base::Result<std::vector<model::CustomerFlag>> ContestsReviewedBefore(
      base::TimePoint before, size_t limit) = 0;
  // In one transaction: stores the contests of `flag` (their words erased, with the SHA-256 of
  // what they were: model::FlagContest::words_erased_sha256) over the revision it was read at, and
  // appends `entry` (sealed as by AppendAudit). kFailedPrecondition, and nothing written, where
  // the flag changed meanwhile (a review): retention tries it again on its next run.
  [[nodiscard]] virtual base::Status EraseContestWords(const model::CustomerFlag& flag,
                                                       const model::AuditEntry& entry,
                                                       const AuditSeal& seal) = 0;
};

}  // namespace balie::storage

#endif  // BALIE_STORAGE_AUDIT_STORE_H_
