#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vigil::engine {

// Milliseconds since the Unix epoch, UTC. The one time unit inside Vigil.
using TimeMs = std::int64_t;

inline constexpr TimeMs kSecondMs = 1000;
inline constexpr TimeMs kMinuteMs = 60 * kSecondMs;
inline constexpr TimeMs kHourMs = 60 * kMinuteMs;
inline constexpr TimeMs kDayMs = 24 * kHourMs;

// Parses the timestamp shapes Windows and Defender events carry:
// RFC 3339 / ISO 8601 ("2020-10-27T20:00:14.320Z", "+02:00" offsets, up to
// 9 fractional digits, which are truncated to milliseconds), Sysmon's
// "2020-10-27 20:00:14.320" (UTC, no zone), and a date-time without zone,
// which is taken as UTC. Returns nullopt for anything else.
std::optional<TimeMs> parse_timestamp(std::string_view text);

// "2020-10-27T20:00:14.320Z": always UTC, always millisecond precision.
std::string format_timestamp(TimeMs t);

// Parses a duration such as "5m", "9m", "1h", "60s", "24h", "7d", "500ms".
std::optional<TimeMs> parse_duration(std::string_view text);

// The shortest exact spelling of a duration in the units parse_duration
// reads: 300000 → "5m", 3600000 → "1h", 1500 → "1500ms".
std::string format_duration(TimeMs duration);

// Parses Elastic date math relative to `now`: "now", "now-9m", "now+1h".
std::optional<TimeMs> parse_date_math(std::string_view text, TimeMs now);

}  // namespace vigil::engine
