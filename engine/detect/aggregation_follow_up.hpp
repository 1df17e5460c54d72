#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "engine/analytics/aggregation_spec.hpp"
#include "engine/analytics/bin_plan.hpp"
#include "engine/detect/aggregation_findings.hpp"
#include "engine/detect/aggregation_scan.hpp"
#include "engine/detect/ingest_candidates.hpp"
#include "engine/analytics/named_list.hpp"
#include "engine/detect/rule_executor.hpp"
#include "engine/rules/compiled_rule.hpp"
#include "engine/store/event_store.hpp"

namespace vigil::engine::detect {

// What a content follow-up sees of one aggregation run.
struct AggregationRun {
  EventStore& events;
  const CompiledRule& rule;
  const analytics::AggregationSpec& spec;
  RunWindow window;
  TimeMs created_at;
};

// A content module's part in one aggregation run, called in the run's
// order: before the scan, then while it groups rows, then for the groups
// over threshold and each of their alerts. Lives for the run; not shared
// between runs.
class AggregationFollowUpRun {
 public:
  virtual ~AggregationFollowUpRun() = default;

  // Before the scan: reads what the run's bins bear on (their ends lie in
  // [oldest_end, last_end]) and adds to `late` the starts of bins that what
  // arrived since the last run makes the run re-judge.
  virtual void before_scan(TimeMs oldest_end, TimeMs last_end, std::set<TimeMs>& late) {}

  // Narrows the values rows group under, or nullptr (the scan threads share it).
  virtual const GroupValueFilter* group_filter() const { return nullptr; }

  // Sees the groups over threshold (not empty) before any alert is built.
  virtual void after_grouping(const std::vector<FoundGroup>& found) {}

  // Adds to `alert`, the document of the alert of `found` in `bin`.
  virtual void enrich(const FoundGroup& found, const analytics::Bin& bin, nlohmann::json& alert) const {}
};

// A content module's part in aggregation rules whose settings call for it.
// Immutable; thread-safe.
class AggregationFollowUp {
 public:
  virtual ~AggregationFollowUp() = default;

  // Its part in `run`, or nullptr when the rule's settings do not call for it.
  virtual std::unique_ptr<AggregationFollowUpRun> start(const AggregationRun& run) const = 0;

  // What the ingest matcher records for the rule's runs, if anything.
  virtual std::optional<IngestCandidates> ingest_candidates(const CompiledRule& rule,
                                                            const analytics::AggregationSpec& spec) const {
    return std::nullopt;
  }
};

// The follow-ups aggregation runs consult, in the order they were added.
// Filled at start-up (engine::content::register_all) before any rule runs,
// and only read afterwards: adding is not thread-safe, the rest is.
class AggregationFollowUps {
 public:
  // Adds `follow_up` under `name`, replacing one added under the same name.
  void add(std::string name, std::shared_ptr<const AggregationFollowUp> follow_up) {
    follow_ups_.add(std::move(name), std::move(follow_up));
  }

  // The parts of the follow-ups that take part in `run`.
  std::vector<std::unique_ptr<AggregationFollowUpRun>> start(const AggregationRun& run) const;

  // Every follow-up's ingest candidates for the rule.
  std::vector<IngestCandidates> ingest_candidates(const CompiledRule& rule,
                                                  const analytics::AggregationSpec& spec) const;

 private:
  analytics::NamedList<std::shared_ptr<const AggregationFollowUp>> follow_ups_;
};

}  // namespace vigil::engine::detect
