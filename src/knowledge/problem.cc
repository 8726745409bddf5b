#include "knowledge/problem.h"

namespace balie::knowledge {

std::string Problem::ToString() const {
  std::string text = file;
  if (line > 0) text += ":" + std::to_string(line);
  text += ": ";
  text += message;
  return text;
}

base::Status ProblemsToStatus(const std::vector<Problem>& problems) {
  std::string message;
  for (const Problem& problem : problems) {
    if (!message.empty()) message += '\n';
    message += problem.ToString();
  }
  if (message.empty()) message = "unknown problem";
  return base::InvalidArgument(std::move(message));
}

}  // namespace balie::knowledge
