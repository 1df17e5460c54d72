#include "api/http/heap_warmup.hpp"

#include <cstdlib>
#include <cstring>
#include <vector>

namespace vigil::api {

namespace {

// One block held until the thread exits. A pointer that is never read
// again would let the compiler drop its malloc; the destructor reads it.
struct Anchor {
  void* block = nullptr;
  Anchor() = default;
  Anchor(const Anchor&) = delete;
  Anchor& operator=(const Anchor&) = delete;
  ~Anchor() { std::free(block); }
};

thread_local Anchor anchor;

}  // namespace

void warm_thread_heap(std::size_t bytes) {
  // The size of a JSON tree's nodes and short strings, which is most of what
  // a batch allocates: served from the arena, below malloc's mmap threshold.
  constexpr std::size_t kBlock = 256;
  if (bytes < kBlock) return;
  std::vector<void*> blocks;
  blocks.reserve(bytes / kBlock);
  for (std::size_t i = 0; i < bytes / kBlock; ++i) {
    void* block = std::malloc(kBlock);
    if (block == nullptr) break;
    std::memset(block, 0, kBlock);
    blocks.push_back(block);
  }
  // Above the blocks, so that freeing them leaves a free chunk below it
  // rather than a top chunk glibc would trim.
  if (anchor.block == nullptr) anchor.block = std::malloc(kBlock);
  for (void* block : blocks) std::free(block);
}

}  // namespace vigil::api
