// Conversions, conditionals and emptiness tests.
#include <array>
#include <charconv>

#include "engine/hunt/checked_math.hpp"
#include "engine/hunt/evaluator.hpp"
#include "engine/hunt/functions.hpp"

namespace vigil::engine::hunt {
namespace {

// Converts a value to `type` as Kusto's to<type>() functions do: text is
// parsed, numbers convert, what does not convert is null.
Value convert(const Value& value, Type type) {
  const Value v = unwrap_dynamic(value);
  if (v.type() == type) return v;
  if (type == Type::kString) return Value::string(to_text(v));
  if (type == Type::kDynamic) return v.type() == Type::kDynamic ? v : Value::dynamic(to_json(v));
  if (v.is_null()) return Value::null(type);
  if (is_numeric(type) && is_numeric(v.type())) {
    if (type == Type::kReal) return Value::real(v.to_real());
    const auto n = v.type() == Type::kReal ? real_to_long(v.as_real()) : std::optional(v.as_long());
    if (!n) return Value::null(type);
    return type == Type::kInt ? Value::integer(static_cast<std::int32_t>(*n)) : Value::long_(*n);
  }
  if (is_numeric(type) && v.type() == Type::kBool) return convert(Value::long_(v.as_bool() ? 1 : 0), type);
  if (type == Type::kBool && is_numeric(v.type())) return Value::boolean(v.to_real() != 0);
  if (type == Type::kReal && v.type() == Type::kString) {
    double d = 0;
    const auto& s = v.as_string();
    const auto r = std::from_chars(s.data(), s.data() + s.size(), d);
    return r.ec == std::errc() && r.ptr == s.data() + s.size() ? Value::real(d) : Value::null(type);
  }
  if (type == Type::kTimespan && is_numeric(v.type())) {
    const auto ms = v.type() == Type::kReal ? real_to_long(v.as_real()) : std::optional(v.as_long());
    return ms ? Value::timespan(*ms) : Value::null(type);
  }
  if (v.type() == Type::kString) {
    const auto& s = v.as_string();
    if (type == Type::kTimespan) {
      // "hh:mm:ss" or "d.hh:mm:ss"
      int d = 0, h = 0, m = 0, sec = 0;
      if (std::sscanf(s.c_str(), "%d.%d:%d:%d", &d, &h, &m, &sec) == 4)
        return Value::timespan(d * kDayMs + h * kHourMs + m * kMinuteMs + sec * kSecondMs);
      if (std::sscanf(s.c_str(), "%d:%d:%d", &h, &m, &sec) == 3)
        return Value::timespan(h * kHourMs + m * kMinuteMs + sec * kSecondMs);
      return Value::null(type);
    }
    return from_json(nlohmann::json(s), type);
  }
  return Value::null(type);
}

template <Type T>
Value to(Args v, ExecContext&) {
  return convert(v[0], T);
}

Value parse_json(Args v, ExecContext&) {
  if (v[0].type() == Type::kDynamic) return v[0];
  if (v[0].type() != Type::kString) return Value::dynamic(to_json(v[0]));
  auto j = nlohmann::json::parse(v[0].as_string(), nullptr, false);
  return Value::dynamic(j.is_discarded() ? nlohmann::json(v[0].as_string()) : std::move(j));
}

// The type two branches share: the same, a common numeric type, or dynamic
// when either is dynamic. Kusto requires the same type; it accepts a
// dynamic against a scalar (the playbook's first query relies on it).
Type common_type(Type a, Type b, std::string& error) {
  if (a == b) return a;
  if (a == Type::kDynamic || b == Type::kDynamic) return Type::kDynamic;
  if (is_numeric(a) && is_numeric(b)) return a == Type::kReal || b == Type::kReal ? Type::kReal : Type::kLong;
  error = "branches have different types: " + std::string(type_name(a)) + " and " + std::string(type_name(b));
  return a;
}

Type iff_type(std::span<const Type> t, std::string& error) {
  if (t[0] != Type::kBool && t[0] != Type::kDynamic)
    error = "expects a bool condition, got " + std::string(type_name(t[0]));
  return common_type(t[1], t[2], error);
}

Value iff(Args v, ExecContext&) {
  std::string unused;
  const Type type = common_type(v[1].type(), v[2].type(), unused);
  return convert(is_true(v[0]) ? v[1] : v[2], type);
}

// case(p1, v1, p2, v2, ..., else)
Type case_type(std::span<const Type> t, std::string& error) {
  if (t.size() % 2 == 0) {
    error = "expects pairs of predicate and value, then an else value";
    return Type::kString;
  }
  Type result = t.back();
  for (std::size_t i = 0; i + 1 < t.size(); i += 2) {
    if (t[i] != Type::kBool && t[i] != Type::kDynamic) error = "expects bool predicates";
    result = common_type(result, t[i + 1], error);
  }
  return result;
}

Value case_(Args v, ExecContext&) {
  std::string unused;
  Type type = v.back().type();
  for (std::size_t i = 0; i + 1 < v.size(); i += 2) type = common_type(type, v[i + 1].type(), unused);
  for (std::size_t i = 0; i + 1 < v.size(); i += 2)
    if (is_true(v[i])) return convert(v[i + 1], type);
  return convert(v.back(), type);
}

Type coalesce_type(std::span<const Type> t, std::string& error) {
  Type result = t[0];
  for (const auto x : t.subspan(1)) result = common_type(result, x, error);
  return result;
}

Value coalesce(Args v, ExecContext&) {
  std::string unused;
  Type type = v[0].type();
  for (const auto& x : v.subspan(1)) type = common_type(type, x.type(), unused);
  for (const auto& x : v)
    if (!x.is_null() && !(x.type() == Type::kString && x.as_string().empty())) return convert(x, type);
  return Value::null(type);
}

// Kusto's isempty: null, or an empty string (a dynamic empty string too).
bool empty(const Value& value) {
  Value storage;
  const Value& v = unwrapped(value, storage);
  return v.is_null() || (v.type() == Type::kString && v.as_string().empty());
}

const std::array<ScalarFunction, 20> kConversions = {{
    {"tostring", 1, 1, returns<Type::kString>, to<Type::kString>},
    {"toint", 1, 1, returns<Type::kInt>, to<Type::kInt>},
    {"tolong", 1, 1, returns<Type::kLong>, to<Type::kLong>},
    {"todouble", 1, 1, returns<Type::kReal>, to<Type::kReal>},
    {"toreal", 1, 1, returns<Type::kReal>, to<Type::kReal>},
    {"tobool", 1, 1, returns<Type::kBool>, to<Type::kBool>},
    {"toboolean", 1, 1, returns<Type::kBool>, to<Type::kBool>},
    {"todatetime", 1, 1, returns<Type::kDateTime>, to<Type::kDateTime>},
    {"totimespan", 1, 1, returns<Type::kTimespan>, to<Type::kTimespan>},
    {"todynamic", 1, 1, returns<Type::kDynamic>, parse_json},
    {"parse_json", 1, 1, returns<Type::kDynamic>, parse_json},
    {"iff", 3, 3, iff_type, iff},
    {"iif", 3, 3, iff_type, iff},
    {"case", 3, -1, case_type, case_},
    {"coalesce", 2, 64, coalesce_type, coalesce},
    {"isempty", 1, 1, returns<Type::kBool>, [](Args v, ExecContext&) { return Value::boolean(empty(v[0])); }},
    {"isnotempty", 1, 1, returns<Type::kBool>, [](Args v, ExecContext&) { return Value::boolean(!empty(v[0])); }},
    {"isnull", 1, 1, returns<Type::kBool>,
     [](Args v, ExecContext&) {
       return Value::boolean(v[0].type() != Type::kString && unwrap_dynamic(v[0]).is_null());
     }},
    {"isnotnull", 1, 1, returns<Type::kBool>,
     [](Args v, ExecContext&) {
       return Value::boolean(v[0].type() == Type::kString || !unwrap_dynamic(v[0]).is_null());
     }},
    {"tohex", 1, 1, returns<Type::kString>,
     [](Args v, ExecContext&) {
       if (v[0].is_null() || !is_numeric(v[0].type()) || v[0].type() == Type::kReal) return Value::string("");
       std::array<char, 24> b{};
       const auto r = std::to_chars(b.data(), b.data() + b.size(), v[0].as_long(), 16);
       return Value::string(std::string(b.data(), r.ptr));
     }},
}};

}  // namespace

std::span<const ScalarFunction> conversion_functions() { return kConversions; }

// Exposed for mv-expand's `to typeof()`.
Value convert_value(const Value& value, Type type) { return convert(value, type); }

}  // namespace vigil::engine::hunt
