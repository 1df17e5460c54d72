#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace vigil::test {

// ../shared/ beside the checkout: third-party data read in place, never copied.
std::filesystem::path shared_dir();

// Skips the calling test (GTEST_SKIP) with a clear message when the shared
// data is absent, as on a plain clone. Use as: VIGIL_REQUIRE_SHARED("data/real/otrf");
#define VIGIL_REQUIRE_SHARED(rel)                                                          \
  do {                                                                                     \
    if (!std::filesystem::exists(::vigil::test::shared_dir() / (rel)))                     \
      GTEST_SKIP() << "shared data " << (rel) << " not found beside the checkout (../shared)"; \
  } while (0)

// The project source tree (for rules/, config/, docs/).
std::filesystem::path source_dir();

std::string read_file(const std::filesystem::path& path);

// Reads a JSON-lines file (LF or CRLF), skipping blank lines.
std::vector<nlohmann::json> read_json_lines(const std::filesystem::path& path);

}  // namespace vigil::test
