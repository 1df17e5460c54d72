#pragma once

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/time/timestamp.hpp"

// Reading a rule's own keys (RuleDefinition::extra): the aggregation
// settings and the settings content modules read beside them. Each reader
// throws SettingsError naming the key at fault; the public readers turn it
// into an error value.
namespace vigil::engine::analytics::settings {

struct SettingsError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Throws "'<key>' <problem>".
[[noreturn]] void fail(const std::string& key, const std::string& problem);

// The value under `key`, or nullptr.
const nlohmann::json* optional_key(const nlohmann::json& table, const std::string& key);

// A required non-empty string; `label` names the key in errors.
std::string string_key(const nlohmann::json& table, const std::string& key, const std::string& label);

// An optional array of non-empty strings ({} when absent).
std::vector<std::string> strings_key(const nlohmann::json& table, const std::string& key, const std::string& label);

// An optional duration such as "1h" or "60s", `fallback` when absent.
TimeMs duration_key(const nlohmann::json& table, const std::string& key, const std::string& label, TimeMs fallback);

}  // namespace vigil::engine::analytics::settings
