#include "engine/time/timestamp.hpp"

#include <cctype>
#include <chrono>
#include <cstdio>

namespace vigil::engine {
namespace {

bool read_digits(std::string_view s, std::size_t& pos, std::size_t count, int& out) {
  if (pos + count > s.size()) return false;
  int value = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  pos += count;
  out = value;
  return true;
}

bool expect(std::string_view s, std::size_t& pos, char c) {
  if (pos < s.size() && s[pos] == c) {
    ++pos;
    return true;
  }
  return false;
}

}  // namespace

std::optional<TimeMs> parse_timestamp(std::string_view s) {
  std::size_t pos = 0;
  int year, month, day, hour, minute, second;
  if (!read_digits(s, pos, 4, year) || !expect(s, pos, '-') || !read_digits(s, pos, 2, month) ||
      !expect(s, pos, '-') || !read_digits(s, pos, 2, day))
    return std::nullopt;
  if (pos == s.size()) {
    hour = minute = second = 0;
  } else {
    if (!(expect(s, pos, 'T') || expect(s, pos, ' ') || expect(s, pos, 't'))) return std::nullopt;
    if (!read_digits(s, pos, 2, hour) || !expect(s, pos, ':') || !read_digits(s, pos, 2, minute))
      return std::nullopt;
    second = 0;
    if (expect(s, pos, ':') && !read_digits(s, pos, 2, second)) return std::nullopt;
  }
  int millis = 0;
  if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
    ++pos;
    int digits = 0;
    while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) {
      if (digits < 3) millis = millis * 10 + (s[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0) return std::nullopt;
    for (; digits < 3; ++digits) millis *= 10;
  }
  int offset_minutes = 0;
  if (pos < s.size()) {
    if (s[pos] == 'Z' || s[pos] == 'z') {
      ++pos;
    } else if (s[pos] == '+' || s[pos] == '-') {
      const int sign = s[pos] == '-' ? -1 : 1;
      ++pos;
      int oh, om = 0;
      if (!read_digits(s, pos, 2, oh)) return std::nullopt;
      expect(s, pos, ':');
      if (pos < s.size() && !read_digits(s, pos, 2, om)) return std::nullopt;
      offset_minutes = sign * (oh * 60 + om);
    }
  }
  if (pos != s.size()) return std::nullopt;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
    return std::nullopt;
  using namespace std::chrono;
  const year_month_day ymd{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month)},
                           std::chrono::day{static_cast<unsigned>(day)}};
  if (!ymd.ok()) return std::nullopt;
  const auto days = sys_days{ymd}.time_since_epoch().count();
  return ((static_cast<TimeMs>(days) * 24 + hour) * 60 + minute - offset_minutes) * kMinuteMs +
         second * kSecondMs + millis;
}

std::string format_timestamp(TimeMs t) {
  using namespace std::chrono;
  const auto tp = sys_time<milliseconds>{milliseconds{t}};
  const auto day_point = floor<days>(tp);
  const year_month_day ymd{day_point};
  const hh_mm_ss hms{tp - day_point};
  const int year = static_cast<int>(ymd.year());
  if (year < 0 || year > 9999) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", year, static_cast<unsigned>(ymd.month()),
                  static_cast<unsigned>(ymd.day()), static_cast<int>(hms.hours().count()),
                  static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count()),
                  static_cast<int>(hms.subseconds().count()));
    return buf;
  }
  // Every stored event gets a few of these: digits written directly, as
  // snprintf's format parsing was 1% of ingest.
  std::string out = "0000-00-00T00:00:00.000Z";
  const auto put = [&out](std::size_t at, long long value, int width) {
    for (int i = width - 1; i >= 0; --i, value /= 10) out[at + static_cast<std::size_t>(i)] = static_cast<char>('0' + value % 10);
  };
  put(0, year, 4);
  put(5, static_cast<unsigned>(ymd.month()), 2);
  put(8, static_cast<unsigned>(ymd.day()), 2);
  put(11, hms.hours().count(), 2);
  put(14, hms.minutes().count(), 2);
  put(17, hms.seconds().count(), 2);
  put(20, hms.subseconds().count(), 3);
  return out;
}

std::optional<TimeMs> parse_duration(std::string_view text) {
  // 285,000 years: beyond any real window, and small enough that neither the
  // unit's multiplication nor now +/- the duration (parse_date_math) can overflow.
  constexpr TimeMs kMaxDuration = TimeMs{1} << 53;
  std::size_t pos = 0;
  TimeMs value = 0;
  while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) {
    if (value > kMaxDuration) return std::nullopt;
    value = value * 10 + (text[pos++] - '0');
  }
  if (pos == 0) return std::nullopt;
  const std::string_view unit = text.substr(pos);
  TimeMs unit_ms = 0;
  if (unit == "ms") unit_ms = 1;
  if (unit == "s") unit_ms = kSecondMs;
  if (unit == "m") unit_ms = kMinuteMs;
  if (unit == "h") unit_ms = kHourMs;
  if (unit == "d") unit_ms = kDayMs;
  if (unit_ms == 0 || value > kMaxDuration / unit_ms) return std::nullopt;
  return value * unit_ms;
}

std::string format_duration(TimeMs d) {
  for (const auto& [unit, ms] : {std::pair<const char*, TimeMs>{"d", kDayMs}, {"h", kHourMs}, {"m", kMinuteMs}, {"s", kSecondMs}})
    if (d != 0 && d % ms == 0) return std::to_string(d / ms) + unit;
  return std::to_string(d) + "ms";
}

std::optional<TimeMs> parse_date_math(std::string_view text, TimeMs now) {
  if (text.substr(0, 3) != "now") return parse_timestamp(text);
  const std::string_view rest = text.substr(3);
  if (rest.empty()) return now;
  if (rest[0] != '-' && rest[0] != '+') return std::nullopt;
  const auto delta = parse_duration(rest.substr(1));
  if (!delta) return std::nullopt;
  return rest[0] == '-' ? now - *delta : now + *delta;
}

}  // namespace vigil::engine
