// Functions over dynamic values, and member and index access
// (`property.Name`, `split(x, "@")[1]`), which give null when the member
// or element is missing.
#include <array>

#include "engine/hunt/functions.hpp"

namespace vigil::engine::hunt {
namespace {

Type dynamic_operand(std::span<const Type> t, std::string& error) {
  if (t[0] != Type::kDynamic) error = "expects a dynamic value, got " + std::string(type_name(t[0]));
  return Type::kDynamic;
}

Value member(Args v, ExecContext&) {
  if (v[0].is_null() || v[0].type() != Type::kDynamic) return Value::null(Type::kDynamic);
  const auto& j = v[0].as_json();
  if (!j.is_object()) return Value::null(Type::kDynamic);
  const auto it = j.find(operand_text(v[1]));
  return it == j.end() ? Value::null(Type::kDynamic) : Value::dynamic(*it);
}

Value index(Args v, ExecContext& c) {
  if (v[0].is_null() || v[0].type() != Type::kDynamic || v[1].is_null()) return Value::null(Type::kDynamic);
  const auto& j = v[0].as_json();
  if (v[1].type() == Type::kString) return member(v, c);
  if (!j.is_array() || !is_numeric(v[1].type())) return Value::null(Type::kDynamic);
  auto i = v[1].as_long();
  if (i < 0) i += static_cast<std::int64_t>(j.size());  // Kusto counts negative indices from the end
  if (i < 0 || static_cast<std::size_t>(i) >= j.size()) return Value::null(Type::kDynamic);
  return Value::dynamic(j[static_cast<std::size_t>(i)]);
}

Value array_length(Args v, ExecContext&) {
  if (v[0].is_null() || v[0].type() != Type::kDynamic || !v[0].as_json().is_array()) return Value::null(Type::kLong);
  return Value::long_(static_cast<std::int64_t>(v[0].as_json().size()));
}

Value pack_array(Args v, ExecContext&) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& x : v) out.push_back(to_json(x));
  return Value::dynamic(std::move(out));
}

Type pairs(std::span<const Type> t, std::string& error) {
  if (t.size() % 2 != 0) error = "expects pairs of key and value";
  for (std::size_t i = 0; i < t.size(); i += 2)
    if (t[i] != Type::kString) error = "expects string keys";
  return Type::kDynamic;
}

Value bag_pack(Args v, ExecContext&) {
  nlohmann::json out = nlohmann::json::object();
  for (std::size_t i = 0; i + 1 < v.size(); i += 2) out[operand_text(v[i])] = to_json(v[i + 1]);
  return Value::dynamic(std::move(out));
}

Value set_has_element(Args v, ExecContext&) {
  if (v[0].is_null() || v[0].type() != Type::kDynamic || !v[0].as_json().is_array()) return Value::null(Type::kBool);
  const auto needle = to_json(unwrap_dynamic(v[1]));
  for (const auto& e : v[0].as_json())
    if (e == needle) return Value::boolean(true);
  return Value::boolean(false);
}

const std::array<ScalarFunction, 7> kDynamicFunctions = {{
    {".", 2, 2, returns<Type::kDynamic>, member},
    {"[]", 2, 2, returns<Type::kDynamic>, index},
    {"array_length", 1, 1,
     [](std::span<const Type> t, std::string& e) {
       dynamic_operand(t, e);
       return Type::kLong;
     },
     array_length},
    {"pack_array", 1, 64, returns<Type::kDynamic>, pack_array},
    {"bag_pack", 2, 64, pairs, bag_pack},
    {"pack", 2, 64, pairs, bag_pack},
    {"set_has_element", 2, 2,
     [](std::span<const Type> t, std::string& e) {
       dynamic_operand(t, e);
       return Type::kBool;
     },
     set_has_element},
}};

}  // namespace

std::span<const ScalarFunction> dynamic_functions() { return kDynamicFunctions; }

}  // namespace vigil::engine::hunt
