#include "api/handlers/index_patterns_param.hpp"

#include "api/http/split.hpp"

namespace vigil::api {

std::variant<std::vector<std::string>, std::string> parse_index_patterns(const std::string* text) {
  std::vector<std::string> out;
  if (!text) return out;
  for (const auto one : split(*text, ',')) {
    if (one.empty() || one == "_all") continue;
    if (one.size() > kMaxIndexPatternBytes)
      return "index pattern [" + std::string(one.substr(0, 64)) + "...] is longer than " +
             std::to_string(kMaxIndexPatternBytes) + " bytes";
    out.emplace_back(one);
  }
  if (out.size() > kMaxIndexPatterns)
    return "too many index patterns (" + std::to_string(out.size()) + "); at most " +
           std::to_string(kMaxIndexPatterns) + " are allowed";
  return out;
}

}  // namespace vigil::api
