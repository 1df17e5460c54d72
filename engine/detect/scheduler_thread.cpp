#include "engine/detect/scheduler_thread.hpp"

namespace vigil::engine::detect {

SchedulerThread::SchedulerThread(Scheduler& scheduler, const Clock& clock, RunsCallback on_runs)
    : scheduler_(scheduler), on_runs_(std::move(on_runs)), thread_(clock, [this] { return tick(); }) {}

std::optional<TimeMs> SchedulerThread::tick() {
  const auto records = scheduler_.tick();
  if (on_runs_ && !records.empty()) on_runs_(records);
  return scheduler_.next_due();
}

}  // namespace vigil::engine::detect
