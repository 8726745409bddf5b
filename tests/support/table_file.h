#ifndef BALIE_TESTS_SUPPORT_TABLE_FILE_H_
#define BALIE_TESTS_SUPPORT_TABLE_FILE_H_

// Declarative tables that tests read (the state machine's transitions, the commands): one row a
// line of fields separated by white space; blank lines and lines starting with '#' are skipped.

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace balie::testing {

struct TableRow {
  int line = 0;  // 1, 2, … in the file
  std::string text;
  std::vector<std::string> fields;
};

// The rows of `relative` (a path in the source tree: BALIE_SOURCE_DIR, else the working
// directory); nullopt when it cannot be read.
inline std::optional<std::vector<TableRow>> ReadTableFile(const std::string& relative) {
  const char* dir = std::getenv("BALIE_SOURCE_DIR");
  std::ifstream in(std::filesystem::path(dir != nullptr ? dir : ".") / relative);
  if (!in) {
    return std::nullopt;
  }
  std::vector<TableRow> rows;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.empty() || line.front() == '#') {
      continue;
    }
    TableRow& row = rows.emplace_back();
    row.line = number;
    row.text = line;
    std::istringstream fields(line);
    for (std::string field; fields >> field;) {
      row.fields.push_back(field);
    }
  }
  return rows;
}

}  // namespace balie::testing

#endif  // BALIE_TESTS_SUPPORT_TABLE_FILE_H_
