#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace vigil::engine::hunt {

// A hash index of things numbered 0, 1, 2, ... and held elsewhere (a
// summarize's groups, a column's distinct values): open addressing over one
// flat array of (hash, number) slots, so that finding or adding a thing
// allocates nothing but the array's growth, and a lookup compares things
// only when their hashes agree. Single-threaded.
class FlatIndex {
 public:
  static constexpr std::uint32_t kNone = UINT32_MAX;

  // The number of the thing hashed `hash` that `equal(number)` accepts; if
  // none, `next` is added as the number of a new thing and returned, and
  // `added` set. `next` must not be kNone.
  template <typename Equal>
  std::uint32_t find_or_add(std::uint64_t hash, std::uint32_t next, Equal equal, bool& added) {
    if ((used_ + 1) * 2 > slots_.size()) grow();
    const auto tag = mix(hash);
    const auto mask = slots_.size() - 1;
    for (auto at = tag & mask;; at = (at + 1) & mask) {
      auto& slot = slots_[at];
      if (slot.number == kNone) {
        slot = {tag, next};
        ++used_;
        added = true;
        return next;
      }
      if (slot.tag == tag && equal(slot.number)) {
        added = false;
        return slot.number;
      }
    }
  }

  // Bytes the index holds (its slots), for a query's memory budget.
  std::size_t bytes() const { return slots_.capacity() * sizeof(Slot); }

  // Mixes a hash's bits (a murmur finalizer), so that nearby keys (group numbers) spread.
  static std::uint32_t mix(std::uint64_t h) {
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return static_cast<std::uint32_t>(h);
  }

 private:
  struct Slot {
    std::uint32_t tag = 0;  // the mixed hash: a slot's place, and a cheap first comparison
    std::uint32_t number = kNone;
  };
  // Doubles the slots (at least 16), keeping the index at most half full.
  void grow();

  std::vector<Slot> slots_;
  std::size_t used_ = 0;
};

}  // namespace vigil::engine::hunt
