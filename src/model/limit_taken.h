#ifndef BALIE_MODEL_LIMIT_TAKEN_H_
#define BALIE_MODEL_LIMIT_TAKEN_H_

// What one process took from one of its shared rate limits (api::SharedLimits) for one key since
// it last told the others (storage::Store::AnnounceTaken): `limit` names the limit, `count` the
// tokens (negative: given back).

#include <cstdint>
#include <string>

namespace balie::model {

struct LimitTaken {
  std::string limit;
  std::string key;
  std::int64_t count = 0;
};

}  // namespace balie::model

#endif  // BALIE_MODEL_LIMIT_TAKEN_H_
