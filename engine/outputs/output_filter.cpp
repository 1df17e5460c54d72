#include "engine/outputs/output_filter.hpp"

#include <algorithm>

namespace vigil::engine::outputs {
namespace {

bool contains(const std::vector<std::string>& values, const std::string& value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

std::string text_at(const nlohmann::json& doc, const nlohmann::json::json_pointer& at) {
  const auto* value = doc.contains(at) ? &doc.at(at) : nullptr;
  return value && value->is_string() ? value->get<std::string>() : std::string();
}

// A technique filter "T1098" also selects its sub-techniques "T1098.xxx".
bool tagged(const nlohmann::json& alert, const std::string& technique) {
  const auto it = alert.find("mitre");
  if (it == alert.end() || !it->is_array()) return false;
  return std::any_of(it->begin(), it->end(), [&](const nlohmann::json& id) {
    if (!id.is_string()) return false;
    const auto& text = id.get_ref<const std::string&>();
    return text == technique || (text.size() > technique.size() && text.compare(0, technique.size(), technique) == 0 &&
                                 text[technique.size()] == '.');
  });
}

}  // namespace

int severity_rank(const std::string& severity) {
  static const std::vector<std::string> kOrder = {"low", "medium", "high", "critical"};
  const auto it = std::find(kOrder.begin(), kOrder.end(), severity);
  return it == kOrder.end() ? 0 : static_cast<int>(it - kOrder.begin()) + 1;
}

bool OutputFilter::matches(const OutboxEntry& entry) const {
  if (entry.alert.is_null()) return false;  // deleted by retention before delivery
  if (entry.kind == OutboxKind::kAlertTriaged && !triage_changes) return false;
  const auto& alert = entry.alert;
  if (!rule_ids.empty() && !contains(rule_ids, text_at(alert, "/rule/id"_json_pointer))) return false;
  if (min_severity && severity_rank(text_at(alert, "/rule/severity"_json_pointer)) < severity_rank(*min_severity))
    return false;
  if (!techniques.empty() &&
      std::none_of(techniques.begin(), techniques.end(), [&](const auto& t) { return tagged(alert, t); }))
    return false;
  if (!statuses.empty() && !contains(statuses, text_at(alert, "/status"_json_pointer))) return false;
  return true;
}

}  // namespace vigil::engine::outputs
