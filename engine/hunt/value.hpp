#pragma once

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "engine/time/timestamp.hpp"

namespace vigil::engine::hunt {

// Kusto's scalar types that Vigil supports. datetime and timespan are held
// in milliseconds (Vigil's time unit), where Kusto keeps 100 ns ticks.
enum class Type { kBool, kInt, kLong, kReal, kString, kDateTime, kTimespan, kDynamic };

// "bool", "int", "long", "real", "string", "datetime", "timespan", "dynamic".
std::string_view type_name(Type type);
// The spelling Microsoft Graph's runHuntingQuery and Defender's API use:
// "Boolean", "Int32", "Int64", "Double", "String", "DateTime", "TimeSpan", "Object".
std::string_view api_type_name(Type type);
// The type a Kusto type name denotes ("double" and "time" are aliases); nullopt if none.
std::optional<Type> type_from_name(std::string_view name);
bool is_numeric(Type type);

// One value of a column or expression. Every type but string has a null;
// a string is never null (Kusto has no null string): a missing one is "".
// A dynamic holds JSON, shared so that copying rows stays cheap; a dynamic
// holding JSON null is null. Immutable once built; thread-compatible.
class Value {
 public:
  Value() = default;  // null long
  static Value null(Type type);
  static Value boolean(bool b);
  static Value integer(std::int32_t i);
  static Value long_(std::int64_t i);
  static Value real(double d);
  static Value string(std::string s);
  static Value datetime(TimeMs t);
  static Value timespan(TimeMs t);
  static Value dynamic(nlohmann::json json);
  static Value dynamic(std::shared_ptr<const nlohmann::json> json);

  // Makes this value the string `text`, reusing the storage of the string
  // it holds, if it holds one: a scan refilling its rows allocates nothing
  // for a text that fits. The one change a Value allows, for one no other
  // holder sees (values are copied, not shared).
  void assign_string(std::string_view text);

  Type type() const { return type_; }
  bool is_null() const { return std::holds_alternative<std::monostate>(data_); }

  bool as_bool() const { return std::get<bool>(data_); }
  // int, long, datetime and timespan.
  std::int64_t as_long() const { return std::get<std::int64_t>(data_); }
  double as_real() const { return std::get<double>(data_); }
  const std::string& as_string() const { return std::get<std::string>(data_); }
  const nlohmann::json& as_json() const { return *std::get<std::shared_ptr<const nlohmann::json>>(data_); }
  // Any numeric type as a double.
  double to_real() const;

  // Bytes held, for the query's memory budget (an estimate).
  std::size_t footprint() const;

 private:
  Type type_ = Type::kLong;
  std::variant<std::monostate, bool, std::int64_t, double, std::string, std::shared_ptr<const nlohmann::json>> data_;
};

using Row = std::vector<Value>;

// A dynamic scalar (JSON string, number or bool) as the typed value it
// holds, so `property.Name == "Name"` compares strings; any other value is
// returned unchanged.
Value unwrap_dynamic(const Value& value);
// The same without copying: `value` itself, or for a dynamic its unwrapped
// value, kept in `storage`. Comparisons and hashes of strings copy none.
const Value& unwrapped(const Value& value, Value& storage);

// The value as JSON, as results are returned: datetimes in ISO 8601 with
// 7 fractional digits ("2024-03-11T10:00:00.0000000Z", Kusto's spelling),
// timespans as "[-][d.]hh:mm:ss[.fffffff]", nulls as null.
nlohmann::json to_json(const Value& value);
// The text tostring() gives: strings unchanged, JSON text for dynamics
// (a dynamic string is its text), "" for null.
std::string to_text(const Value& value);
// Kusto's timespan spelling.
std::string format_timespan(TimeMs t);
// Kusto's datetime spelling.
std::string format_datetime(TimeMs t);

// A JSON value as a typed Value of the column type: strings parsed as
// datetimes, numbers as longs, and so on; JSON text decoded for dynamic.
// Values that do not fit the type are null ("" for string).
Value from_json(const nlohmann::json& json, Type type);

// Equality as Kusto's `==` applies it to two non-null values of comparable
// types (numbers across int/long/real; a dynamic against its scalar). Strings
// compare case-sensitively. Used also for grouping and joining keys.
bool values_equal(const Value& a, const Value& b);
// Total order for sort and grouping: nulls first, then by type, then value.
int compare_values(const Value& a, const Value& b);
// A hash consistent with values_equal for values of one type.
std::size_t hash_value(const Value& value);

struct RowHash {
  std::size_t operator()(const Row& row) const;
};
struct RowEqual {
  bool operator()(const Row& a, const Row& b) const;
};

}  // namespace vigil::engine::hunt
