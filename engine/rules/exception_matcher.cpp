#include "engine/rules/exception_matcher.hpp"

#include <algorithm>
#include <optional>

#include "engine/event/field_lookup.hpp"
#include "engine/rules/kibana_wildcard.hpp"

namespace vigil::engine {
namespace {

// A field value as exceptions compare it; nullopt for null, objects and arrays.
std::optional<std::string> spelled(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number() || value.is_boolean()) return value.dump();
  return std::nullopt;
}

// The field's comparable values: the scalar itself, or each array element.
std::vector<std::string> field_values(const nlohmann::json& event, const std::string& field) {
  std::vector<std::string> values;
  const auto* found = find_field(event, field);
  if (found == nullptr) return values;
  const auto add = [&values](const nlohmann::json& value) {
    if (auto text = spelled(value)) values.push_back(std::move(*text));
  };
  if (found->is_array()) {
    std::for_each(found->begin(), found->end(), add);
  } else {
    add(*found);
  }
  return values;
}

bool field_exists(const nlohmann::json& event, const std::string& field) {
  const auto* found = find_field(event, field);
  if (found == nullptr || found->is_null()) return false;
  if (!found->is_array()) return true;
  return std::any_of(found->begin(), found->end(), [](const nlohmann::json& v) { return !v.is_null(); });
}

}  // namespace

ExceptionMatcher::ExceptionMatcher(const std::vector<ExceptionItem>& items) {
  for (const auto& item : items) {
    Item compiled;
    for (const auto& entry : item.entries) {
      Entry e{entry.field, entry.op, {}, {}};
      if (entry.op == ExceptionOperator::kMatches || entry.op == ExceptionOperator::kDoesNotMatch) {
        for (const auto& value : entry.values) e.patterns.push_back(compile_kibana_wildcard(value));
      } else {
        e.values = entry.values;
      }
      compiled.push_back(std::move(e));
    }
    items_.push_back(std::move(compiled));
  }
}

bool ExceptionMatcher::Entry::holds(const nlohmann::json& event) const {
  switch (op) {
    case ExceptionOperator::kExists: return field_exists(event, field);
    case ExceptionOperator::kDoesNotExist: return !field_exists(event, field);
    default: break;
  }
  const auto actual = field_values(event, field);
  // The operator filled exactly one of `values` and `patterns`.
  const bool any = std::any_of(actual.begin(), actual.end(), [this](const std::string& value) {
    return std::find(values.begin(), values.end(), value) != values.end() ||
           std::any_of(patterns.begin(), patterns.end(), [&value](const auto& p) { return p.matches(value); });
  });
  const bool negated = op == ExceptionOperator::kIsNot || op == ExceptionOperator::kIsNotOneOf ||
                       op == ExceptionOperator::kDoesNotMatch;
  return negated ? !any : any;
}

bool ExceptionMatcher::excepts(const nlohmann::json& event) const {
  return std::any_of(items_.begin(), items_.end(), [&event](const Item& item) {
    return std::all_of(item.begin(), item.end(), [&event](const Entry& entry) { return entry.holds(event); });
  });
}

}  // namespace vigil::engine
