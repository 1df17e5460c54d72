#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

namespace vigil::engine {

// nlohmann::json::parse(text) (or, with allow_exceptions false, its
// discarded value instead of a throw), with simdjson doing the parsing: the
// same values and number types (a non-negative integer is unsigned, as
// nlohmann makes it), the last of duplicate keys kept. Text simdjson
// refuses (invalid JSON or UTF-8, numbers beyond 64 bits, nesting past
// 1024) goes to nlohmann as it is, so errors stay exactly nlohmann's. One
// difference: "-0" is an unsigned 0 (nlohmann: a signed one); both print
// and compare the same. For the hot paths: bulk sources, stored events read
// by rule runs, stored alerts.
nlohmann::json parse_json(std::string_view text, bool allow_exceptions = true);

}  // namespace vigil::engine
