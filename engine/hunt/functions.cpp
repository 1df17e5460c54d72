#include "engine/hunt/functions.hpp"

#include <unordered_map>

namespace vigil::engine::hunt {
namespace {

using Registry = std::unordered_map<std::string_view, const ScalarFunction*>;

Registry build() {
  Registry r;
  for (const auto group : {comparison_functions(), arithmetic_functions(), string_operators(), string_functions(),
                           datetime_functions(), conversion_functions(), dynamic_functions()})
    for (const auto& f : group) r.emplace(f.name, &f);
  return r;
}

}  // namespace

const ScalarFunction* find_scalar_function(std::string_view name) {
  static const Registry registry = build();
  const auto it = registry.find(name);
  return it == registry.end() ? nullptr : it->second;
}

std::string operand_text(const Value& value) { return to_text(value); }

}  // namespace vigil::engine::hunt
