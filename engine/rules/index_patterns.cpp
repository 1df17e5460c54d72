#include "engine/rules/index_patterns.hpp"

#include <algorithm>

#include "engine/rules/kibana_wildcard.hpp"

namespace vigil::engine {

IndexPatterns::IndexPatterns(const std::vector<std::string>& patterns) {
  for (const auto& pattern : patterns) {
    if (pattern.starts_with('-')) {
      exclude_.push_back(compile_kibana_wildcard(std::string_view(pattern).substr(1)));
    } else {
      include_.push_back(compile_kibana_wildcard(pattern));
    }
  }
}

IndexPatterns IndexPatterns::of_request(std::span<const std::string> patterns) {
  // Kibana's wildcards take '?' for any character; escaped, it is itself.
  std::vector<std::string> escaped;
  for (const auto& pattern : patterns) {
    auto& e = escaped.emplace_back();
    for (const char c : pattern) e += c == '?' ? std::string("\\?") : std::string(1, c);
  }
  return IndexPatterns(escaped);
}

bool IndexPatterns::selects(std::string_view index) const {
  const auto matches = [index](const eql::WildcardPattern& pattern) { return pattern.matches(index); };
  if (std::any_of(exclude_.begin(), exclude_.end(), matches)) return false;
  return include_.empty() || std::any_of(include_.begin(), include_.end(), matches);
}

}  // namespace vigil::engine
