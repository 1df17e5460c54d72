#include "api/http/heap_warmup.hpp"

#include <gtest/gtest.h>
#include <malloc.h>

#include <cstdlib>
#include <thread>
#include <vector>

#include "tests/support/sanitizers.hpp"

namespace vigil::api {
namespace {

constexpr std::size_t kWarmup = std::size_t{16} * 1024 * 1024;
constexpr std::size_t kBlock = 256;

// glibc's counters, summed over every arena: this test's fresh thread is the
// only one allocating while it runs.
struct HeapSample {
  std::size_t arena;     // bytes the arenas hold from the system
  std::size_t fordblks;  // of which free, kept for later mallocs
};

HeapSample sample() {
  const auto info = mallinfo2();
  return {info.arena, info.fordblks};
}

// The warm-up's memory stays in the thread's arena, free for its next
// mallocs, instead of going back to the system when the blocks are freed:
// without the block kept above them, glibc trims them all off the top.
TEST(HeapWarmup, KeepsTheGrownHeapForTheThreadsLaterAllocations) {
  if (test::kSanitized) GTEST_SKIP() << "a sanitizer's allocator replaces glibc's arenas";
  HeapSample before{}, warmed{}, used{};
  std::thread([&] {
    before = sample();
    warm_thread_heap(kWarmup);
    warmed = sample();
    // Half the warm-up in the blocks a batch allocates: served from what
    // the warm-up left, with no new memory from the system.
    std::vector<void*> blocks;
    for (std::size_t i = 0; i < kWarmup / 2 / kBlock; ++i) blocks.push_back(std::malloc(kBlock));
    used = sample();
    for (void* block : blocks) std::free(block);
  }).join();
  EXPECT_GE(warmed.fordblks, before.fordblks + kWarmup) << "the warmed heap was given back";
  EXPECT_GE(warmed.arena, before.arena + kWarmup);
  EXPECT_EQ(used.arena, warmed.arena) << "allocations after the warm-up grew the heap";
}

TEST(HeapWarmup, ZeroBytesGrowsNothing) {
  if (test::kSanitized) GTEST_SKIP() << "a sanitizer's allocator replaces glibc's arenas";
  HeapSample before{}, after{};
  std::thread([&] {
    before = sample();
    warm_thread_heap(0);
    after = sample();
  }).join();
  EXPECT_LT(after.arena, before.arena + kWarmup / 16);
}

}  // namespace
}  // namespace vigil::api
