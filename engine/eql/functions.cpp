#include "engine/eql/functions.hpp"

#include "engine/text/ascii.hpp"

namespace vigil::engine::eql {

std::optional<FunctionSpec> lookup_function(std::string_view name, bool tilde) {
  if (name == "startsWith") return FunctionSpec{Function::kStartsWith, tilde, 2, std::nullopt};
  if (name == "endsWith") return FunctionSpec{Function::kEndsWith, tilde, 2, std::nullopt};
  if (name == "stringContains") return FunctionSpec{Function::kStringContains, tilde, 2, std::nullopt};
  if (name == "wildcard") return FunctionSpec{Function::kWildcard, tilde, 2, std::nullopt};
  if (name == "length" && !tilde) return FunctionSpec{Function::kLength, false, 1, 1};
  return std::nullopt;
}

std::string_view supported_function_names() {
  return "startsWith, endsWith, stringContains, wildcard (each also with ~), length";
}

bool test_substring(Function function, bool case_insensitive, std::string_view source, std::string_view candidate) {
  if (candidate.size() > source.size()) return false;
  switch (function) {
    case Function::kStartsWith: {
      const auto head = source.substr(0, candidate.size());
      return case_insensitive ? text::equals_ascii_ci(head, candidate) : head == candidate;
    }
    case Function::kEndsWith: {
      const auto tail = source.substr(source.size() - candidate.size());
      return case_insensitive ? text::equals_ascii_ci(tail, candidate) : tail == candidate;
    }
    case Function::kStringContains:
      return (case_insensitive ? text::find_ascii_ci(source, candidate) : source.find(candidate)) != std::string_view::npos;
    default:
      return false;
  }
}

std::size_t code_point_length(std::string_view text) {
  std::size_t n = 0;
  for (const char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

}  // namespace vigil::engine::eql
