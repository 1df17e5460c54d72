#include "engine/rules/kibana_export_reader.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <utility>

#include "engine/rules/rule_definition_builder.hpp"
#include "engine/rules/rule_source.hpp"

namespace vigil::engine {
namespace {

struct ExportLine {
  SourceLocation at;
  nlohmann::json object;
};

// Kibana-written values are trusted to be well-formed, but a hand-edited
// export must not throw: a non-string reads as the fallback.
std::string string_or(const nlohmann::json& object, const char* key, std::string fallback) {
  if (!object.is_object()) return fallback;
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : fallback;
}

// "[json.exception.parse_error.101] parse error at line 1, column 7: syntax error ..." → "syntax error ...".
std::string json_error_message(const nlohmann::json::parse_error& error) {
  const std::string what = error.what();
  const auto column = what.find("column ");
  const auto colon = what.find(": ", column == std::string::npos ? 0 : column);
  return "invalid JSON: " + (colon == std::string::npos ? what : what.substr(colon + 2));
}

std::optional<ExceptionEntry> read_kibana_entry(const nlohmann::json& entry, std::string& why) {
  const auto field = entry.find("field");
  const auto type = entry.find("type");
  if (!entry.is_object() || field == entry.end() || !field->is_string() || type == entry.end() || !type->is_string()) {
    why = "an entry lacks a string 'field' or 'type'";
    return std::nullopt;
  }
  const bool excluded = string_or(entry, "operator", "included") == "excluded";
  const auto& kind = type->get_ref<const std::string&>();
  ExceptionEntry out{field->get<std::string>(), ExceptionOperator::kIs, {}};
  const auto value = entry.find("value");
  if (kind == "exists") {
    out.op = excluded ? ExceptionOperator::kDoesNotExist : ExceptionOperator::kExists;
    return out;
  }
  if (kind == "match" || kind == "wildcard") {
    if (value == entry.end() || !value->is_string()) {
      why = "a " + kind + " entry on '" + out.field + "' has no string value";
      return std::nullopt;
    }
    if (kind == "match") {
      out.op = excluded ? ExceptionOperator::kIsNot : ExceptionOperator::kIs;
    } else {
      out.op = excluded ? ExceptionOperator::kDoesNotMatch : ExceptionOperator::kMatches;
    }
    out.values.push_back(value->get<std::string>());
    return out;
  }
  if (kind == "match_any") {
    out.op = excluded ? ExceptionOperator::kIsNotOneOf : ExceptionOperator::kIsOneOf;
    const bool strings = value != entry.end() && value->is_array() && !value->empty() &&
                         std::all_of(value->begin(), value->end(), [](const auto& v) { return v.is_string(); });
    if (!strings) {
      why = "a match_any entry on '" + out.field + "' has no array of strings";
      return std::nullopt;
    }
    for (const auto& v : *value) out.values.push_back(v.get<std::string>());
    return out;
  }
  why = "entry type \"" + kind + "\" on '" + out.field + "' is not supported (value lists and nested entries are not)";
  return std::nullopt;
}

// An item Vigil cannot evaluate is skipped: without it the rule alerts more,
// never less, and the warning says which item to re-create by hand.
std::optional<ExceptionItem> read_kibana_item(const ExportLine& line, LoadResult& result) {
  const auto& item = line.object;
  ExceptionItem out;
  out.name = string_or(item, "name", string_or(item, "item_id", ""));
  std::string why = "it has no entries";
  const auto entries = item.find("entries");
  bool ok = entries != item.end() && entries->is_array() && !entries->empty();
  for (std::size_t i = 0; ok && i < entries->size(); ++i) {
    auto entry = read_kibana_entry((*entries)[i], why);
    ok = entry.has_value();
    if (ok) out.entries.push_back(std::move(*entry));
  }
  if (!ok) {
    result.add_warning(LoadCode::kUnsupportedException, line.at,
                       "exception item \"" + out.name + "\" skipped: " + why);
    return std::nullopt;
  }
  // Kibana narrows an item with os_types to events from those systems.
  const auto os_types = item.find("os_types");
  if (os_types != item.end() && os_types->is_array() && !os_types->empty()) {
    ExceptionEntry os{"host.os.type", ExceptionOperator::kIsOneOf, {}};
    for (const auto& os_type : *os_types) {
      if (os_type.is_string()) os.values.push_back(os_type.get<std::string>());
    }
    out.entries.push_back(std::move(os));
  }
  return out;
}

void attach_exceptions(const ExportLine& rule_line, const std::map<std::string, std::vector<ExceptionItem>>& lists,
                       RuleDefinition& rule, LoadResult& result) {
  const auto references = rule_line.object.find("exceptions_list");
  if (references == rule_line.object.end() || !references->is_array()) return;
  for (const auto& reference : *references) {
    const std::string list_id = string_or(reference, "list_id", "");
    const auto list = lists.find(list_id);
    if (list == lists.end()) {
      result.add_warning(LoadCode::kMissingExceptionList, rule_line.at,
                         "rule \"" + rule.name + "\" refers to exception list \"" + list_id +
                             "\", which is not in this export; its exceptions are not applied");
      continue;
    }
    rule.exceptions.insert(rule.exceptions.end(), list->second.begin(), list->second.end());
  }
}

}  // namespace

std::vector<RuleDefinition> read_kibana_export(std::string_view text, std::string_view name, LoadResult& result) {
  // Rules are built as their lines are met, so messages come in file order;
  // their exception lists may follow them, so those attach at the end.
  std::vector<std::pair<ExportLine, RuleDefinition>> rules;
  std::map<std::string, std::vector<ExceptionItem>> lists;  // list_id → its items, in file order

  int number = 0;
  for (std::size_t start = 0; start < text.size();) {
    auto end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    auto line = text.substr(start, end - start);
    start = end + 1;
    ++number;
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;

    ExportLine parsed{{std::string(name), number, 0}, {}};
    try {
      parsed.object = nlohmann::json::parse(line);
    } catch (const nlohmann::json::parse_error& error) {
      result.add_error(LoadCode::kJsonSyntax, {std::string(name), number, static_cast<int>(error.byte)},
                       json_error_message(error));
      continue;
    } catch (const nlohmann::json::out_of_range&) {
      // Well-formed JSON whose number is beyond double (1e999): nlohmann
      // throws out_of_range for it, not parse_error.
      result.add_error(LoadCode::kJsonSyntax, {std::string(name), number, 0}, "invalid JSON: a number is out of range");
      continue;
    }
    const auto& object = parsed.object;
    if (!object.is_object()) {
      result.add_error(LoadCode::kWrongType, parsed.at, "each line must be a JSON object");
    } else if (object.contains("rule_id")) {
      RuleSource source;
      source.fields = object;
      source.origin = parsed.at;
      source.query_location = parsed.at;
      if (auto rule = build_rule_definition(source, result)) rules.emplace_back(std::move(parsed), std::move(*rule));
    } else if (object.contains("list_id")) {
      // An exception list (which only names itself) or one of its items.
      auto& items = lists[string_or(object, "list_id", "")];
      if (object.contains("item_id")) {
        if (auto item = read_kibana_item(parsed, result)) items.push_back(std::move(*item));
      }
    } else if (!object.contains("exported_count")) {  // the closing summary is bookkeeping
      result.add_warning(LoadCode::kUnknownObject, parsed.at, "neither a rule nor an exception; skipped");
    }
  }

  std::vector<RuleDefinition> definitions;
  for (auto& [line, rule] : rules) {
    attach_exceptions(line, lists, rule, result);
    definitions.push_back(std::move(rule));
  }
  return definitions;
}

}  // namespace vigil::engine
