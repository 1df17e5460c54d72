#include "engine/analytics/string_pool.hpp"

#include <algorithm>
#include <cstring>

namespace vigil::engine::analytics {

std::string_view StringPool::keep(std::string_view text) {
  constexpr std::size_t kBlockSize = std::size_t{1} << 20;
  if (text.empty()) return {};
  if (text.size() > left_) {
    const auto size = std::max(kBlockSize, text.size());
    blocks_.push_back(std::make_unique<char[]>(size));
    free_ = blocks_.back().get();
    left_ = size;
  }
  std::memcpy(free_, text.data(), text.size());
  const std::string_view kept(free_, text.size());
  free_ += text.size();
  left_ -= text.size();
  return kept;
}

std::string_view StringPool::intern(std::string_view text) {
  if (const auto found = interned_.find(text); found != interned_.end()) return *found;
  return *interned_.insert(keep(text)).first;
}

}  // namespace vigil::engine::analytics
