#include "inputs/kafka/worker_pool.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <latch>
#include <mutex>
#include <set>
#include <thread>

namespace vigil::inputs::kafka {
namespace {

TEST(WorkerPool, RunsJobsOnAllItsThreadsAtOnce) {
  WorkerPool pool(3);
  EXPECT_EQ(pool.size(), 3u);
  // Each job waits until all three run: a pool running them one at a time never gets there.
  std::latch together(3);
  std::mutex mutex;
  std::set<std::thread::id> threads;
  std::latch done(3);
  for (int i = 0; i < 3; ++i)
    pool.post([&] {
      {
        std::lock_guard lock(mutex);
        threads.insert(std::this_thread::get_id());
      }
      together.arrive_and_wait();
      done.count_down();
    });
  done.wait();
  EXPECT_EQ(threads.size(), 3u);
  EXPECT_EQ(threads.count(std::this_thread::get_id()), 0u);
}

TEST(WorkerPool, RunsWhatIsStillQueuedBeforeItIsDestroyed) {
  std::atomic<int> ran{0};
  {
    WorkerPool pool(1);
    for (int i = 0; i < 50; ++i)
      pool.post([&] {
        std::this_thread::yield();
        ++ran;
      });
  }
  EXPECT_EQ(ran.load(), 50);
}

}  // namespace
}  // namespace vigil::inputs::kafka
