#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

namespace vigil::engine::eql {

// Resolves a dotted field path in an event.
//
// The exact lookup is vigil::engine::find_field (nested objects and flat dotted keys). With
// `case_insensitive` set (CompileOptions::case_insensitive_fields, for Defender tables that spell
// one column ISP or Isp) an exact match still wins; otherwise each level matches keys by ASCII
// case-insensitive comparison, longest dotted key first as find_field does.
//
// Returns nullptr when absent; a JSON null is returned as a pointer to it. Thread-safe.
const nlohmann::json* resolve_field(const nlohmann::json& event, std::string_view path, bool case_insensitive);

}  // namespace vigil::engine::eql
