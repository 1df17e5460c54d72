#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace vigil::api {

// RFC 4648 base64. `url` selects the URL- and filename-safe alphabet
// ('-', '_') without padding, as API keys use; otherwise the standard
// alphabet with '=' padding, as Authorization headers use.
std::string base64_encode(std::string_view bytes, bool url = false);

// Strict decoding of the standard alphabet: padding optional, but any other
// character, a misplaced '=' or an impossible length gives nullopt (headers
// come from the network, so leniency would only hide malformed input).
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace vigil::api
