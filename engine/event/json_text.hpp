#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace vigil::engine {

// The compact JSON text of `value`, byte for byte what
// value.dump(-1, ' ', false, error_handler_t::replace) gives (invalid UTF-8
// becomes U+FFFD), several times faster: strings of ASCII bytes are copied
// in runs, and only strings with other bytes and floating-point numbers go
// through nlohmann's serializer. Every stored event and every alert page is
// serialized through it.
std::string json_text(const nlohmann::json& value);
void append_json_text(std::string& out, const nlohmann::json& value);
// `text` as a JSON string, as json_text writes strings.
void append_json_string(std::string& out, std::string_view text);

}  // namespace vigil::engine
