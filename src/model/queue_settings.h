#ifndef BALIE_MODEL_QUEUE_SETTINGS_H_
#define BALIE_MODEL_QUEUE_SETTINGS_H_

// An admin's changes to a configured queue (service::QueueAdmin keeps them in storage and applies
// them to the live queues). Unset fields keep the configuration's values.

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace balie::model {

struct QueueSettings {
  std::string queue_id;
  std::optional<std::string> name_nl;
  std::optional<std::string> name_en;
  std::optional<std::vector<std::string>> topics;
  std::optional<std::vector<std::string>> languages;  // language codes: "nl", "en"
  // As the configuration file writes them: weekday -> ranges, date -> ranges (each replaces the
  // file's whole table). Checked before they are saved (service::BuildQueueHours).
  using Ranges = std::map<std::string, std::vector<std::string>>;
  std::optional<Ranges> hours;
  std::optional<Ranges> holidays;
};

}  // namespace balie::model

#endif  // BALIE_MODEL_QUEUE_SETTINGS_H_
