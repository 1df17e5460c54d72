#pragma once

#include <string>

namespace vigil::engine::text {

// Appends the UTF-8 encoding of code point `cp` (at most U+10FFFF; the
// caller has checked it) to `out`.
void append_utf8(std::string& out, char32_t cp);

}  // namespace vigil::engine::text
