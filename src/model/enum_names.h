#ifndef BALIE_MODEL_ENUM_NAMES_H_
#define BALIE_MODEL_ENUM_NAMES_H_

// Names of enum values as tables of pairs: the names on the wire and in storage (internal to
// model/).

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>

namespace balie::model {

template <typename Enum, std::size_t N>
using NameTable = std::array<std::pair<Enum, std::string_view>, N>;

template <typename Enum, std::size_t N>
std::optional<Enum> FindName(const NameTable<Enum, N>& names, std::string_view name) {
  for (const auto& [value, value_name] : names) {
    if (value_name == name) {
      return value;
    }
  }
  return std::nullopt;
}

template <typename Enum, std::size_t N>
std::string_view NameOf(const NameTable<Enum, N>& names, Enum value) {
  for (const auto& [candidate, name] : names) {
    if (candidate == value) {
      return name;
    }
  }
  return "unknown";
}

}  // namespace balie::model

#endif  // BALIE_MODEL_ENUM_NAMES_H_
