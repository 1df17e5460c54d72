#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace vigil::outputs {

// The value at the JSON pointer `pointer` of an alert document as text:
// strings as they are, other values as JSON, empty when absent or null.
std::string alert_field(const nlohmann::json& alert, const char* pointer);

// The alert's MITRE technique ids joined by `separator`.
std::string alert_techniques(const nlohmann::json& alert, const char* separator);

}  // namespace vigil::outputs
