#include "engine/analytics/settings_keys.hpp"

namespace vigil::engine::analytics::settings {

void fail(const std::string& key, const std::string& problem) {
  throw SettingsError("'" + key + "' " + problem);
}

const nlohmann::json* optional_key(const nlohmann::json& table, const std::string& key) {
  const auto it = table.find(key);
  return it == table.end() ? nullptr : &*it;
}

std::string string_key(const nlohmann::json& table, const std::string& key, const std::string& label) {
  const auto* value = optional_key(table, key);
  if (value == nullptr) fail(label, "is required");
  if (!value->is_string() || value->get<std::string>().empty()) fail(label, "must be a non-empty string");
  return value->get<std::string>();
}

std::vector<std::string> strings_key(const nlohmann::json& table, const std::string& key, const std::string& label) {
  const auto* value = optional_key(table, key);
  if (value == nullptr) return {};
  if (!value->is_array()) fail(label, "must be an array of strings");
  std::vector<std::string> out;
  for (const auto& item : *value) {
    if (!item.is_string() || item.get<std::string>().empty()) fail(label, "must hold non-empty strings");
    out.push_back(item.get<std::string>());
  }
  return out;
}

TimeMs duration_key(const nlohmann::json& table, const std::string& key, const std::string& label, TimeMs fallback) {
  const auto* value = optional_key(table, key);
  if (value == nullptr) return fallback;
  const auto ms = value->is_string() ? parse_duration(value->get<std::string>()) : std::nullopt;
  if (!ms || *ms < 0) fail(label, "must be a duration such as \"1h\" or \"60s\"");
  return *ms;
}

}  // namespace vigil::engine::analytics::settings
