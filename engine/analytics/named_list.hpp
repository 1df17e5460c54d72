#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace vigil::engine::analytics {

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

  // The value added under `name`, or nullptr.
  const T* find(std::string_view name) const {
    const auto same = std::find_if(entries_.begin(), entries_.end(), [&](const auto& e) { return e.first == name; });
    return same == entries_.end() ? nullptr : &same->second;
  }

  // The names, in the order they were added, each quoted, joined by `separator`: for errors listing what is known.
  std::string quoted_names(std::string_view separator) const {
    std::string out;
    for (const auto& entry : entries_) {
      if (!out.empty()) out.append(separator);
      out.append("\"").append(entry.first).append("\"");
    }
    return out;
  }

  auto begin() const { return entries_.begin(); }
  auto end() const { return entries_.end(); }

 private:
  std::vector<std::pair<std::string, T>> entries_;
};

}  // namespace vigil::engine::analytics
