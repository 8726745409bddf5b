#ifndef BALIE_API_CUSTOMER_LIMITS_H_
#define BALIE_API_CUSTOMER_LIMITS_H_

// What one customer may do how often, in one place for the customer's HTTP routes and streams
// alike: the frames that change a conversation (messages, choices, hand-off requests) per
// conversation, however many streams or HTTP clients send them; callback bookings per
// conversation and per client address, so that a script cannot fill the callback slots; and the
// open streams per conversation, so that one token cannot hold every connection (OpenStreams).
// Thread-safe; the time comes from the clock given.

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "api/open_streams.h"
#include "api/rate_limiter.h"
#include "api/shared_limits.h"
#include "base/clock.h"
#include "base/status.h"

namespace balie::api {

struct CustomerLimitOptions {
  // Messages, choices and hand-off requests per conversation (token bucket).
  double actions_per_second = 5;
  double action_burst = 10;
  // Reads over HTTP (history, status, callback slots, the advisor) per conversation, with bursts
  // of twice as many: a widget polls far less, and each read may cost a page of storage.
  double reads_per_second = 20;
  // Callback bookings (a new one or a move), per hour, per conversation and per client address.
  double bookings_per_conversation_per_hour = 5;
  double bookings_per_address_per_hour = 20;
  size_t max_streams_per_conversation = 10;
};

class CustomerLimits {
 public:
  CustomerLimits(const CustomerLimitOptions& options, const base::Clock& clock);

  // A frame that changes conversation `id`. kResourceExhausted when too fast, with `retry_after`.
  [[nodiscard]] base::Status TakeAction(std::string_view id,
                                        std::chrono::milliseconds& retry_after);
  // A read of conversation `id` over HTTP; the same.
  [[nodiscard]] base::Status TakeRead(std::string_view id, std::chrono::milliseconds& retry_after);
  // A callback booking in conversation `id` from `address`. kResourceExhausted when there were
  // too many, with `retry_after`. RefundBooking gives it back when the booking did not happen.
  [[nodiscard]] base::Status TakeBooking(std::string_view id, std::string_view address,
                                         std::chrono::milliseconds& retry_after);
  void RefundBooking(std::string_view id, std::string_view address);

  // A place for one more open stream on conversation `id`, held as long as the returned object
  // lives; null when max_streams_per_conversation are open (on every process sharing them).
  [[nodiscard]] std::shared_ptr<void> OpenStream(const std::string& id) {
    return streams_.Open(id);
  }
  size_t open_streams(const std::string& id) const { return streams_.open(id); }

  const CustomerLimitOptions& options() const { return options_; }

  // Shares the rate limits and the open streams with the other processes (SharedLimits), as
  // "customer_…".
  void ShareLimits(SharedLimits& shared);

 private:
  const CustomerLimitOptions options_;
  const base::Clock& clock_;
  KeyedRateLimiter actions_;
  KeyedRateLimiter reads_;
  KeyedRateLimiter bookings_by_conversation_;
  KeyedRateLimiter bookings_by_address_;
  OpenStreams streams_;
};

}  // namespace balie::api

#endif  // BALIE_API_CUSTOMER_LIMITS_H_
