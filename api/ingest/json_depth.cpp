#include "api/ingest/json_depth.hpp"

#include <cstring>

namespace vigil::api {

std::size_t json_nesting_depth(std::string_view json, std::size_t limit) {
  std::size_t depth = 0;
  std::size_t deepest = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < json.size(); ++i) {
    if (in_string) {
      // Strings are most of an event: jump to the next quote (memchr is
      // vectorized) and count the backslashes before it to tell an escaped one.
      const auto* quote = static_cast<const char*>(std::memchr(json.data() + i, '"', json.size() - i));
      if (quote == nullptr) break;
      i = static_cast<std::size_t>(quote - json.data());
      std::size_t backslashes = 0;
      while (backslashes < i && json[i - 1 - backslashes] == '\\') ++backslashes;
      if (backslashes % 2 == 0) in_string = false;
      continue;
    }
    const char c = json[i];
    if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > deepest) {
        deepest = depth;
        if (deepest > limit) return deepest;
      }
    } else if ((c == '}' || c == ']') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

}  // namespace vigil::api
