#pragma once

#include <cstddef>

namespace vigil::api {

// Grows the calling thread's malloc arena by about `bytes` and touches every
// page, then hands the memory back to the arena, not to the system. A fresh
// process otherwise pays for that growth in its first requests: glibc
// extends a thread's arena a page at a time and the kernel faults each new
// page in, 21% of vigild's CPU over the first two `_bulk` batches of 1,600
// events (perf, docs/PERFORMANCE.md), and after a restart those are the
// batches a shipper's backlog arrives in. One block the size of the
// warm-up's blocks stays allocated until the thread exits, above the freed
// ones, so that glibc does not trim them off the top of the heap and give
// the pages back. Meant once per thread, before its first request.
void warm_thread_heap(std::size_t bytes);

}  // namespace vigil::api
