#include "outputs/alert_fields.hpp"

namespace vigil::outputs {

std::string alert_field(const nlohmann::json& alert, const char* pointer) {
  const nlohmann::json::json_pointer at(pointer);
  if (!alert.contains(at)) return {};
  const auto& value = alert.at(at);
  return value.is_string() ? value.get<std::string>() : value.is_null() ? std::string() : value.dump();
}

std::string alert_techniques(const nlohmann::json& alert, const char* separator) {
  std::string ids;
  const auto it = alert.find("mitre");
  if (it == alert.end() || !it->is_array()) return ids;
  for (const auto& t : *it)
    if (t.is_string()) ids += (ids.empty() ? "" : separator) + t.get<std::string>();
  return ids;
}

}  // namespace vigil::outputs
