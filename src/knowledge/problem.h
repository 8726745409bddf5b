#ifndef BALIE_KNOWLEDGE_PROBLEM_H_
#define BALIE_KNOWLEDGE_PROBLEM_H_

// Problems found while reading knowledge-base files, and the "value or every problem" result that
// the per-file parsers return. Plain values; safe to copy and to pass between threads.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/status.h"

namespace balie::knowledge {

// One thing wrong with one file, at a 1-based line (0 when no line applies, e.g. a missing
// directory or an unreadable file).
struct Problem {
  std::string file;
  int line = 0;
  std::string message;

  // "file:line: message", or "file: message" when line is 0.
  std::string ToString() const;
};

// The outcome of checking one file: `value` is set exactly when `problems` is empty. Parsers do not
// stop at the first problem; they report every one they can find.
template <typename T>
struct Checked {
  std::optional<T> value;
  std::vector<Problem> problems;

  bool ok() const { return value.has_value(); }
};

// InvalidArgument whose message is every problem's ToString(), one per line. `problems` must not be
// empty.
base::Status ProblemsToStatus(const std::vector<Problem>& problems);

// The value, or ProblemsToStatus(problems).
template <typename T>
base::Result<T> ToResult(Checked<T> checked) {
  if (checked.ok()) return std::move(*checked.value);
  return ProblemsToStatus(checked.problems);
}

}  // namespace balie::knowledge

#endif  // BALIE_KNOWLEDGE_PROBLEM_H_
