#include "api/ingest/filter_path.hpp"

#include "api/http/split.hpp"

namespace vigil::api {

FilterPath::FilterPath(std::string_view text) {
  for (const auto one : split(text, ',')) {
    if (one.empty()) continue;
    std::vector<std::string> path;
    for (const auto key : split(one, '.')) path.emplace_back(key);
    paths_.push_back(std::move(path));
  }
}

}  // namespace vigil::api
