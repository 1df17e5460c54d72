#pragma once
// Integer arithmetic for KQL values that cannot reach undefined behaviour: a
// query is user input, and `9223372036854775807 + 1`, `now(-99999999999d)`
// or `tolong(1e300)` must give null, not whatever the compiler makes of a
// signed overflow. Kusto's own datetimes span years 1 to 9999; a computed
// datetime outside them is null too, which also keeps every datetime
// formattable.
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>

namespace vigil::engine::hunt {

inline std::optional<std::int64_t> checked_add(std::int64_t x, std::int64_t y) {
  std::int64_t r = 0;
  if (__builtin_add_overflow(x, y, &r)) return std::nullopt;
  return r;
}

inline std::optional<std::int64_t> checked_sub(std::int64_t x, std::int64_t y) {
  std::int64_t r = 0;
  if (__builtin_sub_overflow(x, y, &r)) return std::nullopt;
  return r;
}

inline std::optional<std::int64_t> checked_mul(std::int64_t x, std::int64_t y) {
  std::int64_t r = 0;
  if (__builtin_mul_overflow(x, y, &r)) return std::nullopt;
  return r;
}

// Division and remainder by zero, and the one quotient that does not fit
// (INT64_MIN / -1), are null.
inline std::optional<std::int64_t> checked_div(std::int64_t x, std::int64_t y) {
  if (y == 0 || (x == std::numeric_limits<std::int64_t>::min() && y == -1)) return std::nullopt;
  return x / y;
}

inline std::optional<std::int64_t> checked_mod(std::int64_t x, std::int64_t y) {
  if (y == 0) return std::nullopt;
  if (y == -1) return 0;
  return x % y;
}

// A double truncated toward zero, when the result is a representable long.
inline std::optional<std::int64_t> real_to_long(double d) {
  // 2^63 is exactly representable; every double below it in magnitude converts.
  constexpr double kLimit = 9223372036854775808.0;
  if (!std::isfinite(d) || d >= kLimit || d < -kLimit) return std::nullopt;
  return static_cast<std::int64_t>(d);
}

// 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z in Unix milliseconds.
inline constexpr std::int64_t kMinDateTimeMs = -62135596800000;
inline constexpr std::int64_t kMaxDateTimeMs = 253402300799999;

inline std::optional<std::int64_t> datetime_in_range(std::optional<std::int64_t> t) {
  if (!t || *t < kMinDateTimeMs || *t > kMaxDateTimeMs) return std::nullopt;
  return t;
}

}  // namespace vigil::engine::hunt
