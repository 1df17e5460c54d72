#include "tests/support/test_data.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace vigil::test {

std::filesystem::path data_dir() { return std::filesystem::path(VIGIL_SOURCE_DIR) / "tests/data"; }

std::filesystem::path third_party_dir(const std::string& source) { return data_dir() / "third_party" / source; }

std::filesystem::path source_dir() { return VIGIL_SOURCE_DIR; }

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path.string());
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::vector<nlohmann::json> read_json_lines(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path.string());
  std::vector<nlohmann::json> lines;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    lines.push_back(nlohmann::json::parse(line));
  }
  return lines;
}

}  // namespace vigil::test
