#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace vigil::api {

// Elasticsearch's `filter_path` response filtering, compiled once per
// request: comma-separated dotted paths where `*` matches any one key and
// arrays are transparent (Beats send "errors,items.*.error,items.*.status").
// FilteredJsonWriter applies it while it writes.
class FilterPath {
 public:
  // An empty or blank filter keeps everything.
  explicit FilterPath(std::string_view text);

  bool keeps_everything() const { return paths_.empty(); }
  const std::vector<std::vector<std::string>>& paths() const { return paths_; }

 private:
  std::vector<std::vector<std::string>> paths_;
};

}  // namespace vigil::api
