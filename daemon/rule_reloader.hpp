#pragma once

#include <functional>
#include <memory>
#include <mutex>

#include "api/handlers/rules_reload_handler.hpp"
#include "engine/ingest/ingest_pipeline.hpp"
#include "api/metrics/detection_metrics.hpp"
#include "config/options.hpp"
#include "engine/detect/ingest_matcher.hpp"
#include "engine/detect/scheduler.hpp"
#include "engine/detect/scheduler_thread.hpp"
#include "engine/rules/rule_loader.hpp"
#include "engine/store/event_store.hpp"

namespace vigil::daemon {

// Loads the rule directories [rules] names (the built-in rules when none),
// with its disabled ids and overrides. Never throws for bad rule files: the
// result says what is wrong, with file:line:column.
engine::LoadedRules load_configured_rules(const config::RulesOptions& options);

// Loads the rules again (SIGHUP, POST /api/v1/rules/_reload) and swaps the
// new set in where the old one runs: the scheduler, the ingest matcher, the
// rules API and the detection metrics. A set with any error replaces
// nothing. A valid set is swapped in while no rule runs and no ingest batch
// is being matched or written (Scheduler::replace_rules around
// IngestPipeline::replace_matcher around detect::begin_ingest_matching), so
// no run and no batch sees half of one set and half of the other, and a
// rule whose fingerprint changed starts afresh exactly as at start-up.
//
// The parts it swaps into must outlive it. Reloads are serialized.
class RuleReloader {
 public:
  struct Targets {
    engine::EventStore& events;
    engine::ingest::IngestPipeline& pipeline;
    engine::detect::Scheduler& scheduler;
    engine::detect::SchedulerThread& scheduler_thread;
    api::metrics::DetectionMetrics& metrics;
    // Owns the matcher the pipeline uses now; replaced by each reload.
    std::unique_ptr<engine::detect::IngestMatcher>& matcher;
  };
  // `read_options` reads [rules] again (the configuration file may have
  // changed); it throws config::ConfigError for a bad file.
  RuleReloader(std::function<config::RulesOptions()> read_options, Targets targets)
      : read_options_(std::move(read_options)), targets_(targets) {}

  // Logs what it did. Throws only if swapping failed (the store could not
  // record the new rule versions); the old set then keeps running.
  api::RuleReloadOutcome reload();

 private:
  std::function<config::RulesOptions()> read_options_;
  Targets targets_;
  std::mutex reloading_;
};

}  // namespace vigil::daemon
