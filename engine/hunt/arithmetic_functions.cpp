// Arithmetic, including Kusto's datetime arithmetic: datetime ± timespan is
// a datetime, datetime - datetime a timespan, timespan × number a timespan.
// A null operand gives null; integer division by zero, and a result a long
// cannot hold, give null (checked_math.hpp).
#include <array>
#include <cmath>

#include "engine/hunt/checked_math.hpp"
#include "engine/hunt/functions.hpp"

namespace vigil::engine::hunt {
namespace {

bool integral(Type t) { return t == Type::kInt || t == Type::kLong; }

std::string cannot(char op, Type a, Type b) {
  return std::string("Cannot apply '") + op + "' to operands of types " + std::string(type_name(a)) + " and " +
         std::string(type_name(b));
}

Type numeric_result(Type a, Type b) {
  if (a == Type::kReal || b == Type::kReal) return Type::kReal;
  if (a == Type::kInt && b == Type::kInt) return Type::kInt;
  return Type::kLong;
}

Type plus_type(std::span<const Type> t, std::string& error) {
  const Type a = t[0], b = t[1];
  if (is_numeric(a) && is_numeric(b)) return numeric_result(a, b);
  if ((a == Type::kDateTime && b == Type::kTimespan) || (a == Type::kTimespan && b == Type::kDateTime))
    return Type::kDateTime;
  if (a == Type::kTimespan && b == Type::kTimespan) return Type::kTimespan;
  error = cannot('+', a, b);
  return Type::kLong;
}

Type minus_type(std::span<const Type> t, std::string& error) {
  const Type a = t[0], b = t[1];
  if (is_numeric(a) && is_numeric(b)) return numeric_result(a, b);
  if (a == Type::kDateTime && b == Type::kTimespan) return Type::kDateTime;
  if (a == Type::kDateTime && b == Type::kDateTime) return Type::kTimespan;
  if (a == Type::kTimespan && b == Type::kTimespan) return Type::kTimespan;
  error = cannot('-', a, b);
  return Type::kLong;
}

Type times_type(std::span<const Type> t, std::string& error) {
  const Type a = t[0], b = t[1];
  if (is_numeric(a) && is_numeric(b)) return numeric_result(a, b);
  if ((a == Type::kTimespan && is_numeric(b)) || (is_numeric(a) && b == Type::kTimespan)) return Type::kTimespan;
  error = cannot('*', a, b);
  return Type::kLong;
}

Type divide_type(std::span<const Type> t, std::string& error) {
  const Type a = t[0], b = t[1];
  if (is_numeric(a) && is_numeric(b)) return numeric_result(a, b);
  if (a == Type::kTimespan && is_numeric(b)) return Type::kTimespan;
  if (a == Type::kTimespan && b == Type::kTimespan) return Type::kReal;
  error = cannot('/', a, b);
  return Type::kLong;
}

Type modulo_type(std::span<const Type> t, std::string& error) {
  if (integral(t[0]) && integral(t[1])) return numeric_result(t[0], t[1]);
  error = cannot('%', t[0], t[1]);
  return Type::kLong;
}

Type negate_type(std::span<const Type> t, std::string& error) {
  if (is_numeric(t[0]) || t[0] == Type::kTimespan) return t[0];
  error = "Cannot negate a value of type " + std::string(type_name(t[0]));
  return Type::kLong;
}

Value make(Type type, std::int64_t n) {
  switch (type) {
    case Type::kDateTime:
      return Value::datetime(n);
    case Type::kTimespan:
      return Value::timespan(n);
    case Type::kInt:
      return Value::integer(static_cast<std::int32_t>(n));
    default:
      return Value::long_(n);
  }
}

// Applies `op` on longs when both operands are integral or time, on doubles otherwise.
template <typename LongOp, typename RealOp>
Value arith(Args v, Type (*type_of)(std::span<const Type>, std::string&), LongOp long_op, RealOp real_op) {
  const Value& a = v[0];
  const Value& b = v[1];
  const std::array<Type, 2> types = {a.type(), b.type()};
  std::string error;
  const Type result = type_of(types, error);
  if (a.is_null() || b.is_null() || !error.empty()) return Value::null(result);
  if (result == Type::kReal) return Value::real(real_op(a.to_real(), b.to_real()));
  if (result == Type::kTimespan && (a.type() == Type::kReal || b.type() == Type::kReal)) {
    const auto ms = real_to_long(real_op(a.to_real(), b.to_real()));
    return ms ? Value::timespan(*ms) : Value::null(result);
  }
  const auto n = long_op(a.as_long(), b.as_long());
  if (!n) return Value::null(result);
  return make(result, *n);
}

Value plus(Args v, ExecContext&) {
  return arith(v, plus_type, checked_add, [](double x, double y) { return x + y; });
}
Value minus(Args v, ExecContext&) {
  return arith(v, minus_type, checked_sub, [](double x, double y) { return x - y; });
}
Value times(Args v, ExecContext&) {
  return arith(v, times_type, checked_mul, [](double x, double y) { return x * y; });
}
Value divide(Args v, ExecContext&) {
  if (v[0].type() == Type::kTimespan && v[1].type() == Type::kTimespan && !v[0].is_null() && !v[1].is_null())
    return Value::real(static_cast<double>(v[0].as_long()) / static_cast<double>(v[1].as_long()));
  return arith(v, divide_type, checked_div, [](double x, double y) { return x / y; });
}
Value modulo(Args v, ExecContext&) {
  return arith(v, modulo_type, checked_mod, [](double x, double y) { return std::fmod(x, y); });
}
Value negate(Args v, ExecContext&) {
  const Value& a = v[0];
  if (a.is_null()) return a;
  if (a.type() == Type::kReal) return Value::real(-a.as_real());
  const auto n = checked_sub(0, a.as_long());
  return n ? make(a.type(), *n) : Value::null(a.type());
}

const std::array<ScalarFunction, 6> kArithmetic = {{
    {"+", 2, 2, plus_type, plus},
    {"-", 2, 2, minus_type, minus},
    {"*", 2, 2, times_type, times},
    {"/", 2, 2, divide_type, divide},
    {"%", 2, 2, modulo_type, modulo},
    {"neg", 1, 1, negate_type, negate},
}};

}  // namespace

std::span<const ScalarFunction> arithmetic_functions() { return kArithmetic; }

}  // namespace vigil::engine::hunt
