#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

// The parameters of an Exchange cmdlet as the Office 365 audit log records
// them, in a CloudAppEvents row: RawEventData.Parameters, a list of
// {"Name","Value"} (Value as text, multi-valued ones joined with ';').
namespace vigil::engine::content::m365 {

// The row's parameter list; empty when it has none. RawEventData may be an
// object or JSON text (the normalizer decodes it, but rows read from other
// shapes may not be). Pure.
nlohmann::json audit_parameters(const nlohmann::json& row);

// The Value of the parameter `name` (case-insensitive) in `list`; nullptr
// when the list has no such parameter, a JSON null when it has no value.
const nlohmann::json* audit_parameter(const nlohmann::json& list, std::string_view name);

// audit_parameter's value as column_text gives it.
std::optional<std::string> audit_parameter_text(const nlohmann::json& list, std::string_view name);

}  // namespace vigil::engine::content::m365
