#pragma once

#include <cstddef>

#include "api/http/types.hpp"

namespace vigil::api {

// Requests that reserved at least this much hand the freed heap back when
// they end: glibc keeps freed memory in the thread's arena for reuse, so one
// large batch would otherwise leave the daemon's resident size at its peak
// (3.8 GB after one 900,000-item body). Smaller requests keep their arena
// warm (heap_warmup.hpp), as trimming costs page faults on the next batch.
inline constexpr std::size_t kTrimAfterBytes = std::size_t{64} << 20;

// Declared first in a handler, so that it is destroyed last, after what the
// handler allocated: then, if the request's memory reservation reached
// kTrimAfterBytes, returns free heap pages to the system (malloc_trim).
class HeapTrimAfter {
 public:
  explicit HeapTrimAfter(const RequestContext& ctx) : memory_(ctx.origin.memory) {}
  HeapTrimAfter(const HeapTrimAfter&) = delete;
  HeapTrimAfter& operator=(const HeapTrimAfter&) = delete;
  ~HeapTrimAfter();

 private:
  const MemoryBudget::Reservation* memory_;
};

}  // namespace vigil::api
