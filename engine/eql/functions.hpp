#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace vigil::engine::eql {

// The EQL functions Vigil supports: the string functions Elastic's Windows rules use.
// Everything here is a pure function over its arguments: thread-safe.
enum class Function {
  kStartsWith,      // startsWith(source, prefix, ...): true if source starts with any prefix
  kEndsWith,        // endsWith(source, suffix, ...)
  kStringContains,  // stringContains(source, substring, ...)
  kLength,          // length(source): string length in code points, or array size
  kWildcard,        // wildcard(source, pattern, ...): like `source like (pattern, ...)`
};

struct FunctionSpec {
  Function function;
  bool case_insensitive;  // called as name~
  std::size_t min_args;
  std::optional<std::size_t> max_args;  // nullopt: any number of candidates
};

// Resolves a function name as written (case-sensitive, as Elasticsearch); `tilde` is true for
// name~. Returns nullopt for unknown names and for a ~ on length, which has no case.
std::optional<FunctionSpec> lookup_function(std::string_view name, bool tilde);

// The names accepted by lookup_function, for error messages.
std::string_view supported_function_names();

// startsWith / endsWith / stringContains on one source value and one candidate.
bool test_substring(Function function, bool case_insensitive, std::string_view source, std::string_view candidate);

// Length of a UTF-8 string in code points.
std::size_t code_point_length(std::string_view text);

}  // namespace vigil::engine::eql
