#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "engine/analytics/aggregation_spec.hpp"
#include "engine/detect/rule_executor.hpp"
#include "engine/store/event_store.hpp"

namespace vigil::engine::detect {

struct AggregationRun;
class AggregationFollowUpRun;
struct Scan;

// The alert id of an aggregation finding: lowercase hex SHA-256 of
// "<rule_id>\n<group as compact JSON, keys sorted>\n<bin start ms>". A bin
// re-evaluated by a later run yields the same id, so its alert is updated.
std::string aggregation_alert_id(std::string_view rule_id, const nlohmann::json& group, TimeMs bin_start);

// Runs "aggregation" rules (docs/RULES.md, "Aggregation rules"), with the
// content follow-ups registered in content_registry() taking part in each
// run (aggregation_follow_up.hpp):
//   1. plans the complete bins to evaluate (analytics/bin_plan.hpp): the
//      last bins_back, and those that received events since the last run
//      (found from event.ingested in the run's window) or that a follow-up
//      names, back to the rule's lookback;
//   2. before that, lets each follow-up read what those bins bear on;
//   3. scans the rule's dataset over the bins once (aggregation_scan.hpp:
//      in slices of time that scan_threads threads take in turn, their
//      groups merged), reading the columns of each row without building the
//      document unless a filter, follow-up or exception needs it, and
//      keeping rows that pass non_empty, checks and filter and no exception,
//      and accumulates them per (group, bin); a multi_valued field puts a
//      row in one group per entry, and follow-ups may narrow the entries;
//   4. keeps groups whose metric meets the threshold
//      (aggregation_findings.hpp) and, with followed_by, that a matching
//      event with the same `same` fields follows within the window after
//      the group's last event;
//   5. shows the follow-ups the groups over threshold, then builds their
//      alerts, to which each follow-up adds its evidence;
//   6. with alert_per, folds the alerts into one per those values and
//      episode (detect/alert_episodes.hpp);
//   7. returns at most max_signals alerts, newest bins and highest values first.
// Counters: events_scanned (rows of the dataset read, follow-up rows
// included), matches (rows passing non_empty, checks and filter, before
// exceptions and the follow-ups' narrowing), excepted.
//
// The rule's settings are read once per rule and cached; invalid settings
// fail the run with the reason. Thread-safe.
class AggregationExecutor final : public RuleExecutor {
 public:
  static constexpr unsigned kDefaultScanThreads = 2;

  // A run scans `scan_threads` slices of its window at once: the scan is
  // most of a run's cost, and one thread per core divides it.
  // `runs` holds the alerts that rules with alert_per extend.
  AggregationExecutor(EventStore& events, RunStore& runs, unsigned scan_threads = kDefaultScanThreads)
      : events_(events), runs_(runs), scan_threads_(scan_threads) {}

  std::vector<Alert> execute(const CompiledRule& rule, const RunWindow& window, TimeMs created_at,
                             RunRecord& run) override;

 private:
  std::shared_ptr<const analytics::AggregationSpec> spec_for(const CompiledRule& rule);
  // Steps 4 to 7: the alerts of the scanned groups, with the follow-ups'
  // evidence, folded into episodes with alert_per.
  std::vector<Alert> alerts_for(const AggregationRun& context, const Scan& scan,
                                std::vector<std::unique_ptr<AggregationFollowUpRun>>& follow_ups);

  EventStore& events_;
  RunStore& runs_;
  const unsigned scan_threads_;
  struct CachedSpec {
    nlohmann::json settings;  // the RuleDefinition::extra it was read from
    std::shared_ptr<const analytics::AggregationSpec> spec;
  };
  std::mutex specs_mutex_;
  std::map<std::string, CachedSpec> specs_;  // by rule id; re-read when a reload changes the settings
};

}  // namespace vigil::engine::detect
