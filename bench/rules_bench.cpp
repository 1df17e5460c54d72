// One scheduled run of the ActiveSync rule over a 9-minute window holding N
// events (1% PowerShell starts, 0.01% matching), then again after the
// non-PowerShell volume is doubled: issue 8 wants the run under 250 ms at
// 5,000,000 events and less than 10% slower at twice the volume, because a
// run's cost must follow its candidates, not the volume ingested.
//
// The PowerShell events and 1,000 distinct other Sysmon events go through
// the ingest path (normalize, match at ingest, compress, store). The other
// 99% are copies of those 1,000 rows made by SQL with their ids and times
// changed, so millions load in seconds; they are real stored rows that fill
// the window and its indexes, which is all a run could spend time on.
//
// The doubled volume is a copy of the database file with the copies added,
// and runs alternate between the two files.
//
// Baseline, measured in the same run at each volume: the sqlite3 tool
// counting the window's events on the event.ingested index, the least any
// run that visits its window's events must do.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "bench/bench_events.hpp"
#include "bench/bench_rule_run.hpp"
#include "bench/bench_support.hpp"
#include "bench/event_volume.hpp"
#include "engine/detect/ingest_matcher.hpp"
#include "engine/detect/ingest_matching.hpp"
#include "storage/sqlite/database.hpp"
#include "storage/sqlite/sqlite_event_store.hpp"
#include "storage/sqlite/sqlite_run_store.hpp"
#include "tests/support/temp_dir.hpp"

namespace {

using namespace vigil;

constexpr const char* kRuleId = "ce64d965-6cb0-466d-b74f-8d2c76f47f05";
constexpr const char* kIndex = "winlogbeat-8.15.0";
constexpr std::size_t kTemplates = 1000;

// Forgets the rule's alerts and runs, so each timed run does the same work.
void forget_runs(storage::Database& db) {
  db.write([](storage::Connection& c) {
    c.exec(
        "DELETE FROM alert_tags; DELETE FROM alert_history; DELETE FROM alerts; DELETE FROM rule_runs; "
        "DELETE FROM rule_state");
  });
}

double baseline_seconds(const std::filesystem::path& database, bench::TimeSpan window) {
  const std::string sql = "sqlite3 " + database.string() + " \"SELECT count(*) FROM events WHERE ingested BETWEEN " +
                          std::to_string(window.start) + " AND " + std::to_string(window.end) + "\" > /dev/null";
  const auto start = bench::SteadyClock::now();
  if (std::system(sql.c_str()) != 0) std::exit(1);
  return bench::seconds_since(start);
}

// One database and the stores a run reads and writes through.
struct Volume {
  explicit Volume(std::filesystem::path file) : path(std::move(file)) {}
  std::filesystem::path path;
  storage::Database db{storage::Database::Options{path}};
  storage::SqliteEventStore store{db};
  storage::SqliteRunStore runs{db};
};

struct Measured {
  bench::TimedRun median;
  double baseline = 0;
};

// Fifteen runs at each volume, alternating between the two databases so
// that the machine's noise over the minute they take falls on both alike
// (medians measured a minute apart moved by -15% to +16%), each from a
// clean rule state; the median of each, and each baseline's best of three.
std::pair<Measured, Measured> measure(Volume& first, Volume& doubled, const engine::RuleSet& rules,
                                      bench::TimeSpan window) {
  std::vector<bench::TimedRun> timed[2];
  Volume* volumes[2] = {&first, &doubled};
  for (int i = 0; i < 15; ++i)
    for (int v = 0; v < 2; ++v) {
      forget_runs(volumes[v]->db);
      timed[v].push_back(bench::run_rule(rules, volumes[v]->store, volumes[v]->runs, kRuleId,
                                         engine::detect::RunWindow{window.start, window.end}));
    }
  Measured measured[2];
  for (int v = 0; v < 2; ++v) {
    std::sort(timed[v].begin(), timed[v].end(), [](const auto& a, const auto& b) { return a.seconds < b.seconds; });
    measured[v].median = timed[v][timed[v].size() / 2];
    measured[v].baseline = 1e9;
    for (int i = 0; i < 3; ++i)
      measured[v].baseline = std::min(measured[v].baseline, baseline_seconds(volumes[v]->path, window));
  }
  return {measured[0], measured[1]};
}

void report(const char* label, std::size_t events, const Measured& m) {
  const auto& r = m.median.record;
  std::printf(
      "%s %zu events: rule run %.1f ms (median of 15; %llu read, %llu matches, %llu alerts, %s); baseline %.1f ms; "
      "ratio run / baseline %.3f\n",
      label, events, m.median.seconds * 1e3, static_cast<unsigned long long>(r.events_scanned),
      static_cast<unsigned long long>(r.matches), static_cast<unsigned long long>(r.alerts_created),
      std::string(to_string(r.status)).c_str(), m.baseline * 1e3, m.median.seconds / m.baseline);
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t events = bench::arg(argc, argv, "--events", 5000000);
  const bench::TimeSpan window{*engine::parse_timestamp("2026-11-22T10:00:00Z"),
                               *engine::parse_timestamp("2026-11-22T10:09:00Z")};

  test::TempDir dir;
  Volume first{dir / "vigil.db"};
  const auto rules = bench::builtin_rules();
  const engine::detect::IngestMatcher matcher(rules);
  vigil::engine::detect::begin_ingest_matching(first.store.rule_matches(), matcher.versions());

  const auto load_start = bench::SteadyClock::now();
  {
    bench::EventLoader loader(first.store, matcher);
    // Every 100th event a PowerShell start, every 10,000th one the rule matches.
    const std::size_t powershell = events / 100;
    for (std::size_t n = 0; n < powershell; ++n) {
      const auto t = window.at(n, powershell);
      loader.add(kIndex, "p" + std::to_string(n), bench::sysmon_event(n * 100, 100, 10000, engine::format_timestamp(t)),
                 t);
    }
    for (std::size_t n = 0; n < kTemplates; ++n) {
      const auto t = window.at(n, kTemplates);
      loader.add(kIndex, "t" + std::to_string(n), bench::sysmon_event(n * 100 + 1, 100, 0, engine::format_timestamp(t)),
                 t);
    }
  }
  const std::size_t others = events - events / 100 - kTemplates;
  bench::copy_events(first.db, "t0", kTemplates, "f", 0, others, window);
  // The doubled volume in a copy of the file, so that runs can alternate.
  first.db.write([](storage::Connection& c) { c.exec("PRAGMA wal_checkpoint(TRUNCATE)"); });
  std::filesystem::copy_file(first.path, dir / "doubled.db");
  Volume doubled{dir / "doubled.db"};
  vigil::engine::detect::begin_ingest_matching(doubled.store.rule_matches(), matcher.versions());
  bench::copy_events(doubled.db, "t0", kTemplates, "f", others, others + kTemplates, window);
  std::cout << "machine: " << std::thread::hardware_concurrency() << " cores\n"
            << "loaded " << events << " events into a 9-minute window, and a copy with " << events + others + kTemplates
            << ", in " << bench::seconds_since(load_start) << " s\n";

  const auto [at_first, at_doubled] = measure(first, doubled, rules, window);
  report("at", events, at_first);
  report("at", events + others + kTemplates, at_doubled);
  std::printf("doubling the non-PowerShell volume: run %+.1f%%, baseline %+.1f%%\n",
              (at_doubled.median.seconds / at_first.median.seconds - 1) * 100,
              (at_doubled.baseline / at_first.baseline - 1) * 100);
  constexpr auto kFailed = vigil::engine::RunStatus::kFailed;
  return at_first.median.record.status == kFailed || at_doubled.median.record.status == kFailed ? 1 : 0;
}
