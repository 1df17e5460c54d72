#pragma once

#include <string>
#include <string_view>

namespace vigil::engine::text {

// Unicode simple case folding of UTF-8 text: each code point becomes its
// one-code-point case fold ("КЛЮЧ" and "ключ" both fold to "ключ", "ẞ" to
// "ß"), so two texts that differ only in case fold alike. Folding never
// changes the number of code points (no "ß" → "ss"); bytes that are not
// valid UTF-8 are kept as they are. ASCII-only text costs one pass and a
// copy. Pure: thread-safe.
std::string fold_case(std::string_view utf8);

}  // namespace vigil::engine::text
