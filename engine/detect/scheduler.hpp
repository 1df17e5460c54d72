#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/detect/maintenance_window.hpp"
#include "engine/detect/rule_runner.hpp"
#include "engine/detect/run_request_error.hpp"
#include "engine/rules/rule_set.hpp"
#include "engine/schedule/clock.hpp"
#include "engine/schedule/rule_leases.hpp"
#include "engine/schedule/single_node_leases.hpp"
#include "engine/store/event_store.hpp"
#include "engine/store/run_store.hpp"

namespace vigil::engine::detect {

struct SchedulerOptions {
  // How much missed time (daemon down, store failing) a run catches up on.
  // Anything older is reported as a gap. Kibana catches up at most 4
  // intervals (MAX_RULE_GAP_RATIO); Vigil covers the whole gap up to this.
  TimeMs max_catchup = 24 * kHourMs;
  std::vector<MaintenanceWindow> maintenance_windows;
  // Receives every committed run, scheduled or manual (catch-up windows
  // included), on the thread that ran it, so logs and metrics see them all.
  // Must not throw.
  std::function<void(const std::vector<RunRecord>&)> on_runs;
  // Who may run each rule when several nodes share the database; it must
  // outlive the scheduler. Null: this node alone (SingleNodeLeases).
  RuleLeases* leases = nullptr;
};

// What the scheduler's rule leases have done, for metrics.
struct LeaseFigures {
  std::size_t held = 0;        // leases this node holds now
  std::uint64_t acquired = 0;  // leases taken since start
  std::uint64_t lost = 0;      // leases found taken by another node, or not renewable, since start
};

// Runs the enabled rules of a RuleSet on their schedules, as Kibana's task
// manager and detection engine do:
//   - every rule runs at the first tick, then every `interval` after a run;
//   - a run at time R searches [R - lookback, R + to] (from = "now-9m" is a
//     9-minute look-back; with a 5-minute interval consecutive windows
//     overlap by 4 minutes, so events ingested up to 4 minutes late are
//     still seen, and the alert id keeps them from alerting twice);
//   - before the normal window, a run covers time no earlier window did:
//     when the rule's last completed window (kept by the RunStore, so it
//     survives restarts) ends before R - lookback, catch-up windows of at
//     most max(lookback, interval) each cover (last end, R - lookback],
//     oldest first, back to at most max_catchup before R - lookback. Older
//     time is reported on the first of these runs as a gap, making it
//     "partial". This is how a restart after downtime catches up, and also
//     how a failed run is retried: its window stays uncovered.
// An event is searched only by windows that run after it is stored and
// cover its time field. On @timestamp, one that arrives more than
// lookback - interval late falls behind every remaining window and is never
// alerted on, as in Elastic. Rules with timestamp_override = event.ingested
// (the seed rule) window on arrival time instead, so late events are seen.
//
// Rules whose type has no executor are not scheduled (see
// unsupported_rule_ids). Aggregation rules run at first tick, then on their
// interval aligned to the epoch plus their settle delay (hourly at :05 by
// default; see next_run_time). Disabled rules are not scheduled either.
//
// With several nodes on one database, a rule's scheduled runs are made only
// under its lease (SchedulerOptions::leases): a due rule whose lease another
// node holds is skipped; one whose lease this node takes or keeps runs as
// above, each window's commit fenced by the lease's token, and the lease is
// renewed between windows (a run stops when it is lost) and kept after the
// run, renewed by renew_leases(), so one node makes a rule's chain of windows
// until it stops or dies. The node that takes the lease next starts from the
// rule's stored last window end: its catch-up covers what the other left,
// a window cut short included.
//
// Thread-safe: tick() (the scheduler thread), run_now() (API workers) and
// replace_rules() (a reload) may be called concurrently. Runs of one rule are
// serialized; different rules may run at once. A RuleSet passed by reference,
// the stores and the clock must outlive the scheduler.
class Scheduler {
 public:
  Scheduler(const RuleSet& rules, EventStore& events, RunStore& runs, const Clock& clock,
            SchedulerOptions options = {});
  // Shares ownership of the rules, so replace_rules can free them.
  Scheduler(std::shared_ptr<const RuleSet> rules, EventStore& events, RunStore& runs, const Clock& clock,
            SchedulerOptions options = {});

  // Runs every rule due at clock.now(), with its catch-up windows, and
  // returns their records in run order. Never throws for store failures:
  // they are failed runs.
  std::vector<RunRecord> tick();

  // When the next rule is due (ms since the epoch), or nullopt when no rule
  // is scheduled.
  std::optional<TimeMs> next_due() const;

  // A manual run (the API's _run). Without a window it is a scheduled run
  // now, under the rule's lease (kLeaseHeldElsewhere while another node
  // holds it): catch-up included, and the rule's next run moves to now + interval;
  // the record returned is the normal window's (catch-up runs are in the run
  // history). With an explicit window it runs over exactly that window and
  // leaves the schedule alone; the window must not end in the future.
  // Throws RunRequestError when the rule cannot run.
  RunRecord run_now(const std::string& rule_id, std::optional<RunWindow> window = std::nullopt);

  // Extends every rule lease this node holds; the ones that cannot be are
  // dropped (counted as lost), and their rules run again only once their
  // lease is taken anew. Call it more often than the leases expire. Store
  // failures are left to the next call (a lease not renewed in time is lost
  // to the fence, never to a double run).
  void renew_leases();
  // Gives up every lease this node holds, so other nodes take its rules
  // without waiting for expiry: for shutdown, after the last run.
  void release_leases();
  // The rules whose leases this node holds, sorted.
  std::vector<std::string> leased_rule_ids() const;
  LeaseFigures lease_figures() const;

  // Enabled rules left unscheduled because no executor handles their type.
  std::vector<std::string> unsupported_rule_ids() const;

  // Swaps in another rule set between runs: waits until no run is in
  // progress, then, while none can start, calls `between` (which may throw,
  // leaving the old set in place) and makes `rules` the set every later run
  // and lookup uses, so no run ever sees part of one set and part of the
  // other. A rule kept (same rule_id) keeps its next due time; a new one is
  // due at once; a removed or disabled one is no longer scheduled. Its runs
  // recorded so far stay in the RunStore, so a rule that comes back catches
  // up from its last window as after a restart.
  void replace_rules(std::shared_ptr<const RuleSet> rules, const std::function<void()>& between = {});

  // The rule set in use now; it stays valid while the pointer is held.
  std::shared_ptr<const RuleSet> rules() const;

 private:
  struct Slot {
    const CompiledRule* rule;
    TimeMs next_due;     // guarded by schedule_mutex_
    std::mutex running;  // held for the whole of each run of this rule
  };

  // Slots for the enabled, supported rules of rules_; next_due from
  // `due_by_id` when listed, else `now`.
  void build_slots(TimeMs now, const std::unordered_map<std::string, TimeMs>& due_by_id);
  Slot& slot_for_manual_run(const std::string& rule_id);
  // The rule's lease, renewed, or a new one; nullopt while another node holds it.
  std::optional<RuleLease> hold_lease(const std::string& rule_id);
  // Forgets the rule's lease if it is still `lease`, counting it lost.
  void drop_lease(const RuleLease& lease);
  // A due rule that could not run: the record of a failed, unrecorded run.
  RunRecord unrun(const CompiledRule& rule, TimeMs run_time, const std::string& why) const;
  std::vector<RunRecord> run_scheduled(Slot& slot, TimeMs run_time);
  std::vector<RunRequest> plan(const CompiledRule& rule, TimeMs run_time);
  void report(const std::vector<RunRecord>& runs) const;

  RunStore& runs_;
  const Clock& clock_;
  // Held shared by every run and lookup, exclusively by replace_rules:
  // guards rules_, slots_, slot_by_id_ and unsupported_. Shared holders
  // take it under generation_entry_, which replace_rules holds while it
  // waits, so overlapping runs cannot keep a reload waiting (glibc's shared
  // mutex prefers readers).
  mutable std::mutex generation_entry_;
  mutable std::shared_mutex generation_mutex_;
  std::shared_lock<std::shared_mutex> share_generation() const;
  std::shared_ptr<const RuleSet> rules_;
  TimeMs max_catchup_;
  std::function<void(const std::vector<RunRecord>&)> on_runs_;
  RuleRunner runner_;
  SingleNodeLeases single_node_;
  RuleLeases& leases_;
  // The leases this node holds, by rule id. Apart from the slots and their
  // generation lock, so renewals go on while a reload waits for a long run.
  mutable std::mutex leases_mutex_;
  std::map<std::string, RuleLease> held_;  // guarded by leases_mutex_
  std::atomic<std::uint64_t> leases_acquired_{0};
  std::atomic<std::uint64_t> leases_lost_{0};
  std::vector<std::unique_ptr<Slot>> slots_;
  std::unordered_map<std::string, Slot*> slot_by_id_;
  std::vector<std::string> unsupported_;
  mutable std::mutex schedule_mutex_;
};

}  // namespace vigil::engine::detect
