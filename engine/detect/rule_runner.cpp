#include "engine/detect/rule_runner.hpp"

#include <chrono>
#include <exception>
#include <stdexcept>

#include "engine/detect/aggregation_executor.hpp"
#include "engine/detect/eql_executor.hpp"

namespace vigil::engine::detect {

RuleRunner::RuleRunner(EventStore& events, RunStore& runs, const Clock& clock,
                       std::vector<MaintenanceWindow> maintenance_windows)
    : runs_(runs), clock_(clock), maintenance_windows_(std::move(maintenance_windows)) {
  executors_.emplace("eql", std::make_unique<EqlExecutor>(events, runs));
  executors_.emplace("aggregation", std::make_unique<AggregationExecutor>(events, runs));
}

bool RuleRunner::supports(const CompiledRule& rule) const { return executors_.contains(rule.definition.type); }

RunRecord RuleRunner::run(const CompiledRule& rule, const RunRequest& request) const {
  const auto executor = executors_.find(rule.definition.type);
  if (executor == executors_.end()) {
    throw std::invalid_argument("no executor for rule type \"" + rule.definition.type + "\"");
  }

  RunRecord run;
  run.rule_id = rule.definition.rule_id;
  run.started_at = clock_.now();
  run.window_start = request.window.start;
  run.window_end = request.window.end;
  run.lease_token = request.lease_token;
  if (request.gap_warning) {
    run.status = RunStatus::kPartial;
    run.warnings.push_back(*request.gap_warning);
  }
  const auto began = std::chrono::steady_clock::now();
  const auto elapsed_ms = [&] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - began).count();
  };

  try {
    auto alerts = executor->second->execute(rule, request.window, run.started_at, run);
    if (const auto* window = active_window(maintenance_windows_, run.started_at, run.rule_id)) {
      run.warnings.push_back({RunWarningKind::kMaintenanceWindow, "maintenance window \"" + window->name +
                                                                      "\" is active: " + std::to_string(alerts.size()) +
                                                                      " alerts not created"});
      alerts.clear();
    }
    run.duration_ms = elapsed_ms();
    const auto counts = runs_.commit_run(run, alerts, request.schedule_update);
    run.alerts_created = counts.created;
    run.duplicates_skipped += counts.duplicates;  // another writer stored the same alert meanwhile
    if (counts.updated > 0) run.warnings.push_back(alerts_updated_warning(counts.updated));
  } catch (const std::exception& e) {
    run.status = RunStatus::kFailed;
    run.error = e.what();
    run.alerts_created = 0;
    run.duration_ms = elapsed_ms();
    try {
      runs_.commit_run(run, {}, request.schedule_update);
    } catch (const std::exception& again) {
      // The caller still gets the record; the run history just lacks it.
      run.warnings.push_back(
          {RunWarningKind::kRecordFailed, std::string("the failed run could not be recorded: ") + again.what()});
    }
  }
  return run;
}

}  // namespace vigil::engine::detect
