#include "engine/detect/scheduler.hpp"

#include <algorithm>

#include "engine/detect/run_alignment.hpp"
#include "engine/rules/relative_time.hpp"

namespace vigil::engine::detect {
namespace {

RunWarning gap_warning(TimeMs from, TimeMs to, TimeMs max_catchup) {
  const auto minutes = (to - from + kMinuteMs - 1) / kMinuteMs;
  return {RunWarningKind::kGap, "gap of " + std::to_string(minutes) + " minutes not covered: events from " +
                                    format_timestamp(from) + " to " + format_timestamp(to) +
                                    " were not searched (catch-up is limited to " +
                                    std::to_string(max_catchup / kMinuteMs) + " minutes)"};
}

}  // namespace

Scheduler::Scheduler(const RuleSet& rules, EventStore& events, RunStore& runs, const Clock& clock,
                     SchedulerOptions options)
    // Not owned: an aliasing pointer with no control block.
    : Scheduler(std::shared_ptr<const RuleSet>(std::shared_ptr<const RuleSet>(), &rules), events, runs, clock,
                std::move(options)) {}

Scheduler::Scheduler(std::shared_ptr<const RuleSet> rules, EventStore& events, RunStore& runs, const Clock& clock,
                     SchedulerOptions options)
    : runs_(runs),
      clock_(clock),
      rules_(std::move(rules)),
      max_catchup_(options.max_catchup),
      on_runs_(std::move(options.on_runs)),
      runner_(events, runs, clock, std::move(options.maintenance_windows)),
      leases_(options.leases ? *options.leases : single_node_) {
  build_slots(clock_.now(), {});
}

void Scheduler::build_slots(TimeMs now, const std::unordered_map<std::string, TimeMs>& due_by_id) {
  slots_.clear();
  slot_by_id_.clear();
  unsupported_.clear();
  for (const auto& rule : rules_->rules()) {
    if (!rule.definition.enabled) continue;
    if (!runner_.supports(rule)) {
      unsupported_.push_back(rule.definition.rule_id);
      continue;
    }
    const auto kept = due_by_id.find(rule.definition.rule_id);
    // Braces, not make_unique: clang 14 (the fuzz build) lacks C++20's
    // parenthesized aggregate initialization.
    auto& slot = slots_.emplace_back(
        std::unique_ptr<Slot>(new Slot{&rule, kept == due_by_id.end() ? now : kept->second, {}}));
    slot_by_id_.emplace(rule.definition.rule_id, slot.get());
  }
}

std::shared_lock<std::shared_mutex> Scheduler::share_generation() const {
  std::lock_guard entry(generation_entry_);
  return std::shared_lock(generation_mutex_);
}

void Scheduler::replace_rules(std::shared_ptr<const RuleSet> rules, const std::function<void()>& between) {
  std::lock_guard entry(generation_entry_);
  std::unique_lock generation(generation_mutex_);
  if (between) between();
  std::unordered_map<std::string, TimeMs> due_by_id;
  {
    std::lock_guard lock(schedule_mutex_);
    for (const auto& slot : slots_) due_by_id.emplace(slot->rule->definition.rule_id, slot->next_due);
    // Swapped first, so the old set is freed only after its slots are.
    std::swap(rules_, rules);
    build_slots(clock_.now(), due_by_id);
  }
  // A rule no longer run here (removed, disabled) leaves its lease to the
  // other nodes at once; one that cannot be released expires.
  std::vector<RuleLease> given_up;
  {
    std::lock_guard lock(leases_mutex_);
    for (auto it = held_.begin(); it != held_.end();) {
      if (slot_by_id_.contains(it->first)) {
        ++it;
        continue;
      }
      given_up.push_back(std::move(it->second));
      it = held_.erase(it);
    }
  }
  for (const auto& lease : given_up) {
    try {
      leases_.release(lease);
    } catch (const std::exception&) {
      // Left to expire.
    }
  }
}

std::shared_ptr<const RuleSet> Scheduler::rules() const {
  const auto generation = share_generation();
  return rules_;
}

std::vector<std::string> Scheduler::unsupported_rule_ids() const {
  const auto generation = share_generation();
  return unsupported_;
}

std::vector<RunRecord> Scheduler::tick() {
  const auto generation = share_generation();
  const TimeMs now = clock_.now();
  std::vector<Slot*> due;
  {
    std::lock_guard lock(schedule_mutex_);
    for (const auto& slot : slots_) {
      if (slot->next_due > now) continue;
      // Claimed before running, so a concurrent tick() does not run it again.
      slot->next_due = next_run_time(*slot->rule, now);
      due.push_back(slot.get());
    }
  }
  std::vector<RunRecord> records;
  for (auto* slot : due) {
    auto runs = run_scheduled(*slot, now);
    records.insert(records.end(), std::make_move_iterator(runs.begin()), std::make_move_iterator(runs.end()));
  }
  report(records);
  return records;
}

void Scheduler::report(const std::vector<RunRecord>& runs) const {
  if (on_runs_ && !runs.empty()) on_runs_(runs);
}

std::optional<TimeMs> Scheduler::next_due() const {
  const auto generation = share_generation();
  std::lock_guard lock(schedule_mutex_);
  std::optional<TimeMs> next;
  for (const auto& slot : slots_) next = std::min(next.value_or(slot->next_due), slot->next_due);
  return next;
}

RunRecord Scheduler::run_now(const std::string& rule_id, std::optional<RunWindow> window) {
  const auto generation = share_generation();
  auto& slot = slot_for_manual_run(rule_id);
  const TimeMs now = clock_.now();
  if (window) {
    if (window->start > window->end || window->end > now) {
      throw RunRequestError(RunRequestErrorCode::kInvalidWindow,
                            "a manual run window must start before it ends and end no later than now, found " +
                                format_timestamp(window->start) + " to " + format_timestamp(window->end));
    }
    std::vector<RunRecord> runs;
    {
      // No lease: the window is the caller's, and the run leaves the
      // schedule's state alone, so no other node's chain of windows can
      // be broken by it (alert ids keep its alerts from doubling).
      std::lock_guard running(slot.running);
      runs.push_back(runner_.run(*slot.rule, RunRequest{*window, std::nullopt, ScheduleUpdate::kLeave, std::nullopt}));
    }
    report(runs);
    return runs.back();
  }
  {
    std::lock_guard lock(schedule_mutex_);
    slot.next_due = next_run_time(*slot.rule, now);
  }
  const auto runs = run_scheduled(slot, now);
  if (runs.empty()) {
    throw RunRequestError(RunRequestErrorCode::kLeaseHeldElsewhere,
                          "rule \"" + rule_id +
                              "\" is run by another node, which holds its lease; run it there, "
                              "or with an explicit window");
  }
  report(runs);
  return runs.back();
}

Scheduler::Slot& Scheduler::slot_for_manual_run(const std::string& rule_id) {
  const auto* rule = rules_->find(rule_id);
  if (rule == nullptr) throw RunRequestError(RunRequestErrorCode::kUnknownRule, "no rule with id \"" + rule_id + "\"");
  if (!rule->definition.enabled) {
    throw RunRequestError(RunRequestErrorCode::kRuleDisabled, "rule \"" + rule_id + "\" is disabled");
  }
  const auto it = slot_by_id_.find(rule_id);
  if (it == slot_by_id_.end()) {
    throw RunRequestError(
        RunRequestErrorCode::kUnsupportedRuleType,
        "rule \"" + rule_id + "\" has type \"" + rule->definition.type + "\", which Vigil cannot run yet");
  }
  return *it->second;
}

std::optional<RuleLease> Scheduler::hold_lease(const std::string& rule_id) {
  std::optional<RuleLease> held;
  {
    std::lock_guard lock(leases_mutex_);
    if (const auto it = held_.find(rule_id); it != held_.end()) held = it->second;
  }
  if (held) {
    if (leases_.renew(*held)) return held;
    drop_lease(*held);
  }
  auto taken = leases_.try_acquire(rule_id);
  if (taken) {
    ++leases_acquired_;
    std::lock_guard lock(leases_mutex_);
    held_.insert_or_assign(rule_id, *taken);
  }
  return taken;
}

void Scheduler::drop_lease(const RuleLease& lease) {
  std::lock_guard lock(leases_mutex_);
  const auto it = held_.find(lease.rule_id);
  if (it == held_.end() || it->second.token != lease.token) return;
  held_.erase(it);
  ++leases_lost_;
}

void Scheduler::renew_leases() {
  std::vector<RuleLease> held;
  {
    std::lock_guard lock(leases_mutex_);
    for (const auto& [rule_id, lease] : held_) held.push_back(lease);
  }
  for (const auto& lease : held) {
    try {
      if (!leases_.renew(lease)) drop_lease(lease);
    } catch (const std::exception&) {
      // The database is unreachable: kept, and tried again next call. Should
      // it expire meanwhile, the next run's renewal or its commit finds out.
    }
  }
}

void Scheduler::release_leases() {
  std::map<std::string, RuleLease> held;
  {
    std::lock_guard lock(leases_mutex_);
    held.swap(held_);
  }
  for (const auto& [rule_id, lease] : held) {
    try {
      leases_.release(lease);
    } catch (const std::exception&) {
      // It expires by itself.
    }
  }
}

std::vector<std::string> Scheduler::leased_rule_ids() const {
  std::lock_guard lock(leases_mutex_);
  std::vector<std::string> ids;
  for (const auto& [rule_id, lease] : held_) ids.push_back(rule_id);
  return ids;
}

LeaseFigures Scheduler::lease_figures() const {
  std::lock_guard lock(leases_mutex_);
  return {held_.size(), leases_acquired_.load(), leases_lost_.load()};
}

RunRecord Scheduler::unrun(const CompiledRule& rule, TimeMs run_time, const std::string& why) const {
  RunRecord run;
  run.rule_id = rule.definition.rule_id;
  run.started_at = run_time;
  run.window_start = run_time - rule.lookback_ms;
  run.window_end = run_time + relative_offset(rule.definition.to).value_or(0);
  run.status = RunStatus::kFailed;
  run.error = "could not take or renew the rule's lease: " + why;
  // The lease lives in the database that would record the run: it was not.
  run.warnings = {RunWarning{RunWarningKind::kRecordFailed, std::string("the failed run was not recorded")}};
  return run;
}

std::vector<RunRecord> Scheduler::run_scheduled(Slot& slot, TimeMs run_time) {
  std::lock_guard running(slot.running);
  const auto& rule_id = slot.rule->definition.rule_id;
  std::optional<RuleLease> lease;
  try {
    lease = hold_lease(rule_id);
  } catch (const std::exception& e) {
    return {unrun(*slot.rule, run_time, e.what())};
  }
  // Another node runs this rule.
  if (!lease) return {};
  std::vector<RunRecord> records;
  for (auto& request : plan(*slot.rule, run_time)) {
    if (!records.empty()) {
      // Between windows, so a long catch-up keeps its lease or stops as
      // soon as it lost it; a renewal that fails is taken as lost.
      bool kept = false;
      try {
        kept = leases_.renew(*lease);
      } catch (const std::exception&) {
        // Unreachable: the windows left are the next holder's catch-up.
      }
      if (!kept) {
        drop_lease(*lease);
        break;
      }
    }
    request.lease_token = lease->token;
    records.push_back(runner_.run(*slot.rule, request));
    // A failed window stays uncovered (its end is not recorded), and later
    // windows would move the last window end past it. Stopping here leaves
    // it, and everything after it, to the next run's catch-up.
    if (records.back().status == RunStatus::kFailed) break;
  }
  return records;
}

// The windows a scheduled run at `run_time` searches: catch-up windows for
// uncovered time, oldest first, then the normal window.
std::vector<RunRequest> Scheduler::plan(const CompiledRule& rule, TimeMs run_time) {
  const TimeMs lookback = rule.lookback_ms;
  const RunWindow normal{run_time - lookback, run_time + relative_offset(rule.definition.to).value_or(0)};

  std::vector<RunRequest> requests;
  std::optional<RunWarning> warning;
  try {
    const auto last_end = runs_.last_window_end(rule.definition.rule_id);
    if (last_end && *last_end < normal.start) {
      const TimeMs from = std::max(*last_end, normal.start - max_catchup_);
      if (from > *last_end) warning = gap_warning(*last_end, from, max_catchup_);
      // max() keeps a rule with from = "now" (no look-back) to a sane number of windows.
      const TimeMs chunk = std::max(lookback, rule.definition.interval);
      for (TimeMs start = from; start < normal.start; start += chunk) {
        requests.push_back(
            {{start, std::min(start + chunk, normal.start)}, std::nullopt, ScheduleUpdate::kAdvance, std::nullopt});
      }
    }
  } catch (const std::exception& e) {
    warning = {RunWarningKind::kGapUnchecked,
               std::string("could not read the rule's last window end, so earlier gaps were not checked: ") + e.what()};
  }
  requests.push_back({normal, std::nullopt, ScheduleUpdate::kAdvance, std::nullopt});
  // On the first run, so it is stored in the same commit that moves the last
  // window end past the gap, and cannot be lost to a crash in between.
  requests.front().gap_warning = std::move(warning);
  return requests;
}

}  // namespace vigil::engine::detect
