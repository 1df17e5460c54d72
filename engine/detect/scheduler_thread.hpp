#pragma once

#include "engine/detect/scheduler.hpp"
#include "engine/schedule/clock.hpp"
#include "engine/schedule/clocked_thread.hpp"

namespace vigil::engine::detect {

// Drives a Scheduler from its own thread (a ClockedThread): tick(), then
// sleep until next_due(), until stopped. A test driving a ManualClock
// advances it and calls wake(). The runs it makes reach
// SchedulerOptions::on_runs, like manual ones.
//
// start() and stop() are for the owning thread; wake() may be called from
// any thread. The destructor stops and joins.
class SchedulerThread {
 public:
  SchedulerThread(Scheduler& scheduler, const Clock& clock);

  void start() { thread_.start(); }
  // Wakes the thread early and joins it; a run in progress finishes first.
  // Idempotent.
  void stop() { thread_.stop(); }
  // Makes the thread tick and recompute its wait now, e.g. after the clock
  // was moved.
  void wake() { thread_.wake(); }

 private:
  std::optional<TimeMs> tick();

  Scheduler& scheduler_;
  ClockedThread thread_;  // last: its thread uses the members above
};

}  // namespace vigil::engine::detect
