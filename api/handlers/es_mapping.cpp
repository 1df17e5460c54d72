#include "api/handlers/es_mapping.hpp"

#include <array>
#include <string>
#include <string_view>

namespace vigil::api {
namespace {

// ECS's date fields Vigil's normalizers write as ISO 8601 text.
bool date_field(std::string_view path) {
  constexpr std::array<std::string_view, 5> kDates = {"@timestamp", "event.ingested", "event.created", "event.start",
                                                      "event.end"};
  for (const auto d : kDates)
    if (d == path) return true;
  return false;
}

const char* leaf_type(const nlohmann::json& value, std::string_view path) {
  if (value.is_string()) return date_field(path) ? "date" : "keyword";
  if (value.is_boolean()) return "boolean";
  if (value.is_number_integer()) return "long";
  if (value.is_number()) return "double";
  return nullptr;
}

void add_field(nlohmann::json& properties, const std::string& name, const nlohmann::json& value,
               const std::string& path) {
  if (value.is_array()) {
    for (const auto& element : value) add_field(properties, name, element, path);
    return;
  }
  auto& entry = properties[name];
  if (value.is_object()) {
    if (entry.contains("type")) return;
    auto& nested = entry["properties"];
    if (nested.is_null()) nested = nlohmann::json::object();
    for (const auto& [key, child] : value.items()) add_field(nested, key, child, path + "." + key);
    return;
  }
  const char* type = leaf_type(value, path);
  if (!type) {
    if (entry.is_null()) properties.erase(name);  // null alone says nothing
    return;
  }
  if (entry.is_null()) entry = {{"type", type}};
}

}  // namespace

void add_to_mapping(nlohmann::json& properties, const nlohmann::json& document) {
  if (!document.is_object()) return;
  if (properties.is_null()) properties = nlohmann::json::object();
  for (const auto& [key, value] : document.items()) add_field(properties, key, value, key);
}

}  // namespace vigil::api
