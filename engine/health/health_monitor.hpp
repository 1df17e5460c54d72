#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "engine/health/source_activity.hpp"
#include "engine/rules/index_patterns.hpp"
#include "engine/schedule/clock.hpp"
#include "engine/store/run_store.hpp"

namespace vigil::engine::health {

// The built-in health rules: their alerts carry these rule ids.
inline constexpr const char* kSilentSourceRule = "vigil-health-silent-source";
inline constexpr const char* kRuleFailingRule = "vigil-health-rule-failing";
inline constexpr const char* kRuleGapRule = "vigil-health-rule-gap";
inline constexpr const char* kIngestRefusedRule = "vigil-health-ingest-refused";
inline constexpr const char* kDiskRule = "vigil-health-disk";

struct SilentSourcePolicy {
  std::string pattern;  // index pattern
  TimeMs after = 30 * kMinuteMs;
  bool per_host = false;  // each host.name in the matching indices is a source
};

struct HealthPolicy {
  std::vector<SilentSourcePolicy> silent_sources;
  TimeMs ingest_refused_after = 5 * kMinuteMs;
  // The space the database may take ([health] disk_limit_mb); 0: no disk
  // check. `disk_used` says how much it takes now (the daemon reads the
  // database and log files' sizes).
  std::uint64_t disk_limit_bytes = 0;
  std::function<std::uint64_t()> disk_used;
};

// Vigil's health checks, whose findings are alerts like any rule's: stored
// with a run record of their built-in rule (so run history, the alerts API,
// triage and delivery treat them alike), with deterministic ids so a finding
// alerts once however often it is checked:
//   - silent source: an index matching a configured pattern (or, with
//     per_host, a host.name sending to such indices) that sent events and
//     then none for `after`; one alert per silence, keyed by its last event;
//   - ingest refused: every batch refused (429/503) for ingest_refused_after;
//     one alert per refusing spell;
//   - rule failing: a rule's run failed after its last success; one alert
//     per failing spell (observe_runs);
//   - rule gap: a run reported time no run will search; one per gap;
//   - disk: the database within 10% of disk_limit_bytes (90% used or
//     more); one alert per spell above that mark.
// check() and observe_runs() may be called from different threads; check()
// from one at a time.
class HealthMonitor {
 public:
  HealthMonitor(HealthPolicy policy, const SourceActivity& activity, RunStore& runs, const Clock& clock);

  // Evaluates the silent-source and ingest checks at clock.now() and stores
  // the alerts they raise; returns how many were new. Throws StoreError.
  std::uint64_t check();

  // Has the shape of SchedulerOptions::on_runs: raises the rule-failing and
  // rule-gap alerts for these runs. Never throws: a store failure is retried
  // by nothing, so it is swallowed after the scheduler's own record.
  void observe_runs(const std::vector<RunRecord>& runs);

 private:
  struct Finding {
    std::string rule_id;
    std::string key;  // what makes the alert unique within its rule
    std::string severity;
    int risk_score = 0;
    std::string reason;
    std::string host;
    nlohmann::json details;
  };
  std::uint64_t raise(const std::vector<Finding>& findings, TimeMs now);

  struct Pattern {
    SilentSourcePolicy policy;
    IndexPatterns patterns;
  };
  std::vector<Pattern> silent_sources_;
  TimeMs ingest_refused_after_;
  std::uint64_t disk_limit_bytes_;
  std::function<std::uint64_t()> disk_used_;
  std::optional<TimeMs> disk_full_since_;  // when the last check found it past the mark
  const SourceActivity& activity_;
  RunStore& runs_;
  const Clock& clock_;
  std::mutex failing_mutex_;
  std::map<std::string, TimeMs> failing_since_;  // rule id -> start of its first failed run in a row
};

}  // namespace vigil::engine::health
