#ifndef BALIE_STORAGE_STAFF_STORE_H_
#define BALIE_STORAGE_STAFF_STORE_H_

// Where staff accounts, their sessions, knowledge flags and the admin's changes to queues are
// kept. The same contract as ConversationStore: durable when a call returns ok, thread-safe,
// blocking (call from workers). SqliteStore implements both.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "model/customer_flag.h"
#include "model/queue_settings.h"
#include "model/staff.h"

namespace balie::storage {

struct StaffSession {
  std::string token_hash;  // of the session cookie (auth/token.h)
  std::string staff_id;
  std::string csrf;  // the CSRF token of the session (not a secret from its owner)
  base::TimePoint created_at;
  base::TimePoint expires_at;
};

using QueueSettings = model::QueueSettings;

class StaffStore {
 public:
  virtual ~StaffStore() = default;

  // kAlreadyExists when the id or the name is taken.
  [[nodiscard]] virtual base::Status CreateStaff(const model::StaffMember& member) = 0;
  // Replaces the member with the same id; kNotFound if none; kAlreadyExists for a taken name.
  [[nodiscard]] virtual base::Status UpdateStaff(const model::StaffMember& member) = 0;
  [[nodiscard]] virtual base::Result<model::StaffMember> StaffById(std::string_view id) = 0;
  [[nodiscard]] virtual base::Result<model::StaffMember> StaffByName(std::string_view name) = 0;
  // Everyone, in order of name.
  [[nodiscard]] virtual base::Result<std::vector<model::StaffMember>> AllStaff() = 0;

  [[nodiscard]] virtual base::Status CreateSession(const StaffSession& session) = 0;
  [[nodiscard]] virtual base::Result<StaffSession> SessionByHash(std::string_view token_hash) = 0;
  [[nodiscard]] virtual base::Status ExtendSession(std::string_view token_hash,
                                                   base::TimePoint expires_at) = 0;
  [[nodiscard]] virtual base::Status DeleteSession(std::string_view token_hash) = 0;
  // Ends every session of a member (disabled, or a new password).
  [[nodiscard]] virtual base::Status DeleteSessionsOf(std::string_view staff_id) = 0;

  // Returns the new flag's id.
  [[nodiscard]] virtual base::Result<std::int64_t> AddFlag(const model::KnowledgeFlag& flag) = 0;
  // The newest first, at most `limit`.
  [[nodiscard]] virtual base::Result<std::vector<model::KnowledgeFlag>> Flags(size_t limit) = 0;

  // Flags about customers (model/customer_flag.h). Add returns the new flag's id.
  [[nodiscard]] virtual base::Result<std::int64_t> AddCustomerFlag(
      const model::CustomerFlag& flag) = 0;
  // kNotFound for an unknown id.
  [[nodiscard]] virtual base::Result<model::CustomerFlag> CustomerFlagById(std::int64_t id) = 0;
  // The flags about customer `customer_ref` (when not empty) or raised in conversation
  // `conversation_id`, newest first.
  [[nodiscard]] virtual base::Result<std::vector<model::CustomerFlag>> CustomerFlagsOf(
      std::string_view customer_ref, std::string_view conversation_id) = 0;
  // Stores a flag's new status, its changes and its contests, if it is still at `flag.revision`
  // (another change came first, or an unknown id: kFailedPrecondition), and counts the revision
  // up.
  [[nodiscard]] virtual base::Status UpdateCustomerFlag(const model::CustomerFlag& flag) = 0;
  // The flags whose last contest waits for review, oldest first.
  [[nodiscard]] virtual base::Result<std::vector<model::CustomerFlag>> ContestedFlags() = 0;

  [[nodiscard]] virtual base::Status SaveQueueSettings(const QueueSettings& settings) = 0;
  [[nodiscard]] virtual base::Result<std::vector<QueueSettings>> AllQueueSettings() = 0;
};

}  // namespace balie::storage

#endif  // BALIE_STORAGE_STAFF_STORE_H_
