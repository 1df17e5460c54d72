#include "engine/hunt/flat_index.hpp"

#include <algorithm>

namespace vigil::engine::hunt {

void FlatIndex::grow() {
  std::vector<Slot> old(std::max<std::size_t>(16, slots_.size() * 2));
  old.swap(slots_);
  const auto mask = slots_.size() - 1;
  for (const auto& slot : old) {
    if (slot.number == kNone) continue;
    auto at = slot.tag & mask;
    while (slots_[at].number != kNone) at = (at + 1) & mask;
    slots_[at] = slot;
  }
}

}  // namespace vigil::engine::hunt
