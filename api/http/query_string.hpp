#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace vigil::api {

// Percent-decodes a URL component ('+' as space when `plus_is_space`).
// Returns nullopt for a malformed escape or an encoded NUL, which no
// legitimate path or parameter carries.
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space);

// Splits "a=1&b=&c" into decoded pairs; nullopt on a malformed escape.
std::optional<std::multimap<std::string, std::string>> parse_query_string(std::string_view text);

}  // namespace vigil::api
