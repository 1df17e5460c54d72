// Comparison and logical operators, with Kusto's null semantics: `==` of a
// null and a non-null is false and `!=` true; both null gives null; ordering
// with a null gives null; `and`/`or` are three-valued.
#include <array>

#include "engine/hunt/functions.hpp"
#include "engine/text/case_fold.hpp"

namespace vigil::engine::hunt {
namespace {

bool comparable(Type a, Type b) {
  if (a == Type::kDynamic || b == Type::kDynamic) return true;
  if (is_numeric(a) && is_numeric(b)) return true;
  return a == b;
}

Type compare_type(std::span<const Type> t, std::string& error) {
  if (!comparable(t[0], t[1]))
    error = "Cannot compare values of types " + std::string(type_name(t[0])) + " and " + std::string(type_name(t[1])) +
            ". Try adding explicit casts";
  return Type::kBool;
}

Type bool_operands(std::span<const Type> t, std::string& error) {
  for (const auto x : t)
    if (x != Type::kBool && x != Type::kDynamic) error = "expects bool operands, got " + std::string(type_name(x));
  return Type::kBool;
}

// Whether two non-null values can be compared at run time (dynamics unwrapped).
bool same_kind(const Value& a, const Value& b) {
  return (is_numeric(a.type()) && is_numeric(b.type())) || a.type() == b.type();
}

// A string's text, or a dynamic string's (split()[i] gives one), in place; nullptr for any other value.
const std::string* text_of(const Value& v) {
  if (v.type() == Type::kString) return &v.as_string();
  if (v.type() == Type::kDynamic && !v.is_null() && v.as_json().is_string())
    return &v.as_json().get_ref<const std::string&>();
  return nullptr;
}

Value equal(Args v, ExecContext&) {
  // Two texts, the common case, compared without unwrapping a dynamic into a copy.
  const auto* a_text = text_of(v[0]);
  const auto* b_text = a_text != nullptr ? text_of(v[1]) : nullptr;
  if (b_text != nullptr) return Value::boolean(*a_text == *b_text);
  Value a_storage;
  Value b_storage;
  const Value& a = unwrapped(v[0], a_storage);
  const Value& b = unwrapped(v[1], b_storage);
  if (a.is_null() && b.is_null()) return Value::null(Type::kBool);
  if (a.is_null() || b.is_null()) return Value::boolean(false);
  return Value::boolean(same_kind(a, b) && values_equal(a, b));
}

Value not_equal(Args v, ExecContext& c) {
  const Value e = equal(v, c);
  return e.is_null() ? e : Value::boolean(!e.as_bool());
}

template <typename Test>
Value order(Args v, Test test) {
  Value a_storage;
  Value b_storage;
  const Value& a = unwrapped(v[0], a_storage);
  const Value& b = unwrapped(v[1], b_storage);
  if (a.is_null() || b.is_null() || !same_kind(a, b)) return Value::null(Type::kBool);
  return Value::boolean(test(compare_values(a, b)));
}

Value less(Args v, ExecContext&) {
  return order(v, [](int c) { return c < 0; });
}
Value less_equal(Args v, ExecContext&) {
  return order(v, [](int c) { return c <= 0; });
}
Value greater(Args v, ExecContext&) {
  return order(v, [](int c) { return c > 0; });
}
Value greater_equal(Args v, ExecContext&) {
  return order(v, [](int c) { return c >= 0; });
}

Value equal_ci(Args v, ExecContext&) {
  return Value::boolean(text::fold_case(operand_text(v[0])) == text::fold_case(operand_text(v[1])));
}
Value not_equal_ci(Args v, ExecContext& c) { return Value::boolean(!equal_ci(v, c).as_bool()); }

// -1 null, 0 false, 1 true.
int truth(const Value& value) {
  Value storage;
  const Value& v = unwrapped(value, storage);
  if (v.is_null() || v.type() != Type::kBool) return -1;
  return v.as_bool() ? 1 : 0;
}

Value logical_and(Args v, ExecContext&) {
  const int a = truth(v[0]);
  const int b = truth(v[1]);
  if (a == 0 || b == 0) return Value::boolean(false);
  if (a < 0 || b < 0) return Value::null(Type::kBool);
  return Value::boolean(true);
}

Value logical_or(Args v, ExecContext&) {
  const int a = truth(v[0]);
  const int b = truth(v[1]);
  if (a == 1 || b == 1) return Value::boolean(true);
  if (a < 0 || b < 0) return Value::null(Type::kBool);
  return Value::boolean(false);
}

Value logical_not(Args v, ExecContext&) {
  const int a = truth(v[0]);
  return a < 0 ? Value::null(Type::kBool) : Value::boolean(a == 0);
}

Type any_operands(std::span<const Type>, std::string&) { return Type::kBool; }

const std::array<ScalarFunction, 12> kComparisons = {{
    {"==", 2, 2, compare_type, equal},
    {"!=", 2, 2, compare_type, not_equal},
    {"<>", 2, 2, compare_type, not_equal},
    {"<", 2, 2, compare_type, less},
    {"<=", 2, 2, compare_type, less_equal},
    {">", 2, 2, compare_type, greater},
    {">=", 2, 2, compare_type, greater_equal},
    {"=~", 2, 2, any_operands, equal_ci},
    {"!~", 2, 2, any_operands, not_equal_ci},
    {"and", 2, 2, bool_operands, logical_and},
    {"or", 2, 2, bool_operands, logical_or},
    {"not", 1, 1, bool_operands, logical_not},
}};

}  // namespace

std::span<const ScalarFunction> comparison_functions() { return kComparisons; }

}  // namespace vigil::engine::hunt
