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

// Whether fold_case(text) contains `folded_needle`, itself already folded.
// Text without bytes >= 0x80 (most of what is searched) is compared in
// place, without folding a copy.
bool contains_folded(std::string_view text, std::string_view folded_needle);

}  // namespace vigil::engine::text
