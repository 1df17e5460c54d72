#include "api/ingest/filter_path.hpp"

#include <string>
#include <vector>

#include "api/http/split.hpp"

namespace vigil::api {
namespace {

using Path = std::vector<std::string>;

bool key_matches(const std::string& pattern, const std::string& key) {
  return pattern == "*" || pattern == key;
}

// Keeps the parts of `value` selected by any of `paths` (each relative to value).
// Returns nullopt-like discarded json when nothing is selected.
nlohmann::json filter(const nlohmann::json& value, const std::vector<Path>& paths) {
  for (const auto& p : paths)
    if (p.empty()) return value;  // a path ended here: keep the whole subtree
  if (value.is_array()) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& element : value) {
      auto kept = filter(element, paths);
      if (!kept.is_discarded()) out.push_back(std::move(kept));
    }
    return out.empty() ? nlohmann::json(nlohmann::json::value_t::discarded) : out;
  }
  if (!value.is_object()) return nlohmann::json(nlohmann::json::value_t::discarded);
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [key, child] : value.items()) {
    std::vector<Path> rest;
    for (const auto& p : paths)
      if (key_matches(p.front(), key)) rest.emplace_back(p.begin() + 1, p.end());
    if (rest.empty()) continue;
    auto kept = filter(child, rest);
    if (!kept.is_discarded()) out[key] = std::move(kept);
  }
  return out.empty() ? nlohmann::json(nlohmann::json::value_t::discarded) : out;
}

}  // namespace

nlohmann::json apply_filter_path(const nlohmann::json& value, std::string_view text) {
  std::vector<Path> paths;
  for (const auto one : split(text, ',')) {
    if (one.empty()) continue;
    Path path;
    for (const auto key : split(one, '.')) path.emplace_back(key);
    paths.push_back(std::move(path));
  }
  if (paths.empty()) return value;
  auto kept = filter(value, paths);
  return kept.is_discarded() ? nlohmann::json::object() : kept;
}

}  // namespace vigil::api
