#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

#include "engine/schedule/clock.hpp"

namespace vigil::engine {

// Runs `tick` on its own thread, then sleeps until the time it returns
// (nullopt: until woken), until stopped. Due times come from the injected
// Clock; the wait itself is real (condition_variable::wait_until on the
// system clock), computed as "due - clock.now()" from now, so with the
// SystemClock the two agree. A test driving a ManualClock advances it and
// calls wake().
//
// `tick` must not throw. start() and stop() are for the owning thread; wake()
// may be called from any thread. The destructor stops and joins.
class ClockedThread {
 public:
  using Tick = std::function<std::optional<TimeMs>()>;

  ClockedThread(const Clock& clock, Tick tick);
  ~ClockedThread();
  ClockedThread(const ClockedThread&) = delete;
  ClockedThread& operator=(const ClockedThread&) = delete;

  void start();
  // Wakes the thread early and joins it; a tick in progress finishes first.
  // Idempotent.
  void stop();
  // Makes the thread tick and recompute its wait now, e.g. after the clock
  // was moved.
  void wake();

 private:
  void loop();

  const Clock& clock_;
  Tick tick_;
  std::mutex mutex_;
  std::condition_variable wakeup_;
  bool stopping_ = false;  // guarded by mutex_
  bool woken_ = false;     // guarded by mutex_
  std::thread thread_;
};

}  // namespace vigil::engine
