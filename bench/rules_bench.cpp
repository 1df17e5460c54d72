// One scheduled run of the ActiveSync rule over a 9-minute window holding
// N events (1% PowerShell, 0.01% matching), against a baseline measured in
// the same run: the sqlite3 tool scanning the same window for the word
// "powershell" in the stored documents (what any rule run must at least beat).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <thread>
#include <string>
#include <vector>

#include "bench/bench_events.hpp"
#include "bench/bench_support.hpp"
#include "bench/bench_rule_run.hpp"
#include "engine/normalize/normalizer.hpp"
#include "storage/sqlite/database.hpp"
#include "storage/sqlite/sqlite_event_store.hpp"
#include "storage/sqlite/sqlite_run_store.hpp"
#include "tests/support/shared_data.hpp"
#include "tests/support/temp_dir.hpp"

int main(int argc, char** argv) {
  using namespace vigil;
  const std::size_t events = vigil::bench::arg(argc, argv, "--events", 1000000);
  const engine::TimeMs window_end = *engine::parse_timestamp("2026-11-22T10:09:00Z");
  const engine::TimeMs window_start = window_end - 9 * engine::kMinuteMs;

  test::TempDir dir;
  storage::Database db{storage::Database::Options{dir / "vigil.db"}};
  storage::SqliteEventStore store{db};
  storage::SqliteRunStore runs{db};

  const auto load_start = vigil::bench::SteadyClock::now();
  std::vector<engine::EventRecord> batch;
  for (std::size_t n = 0; n < events; ++n) {
    const engine::TimeMs t = window_start + static_cast<engine::TimeMs>(n) * (9 * engine::kMinuteMs) / static_cast<engine::TimeMs>(events);
    auto normalized = engine::normalize(nlohmann::json::parse(bench::sysmon_event(n, 100, 10000, engine::format_timestamp(t))), t);
    batch.push_back(engine::to_event_record(std::move(normalized), "winlogbeat-8.15.0", "e" + std::to_string(n)));
    if (batch.size() == 10000 || n + 1 == events) {
      store.write_batch(batch);
      batch.clear();
    }
  }
  std::cout << "machine: " << std::thread::hardware_concurrency() << " cores\n"
            << "loaded " << events << " events into a 9-minute window in " << vigil::bench::seconds_since(load_start) << " s\n";

  const auto [record, run_seconds] = bench::run_builtin_rule(store, runs, "ce64d965-6cb0-466d-b74f-8d2c76f47f05",
                                                            engine::detect::RunWindow{window_start, window_end});

  const std::string baseline_sql = "sqlite3 " + (dir / "vigil.db").string() +
                                   " \"SELECT count(*) FROM events WHERE ingested BETWEEN " + std::to_string(window_start) +
                                   " AND " + std::to_string(window_end) + " AND instr(lower(doc), 'powershell') > 0\" > /dev/null";
  const auto baseline_start = vigil::bench::SteadyClock::now();
  if (std::system(baseline_sql.c_str()) != 0) return 1;
  const double baseline_seconds = vigil::bench::seconds_since(baseline_start);

  std::printf("rule run:  %.3f s, %llu events scanned (%.0f/s), %llu matches, %llu alerts, status %s\n", run_seconds,
              static_cast<unsigned long long>(record.events_scanned), record.events_scanned / run_seconds,
              static_cast<unsigned long long>(record.matches), static_cast<unsigned long long>(record.alerts_created),
              record.status.c_str());
  std::printf("baseline:  %.3f s, sqlite3 substring scan of the same window\n", baseline_seconds);
  std::printf("ratio run / baseline: %.2f\n", run_seconds / baseline_seconds);
  return record.status == "failed" ? 1 : 0;
}
