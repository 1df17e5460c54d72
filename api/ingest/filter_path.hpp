#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

namespace vigil::api {

// Applies Elasticsearch's `filter_path` response filtering: comma-separated
// dotted paths where `*` matches any one key and arrays are transparent
// (Beats send "errors,items.*.error,items.*.status"). An empty filter
// returns the value unchanged.
nlohmann::json apply_filter_path(const nlohmann::json& value, std::string_view filter);

}  // namespace vigil::api
