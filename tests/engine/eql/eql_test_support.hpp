#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>

#include "engine/eql/evaluator.hpp"
#include "engine/eql/parser.hpp"
#include "engine/eql/query.hpp"

namespace vigil::engine::eql {

// GoogleTest prints a Tri by name.
inline void PrintTo(Tri t, std::ostream* out) {
  *out << (t == Tri::kTrue ? "true" : t == Tri::kFalse ? "false" : "null");
}

}  // namespace vigil::engine::eql

// Helpers shared by the EQL tests. A query that fails to compile throws, which GoogleTest
// reports as a failure of the calling test together with the parse error.
namespace vigil::engine::eql::testing {

inline std::string format(const ParseError& error) {
  return std::to_string(error.line) + ":" + std::to_string(error.column) + ": " + error.message;
}

inline CompiledQuery compile_ok(std::string_view query, CompileOptions options = {}) {
  auto result = CompiledQuery::compile(query, options);
  if (auto* error = std::get_if<ParseError>(&result)) {
    throw std::runtime_error("query failed to compile: " + format(*error) + "\n" + std::string(query));
  }
  return std::get<CompiledQuery>(std::move(result));
}

inline ParseError compile_error(std::string_view query) {
  auto result = CompiledQuery::compile(query);
  if (!std::holds_alternative<ParseError>(result)) {
    throw std::runtime_error("query compiled but should not have: " + std::string(query));
  }
  return std::get<ParseError>(result);
}

inline ParseError condition_error(std::string_view condition) {
  auto result = CompiledQuery::compile_condition(condition);
  if (!std::holds_alternative<ParseError>(result)) {
    throw std::runtime_error("condition compiled but should not have: " + std::string(condition));
  }
  return std::get<ParseError>(result);
}

// The three-valued result of a bare condition, so tests can tell null from false.
inline Tri eval(std::string_view condition, const nlohmann::json& event, CompileOptions options = {}) {
  try {
    const NodePtr node = Parser(condition, options).parse_condition();
    return evaluate_condition(*node, event);
  } catch (const std::exception& error) {
    throw std::runtime_error("condition failed to compile: " + std::string(condition) + ": " + error.what());
  }
}

inline bool matches(std::string_view condition, const nlohmann::json& event, CompileOptions options = {}) {
  return eval(condition, event, options) == Tri::kTrue;
}

}  // namespace vigil::engine::eql::testing
