#include "engine/detect/scheduler_thread.hpp"

#include <algorithm>
#include <chrono>

namespace vigil::engine::detect {

SchedulerThread::SchedulerThread(Scheduler& scheduler, const Clock& clock, RunsCallback on_runs)
    : scheduler_(scheduler), clock_(clock), on_runs_(std::move(on_runs)) {}

SchedulerThread::~SchedulerThread() { stop(); }

void SchedulerThread::start() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = false;
  }
  thread_ = std::thread([this] { loop(); });
}

void SchedulerThread::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wakeup_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void SchedulerThread::wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  wakeup_.notify_all();
}

void SchedulerThread::loop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    woken_ = false;
    lock.unlock();
    const auto records = scheduler_.tick();
    if (on_runs_ && !records.empty()) on_runs_(records);
    const auto due = scheduler_.next_due();
    lock.lock();

    const auto interrupted = [this] { return stopping_ || woken_; };
    if (!due) {
      wakeup_.wait(lock, interrupted);
    } else {
      const auto delay = std::chrono::milliseconds(std::max<TimeMs>(0, *due - clock_.now()));
      wakeup_.wait_until(lock, std::chrono::system_clock::now() + delay, interrupted);
    }
  }
}

}  // namespace vigil::engine::detect
