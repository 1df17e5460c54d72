#include "bench/postgresql_rule_runs.hpp"

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "bench/bench_events.hpp"
#include "bench/bench_rule_run.hpp"
#include "bench/bench_support.hpp"
#include "bench/event_volume.hpp"
#include "bench/mail_hour.hpp"
#include "bench/psql.hpp"
#include "engine/detect/ingest_matcher.hpp"
#include "engine/detect/ingest_matching.hpp"
#include "storage/postgresql/migrations.hpp"
#include "storage/postgresql/postgres_event_store.hpp"
#include "storage/postgresql/postgres_run_store.hpp"

namespace vigil::bench {
namespace {

constexpr const char* kActiveSyncRule = "ce64d965-6cb0-466d-b74f-8d2c76f47f05";
constexpr const char* kMailRule = "m365-connector-mail-volume";
constexpr std::size_t kRuns = 5;

// A migrated schema of its own on the server, and its connection string.
std::string migrated(const test::PostgresServer& server, const std::string& schema) {
  storage::postgresql::Connection(server.conninfo()).exec("CREATE SCHEMA " + schema);
  const auto url = server.conninfo() + " options='-c search_path=" + schema + "'";
  storage::postgresql::Connection c(url);
  storage::postgresql::migrate(c);
  return url;
}

// The stores a run reads and writes through, on a schema of their own.
struct Stores {
  Stores(const test::PostgresServer& server, const std::string& name) : schema(name), url(migrated(server, name)) {}
  std::string schema;
  std::string url;
  storage::postgresql::ConnectionPool pool{url, 2};
  storage::postgresql::PostgresEventStore events{pool};
  storage::postgresql::PostgresRunStore runs{pool};
};

// kRuns runs of the rule over the window (after the first, each finds its
// alerts already written, as a rerun does), the median; and psql's count of
// the events that arrived in `counted`, the best of three.
bool measure(const char* label, std::size_t events, const test::PostgresServer& server, Stores& stores,
             const engine::RuleSet& rules, const std::string& rule_id, engine::detect::RunWindow window,
             TimeSpan counted) {
  std::vector<TimedRun> timed;
  for (std::size_t i = 0; i < kRuns; ++i) timed.push_back(run_rule(rules, stores.events, stores.runs, rule_id, window));
  const auto first = timed.front().record;
  std::sort(timed.begin(), timed.end(), [](const auto& a, const auto& b) { return a.seconds < b.seconds; });
  const double run = timed[timed.size() / 2].seconds;
  double baseline = 1e9;
  const auto count = "-c 'SELECT count(*) FROM events WHERE ingested BETWEEN " + std::to_string(counted.start) +
                     " AND " + std::to_string(counted.end) + "'";
  for (int i = 0; i < 3; ++i) {
    const auto start = SteadyClock::now();
    if (psql(server, stores.schema, count) != 0) return false;
    baseline = std::min(baseline, seconds_since(start));
  }
  std::printf(
      "%s, %zu events on PostgreSQL: run %.1f ms (median of %zu; first: %llu read, %llu matches, %llu alerts, %s); "
      "baseline psql count of the window %.1f ms; ratio run / baseline %.2f\n",
      label, events, run * 1e3, kRuns, static_cast<unsigned long long>(first.events_scanned),
      static_cast<unsigned long long>(first.matches), static_cast<unsigned long long>(first.alerts_created),
      std::string(to_string(first.status)).c_str(), baseline * 1e3, run / baseline);
  return first.status != engine::RunStatus::kFailed;
}

bool activesync_run(const test::PostgresServer& server, const engine::RuleSet& rules,
                    const engine::detect::IngestMatcher& matcher, std::size_t events) {
  const TimeSpan window{*engine::parse_timestamp("2026-11-22T10:00:00Z"),
                        *engine::parse_timestamp("2026-11-22T10:09:00Z")};
  Stores stores(server, "activesync");
  engine::detect::begin_ingest_matching(stores.events.rule_matches(), matcher.versions());
  const auto load_start = SteadyClock::now();
  {
    EventLoader loader(stores.events, matcher);
    // Every 100th event a PowerShell start, every 10,000th one the rule matches.
    for (std::size_t n = 0; n < events; ++n) {
      const auto t = window.at(n, events);
      const bool powershell = n % 100 == 0;
      loader.add("winlogbeat-8.15.0", "e" + std::to_string(n),
                 sysmon_event(powershell ? n : n * 100 + 1, 100, powershell ? 10000 : 0, engine::format_timestamp(t)),
                 t);
    }
  }
  std::printf("loaded %zu Sysmon events into a 9-minute window in %.1f s\n", events, seconds_since(load_start));
  return measure("ActiveSync rule run", events, server, stores, rules, kActiveSyncRule, {window.start, window.end},
                 window);
}

bool connector_run(const test::PostgresServer& server, const engine::RuleSet& rules,
                   const engine::detect::IngestMatcher& matcher, std::size_t emails) {
  const engine::TimeMs hour = *engine::parse_timestamp("2026-11-22T10:00:00Z");
  const engine::TimeMs run_time = hour + engine::kHourMs + 5 * engine::kMinuteMs;
  Stores stores(server, "mail");
  engine::detect::begin_ingest_matching(stores.events.rule_matches(), matcher.versions());
  const auto load_start = SteadyClock::now();
  load_mail_hour(stores.events, matcher, emails, hour);
  std::printf("loaded %zu EmailEvents in one hour in %.1f s\n", emails, seconds_since(load_start));
  return measure("hourly connector run", emails, server, stores, rules, kMailRule,
                 {run_time - engine::kHourMs, run_time}, {hour, hour + engine::kHourMs - 1});
}

}  // namespace

bool postgresql_rule_runs(const test::PostgresServer& server, std::size_t sysmon_events, std::size_t emails) {
  const auto rules = builtin_rules();
  const engine::detect::IngestMatcher matcher(rules);
  return (sysmon_events == 0 || activesync_run(server, rules, matcher, sysmon_events)) &&
         (emails == 0 || connector_run(server, rules, matcher, emails));
}

}  // namespace vigil::bench
