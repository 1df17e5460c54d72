#pragma once

#include <string>
#include <variant>
#include <vector>

namespace vigil::api {

// Elasticsearch's longest index name; a longer pattern selects nothing.
inline constexpr std::size_t kMaxIndexPatternBytes = 255;
// More than any real target names; each costs a match per stored index name.
inline constexpr std::size_t kMaxIndexPatterns = 100;

// The index patterns of a route's {index} ("winlogbeat-*,-winlogbeat-old",
// "_all" or absent for all), or the reason they are refused (for a 400).
std::variant<std::vector<std::string>, std::string> parse_index_patterns(const std::string* text);

}  // namespace vigil::api
