#include "engine/text/case_fold.hpp"

#include <algorithm>
#include <cstdint>
#include <iterator>

#include "engine/text/utf8.hpp"

namespace vigil::engine::text {
namespace {

// Every stride-th code point from first to last folds to itself + delta.
struct FoldRun {
  char32_t first;
  char32_t last;
  std::int32_t delta;
  std::uint8_t stride;
};

constexpr FoldRun kRuns[] = {
#include "engine/text/case_fold_table.inc"
};

char32_t fold(char32_t cp) {
  // The last run starting at or before cp is the only one that can hold it: runs never overlap.
  const auto after = std::upper_bound(std::begin(kRuns), std::end(kRuns), cp,
                                      [](char32_t c, const FoldRun& run) { return c < run.first; });
  if (after == std::begin(kRuns)) return cp;
  const auto& run = *std::prev(after);
  if (cp > run.last || (cp - run.first) % run.stride != 0) return cp;
  return static_cast<char32_t>(static_cast<std::int32_t>(cp) + run.delta);
}

// The code point starting at text[i] and its length in bytes; length 0 for
// a byte that starts no valid UTF-8 sequence (overlong forms, surrogates
// and values past U+10FFFF included).
std::pair<char32_t, std::size_t> decode(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  std::size_t length = 0;
  char32_t cp = 0;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    cp = lead & 0x1F;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    cp = lead & 0x0F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    cp = lead & 0x07;
  } else {
    return {0, 0};
  }
  if (i + length > text.size()) return {0, 0};
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return {0, 0};
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  const char32_t min = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000;
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return {0, 0};
  return {cp, length};
}

}  // namespace

std::string fold_case(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  for (std::size_t i = 0; i < utf8.size();) {
    const char c = utf8[i];
    if (static_cast<unsigned char>(c) < 0x80) {
      out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
      ++i;
      continue;
    }
    const auto [cp, length] = decode(utf8, i);
    if (length == 0) {
      out += c;
      ++i;
      continue;
    }
    append_utf8(out, fold(cp));
    i += length;
  }
  return out;
}

bool contains_folded(std::string_view text, std::string_view folded_needle) {
  if (folded_needle.empty()) return true;
  const bool ascii =
      std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (!ascii) return fold_case(text).find(folded_needle) != std::string::npos;
  // ASCII folds to ASCII, so a needle with other bytes cannot match here.
  const auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
  return std::search(text.begin(), text.end(), folded_needle.begin(), folded_needle.end(),
                     [&](char t, char n) { return lower(t) == n; }) != text.end();
}

}  // namespace vigil::engine::text
