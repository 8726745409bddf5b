#include "api/customer_limits.h"

#include <algorithm>

namespace balie::api {
namespace {

base::Status TooMany(std::string what, std::chrono::milliseconds retry_after) {
  const long seconds = std::max<long>(1, static_cast<long>((retry_after.count() + 999) / 1000));
  return base::ResourceExhausted(std::move(what) + "; try again in " + std::to_string(seconds) +
                                 " s");
}

}  // namespace

CustomerLimits::CustomerLimits(const CustomerLimitOptions& options, const base::Clock& clock)
    : options_(options),
      clock_(clock),
      actions_(options.actions_per_second, options.action_burst),
      reads_(options.reads_per_second, std::max(1.0, 2 * options.reads_per_second)),
      bookings_by_conversation_(options.bookings_per_conversation_per_hour / 3600,
                                options.bookings_per_conversation_per_hour),
      bookings_by_address_(options.bookings_per_address_per_hour / 3600,
                           options.bookings_per_address_per_hour),
      streams_(options.max_streams_per_conversation, clock) {}

void CustomerLimits::ShareLimits(SharedLimits& shared) {
  shared.Add("customer_actions", actions_);
  shared.Add("customer_reads", reads_);
  shared.Add("customer_bookings", bookings_by_conversation_);
  shared.Add("customer_bookings_by_address", bookings_by_address_);
  shared.AddCount("customer_streams", streams_);
}

base::Status CustomerLimits::TakeAction(std::string_view id,
                                        std::chrono::milliseconds& retry_after) {
  if (actions_.Take(std::string(id), clock_.Now(), retry_after)) {
    return base::Status::Ok();
  }
  return TooMany(
      "too many messages in this conversation: slow down and resend with the same client_id",
      retry_after);
}

base::Status CustomerLimits::TakeRead(std::string_view id, std::chrono::milliseconds& retry_after) {
  if (reads_.Take(std::string(id), clock_.Now(), retry_after)) {
    return base::Status::Ok();
  }
  return TooMany("too many reads of this conversation: slow down", retry_after);
}

base::Status CustomerLimits::TakeBooking(std::string_view id, std::string_view address,
                                         std::chrono::milliseconds& retry_after) {
  const base::TimePoint now = clock_.Now();
  if (!bookings_by_conversation_.Take(std::string(id), now, retry_after)) {
    return TooMany("this conversation has booked or moved a callback too often", retry_after);
  }
  if (!bookings_by_address_.Take(std::string(address), now, retry_after)) {
    bookings_by_conversation_.Refund(std::string(id));
    return TooMany("too many callbacks were booked from your address", retry_after);
  }
  return base::Status::Ok();
}

void CustomerLimits::RefundBooking(std::string_view id, std::string_view address) {
  bookings_by_conversation_.Refund(std::string(id));
  bookings_by_address_.Refund(std::string(address));
}

}  // namespace balie::api
