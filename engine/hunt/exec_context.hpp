#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "engine/hunt/value.hpp"
#include "engine/store/hunt_source.hpp"

namespace vigil::engine::hunt {

struct LogicalPlan;
class ColumnUsage;

// The limits one query runs under.
struct HuntLimits {
  std::int64_t timeout_ms = 30000;
  std::size_t max_rows = 10000;              // rows returned; more is reported as truncated
  std::size_t memory_bytes = 256ull << 20;  // rows held by blocking operators (summarize, sort, join, ...)
};

// What a query's execution shares: the store, the query's `now`, the time
// range the request bounds every table to, and its budgets. One per query,
// used by one thread.
class ExecContext {
 public:
  // `clock_ms` reads the current time for the deadline.
  ExecContext(HuntSource& source, TimeMs now, TimeMs range_start, TimeMs range_end, HuntLimits limits,
              std::function<TimeMs()> clock_ms);

  HuntSource& source() { return source_; }
  TimeMs now() const { return now_; }
  TimeMs range_start() const { return range_start_; }
  TimeMs range_end() const { return range_end_; }

  // Throws HuntError (kTimeout) once the deadline has passed; cheap enough to
  // call per row (reads the clock every 1024 calls).
  void check_deadline();
  // Charges (or with a negative count, releases) bytes held; throws
  // HuntError (kMemory) past the budget.
  void charge(std::int64_t bytes);
  std::int64_t held_bytes() const { return held_; }
  std::int64_t peak_bytes() const { return peak_; }

  void count_scanned() { ++rows_scanned_; }
  std::uint64_t rows_scanned() const { return rows_scanned_; }

  // Which columns of a plan node's output the query reads (column_usage.hpp);
  // nullptr: all. Set once, before the query's operators are planned.
  void set_column_usage(const ColumnUsage* usage) { usage_ = usage; }
  const std::vector<bool>* read_columns(const LogicalPlan& plan) const;

  // Runs a plan to its rows (toscalar, in, materialize).
  std::vector<Row> run(const LogicalPlan& plan);

 private:
  HuntSource& source_;
  TimeMs now_;
  TimeMs range_start_;
  TimeMs range_end_;
  HuntLimits limits_;
  std::function<TimeMs()> clock_ms_;
  TimeMs deadline_;
  std::uint32_t ticks_ = 0;
  std::int64_t held_ = 0;
  std::int64_t peak_ = 0;
  std::uint64_t rows_scanned_ = 0;
  const ColumnUsage* usage_ = nullptr;
};

}  // namespace vigil::engine::hunt
