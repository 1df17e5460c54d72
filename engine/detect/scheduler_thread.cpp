#include "engine/detect/scheduler_thread.hpp"

namespace vigil::engine::detect {

SchedulerThread::SchedulerThread(Scheduler& scheduler, const Clock& clock)
    : scheduler_(scheduler), thread_(clock, [this] { return tick(); }) {}

std::optional<TimeMs> SchedulerThread::tick() {
  scheduler_.tick();
  return scheduler_.next_due();
}

}  // namespace vigil::engine::detect
