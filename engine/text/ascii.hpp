#pragma once

#include <string_view>

namespace vigil::engine::text {

// Case-insensitive comparisons fold ASCII letters only, byte by byte, so they never allocate and
// never change a UTF-8 sequence. Elasticsearch folds full Unicode (Lucene case_insensitive); the
// difference only shows for non-ASCII letters, which Windows process fields rarely need to fold.
// Pure functions: thread-safe.

constexpr char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

constexpr bool equals_ascii_ci(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  }
  return true;
}

// Offset of the first occurrence of `needle` in `haystack` at or after `from`, or npos.
constexpr std::size_t find_ascii_ci(std::string_view haystack, std::string_view needle, std::size_t from = 0) {
  if (needle.size() > haystack.size()) return std::string_view::npos;
  for (std::size_t i = from; i + needle.size() <= haystack.size(); ++i) {
    if (equals_ascii_ci(haystack.substr(i, needle.size()), needle)) return i;
  }
  return std::string_view::npos;
}

}  // namespace vigil::engine::text
