#include "engine/detect/field_text.hpp"

#include "engine/event/field_lookup.hpp"

namespace vigil::engine::detect {
namespace {

std::string scalar_text(const nlohmann::json& value) {
  return value.is_string() ? value.get<std::string>() : value.dump();
}

}  // namespace

std::optional<std::string> field_text(const nlohmann::json& document, std::string_view path) {
  const auto* value = find_field(document, path);
  if (value == nullptr || value->is_null() || value->is_object()) return std::nullopt;
  std::string text;
  if (value->is_array()) {
    for (const auto& element : *value) {
      if (element.is_null() || element.is_structured()) continue;
      if (!text.empty()) text += ", ";
      text += scalar_text(element);
    }
  } else {
    text = scalar_text(*value);
  }
  if (text.empty() || text == "-") return std::nullopt;
  return text;
}

}  // namespace vigil::engine::detect
