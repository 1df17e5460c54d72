#pragma once

#include <string>
#include <string_view>

namespace vigil::engine::detect {

// The SHA-256 digest of `data` as 64 lowercase hex digits. Thread-safe.
std::string sha256_hex(std::string_view data);

}  // namespace vigil::engine::detect
