#include "engine/rules/kibana_wildcard.hpp"

#include <string>
#include <vector>

namespace vigil::engine {

eql::WildcardPattern compile_kibana_wildcard(std::string_view pattern) {
  // The EQL matcher takes the unescaped text plus the offsets of the '*' and
  // '?' that were escaped, which is what its own lexer produces.
  std::string text;
  std::vector<std::size_t> literal_wildcards;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '\\' && i + 1 < pattern.size()) {
      ++i;
      if (pattern[i] == '*' || pattern[i] == '?') literal_wildcards.push_back(text.size());
    }
    text += pattern[i];
  }
  return eql::WildcardPattern(text, literal_wildcards, /*case_insensitive=*/false);
}

}  // namespace vigil::engine
