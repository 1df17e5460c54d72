#include "engine/hunt/exec_context.hpp"

#include "engine/hunt/column_usage.hpp"
#include "engine/hunt/hunt_error.hpp"
#include "engine/hunt/planner.hpp"

namespace vigil::engine::hunt {

ExecContext::ExecContext(HuntSource& source, TimeMs now, TimeMs range_start, TimeMs range_end, HuntLimits limits,
                         std::function<TimeMs()> clock_ms)
    : source_(source),
      now_(now),
      range_start_(range_start),
      range_end_(range_end),
      limits_(limits),
      clock_ms_(std::move(clock_ms)),
      deadline_(clock_ms_() + limits.timeout_ms) {}

void ExecContext::check_deadline() {
  if ((++ticks_ & 1023u) != 0) return;
  if (clock_ms_() > deadline_)
    throw HuntError(HuntErrorCode::kTimeout,
                    "Query execution has exceeded the allowed limits: the deadline of " +
                        std::to_string(limits_.timeout_ms) + " ms passed");
}

void ExecContext::charge(std::int64_t bytes) {
  held_ += bytes;
  peak_ = std::max(peak_, held_);
  if (bytes > 0 && held_ > static_cast<std::int64_t>(limits_.memory_bytes))
    throw HuntError(HuntErrorCode::kMemory,
                    "Query execution has exceeded the allowed limits: the query needs more than its memory budget of " +
                        std::to_string(limits_.memory_bytes) + " bytes");
}

const std::vector<bool>* ExecContext::read_columns(const LogicalPlan& plan) const {
  return usage_ == nullptr ? nullptr : usage_->read_columns(plan);
}

std::vector<Row> ExecContext::run(const LogicalPlan& plan) {
  auto op = plan_operators(plan, *this);
  std::vector<Row> rows;
  while (auto row = op->next()) {
    // Subquery results live as long as the query: charged for good.
    std::int64_t bytes = 0;
    for (const auto& v : *row) bytes += static_cast<std::int64_t>(v.footprint());
    charge(bytes);
    rows.push_back(std::move(*row));
  }
  return rows;
}

}  // namespace vigil::engine::hunt
