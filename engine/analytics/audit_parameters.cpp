#include "engine/analytics/audit_parameters.hpp"

#include "engine/analytics/column.hpp"

namespace vigil::engine::analytics {

nlohmann::json audit_parameters(const nlohmann::json& row) {
  const auto* raw = find_column(row, "RawEventData");
  if (raw == nullptr) return nlohmann::json::array();
  nlohmann::json decoded;
  if (raw->is_string()) {
    decoded = nlohmann::json::parse(raw->get<std::string>(), nullptr, /*allow_exceptions=*/false);
    raw = &decoded;
  }
  const auto* list = raw->is_object() ? find_column(*raw, "Parameters") : nullptr;
  return list != nullptr && list->is_array() ? *list : nlohmann::json::array();
}

const nlohmann::json* audit_parameter(const nlohmann::json& list, std::string_view name) {
  const auto wanted = lowercase(name);
  for (const auto& entry : list) {
    if (!entry.is_object()) continue;
    const auto key = column_text(entry, "Name");
    if (!key || lowercase(*key) != wanted) continue;
    static const nlohmann::json null;
    const auto* value = find_column(entry, "Value");
    return value != nullptr ? value : &null;
  }
  return nullptr;
}

std::optional<std::string> audit_parameter_text(const nlohmann::json& list, std::string_view name) {
  const auto* value = audit_parameter(list, name);
  return value != nullptr ? value_text(*value) : std::nullopt;
}

}  // namespace vigil::engine::analytics
