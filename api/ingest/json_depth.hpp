#pragma once

#include <cstddef>
#include <string_view>

namespace vigil::api {

// Elasticsearch refuses documents nested deeper than 1,000 levels (Jackson's
// limit); Vigil refuses them before parsing, because serializing a
// pathologically deep document recurses once per level.
inline constexpr std::size_t kMaxJsonDepth = 1000;

// The deepest nesting of objects and arrays in `json`, counted without
// parsing (strings and escapes are skipped), stopping early once `limit`
// is passed. O(n), no allocation.
std::size_t json_nesting_depth(std::string_view json, std::size_t limit = kMaxJsonDepth);

}  // namespace vigil::api
