#pragma once

#include <string>
#include <string_view>

namespace vigil::outputs {

// HMAC-SHA256 of `body` under `secret`, as 64 lowercase hex digits: what a
// webhook receiver recomputes to check a delivery came from this vigild.
std::string hmac_sha256_hex(std::string_view secret, std::string_view body);

}  // namespace vigil::outputs
