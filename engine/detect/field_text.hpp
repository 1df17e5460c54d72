#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace vigil::engine::detect {

// A field's value as the text Kibana shows in alert reasons: strings as they
// are, numbers and booleans in their JSON spelling, array elements joined
// with ", ". Absent, null, empty and "-" (Windows' placeholder for "none",
// which Kibana also hides) give nullopt. Pure function; thread-safe.
std::optional<std::string> field_text(const nlohmann::json& document, std::string_view path);

}  // namespace vigil::engine::detect
