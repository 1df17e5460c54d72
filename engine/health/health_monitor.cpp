#include "engine/health/health_monitor.hpp"

#include <algorithm>

#include "engine/detect/sha256.hpp"

namespace vigil::engine::health {
namespace {

std::string minutes(TimeMs ms) { return std::to_string(ms / kMinuteMs) + " minutes"; }

}  // namespace

HealthMonitor::HealthMonitor(HealthPolicy policy, const SourceActivity& activity, RunStore& runs, const Clock& clock)
    : ingest_refused_after_(policy.ingest_refused_after),
      disk_limit_bytes_(policy.disk_limit_bytes),
      disk_used_(std::move(policy.disk_used)),
      activity_(activity),
      runs_(runs),
      clock_(clock) {
  for (auto& p : policy.silent_sources) {
    IndexPatterns patterns({p.pattern});
    silent_sources_.push_back({std::move(p), std::move(patterns)});
  }
}

std::uint64_t HealthMonitor::check() {
  const TimeMs now = clock_.now();
  std::vector<Finding> findings;
  const auto seen = activity_.last_seen();
  for (const auto& source : silent_sources_) {
    // The source's key (index, or host) -> its last event.
    std::map<std::string, TimeMs> last;
    for (const auto& [where, at] : seen) {
      const auto& [index, host] = where;
      if (!source.patterns.selects(index) || (source.policy.per_host && host.empty())) continue;
      auto& t = last[source.policy.per_host ? host : index];
      t = std::max(t, at);
    }
    for (const auto& [key, at] : last) {
      if (now - at < source.policy.after) continue;
      const std::string what = source.policy.per_host ? "host " + key : "index " + key;
      findings.push_back({kSilentSourceRule, source.policy.pattern + "\n" + key + "\n" + std::to_string(at), "high", 73,
                          what + " (pattern " + source.policy.pattern + ") has sent no event since " +
                              format_timestamp(at) + ", more than " + minutes(source.policy.after) +
                              ": Vigil cannot see what happens there",
                          source.policy.per_host ? key : "",
                          {{"check", "silent_source"},
                           {"pattern", source.policy.pattern},
                           {source.policy.per_host ? "host" : "index", key},
                           {"last_event_at", format_timestamp(at)},
                           {"after_minutes", source.policy.after / kMinuteMs}}});
    }
  }
  if (const auto since = activity_.refusing_since(); since && now - *since >= ingest_refused_after_)
    findings.push_back({kIngestRefusedRule, std::to_string(*since), "high", 73,
                        "ingest has refused every batch (429/503) since " + format_timestamp(*since) +
                            ", more than " + minutes(ingest_refused_after_) +
                            ": shippers are queueing or dropping events",
                        "",
                        {{"check", "ingest_refused"}, {"refusing_since", format_timestamp(*since)}}});
  if (disk_limit_bytes_ > 0 && disk_used_) {
    const auto used = disk_used_();
    // 90% of the limit, in integers: used / limit >= 9 / 10.
    if (used >= disk_limit_bytes_ - disk_limit_bytes_ / 10) {
      if (!disk_full_since_) disk_full_since_ = now;
      findings.push_back({kDiskRule, std::to_string(*disk_full_since_), "high", 73,
                          "the database takes " + std::to_string(used >> 20) + " MiB of its " +
                              std::to_string(disk_limit_bytes_ >> 20) +
                              " MiB limit: within 10% of it, ingest will soon fail; shorten retention or add space",
                          "",
                          {{"check", "disk"},
                           {"used_bytes", used},
                           {"limit_bytes", disk_limit_bytes_},
                           {"since", format_timestamp(*disk_full_since_)}}});
    } else {
      disk_full_since_.reset();
    }
  }
  return raise(findings, now);
}

void HealthMonitor::observe_runs(const std::vector<RunRecord>& runs) {
  std::vector<Finding> findings;
  {
    std::lock_guard lock(failing_mutex_);
    for (const auto& run : runs) {
      for (const auto& w : run.warnings)
        if (w.kind == RunWarningKind::kGap)
          findings.push_back({kRuleGapRule, run.rule_id + "\n" + std::to_string(run.window_start), "medium", 47,
                              "rule " + run.rule_id + " left a gap: " + w.message, "",
                              {{"check", "rule_gap"}, {"rule_id", run.rule_id}, {"warning", w.message}}});
      if (run.status != RunStatus::kFailed) {
        failing_since_.erase(run.rule_id);
        continue;
      }
      // The first failure of a spell alerts; the retries that fail too do not.
      if (!failing_since_.emplace(run.rule_id, run.started_at).second) continue;
      findings.push_back({kRuleFailingRule, run.rule_id + "\n" + std::to_string(run.started_at), "high", 73,
                          "rule " + run.rule_id + " failed: " + run.error.value_or("no error recorded") +
                              "; its windows stay uncovered until a run succeeds",
                          "",
                          {{"check", "rule_failing"},
                           {"rule_id", run.rule_id},
                           {"error", run.error.value_or("")},
                           {"failing_since", format_timestamp(run.started_at)}}});
    }
  }
  try {
    raise(findings, clock_.now());
  } catch (const std::exception&) {
    // The store that failed the rule may fail this too; the next failed run tries again.
    std::lock_guard lock(failing_mutex_);
    for (const auto& f : findings)
      if (f.rule_id == kRuleFailingRule) failing_since_.erase(f.details["rule_id"].get<std::string>());
  }
}

std::uint64_t HealthMonitor::raise(const std::vector<Finding>& findings, TimeMs now) {
  std::map<std::string, std::vector<Alert>> by_rule;
  for (const auto& f : findings) {
    Alert a;
    a.id = detect::sha256_hex(f.rule_id + "\n" + f.key);
    a.rule_id = f.rule_id;
    a.created_at = now;
    a.severity = f.severity;
    a.risk_score = f.risk_score;
    a.host_name = f.host;
    a.document = {{"id", a.id},
                  {"rule",
                   {{"id", f.rule_id}, {"name", f.rule_id}, {"type", "health"}, {"severity", f.severity},
                    {"risk_score", f.risk_score}}},
                  {"created_at", format_timestamp(now)},
                  {"original_time", nullptr},
                  {"reason", f.reason},
                  {"status", to_string(a.status)},
                  {"host", {{"name", f.host.empty() ? nlohmann::json(nullptr) : nlohmann::json(f.host)}}},
                  {"user", {{"name", nullptr}}},
                  {"health", f.details}};
    by_rule[f.rule_id].push_back(std::move(a));
  }
  std::uint64_t created = 0;
  for (const auto& [rule_id, alerts] : by_rule) {
    // Skipped when every alert is stored already, so a check repeated each
    // minute does not fill the run history.
    std::vector<std::string> ids;
    for (const auto& a : alerts) ids.push_back(a.id);
    const auto stored = runs_.alerts().existing_alert_ids(ids);
    if (std::all_of(ids.begin(), ids.end(),
                    [&](const std::string& id) { return std::find(stored.begin(), stored.end(), id) != stored.end(); }))
      continue;
    RunRecord run;
    run.rule_id = rule_id;
    run.started_at = run.window_start = run.window_end = now;
    run.matches = alerts.size();
    created += runs_.commit_run(run, alerts, ScheduleUpdate::kLeave).created;
  }
  return created;
}

}  // namespace vigil::engine::health
