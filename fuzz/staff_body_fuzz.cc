// libFuzzer target for the bodies of the staff API's requests: whatever JSON a console (or
// someone with a stolen session) sends, every decoder of api/staff_requests.h accepts or refuses
// it without crashing or throwing; a refusal is a 400 with a message; what is accepted is within
// the shapes the service expects.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include <nlohmann/json.hpp>

#include "api/staff_requests.h"

namespace {

template <typename T>
void Check(const balie::base::Result<T>& result) {
  if (!result.ok() && (result.status().code() != balie::base::StatusCode::kInvalidArgument ||
                       result.status().message().empty())) {
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using nlohmann::json;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  // As BodyObject reads a body: any JSON value; the decoders refuse what is not an object.
  const json body = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded()) {
    return 0;
  }
  namespace api = balie::api;
  Check(api::DecodeTextBody(body));
  Check(api::DecodeTransferBody(body));
  Check(api::DecodeResolveBody(body));
  Check(api::DecodeCallbackBody(body));
  Check(api::DecodeOutcomeBody(body));
  Check(api::DecodeAssignBody(body));
  Check(api::DecodeFlagBody(body));
  Check(api::DecodeDecisionBody(body));
  Check(api::DecodeAnswerBody(body));
  Check(api::DecodeFlagRaiseBody(body));
  Check(api::DecodeFlagStatusBody(body));
  Check(api::DecodeContestReviewBody(body));
  const auto change = api::DecodeStaffChange(body);
  Check(change);
  if (change.ok() && change->capacity && (*change->capacity < -1000 || *change->capacity > 1000)) {
    std::abort();  // a huge number wrapped into a plausible one
  }
  const auto queue = api::DecodeQueueChange(body);
  Check(queue);
  if (queue.ok() && queue->settings.topics && queue->settings.topics->size() > 100) {
    std::abort();
  }
  return 0;
}
