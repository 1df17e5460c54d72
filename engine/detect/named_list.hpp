#pragma once

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

namespace vigil::engine::detect {

// Values in the order they were added, each under a name; adding under a
// name already present replaces its value, so that a registry content fills
// twice (vigild's wiring, then a test) holds each entry once. Not
// thread-safe to add to; const access is.
template <typename T>
class NamedList {
 public:
  void add(std::string name, T value) {
    const auto same = std::find_if(entries_.begin(), entries_.end(), [&](const auto& e) { return e.first == name; });
    if (same != entries_.end()) {
      same->second = std::move(value);
    } else {
      entries_.emplace_back(std::move(name), std::move(value));
    }
  }

  auto begin() const { return entries_.begin(); }
  auto end() const { return entries_.end(); }

 private:
  std::vector<std::pair<std::string, T>> entries_;
};

}  // namespace vigil::engine::detect
