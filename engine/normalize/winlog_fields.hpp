#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace vigil::engine {

// Reads the Windows event-log envelope Winlogbeat writes (winlog.channel,
// winlog.event_id, winlog.event_data), in nested or flat dotted form.
// Pure functions; thread-safe.

inline constexpr std::string_view kSysmonChannel = "Microsoft-Windows-Sysmon/Operational";
inline constexpr std::string_view kSecurityChannel = "Security";

// winlog.channel when it is a string, viewed in `doc` (valid while `doc` is unchanged).
std::optional<std::string_view> winlog_channel(const nlohmann::json& doc);

// True when winlog.channel names `channel`. Windows channel names are
// case-insensitive, and Elastic's routing pipeline lowercases them too.
bool is_channel(const nlohmann::json& doc, std::string_view channel);

// winlog.event_id (Winlogbeat 8 writes text, 7.x an integer), else
// event.code; nullopt when neither holds a number.
std::optional<std::int64_t> winlog_event_id(const nlohmann::json& doc);

// winlog.event_data when it is an object, else nullptr.
const nlohmann::json* winlog_event_data(const nlohmann::json& doc);

// winlog.event_data when it is an object, else an empty object. A reference
// into `doc`, which writes elsewhere in `doc` leave valid: nlohmann's objects
// are std::maps, whose nodes other inserts do not move. The process-create
// normalizers read from it in place while they write under event, process,
// user, host and @timestamp, never under winlog.
const nlohmann::json& winlog_event_data_or_empty(const nlohmann::json& doc);

}  // namespace vigil::engine
