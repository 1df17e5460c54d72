#include "engine/rules/toml_rule_reader.hpp"

#include <sstream>
#include <string>

#include <toml++/toml.h>

#include "engine/rules/rule_definition_builder.hpp"
#include "engine/rules/rule_source.hpp"

namespace vigil::engine {
namespace {

SourceLocation to_location(std::string_view file, const toml::source_position& position) {
  return {std::string(file), static_cast<int>(position.line), static_cast<int>(position.column)};
}

// Converts a TOML node to JSON, recording where every key and array element
// was written so that errors found later, on the JSON, point into the file.
nlohmann::json to_json(const toml::node& node, const JsonPointer& at, RuleSource& source) {
  if (const auto* table = node.as_table()) {
    auto object = nlohmann::json::object();
    for (const auto& [key, child] : *table) {
      const auto child_at = at / std::string(key.str());
      // Keys report at the key itself; tables created by a [header] have no key token.
      const auto& position = key.source().begin ? key.source().begin : child.source().begin;
      source.positions[child_at.to_string()] = to_location(source.origin.file, position);
      object[std::string(key.str())] = to_json(child, child_at, source);
    }
    return object;
  }
  if (const auto* array = node.as_array()) {
    auto list = nlohmann::json::array();
    for (std::size_t i = 0; i < array->size(); ++i) {
      const auto& child = *array->get(i);
      const auto child_at = at / i;
      source.positions[child_at.to_string()] = to_location(source.origin.file, child.source().begin);
      list.push_back(to_json(child, child_at, source));
    }
    return list;
  }
  if (const auto* text = node.as_string()) return text->get();
  if (const auto* integer = node.as_integer()) return integer->get();
  if (const auto* floating = node.as_floating_point()) return floating->get();
  if (const auto* boolean = node.as_boolean()) return boolean->get();
  // Dates and times: Vigil reads none of them, so their TOML spelling is enough.
  std::ostringstream spelled;
  node.visit([&spelled](const auto& value) { spelled << value; });
  return spelled.str();
}

// Where the text of a string value starts, given where its opening quote is.
// A newline right after ''' or """ is not part of the string (TOML spec), so
// multi-line queries start at column 1 of the next line.
SourceLocation string_text_start(std::string_view text, SourceLocation quote) {
  std::size_t offset = 0;
  for (int line = 1; line < quote.line && offset != std::string_view::npos; ++line) {
    offset = text.find('\n', offset);
    if (offset != std::string_view::npos) ++offset;
  }
  if (offset == std::string_view::npos || offset + quote.column - 1 > text.size()) return quote;
  auto rest = text.substr(offset + quote.column - 1);
  if (rest.starts_with("'''") || rest.starts_with(R"(""")")) {
    rest.remove_prefix(3);
    if (rest.starts_with('\n') || rest.starts_with("\r\n")) return {quote.file, quote.line + 1, 1};
    return {quote.file, quote.line, quote.column + 3};
  }
  return {quote.file, quote.line, quote.column + 1};
}

}  // namespace

std::optional<RuleDefinition> read_toml_rule(std::string_view text, std::string_view name, LoadResult& result) {
  toml::table root;
  try {
    root = toml::parse(text, name);
  } catch (const toml::parse_error& error) {
    result.add_error(LoadCode::kTomlSyntax, to_location(name, error.source().begin), std::string(error.description()));
    return std::nullopt;
  }

  const auto* rule_node = root.get("rule");
  if (rule_node == nullptr) {
    result.add_error(LoadCode::kMissingKey, {std::string(name), 1, 1}, "missing required table [rule]");
    return std::nullopt;
  }
  const auto* rule_table = rule_node->as_table();
  if (rule_table == nullptr) {
    result.add_error(LoadCode::kWrongType, to_location(name, rule_node->source().begin), "'rule' must be a table");
    return std::nullopt;
  }

  RuleSource source;
  source.origin = to_location(name, rule_table->source().begin);
  source.fields = to_json(*rule_table, JsonPointer(), source);
  source.query_location = source.origin;
  if (const auto* query = rule_table->get("query"); query != nullptr && query->is_string()) {
    source.query_location = string_text_start(text, to_location(name, query->source().begin));
  }
  return build_rule_definition(source, result);
}

}  // namespace vigil::engine
