#pragma once

#include <cstdint>
#include <random>
#include <string>

namespace vigil::test {

// `bytes` random letters and digits: padding that zstd cannot shrink (beyond
// its 6 bits of entropy a byte), for tests that measure pages or file sizes
// now that stored documents are compressed. The same seed gives the same text.
inline std::string incompressible(std::size_t bytes, std::uint64_t seed) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::mt19937_64 random(seed);
  std::string text(bytes, ' ');
  for (auto& c : text) c = kAlphabet[random() & 63];
  return text;
}

}  // namespace vigil::test
