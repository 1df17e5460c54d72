// Sustained gzip _bulk ingest into the real vigild over loopback, against
// two rates of the sqlite3 command-line tool measured in the same run, each
// one transaction: inserting the very rows vigild stored (small compressed
// documents, vigild's three indexes), and inserting the events as shipped
// (issue 8's baseline: ~1.2 KB JSON rows with ts, code, host and user
// columns, indexed as research/perf.md measured SQLite's writer). Then the
// latency of the same batches offered at half the rate vigild reached.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "bench/bench_support.hpp"
#include "bench/bulk_load.hpp"
#include "tests/support/daemon_fixture.hpp"
#include "tests/support/process_status.hpp"

namespace {

int run(const std::string& command) {
  const int rc = std::system(command.c_str());
  if (rc != 0) std::cerr << "command failed (" << rc << "): " << command << "\n";
  return rc;
}

std::string percentiles(const std::vector<double>& sorted) {
  if (sorted.empty()) return "no batches";
  char text[96];
  std::snprintf(text, sizeof text, "p50 %.1f ms, p99 %.1f ms, max %.1f ms", sorted[sorted.size() / 2],
                sorted[std::min(sorted.size() - 1, sorted.size() * 99 / 100)], sorted.back());
  return text;
}

// SQL text for a string literal.
std::string quoted(const std::string& text) {
  std::string out = "'";
  for (const char c : text) {
    out += c;
    if (c == '\'') out += '\'';
  }
  return out + "'";
}

// Issue 8's baseline, the one research/perf.md measured (65.5k rows/s of
// ~1 KB JSON here): each event as shipped, beside the columns a store would
// index it by, in a table indexed on ts and (code, ts). The pragmas go in
// the timed file because sqlite3 sets them per connection.
constexpr const char* kShippedSchema =
    "CREATE TABLE shipped(ts TEXT, code TEXT, host TEXT, user TEXT, doc TEXT);"
    "CREATE INDEX shipped_ts ON shipped(ts);"
    "CREATE INDEX shipped_code_ts ON shipped(code, ts);";
constexpr const char* kShippedPragmas = "PRAGMA synchronous=NORMAL; PRAGMA cache_size=-262144;\n";

double timed_sqlite3(const std::filesystem::path& db, const std::filesystem::path& sql) {
  const auto start = vigil::bench::SteadyClock::now();
  if (run("sqlite3 " + db.string() + " < " + sql.string())) return -1;
  return vigil::bench::seconds_since(start);
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t events = vigil::bench::arg(argc, argv, "--events", 200000);
  const std::size_t batch = vigil::bench::arg(argc, argv, "--batch", 5000);
  const std::size_t connections = vigil::bench::arg(argc, argv, "--connections", 4);

  vigil::test::TempDir dir;
  const auto shipped_sql = dir / "shipped.sql";
  std::ofstream shipped(shipped_sql);
  shipped << kShippedPragmas << "BEGIN;\n";
  const std::string timestamp = "2026-11-22T10:00:00.000Z";
  std::size_t shipped_bytes = 0;
  const auto bulk =
      vigil::bench::sysmon_bulk_bodies(events, batch, timestamp, [&](std::size_t n, const std::string& event) {
        shipped_bytes += event.size();
        shipped << "INSERT INTO shipped VALUES(" << quoted(timestamp) << ",'1',"
                << quoted("ws" + std::to_string(n % 500) + ".corp.example") << ","
                << quoted("CORP\\user" + std::to_string(n % 2000)) << "," << quoted(event) << ");\n";
      });
  const auto& bodies = bulk.gzipped;
  const std::size_t raw_bytes = bulk.raw_bytes;
  std::cout << "machine: " << std::thread::hardware_concurrency() << " cores\n"
            << "workload: " << events << " Sysmon events (" << raw_bytes / events
            << " B each as _bulk NDJSON), gzip batches of " << batch << ", " << connections
            << " keep-alive connections\n";

  vigil::test::Daemon daemon;
  const auto cpu_before = vigil::test::cpu_seconds(daemon.pid());
  const auto full = vigil::bench::send(daemon, bodies, connections, 0, batch);
  if (full.failed) return 1;
  // CPU time is steadier than the rate on a shared machine: a neighbour's
  // load stretches the seconds, not the work done in them.
  const double vigil_cpu = vigil::test::cpu_seconds(daemon.pid()) - cpu_before;
  const double ingest_seconds = full.seconds;
  const auto peak_rss_kb = vigil::test::status_kb(daemon.pid(), "VmHWM");
  const auto db = daemon.data_dir() / "vigil.db";
  if (daemon.stop() != 0) return 1;

  shipped << "COMMIT;\n";
  shipped.close();
  if (!shipped) {
    std::cerr << "could not write " << shipped_sql << "\n";
    return 1;
  }

  // Baseline: the same rows, the same schema, one transaction, sqlite3 CLI.
  const auto sql = dir / "rows.sql";
  const auto fresh = dir / "baseline.db";
  // sqlite_sequence (AUTOINCREMENT's table) is SQLite's own: created with the outbox, not by the schema.
  if (run("sqlite3 " + db.string() + " .schema | grep -v sqlite_sequence > " + (dir / "schema.sql").string()) ||
      run("sqlite3 " + fresh.string() +
          " 'PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;' < /dev/null > /dev/null") ||
      run("sqlite3 " + fresh.string() + " < " + (dir / "schema.sql").string()) ||
      run("(echo 'BEGIN;'; sqlite3 " + db.string() +
          " '.mode insert events' 'SELECT * FROM events'; echo 'COMMIT;') > " + sql.string()))
    return 1;
  const double baseline_seconds = timed_sqlite3(fresh, sql);
  const auto shipped_db = dir / "shipped.db";
  if (baseline_seconds < 0 ||
      run("sqlite3 " + shipped_db.string() + " 'PRAGMA journal_mode=WAL;' '" + kShippedSchema + "' > /dev/null"))
    return 1;
  const double shipped_seconds = timed_sqlite3(shipped_db, shipped_sql);
  if (shipped_seconds < 0) return 1;

  const auto& all = full.latencies_ms;
  const double vigil_rate = events / ingest_seconds;
  const double baseline_rate = events / baseline_seconds;
  std::printf("vigild _bulk ingest:      %8.0f events/s  %6.1f MB/s uncompressed  (%.2f s)\n", vigil_rate,
              raw_bytes / ingest_seconds / 1e6, ingest_seconds);
  std::printf("baseline sqlite3 insert:  %8.0f rows/s   (same rows, one transaction, %.2f s)\n", baseline_rate,
              baseline_seconds);
  std::printf("ratio vigild / baseline:  %.2f\n", vigil_rate / baseline_rate);
  const double shipped_rate = events / shipped_seconds;
  std::printf(
      "baseline sqlite3 insert of the events as shipped (issue 8's; %zu B JSON + ts, code, host, user; "
      "indexes ts, (code, ts); one transaction): %.0f rows/s (%.2f s); ratio vigild / it: %.2f\n",
      shipped_bytes / events, shipped_rate, shipped_seconds, vigil_rate / shipped_rate);
  std::printf("CPU per event: vigild %.1f us (%.2f cores busy), sqlite3 %.1f us; ratio sqlite3 / vigild %.2f\n",
              vigil_cpu * 1e6 / events, vigil_cpu / ingest_seconds, baseline_seconds * 1e6 / events,
              baseline_seconds / vigil_cpu);
  std::printf("batch latency at full rate: %s\n", percentiles(all).c_str());
  std::printf("database: %.0f bytes per event\n",
              static_cast<double>(std::filesystem::file_size(db)) / static_cast<double>(events));
  std::printf("vigild peak resident memory: %.0f MB\n", peak_rss_kb / 1024.0);

  // The same batches into a fresh vigild at half the rate just measured.
  vigil::test::Daemon paced_daemon;
  const auto half = vigil::bench::send(paced_daemon, bodies, connections, vigil_rate / 2, batch);
  if (half.failed) return 1;
  std::printf("batch latency at half rate (%.0f events/s offered, %.0f taken): %s\n", vigil_rate / 2,
              events / half.seconds, percentiles(half.latencies_ms).c_str());
  std::printf("  after the first %.0f s (%zu batches): %s; the slowest batch sent in it: %.1f ms\n",
              vigil::bench::kWarmUpSeconds, half.steady_latencies_ms.size(),
              percentiles(half.steady_latencies_ms).c_str(), half.warm_up_max_ms);
  return 0;
}
