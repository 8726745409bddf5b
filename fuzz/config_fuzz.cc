// The configuration decoder of `balie serve` (src/app/serve_config.cc): TOML text as an operator
// writes it in the --config file, and the same bytes as the value of an environment variable of
// each kind of setting. Whatever it accepts must be usable as is: every queue's office hours and
// callback slots are asked what a running server asks them.

#include <cstddef>
#include <cstdint>
#include <string>

#include "app/serve_config.h"
#include "base/time_format.h"
#include "routing/callback_slots.h"

namespace {

const balie::base::TimePoint kNow = *balie::base::ParseTime("2026-11-24T09:00:00Z");

// One variable of each kind: a listen address, whole number, number, bool, list, fraction.
constexpr const char* kVariables[] = {"BALIE_SERVER_LISTEN",
                                      "BALIE_SERVER_WORKERS",
                                      "BALIE_LIMITS_MESSAGES_PER_SECOND",
                                      "BALIE_SERVER_REUSE_PORT",
                                      "BALIE_SERVER_ALLOWED_ORIGINS",
                                      "BALIE_ENGINE_ANSWER_THRESHOLD",
                                      "BALIE_STORAGE_MAX_DATABASE_MEGABYTES"};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  balie::app::ServeConfig config;
  if (balie::app::ApplyConfigText(text, "fuzz.toml", config).ok()) {
    for (const balie::service::QueueConfig& queue : config.queues) {
      (void)queue.hours().IsOpen(kNow);
      (void)queue.hours().NextOpening(kNow);
      (void)queue.callbacks.Bookable(kNow, balie::routing::SameCapacity(queue.callbacks_per_agent),
                                     {});
    }
  }
  if (text.find('\0') == std::string::npos) {
    balie::app::ServeFlags flags;
    flags.kb_dir = "kb";
    flags.data_dir = "data";
    (void)balie::app::LoadServeConfig(flags, {{kVariables[size % std::size(kVariables)], text}});
  }
  return 0;
}
