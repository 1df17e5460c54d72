#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <variant>

#include "api/http/types.hpp"

namespace vigil::api {

// Reads a limit: the value when it is a whole number in 1..max, else the
// reason it is refused, naming the allowed range.
std::variant<std::size_t, std::string> parse_limit_value(std::string_view text, std::size_t max);

// Reads ?limit: `fallback` when absent; 400 naming the allowed range when it
// is not a whole number in 1..max.
std::variant<std::size_t, Response> parse_limit(const RequestContext& ctx, std::size_t fallback, std::size_t max);

}  // namespace vigil::api
