#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/hunt/bound_expr.hpp"

namespace vigil::engine::hunt {

// One scalar function or operator ("==", "has", "+", "strcat", ...): how
// many arguments it takes, its result type given its arguments' types, and
// how it evaluates. `result` returns the type, or writes `error` (the
// problem, without the function's name) when the argument types do not fit.
struct ScalarFunction {
  std::string_view name;
  int min_args = 0;
  int max_args = 0;  // -1: any number
  Type (*result)(std::span<const Type> args, std::string& error) = nullptr;
  ScalarEval eval = nullptr;
};

// The function or operator named, or nullptr. Thread-safe.
const ScalarFunction* find_scalar_function(std::string_view name);

// The function groups, each defined in its own file.
std::span<const ScalarFunction> comparison_functions();   // == != < <= > >= =~ !~ and or
std::span<const ScalarFunction> arithmetic_functions();   // + - * / % and unary minus ("neg")
std::span<const ScalarFunction> string_operators();       // has, contains, startswith, ..., matches regex, in
std::span<const ScalarFunction> string_functions();       // tolower, strcat, split, extract, ...
std::span<const ScalarFunction> datetime_functions();     // now, ago, bin, floor, startofday, ...
std::span<const ScalarFunction> conversion_functions();   // tostring, toint, ..., iff, case, isempty, ...
std::span<const ScalarFunction> dynamic_functions();      // array_length, pack_array, bag_pack, ...

// Shared by the groups: a value's text as string operators see it.
std::string operand_text(const Value& value);
// Converts as Kusto's to<type>() functions do; null when it does not convert.
Value convert_value(const Value& value, Type type);
// A type check for `result`: the given type, whatever the arguments.
template <Type T>
Type returns(std::span<const Type>, std::string&) {
  return T;
}

}  // namespace vigil::engine::hunt
