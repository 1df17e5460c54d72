#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace vigil::engine::eql {

// Where and why a query failed to parse. Positions are 1-based and relative
// to the query text; the rule loader shifts them to the rule file.
struct ParseError {
  int line = 1;
  int column = 1;
  std::string message;  // says what was expected and what was found
};

struct CompileOptions {
  // Defender tables spell one column several ways (ISP / Isp): their rules
  // resolve field names case-insensitively. ECS rules never do.
  bool case_insensitive_fields = false;
};

class Node;  // the compiled condition tree (engine/eql/ast.hpp)

// An EQL event query compiled once: wildcards and regexes are turned into
// matchers at compile time, never per event. Immutable and thread-safe.
class CompiledQuery {
 public:
  // "<category> where <condition>" (category may be "any").
  static std::variant<CompiledQuery, ParseError> compile(std::string_view text, CompileOptions options = {});
  // A bare condition, as used by aggregation rule filters and exceptions.
  static std::variant<CompiledQuery, ParseError> compile_condition(std::string_view text, CompileOptions options = {});

  // True when the event belongs to the category and the condition is true
  // (null counts as false, as Elasticsearch EQL).
  bool matches(const nlohmann::json& event) const;

  // The event category the query selects, or nullopt for "any" / a bare condition.
  const std::optional<std::string>& category() const { return category_; }

 private:
  CompiledQuery(std::optional<std::string> category, std::shared_ptr<const Node> root, CompileOptions options)
      : category_(std::move(category)), root_(std::move(root)), options_(options) {}

  std::optional<std::string> category_;
  std::shared_ptr<const Node> root_;
  CompileOptions options_;
};

}  // namespace vigil::engine::eql
