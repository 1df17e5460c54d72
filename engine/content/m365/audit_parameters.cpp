#include "engine/content/m365/audit_parameters.hpp"

#include "engine/analytics/column.hpp"

namespace vigil::engine::content::m365 {

nlohmann::json audit_parameters(const nlohmann::json& row) {
  const auto* raw = analytics::find_column(row, "RawEventData");
  if (raw == nullptr) return nlohmann::json::array();
  nlohmann::json decoded;
  if (raw->is_string()) {
    decoded = nlohmann::json::parse(raw->get<std::string>(), nullptr, /*allow_exceptions=*/false);
    raw = &decoded;
  }
  const auto* list = raw->is_object() ? analytics::find_column(*raw, "Parameters") : nullptr;
  return list != nullptr && list->is_array() ? *list : nlohmann::json::array();
}

const nlohmann::json* audit_parameter(const nlohmann::json& list, std::string_view name) {
  const auto wanted = analytics::lowercase(name);
  for (const auto& entry : list) {
    if (!entry.is_object()) continue;
    const auto key = analytics::column_text(entry, "Name");
    if (!key || analytics::lowercase(*key) != wanted) continue;
    static const nlohmann::json null;
    const auto* value = analytics::find_column(entry, "Value");
    return value != nullptr ? value : &null;
  }
  return nullptr;
}

std::optional<std::string> audit_parameter_text(const nlohmann::json& list, std::string_view name) {
  const auto* value = audit_parameter(list, name);
  return value != nullptr ? analytics::value_text(*value) : std::nullopt;
}

}  // namespace vigil::engine::content::m365
