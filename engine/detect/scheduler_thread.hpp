#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "engine/detect/scheduler.hpp"
#include "engine/schedule/clock.hpp"

namespace vigil::engine::detect {

// Drives a Scheduler from its own thread: tick(), then sleep until
// next_due(), until stopped. Due times come from the injected Clock; the
// wait itself is real (condition_variable::wait_until on the system clock),
// computed as "due - clock.now()" from now, so with the SystemClock the two
// agree. A test driving a ManualClock advances it and calls wake().
//
// `on_runs` receives each non-empty batch of run records on the scheduler
// thread (the daemon logs them); it must not throw.
//
// start() and stop() are for the owning thread; wake() may be called from
// any thread. The destructor stops and joins.
class SchedulerThread {
 public:
  using RunsCallback = std::function<void(const std::vector<RunRecord>&)>;

  SchedulerThread(Scheduler& scheduler, const Clock& clock, RunsCallback on_runs = {});
  ~SchedulerThread();
  SchedulerThread(const SchedulerThread&) = delete;
  SchedulerThread& operator=(const SchedulerThread&) = delete;

  void start();
  // Wakes the thread early and joins it; a run in progress finishes first.
  // Idempotent.
  void stop();
  // Makes the thread tick and recompute its wait now, e.g. after the clock
  // was moved.
  void wake();

 private:
  void loop();

  Scheduler& scheduler_;
  const Clock& clock_;
  RunsCallback on_runs_;
  std::mutex mutex_;
  std::condition_variable wakeup_;
  bool stopping_ = false;  // guarded by mutex_
  bool woken_ = false;     // guarded by mutex_
  std::thread thread_;
};

}  // namespace vigil::engine::detect
