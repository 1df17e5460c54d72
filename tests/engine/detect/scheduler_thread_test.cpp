#include "engine/detect/scheduler_thread.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>

#include "tests/engine/detect/detect_test_support.hpp"
#include "tests/support/temp_dir.hpp"

namespace vigil::engine::detect {
namespace {

using testing::kT0;

// Collects the batches the thread reports and lets the test wait for them.
// The waits are bounded so a broken thread fails the test instead of hanging it.
class Batches {
 public:
  void add(const std::vector<RunRecord>& records) {
    {
      std::lock_guard lock(mutex_);
      batches_.push_back(records);
    }
    changed_.notify_all();
  }

  bool wait_for(std::size_t count) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, std::chrono::seconds(30), [&] { return batches_.size() >= count; });
  }

  std::vector<std::vector<RunRecord>> get() {
    std::lock_guard lock(mutex_);
    return batches_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::vector<RunRecord>> batches_;
};

class SchedulerThreadTest : public ::testing::Test {
 protected:
  test::TempDir dir;
  testing::Stores stores{dir / "vigil.db"};
  ManualClock clock{kT0};
  RuleSet rules = testing::rule_set({testing::powershell_rule()});
  Batches batches;
  Scheduler scheduler{rules, stores.events, stores.runs, clock, reporting_to(batches)};
  SchedulerThread thread{scheduler, clock};

  static SchedulerOptions reporting_to(Batches& batches) {
    SchedulerOptions options;
    options.on_runs = [&batches](const std::vector<RunRecord>& r) { batches.add(r); };
    return options;
  }
};

TEST_F(SchedulerThreadTest, RunsAtStartThenWhenWokenAfterTheClockMoves) {
  thread.start();
  ASSERT_TRUE(batches.wait_for(1));
  EXPECT_EQ(batches.get()[0].size(), 1u);
  EXPECT_EQ(batches.get()[0][0].window_end, kT0);

  clock.advance(5 * kMinuteMs);
  thread.wake();
  ASSERT_TRUE(batches.wait_for(2));
  EXPECT_EQ(batches.get()[1][0].window_end, kT0 + 5 * kMinuteMs);
  thread.stop();
}

TEST_F(SchedulerThreadTest, StopInterruptsTheWaitForTheNextRun) {
  thread.start();
  ASSERT_TRUE(batches.wait_for(1));  // the next run is 5 minutes of real time away

  const auto before = std::chrono::steady_clock::now();
  thread.stop();
  EXPECT_LT(std::chrono::steady_clock::now() - before, std::chrono::seconds(10));
  thread.stop();  // idempotent
  EXPECT_EQ(batches.get().size(), 1u);
}

}  // namespace
}  // namespace vigil::engine::detect
