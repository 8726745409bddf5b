#ifndef BALIE_SERVICE_RETENTION_H_
#define BALIE_SERVICE_RETENTION_H_

// The retention of conversation texts (`[retention] conversation_text_days`, docs/
// accountability.md): the text of every event older than the limit is erased — emptied, the
// event itself kept, with the SHA-256 of the text that was —, and so are the phone numbers and
// names in its fields (model::ErasePersonalFields); each conversation's erasure is an audit entry
// (`erasure`, with each erased event's seq and the SHA-256 of its text and of its fields as they
// were) written in the same transaction. A customer's words in a contest of a flag about them go
// the same number of days after the contest was reviewed (a contest that waits keeps them), with
// an audit entry naming the flag and each contest's SHA-256. Conversations that someone still owes
// an answer (waiting, a question left for a reply, a callback, assigned, or awaiting the bot's
// reply) keep their texts until that is done. The audit trail holds no texts, so its chain stays
// intact. Run by `balie retention apply` and, in `balie serve`, every hour. Thread-safe; blocks
// (workers only).

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>

#include "base/clock.h"
#include "base/status.h"
#include "service/audit_trail.h"
#include "storage/audit_store.h"

namespace balie::service {

struct RetentionResult {
  size_t texts = 0;     // texts erased
  size_t fields = 0;    // events whose personal fields were erased (model::ErasePersonalFields)
  size_t contests = 0;  // contests of flags about customers whose words were erased
  size_t conversations = 0;  // erasure entries of texts (one per conversation and round)
};

class Retention {
 public:
  // All outlive the Retention. `batch`: texts erased per transaction.
  Retention(storage::AuditStore& store, AuditTrail& audit, const base::Clock& clock,
            size_t batch = 500);

  // Erases the texts of events more than `keep_days` days old (kInvalidArgument unless
  // keep_days > 0), as `actor` (model::kSystemActor, "cli"). `progress`, where given, is called
  // with the counts so far after each batch written (a first run on years of conversations is
  // long).
  using Progress = std::function<void(const RetentionResult& so_far)>;
  [[nodiscard]] base::Result<RetentionResult> Apply(int keep_days, const std::string& actor,
                                                    const Progress& progress = {});

 private:
  storage::AuditStore& store_;
  AuditTrail& audit_;
  base::Status EraseTexts(base::TimePoint before, int keep_days, const std::string& actor,
                          const Progress& progress, RetentionResult& result);
  base::Status EraseContests(base::TimePoint before, int keep_days, const std::string& actor,
                             const Progress& progress, RetentionResult& result);

  const base::Clock& clock_;
  const size_t batch_;
};

}  // namespace balie::service

#endif  // BALIE_SERVICE_RETENTION_H_
