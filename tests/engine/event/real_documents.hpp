#pragma once

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/support/test_data.hpp"

namespace vigil::engine::testing {

// Every JSON document under tests/data (real third-party Windows events and
// Defender records, the project's own Defender records), with the file it
// came from: a .json file whole, a .jsonl or .ndjson file by line.
inline std::vector<std::pair<std::filesystem::path, nlohmann::json>> real_documents() {
  std::vector<std::pair<std::filesystem::path, nlohmann::json>> out;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(test::data_dir())) {
    const auto ext = entry.path().extension();
    if (!entry.is_regular_file() || (ext != ".json" && ext != ".jsonl" && ext != ".ndjson")) continue;
    auto whole = nlohmann::json::parse(test::read_file(entry.path()), nullptr, false);
    if (!whole.is_discarded()) {
      out.emplace_back(entry.path(), std::move(whole));
      continue;
    }
    for (auto& doc : test::read_json_lines(entry.path())) out.emplace_back(entry.path(), std::move(doc));
  }
  return out;
}

}  // namespace vigil::engine::testing
