#pragma once

#include <string>

namespace vigil::test {

// Compresses `input` with zlib. window_bits: 15+16 gzip (what shippers
// send), 15 zlib-wrapped deflate, -15 raw deflate. Level 1 is Beats' default.
std::string compress(const std::string& input, int window_bits = 15 + 16, int level = 1);

}  // namespace vigil::test
