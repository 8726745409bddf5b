#ifndef BALIE_MODEL_EVENT_JSON_H_
#define BALIE_MODEL_EVENT_JSON_H_

// The one JSON codec of an event's fields (the `data` column of storage, and the fields staff see
// beside seq, kind, at, author, client_id and text: docs/staff-api.md). What a customer sees of
// each kind is decided at the API boundary (api/frames.h), from the typed event.

#include <nlohmann/json.hpp>
#include <string>

#include "base/status.h"
#include "model/event.h"

namespace balie::model {

// The fields of `data` as a JSON object. Optional fields are left out when absent or empty; the
// fields every event of the kind has (a hand-off's cause and reasons, a reply's sources) are always
// written.
nlohmann::json EventDataJson(const EventData& data);
// The same as text, as storage keeps it (invalid UTF-8 replaced): what retention's fields hash is
// of.
std::string EventDataText(const EventData& data);

// The fields of an event of `kind` from `object`, as EventDataJson writes them. Fields a version
// before this one did not write take their defaults; a field of the wrong type, or one the kind
// cannot do without (a hand-off's queue, a choice's option, a callback's slot), is
// kInvalidArgument naming it.
base::Result<EventData> ParseEventData(EventKind kind, const nlohmann::json& object);

}  // namespace balie::model

#endif  // BALIE_MODEL_EVENT_JSON_H_
