#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vigil::engine::analytics {

// Defender columns as rules name them. The same column is spelled `ISP` in
// live records and `Isp` in the documentation and Elastic's samples, so
// names match case-insensitively; an exact match wins when both exist.
// Returns nullptr when the row has no such top-level column. Pure.
const nlohmann::json* find_column(const nlohmann::json& row, std::string_view name);

// The column's value as text: strings as they are, numbers and booleans in
// their JSON spelling. Absent, null, objects, arrays and "" give nullopt,
// as KQL's isempty() treats them.
std::optional<std::string> column_text(const nlohmann::json& row, std::string_view name);

// A column value as column_text gives it.
std::optional<std::string> value_text(const nlohmann::json& value);

// ASCII lowercase: connector names, domains and column names compare this way.
std::string lowercase(std::string_view text);

// The domain of an e-mail address, lowercased: the text after the last '@'.
// nullopt when there is no '@' or nothing after it.
std::optional<std::string> address_domain(std::string_view address);
// The same domain as it is written (trimmed, not lowercased), a view into
// `address`: for the hot paths that lowercase into a buffer of their own.
std::optional<std::string_view> address_domain_text(std::string_view address);

// The entries of a comma-separated list, trimmed, empty entries dropped:
// "Relay-A, Relay-B" → {"Relay-A", "Relay-B"}, views into `text`.
std::vector<std::string_view> split_list(std::string_view text);

}  // namespace vigil::engine::analytics
