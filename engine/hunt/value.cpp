#include "engine/hunt/value.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <functional>

#include "engine/hunt/checked_math.hpp"

namespace vigil::engine::hunt {
namespace {

struct TypeNames {
  Type type;
  std::string_view kusto;
  std::string_view api;
};

constexpr std::array<TypeNames, 8> kTypeNames = {{{Type::kBool, "bool", "Boolean"},
                                                  {Type::kInt, "int", "Int32"},
                                                  {Type::kLong, "long", "Int64"},
                                                  {Type::kReal, "real", "Double"},
                                                  {Type::kString, "string", "String"},
                                                  {Type::kDateTime, "datetime", "DateTime"},
                                                  {Type::kTimespan, "timespan", "TimeSpan"},
                                                  {Type::kDynamic, "dynamic", "Object"}}};

bool is_integral(Type t) { return t == Type::kInt || t == Type::kLong; }

// A dynamic's rank in compare_values, after the typed scalars.
int type_rank(Type t) { return static_cast<int>(t); }

std::string two(std::int64_t n) {
  std::array<char, 8> b{};
  std::snprintf(b.data(), b.size(), "%02lld", static_cast<long long>(n));
  return b.data();
}

}  // namespace

std::string_view type_name(Type type) { return kTypeNames[static_cast<std::size_t>(type)].kusto; }
std::string_view api_type_name(Type type) { return kTypeNames[static_cast<std::size_t>(type)].api; }

std::optional<Type> type_from_name(std::string_view name) {
  for (const auto& t : kTypeNames)
    if (t.kusto == name) return t.type;
  if (name == "double") return Type::kReal;
  if (name == "time") return Type::kTimespan;
  if (name == "boolean") return Type::kBool;
  return std::nullopt;
}

bool is_numeric(Type type) { return type == Type::kInt || type == Type::kLong || type == Type::kReal; }

Value Value::null(Type type) {
  Value v;
  v.type_ = type;
  if (type == Type::kString) v.data_ = std::string();
  return v;
}
Value Value::boolean(bool b) {
  Value v;
  v.type_ = Type::kBool;
  v.data_ = b;
  return v;
}
Value Value::integer(std::int32_t i) {
  Value v;
  v.type_ = Type::kInt;
  v.data_ = static_cast<std::int64_t>(i);
  return v;
}
Value Value::long_(std::int64_t i) {
  Value v;
  v.type_ = Type::kLong;
  v.data_ = i;
  return v;
}
Value Value::real(double d) {
  Value v;
  v.type_ = Type::kReal;
  if (!std::isnan(d)) v.data_ = d;  // NaN only arises from undefined arithmetic: null
  return v;
}
Value Value::string(std::string s) {
  Value v;
  v.type_ = Type::kString;
  v.data_ = std::move(s);
  return v;
}
void Value::assign_string(std::string_view text) {
  type_ = Type::kString;
  if (auto* s = std::get_if<std::string>(&data_)) {
    s->assign(text);
  } else {
    data_ = std::string(text);
  }
}

Value Value::datetime(TimeMs t) {
  if (!datetime_in_range(t)) return null(Type::kDateTime);
  Value v;
  v.type_ = Type::kDateTime;
  v.data_ = t;
  return v;
}
Value Value::timespan(TimeMs t) {
  Value v;
  v.type_ = Type::kTimespan;
  v.data_ = t;
  return v;
}
Value Value::dynamic(nlohmann::json json) { return dynamic(std::make_shared<const nlohmann::json>(std::move(json))); }
Value Value::dynamic(std::shared_ptr<const nlohmann::json> json) {
  Value v;
  v.type_ = Type::kDynamic;
  if (json && !json->is_null()) v.data_ = std::move(json);
  return v;
}

double Value::to_real() const { return type_ == Type::kReal ? as_real() : static_cast<double>(as_long()); }

std::size_t Value::footprint() const {
  std::size_t bytes = sizeof(Value);
  if (type_ == Type::kString) bytes += as_string().capacity();
  if (type_ == Type::kDynamic && !is_null()) bytes += 64 + as_json().dump().size() / 2;
  return bytes;
}

const Value& unwrapped(const Value& value, Value& storage) {
  if (value.type() != Type::kDynamic || value.is_null()) return value;
  storage = unwrap_dynamic(value);
  return storage;
}

Value unwrap_dynamic(const Value& value) {
  if (value.type() != Type::kDynamic || value.is_null()) return value;
  const auto& j = value.as_json();
  if (j.is_string()) return Value::string(j.get<std::string>());
  if (j.is_boolean()) return Value::boolean(j.get<bool>());
  if (j.is_number_integer()) return Value::long_(j.get<std::int64_t>());
  if (j.is_number()) return Value::real(j.get<double>());
  return value;
}

std::string format_timespan(TimeMs t) {
  std::string out = t < 0 ? "-" : "";
  // The magnitude as unsigned: -INT64_MIN does not fit a long.
  const std::uint64_t a = t < 0 ? 0 - static_cast<std::uint64_t>(t) : static_cast<std::uint64_t>(t);
  const auto part = [a](std::int64_t modulus, std::int64_t unit) {
    return static_cast<std::int64_t>(a % static_cast<std::uint64_t>(modulus) / static_cast<std::uint64_t>(unit));
  };
  const std::uint64_t days = a / static_cast<std::uint64_t>(kDayMs);
  if (days > 0) out += std::to_string(days) + ".";
  out += two(part(kDayMs, kHourMs)) + ":" + two(part(kHourMs, kMinuteMs)) + ":" + two(part(kMinuteMs, kSecondMs));
  if (const auto ms = part(kSecondMs, 1); ms != 0) {
    std::array<char, 16> b{};
    std::snprintf(b.data(), b.size(), ".%03lld0000", static_cast<long long>(ms));
    out += b.data();
  }
  return out;
}

std::string format_datetime(TimeMs t) {
  auto text = format_timestamp(t);  // "...T..:..:..sssZ" with milliseconds
  text.insert(text.size() - 1, "0000");
  return text;
}

nlohmann::json to_json(const Value& value) {
  if (value.is_null()) return value.type() == Type::kString ? nlohmann::json("") : nlohmann::json();
  switch (value.type()) {
    case Type::kBool:
      return value.as_bool();
    case Type::kInt:
    case Type::kLong:
      return value.as_long();
    case Type::kReal:
      return value.as_real();
    case Type::kString:
      return value.as_string();
    case Type::kDateTime:
      return format_datetime(value.as_long());
    case Type::kTimespan:
      return format_timespan(value.as_long());
    case Type::kDynamic:
      return value.as_json();
  }
  return nullptr;
}

std::string to_text(const Value& value) {
  if (value.is_null()) return "";
  if (value.type() == Type::kString) return value.as_string();
  if (value.type() == Type::kDynamic && value.as_json().is_string()) return value.as_json().get<std::string>();
  if (value.type() == Type::kDynamic) return value.as_json().dump();
  if (value.type() == Type::kReal) {
    std::array<char, 32> b{};
    const auto r = std::to_chars(b.data(), b.data() + b.size(), value.as_real());
    return std::string(b.data(), r.ptr);
  }
  const auto j = to_json(value);
  return j.is_string() ? j.get<std::string>() : j.dump();
}

Value from_json(const nlohmann::json& json, Type type) {
  if (json.is_null()) return Value::null(type);
  switch (type) {
    case Type::kString:
      return Value::string(json.is_string() ? json.get<std::string>() : json.dump());
    case Type::kBool:
      if (json.is_boolean()) return Value::boolean(json.get<bool>());
      if (json.is_string()) {
        const auto& s = json.get_ref<const std::string&>();
        if (s == "true" || s == "True") return Value::boolean(true);
        if (s == "false" || s == "False") return Value::boolean(false);
      }
      if (json.is_number_integer()) return Value::boolean(json.get<std::int64_t>() != 0);
      return Value::null(type);
    case Type::kInt:
    case Type::kLong: {
      std::optional<std::int64_t> n;
      if (json.is_number_integer()) n = json.get<std::int64_t>();
      if (json.is_number_float()) n = real_to_long(json.get<double>());
      if (json.is_string()) {
        const auto& s = json.get_ref<const std::string&>();
        std::int64_t parsed = 0;
        const auto r = std::from_chars(s.data(), s.data() + s.size(), parsed);
        if (r.ec == std::errc() && r.ptr == s.data() + s.size()) n = parsed;
      }
      if (!n) return Value::null(type);
      return type == Type::kInt ? Value::integer(static_cast<std::int32_t>(*n)) : Value::long_(*n);
    }
    case Type::kReal:
      if (json.is_number()) return Value::real(json.get<double>());
      return Value::null(type);
    case Type::kDateTime:
      if (json.is_string())
        if (const auto t = parse_timestamp(json.get_ref<const std::string&>())) return Value::datetime(*t);
      return Value::null(type);
    case Type::kTimespan:
      if (json.is_number_integer()) return Value::timespan(json.get<std::int64_t>());
      return Value::null(type);
    case Type::kDynamic:
      if (json.is_string()) {
        // Dynamic columns arrive both as JSON and as JSON text.
        const auto& s = json.get_ref<const std::string&>();
        const auto first = s.find_first_not_of(" \t\r\n");
        if (first != std::string::npos && (s[first] == '{' || s[first] == '[')) {
          auto parsed = nlohmann::json::parse(s, nullptr, false);
          if (!parsed.is_discarded()) return Value::dynamic(std::move(parsed));
        }
      }
      return Value::dynamic(json);
  }
  return Value::null(type);
}

bool values_equal(const Value& a0, const Value& b0) {
  Value a_storage;
  Value b_storage;
  const Value& a = unwrapped(a0, a_storage);
  const Value& b = unwrapped(b0, b_storage);
  if (a.is_null() || b.is_null()) return a.is_null() && b.is_null();
  if (is_numeric(a.type()) && is_numeric(b.type())) {
    if (is_integral(a.type()) && is_integral(b.type())) return a.as_long() == b.as_long();
    return a.to_real() == b.to_real();
  }
  if (a.type() != b.type()) return false;
  switch (a.type()) {
    case Type::kBool:
      return a.as_bool() == b.as_bool();
    case Type::kString:
      return a.as_string() == b.as_string();
    case Type::kDynamic:
      return a.as_json() == b.as_json();
    default:
      return a.as_long() == b.as_long();
  }
}

int compare_values(const Value& a, const Value& b) {
  if (a.is_null() || b.is_null()) return (a.is_null() ? 0 : 1) - (b.is_null() ? 0 : 1);
  if (is_numeric(a.type()) && is_numeric(b.type())) {
    const double x = a.to_real();
    const double y = b.to_real();
    return x < y ? -1 : (x > y ? 1 : 0);
  }
  if (a.type() != b.type()) return type_rank(a.type()) - type_rank(b.type());
  switch (a.type()) {
    case Type::kBool:
      return static_cast<int>(a.as_bool()) - static_cast<int>(b.as_bool());
    case Type::kString:
      return a.as_string().compare(b.as_string());
    case Type::kDynamic:
      return a.as_json().dump().compare(b.as_json().dump());
    default:
      return a.as_long() < b.as_long() ? -1 : (a.as_long() > b.as_long() ? 1 : 0);
  }
}

std::size_t hash_value(const Value& value) {
  Value storage;
  const Value& v = unwrapped(value, storage);
  if (v.is_null()) return 0x9e3779b9;
  switch (v.type()) {
    case Type::kBool:
      return v.as_bool() ? 1 : 2;
    case Type::kString:
      return std::hash<std::string>{}(v.as_string());
    case Type::kReal:
      return std::hash<double>{}(v.as_real());
    case Type::kDynamic:
      return std::hash<std::string>{}(v.as_json().dump());
    default:
      // Integral values hash as the double they equal, so 1 (long) and 1.0 (real) meet.
      return std::hash<double>{}(static_cast<double>(v.as_long()));
  }
}

std::size_t RowHash::operator()(const Row& row) const {
  std::size_t h = row.size();
  for (const auto& v : row) h = h * 1000003 ^ hash_value(v);
  return h;
}

bool RowEqual::operator()(const Row& a, const Row& b) const {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (!values_equal(a[i], b[i])) return false;
  return true;
}

}  // namespace vigil::engine::hunt
