#pragma once

#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_set>

namespace vigil::api::metrics {

// The values one label may take, capped: the first `limit` distinct values
// seen are kept as they are, every later one becomes kOverflow. A label fed
// by clients (an index name in a _bulk request) otherwise adds a series per
// value forever, and /metrics grows with it. A value literally named
// "other" shares the overflow's series. Thread-safe.
class BoundedLabel {
 public:
  static constexpr std::string_view kOverflow = "other";

  explicit BoundedLabel(std::size_t limit) : limit_(limit) {}

  // `value` if it is, or now becomes, one of the kept values; else kOverflow.
  std::string admit(std::string_view value);

 private:
  const std::size_t limit_;
  std::mutex mutex_;
  std::unordered_set<std::string> kept_;  // guarded by mutex_
};

}  // namespace vigil::api::metrics
