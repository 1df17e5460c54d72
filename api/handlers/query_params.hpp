#pragma once

#include <cstddef>
#include <variant>

#include "api/http/types.hpp"

namespace vigil::api {

// Reads ?limit: `fallback` when absent; 400 naming the allowed range when it
// is not a whole number in 1..max.
std::variant<std::size_t, Response> parse_limit(const RequestContext& ctx, std::size_t fallback, std::size_t max);

}  // namespace vigil::api
