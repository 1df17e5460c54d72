#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace vigil::engine::detect {

// The alert's one-line reason, in the words of Kibana's reason formatter
// (security_solution .../signals/reason_formatters.ts) so alerts read the
// same as Elastic's:
//   "process event with process powershell.exe, parent process explorer.exe,
//    by bob on WS01 created medium alert <rule name>."
// Parts whose field is absent are left out, "with" too when no process,
// parent, file, source or destination part remains; arrays are joined ", ".
// Two deliberate differences: source and destination use `*.address`,
// falling back to `*.ip` (Kibana reads `address` only, which many
// normalized documents lack), and a port shows only beside its address with
// the comma kept (Kibana prints "source 10.0.0.1" without a comma when the
// port is absent, and ":443," alone when the address is). Pure; thread-safe.
std::string alert_reason(const nlohmann::json& event, std::string_view severity, std::string_view rule_name);

}  // namespace vigil::engine::detect
