#include <algorithm>

#include "engine/rules/rule.hpp"

namespace vigil::engine {
namespace {

void add_id(const nlohmann::json& entry, std::vector<std::string>& ids) {
  if (!entry.is_object()) return;
  const auto id = entry.find("id");
  if (id == entry.end() || !id->is_string()) return;
  const auto& text = id->get_ref<const std::string&>();
  if (std::find(ids.begin(), ids.end(), text) == ids.end()) ids.push_back(text);
}

// Threat mappings come verbatim from rule files, so any level may be absent
// or oddly shaped; those parts contribute no ids rather than failing.
const nlohmann::json& list_at(const nlohmann::json& object, const char* key) {
  static const nlohmann::json kEmpty = nlohmann::json::array();
  if (!object.is_object()) return kEmpty;
  const auto it = object.find(key);
  return it != object.end() && it->is_array() ? *it : kEmpty;
}

}  // namespace

std::vector<std::string> mitre_technique_ids(const nlohmann::json& threat) {
  std::vector<std::string> ids;
  if (!threat.is_array()) return ids;
  for (const auto& mapping : threat) {
    for (const auto& technique : list_at(mapping, "technique")) {
      add_id(technique, ids);
      for (const auto& subtechnique : list_at(technique, "subtechnique")) add_id(subtechnique, ids);
    }
  }
  return ids;
}

std::vector<std::string> mitre_tactic_ids(const nlohmann::json& threat) {
  std::vector<std::string> ids;
  if (!threat.is_array()) return ids;
  for (const auto& mapping : threat)
    if (mapping.is_object() && mapping.contains("tactic")) add_id(mapping["tactic"], ids);
  return ids;
}

}  // namespace vigil::engine
