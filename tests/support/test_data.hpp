#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace vigil::test {

// tests/data in the source tree: the project's own test data, and under
// third_party/<source>/ the excerpts of others' data with their licences
// (tests/data/third_party/SOURCES.md). Everything a test reads lives in the
// repository, so a bare clone runs the whole suite.
std::filesystem::path data_dir();

// tests/data/third_party/<source>.
std::filesystem::path third_party_dir(const std::string& source);

// The project source tree (for rules/, config/, docs/).
std::filesystem::path source_dir();

std::string read_file(const std::filesystem::path& path);

// Reads a JSON-lines file (LF or CRLF), skipping blank lines.
std::vector<nlohmann::json> read_json_lines(const std::filesystem::path& path);

}  // namespace vigil::test
