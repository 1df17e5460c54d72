#include "engine/schedule/clocked_thread.hpp"

#include <algorithm>
#include <chrono>

namespace vigil::engine {

ClockedThread::ClockedThread(const Clock& clock, Tick tick) : clock_(clock), tick_(std::move(tick)) {}

ClockedThread::~ClockedThread() { stop(); }

void ClockedThread::start() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = false;
  }
  thread_ = std::thread([this] { loop(); });
}

void ClockedThread::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wakeup_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void ClockedThread::wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  wakeup_.notify_all();
}

void ClockedThread::loop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    woken_ = false;
    lock.unlock();
    const auto due = tick_();
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

}  // namespace vigil::engine
