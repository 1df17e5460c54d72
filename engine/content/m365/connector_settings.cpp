#include "engine/content/m365/connector_settings.hpp"

#include <algorithm>

#include "engine/analytics/settings_keys.hpp"

namespace vigil::engine::content::m365 {
namespace {

using namespace analytics::settings;

std::optional<ConnectorChanges> read(const nlohmann::json& extra, const analytics::AggregationSpec& spec) {
  const auto* table = optional_key(extra, "connector_changes");
  if (table == nullptr) return std::nullopt;
  if (!table->is_object()) fail("connector_changes", "must be a table");
  ConnectorChanges changes;
  if (table->contains("field")) changes.field = string_key(*table, "field", "connector_changes.field");
  if (table->contains("dataset")) changes.dataset = string_key(*table, "dataset", "connector_changes.dataset");
  changes.lookback = duration_key(*table, "lookback", "connector_changes.lookback", changes.lookback);
  if (const auto* required = optional_key(*table, "required")) {
    if (!required->is_boolean()) fail("connector_changes.required", "must be a boolean");
    changes.required = required->get<bool>();
  }
  if (std::find(spec.group_by.begin(), spec.group_by.end(), changes.field) == spec.group_by.end()) {
    fail("connector_changes.field", "must be one of the group_by fields");
  }
  return changes;
}

}  // namespace

std::variant<std::optional<ConnectorChanges>, std::string> read_connector_changes(
    const nlohmann::json& extra, const analytics::AggregationSpec& spec) {
  try {
    return read(extra, spec);
  } catch (const SettingsError& error) {
    return std::string(error.what());
  }
}

std::optional<std::string> check_connector_changes(const nlohmann::json& extra, const analytics::AggregationSpec& spec) {
  auto read = read_connector_changes(extra, spec);
  if (auto* error = std::get_if<std::string>(&read)) return std::move(*error);
  return std::nullopt;
}

}  // namespace vigil::engine::content::m365
