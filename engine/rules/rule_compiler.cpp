#include "engine/rules/rule_compiler.hpp"

#include "engine/rules/relative_time.hpp"

namespace vigil::engine {
namespace {

// Maps a position inside the query text to the rule file. Only the query's
// first line shares its columns with the file line it starts on. Kibana
// exports keep the query in one JSON string, so there the position inside
// the query is unknown to the file and goes into the message instead.
SourceLocation file_position(const SourceLocation& query_start, const eql::ParseError& error,
                             std::string& message) {
  if (query_start.column == 0) {
    message += " (query line " + std::to_string(error.line) + ", column " + std::to_string(error.column) + ")";
    return query_start;
  }
  SourceLocation at = query_start;
  at.line += error.line - 1;
  at.column = error.line == 1 ? query_start.column + error.column - 1 : error.column;
  return at;
}

}  // namespace

std::optional<CompiledRule> compile_rule(RuleDefinition definition, LoadResult& result) {
  std::optional<eql::CompiledQuery> query;
  if (definition.type == "eql" || !definition.query.empty()) {
    auto compiled = definition.type == "eql" ? eql::CompiledQuery::compile(definition.query)
                                             : eql::CompiledQuery::compile_condition(definition.query);
    if (const auto* error = std::get_if<eql::ParseError>(&compiled)) {
      std::string message = "invalid EQL query in rule \"" + definition.name + "\": " + error->message;
      const auto at = file_position(definition.query_location, *error, message);
      result.add_error(LoadCode::kQuerySyntax, at, std::move(message));
      return std::nullopt;
    }
    query = std::move(std::get<eql::CompiledQuery>(compiled));
  }

  CompiledRule rule{std::move(definition), std::move(query), {}, {}, 0};
  rule.exceptions = ExceptionMatcher(rule.definition.exceptions);
  rule.indices = IndexPatterns(rule.definition.index);
  // The reader accepted `from` only as date math at or before now.
  rule.lookback_ms = -relative_offset(rule.definition.from).value_or(0);
  return rule;
}

}  // namespace vigil::engine
