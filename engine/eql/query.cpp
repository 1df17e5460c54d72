#include "engine/eql/query.hpp"

#include "engine/eql/ast.hpp"
#include "engine/eql/evaluator.hpp"
#include "engine/eql/field_resolver.hpp"
#include "engine/eql/parser.hpp"
#include "engine/eql/syntax_error.hpp"

namespace vigil::engine::eql {
namespace {

// `process where` is a case-sensitive term match on event.category, a string or (in ECS) an array.
bool in_category(const nlohmann::json& event, const std::string& category, bool case_insensitive_fields) {
  const auto* field = resolve_field(event, "event.category", case_insensitive_fields);
  if (field == nullptr) return false;
  if (field->is_string()) return field->get_ref<const std::string&>() == category;
  if (!field->is_array()) return false;
  for (const auto& element : *field) {
    if (element.is_string() && element.get_ref<const std::string&>() == category) return true;
  }
  return false;
}

}  // namespace

std::variant<CompiledQuery, ParseError> CompiledQuery::compile(std::string_view text, CompileOptions options) {
  try {
    ParsedQuery parsed = Parser(text, options).parse_query();
    return CompiledQuery(std::move(parsed.category), std::move(parsed.condition), options);
  } catch (const SyntaxError& error) {
    return error.error();
  }
}

std::variant<CompiledQuery, ParseError> CompiledQuery::compile_condition(std::string_view text,
                                                                         CompileOptions options) {
  try {
    return CompiledQuery(std::nullopt, Parser(text, options).parse_condition(), options);
  } catch (const SyntaxError& error) {
    return error.error();
  }
}

bool CompiledQuery::matches(const nlohmann::json& event) const {
  if (category_ && !in_category(event, *category_, options_.case_insensitive_fields)) return false;
  return evaluate_condition(*root_, event) == Tri::kTrue;
}

}  // namespace vigil::engine::eql
