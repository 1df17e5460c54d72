// Time functions. A query's now() is one instant for the whole query, as in
// Kusto (ExecContext::now()).
#include <array>
#include <cmath>

#include "engine/hunt/checked_math.hpp"
#include "engine/hunt/exec_context.hpp"
#include "engine/hunt/functions.hpp"

namespace vigil::engine::hunt {
namespace {

Type now_type(std::span<const Type> t, std::string& error) {
  if (!t.empty() && t[0] != Type::kTimespan) error = "expects a timespan offset, got " + std::string(type_name(t[0]));
  return Type::kDateTime;
}

Value now(Args v, ExecContext& c) {
  if (!v.empty() && v[0].is_null()) return Value::null(Type::kDateTime);
  const auto t = checked_add(c.now(), v.empty() ? 0 : v[0].as_long());
  return t ? Value::datetime(*t) : Value::null(Type::kDateTime);
}

Value ago(Args v, ExecContext& c) {
  if (v[0].is_null()) return Value::null(Type::kDateTime);
  const auto t = checked_sub(c.now(), v[0].as_long());
  return t ? Value::datetime(*t) : Value::null(Type::kDateTime);
}

// bin() and floor(): the value rounded down to a multiple of `size`
// (datetimes from the Unix epoch, as Kusto's bin from 0001-01-01 gives the
// same boundaries for sizes that divide a day).
Type bin_type(std::span<const Type> t, std::string& error) {
  const Type v = t[0];
  const Type s = t[1];
  if ((v == Type::kDateTime || v == Type::kTimespan) && s == Type::kTimespan) return v;
  if (is_numeric(v) && is_numeric(s)) return v == Type::kReal || s == Type::kReal ? Type::kReal : v;
  error = "cannot round a " + std::string(type_name(v)) + " to a bin of type " + std::string(type_name(s));
  return v;
}

// `size` is positive; null when the floor is below the smallest long.
std::optional<std::int64_t> floor_to(std::int64_t value, std::int64_t size) {
  const auto q = value / size;
  return checked_mul(value % size != 0 && value < 0 ? q - 1 : q, size);
}

Value bin(Args v, ExecContext&) {
  const Value& value = v[0];
  const Value& size = v[1];
  if (value.is_null() || size.is_null()) return Value::null(value.type());
  if (value.type() == Type::kReal || size.type() == Type::kReal) {
    if (size.to_real() <= 0) return Value::null(Type::kReal);
    return Value::real(std::floor(value.to_real() / size.to_real()) * size.to_real());
  }
  if (size.as_long() <= 0) return Value::null(value.type());
  const auto floored = floor_to(value.as_long(), size.as_long());
  if (!floored) return Value::null(value.type());
  const auto n = *floored;
  switch (value.type()) {
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

Type startofday_type(std::span<const Type> t, std::string& error) {
  if (t[0] != Type::kDateTime) error = "expects a datetime, got " + std::string(type_name(t[0]));
  if (t.size() > 1 && !is_numeric(t[1])) error = "expects a number of days as its offset";
  return Type::kDateTime;
}

Value startofday(Args v, ExecContext&) {
  if (v[0].is_null()) return v[0];
  const auto offset = v.size() > 1 && !v[1].is_null() ? v[1].as_long() : 0;
  const auto day = floor_to(v[0].as_long(), kDayMs);
  const auto shift = checked_mul(offset, kDayMs);
  const auto t = day && shift ? checked_add(*day, *shift) : std::nullopt;
  return t ? Value::datetime(*t) : Value::null(Type::kDateTime);
}

const std::array<ScalarFunction, 5> kDatetimeFunctions = {{
    {"now", 0, 1, now_type, now},
    {"ago", 1, 1, now_type, ago},
    {"bin", 2, 2, bin_type, bin},
    {"floor", 2, 2, bin_type, bin},
    {"startofday", 1, 2, startofday_type, startofday},
}};

}  // namespace

std::span<const ScalarFunction> datetime_functions() { return kDatetimeFunctions; }

}  // namespace vigil::engine::hunt
