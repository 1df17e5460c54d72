#pragma once

#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>

#include "engine/eql/ast.hpp"

namespace vigil::engine::eql {

// Evaluation-time values and comparisons. Pure functions over non-owning views: thread-safe.

// The result of a predicate: a comparison with a missing or null operand is null. Whether that
// null survives `not` depends on how Elasticsearch runs the node (Node::script(), evaluator.cpp).
// A final null does not match.
enum class Tri { kFalse, kTrue, kNull };

constexpr Tri tri(bool b) { return b ? Tri::kTrue : Tri::kFalse; }
constexpr Tri tri_not(Tri t) { return t == Tri::kNull ? Tri::kNull : tri(t == Tri::kFalse); }

// One evaluated value. Non-owning: strings and arrays point into the event or the query, which
// outlive the evaluation, so evaluating never copies event data.
struct Value {
  enum class Kind { kNull, kBool, kInt, kDouble, kString, kArray, kObject };
  Kind kind = Kind::kNull;
  bool boolean = false;
  std::int64_t integer = 0;
  double decimal = 0;
  std::string_view string;
  const nlohmann::json* json = nullptr;  // kArray

  static Value of(Tri t);
  static Value of(const Literal& literal);
  // nullptr and JSON null give kNull.
  static Value of(const nlohmann::json* json);

  bool is_number() const { return kind == Kind::kInt || kind == Kind::kDouble; }
  Tri truth() const { return kind == Kind::kBool ? tri(boolean) : Tri::kNull; }
};

// Applies `test` to each scalar of a value and ORs the results: a multi-valued field matches
// when any element does (Lucene's semantics for term and wildcard queries). Nested arrays are
// flattened; an empty array is null, as an unindexed field is missing in Elasticsearch.
template <typename Test>
Tri any_scalar(const Value& value, const Test& test) {
  if (value.kind != Value::Kind::kArray) return test(value);
  Tri result = Tri::kNull;
  for (const auto& element : *value.json) {
    const Tri t = any_scalar(Value::of(&element), test);
    if (t == Tri::kTrue) return t;
    if (t == Tri::kFalse) result = t;
  }
  // No element matched: false if some element was comparable, null if none was.
  return result;
}

// True when the value is missing: null, or an array with no non-null element.
bool is_missing(const Value& value);

// The text of a scalar as a keyword field would index it: strings as is, numbers in shortest
// form, booleans as true/false. `buffer` holds formatted numbers. nullopt for null, objects.
std::optional<std::string_view> scalar_text(const Value& value, std::array<char, 32>& buffer);

// Compares two scalars (never arrays). There is no "!=": the parser makes it not (a == b), so
// that "!=" on a multi-valued field means no element equals.
// - numbers compare numerically; a string against a number is parsed as a number first;
// - strings compare case-sensitively, bytewise (= code point order); `case_insensitive` (only
//   with kEqual, for `in~`) folds ASCII;
// - booleans compare with booleans and with the strings "true"/"false";
// - anything else (null, objects, unparsable numbers) is null.
Tri compare_scalars(Comparison::Op op, const Value& left, const Value& right, bool case_insensitive = false);

}  // namespace vigil::engine::eql
