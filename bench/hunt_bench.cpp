// The playbook's second and fourth hunting queries (docs/HUNTING.md) over
// N EmailEvents spread over 7 days (default 1,000,000), and a point query
// on one NetworkMessageId. Baseline measured in the same run: the sqlite3
// tool doing the fourth query's GROUP BY over a plain table holding just
// the columns the queries read, which a hunt over the stored (compressed
// JSON) documents must approach. Prints each query's time, rows scanned
// and the engine's peak held bytes, and the CPU time each used (the machine
// is shared: CPU time varies less than wall time). Flags: --events N, --runs N (median),
// --playbook 0 (the point query alone: for the largest sizes), --query 2|4
// (that playbook query alone, without baseline: for profiling it, e.g. under
// callgrind with --toggle-collect='vigil::engine::hunt::run_hunt*').
#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "bench/bench_support.hpp"
#include "engine/hunt/query.hpp"
#include "engine/ingest/record_builder.hpp"
#include "engine/normalize/normalizer.hpp"
#include "storage/sqlite/database.hpp"
#include "storage/sqlite/sqlite_event_store.hpp"
#include "storage/sqlite/sqlite_hunt_source.hpp"
#include "tests/engine/hunt/playbook_queries.hpp"
#include "tests/support/temp_dir.hpp"

namespace {

using vigil::bench::seconds_since;
using Clock = vigil::bench::SteadyClock;
using vigil::engine::TimeMs;

constexpr std::size_t kSenders = 20000;
constexpr std::size_t kConnectors = 50;

nlohmann::json stream_record(const std::string& table, nlohmann::json properties) {
  return {{"time", properties["Timestamp"]},
          {"tenantId", "4b8c18bd-2f9f-4227-af55-9f1061cf9c32"},
          {"operationName", "Publish"},
          {"category", "AdvancedHunting-" + table},
          {"properties", std::move(properties)}};
}

struct Email {
  std::string id, sender, from, domain, recipient, direction, connector;
  TimeMs t;
};

Email email(std::size_t n) {
  const auto sender = n % kSenders;
  const auto domain = "tenant" + std::to_string(sender % 7) + ".example";
  return {"3c7b1317-ac21-4754-" + std::to_string(n),
          "bbcfc3c5-0b93-4135-9ef9-" + std::to_string(sender),
          "user" + std::to_string(sender) + "@" + domain,
          domain,
          "rcpt" + std::to_string(n % 997) + "@partner" + std::to_string(n % 31) + ".example",
          n % 5 == 0 ? "Inbound" : "Outbound",
          "Relay-" + std::to_string(sender % kConnectors),
          0};
}

// CPU seconds (user and system) used so far by this process, or by its
// waited-for children (the sqlite3 tool).
double cpu_seconds(int who) {
  rusage usage{};
  getrusage(who, &usage);
  const auto s = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return s(usage.ru_utime) + s(usage.ru_stime);
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  using namespace vigil;
  const std::size_t messages = bench::arg(argc, argv, "--events", 1000000);
  const std::size_t repeats = std::max<std::size_t>(1, bench::arg(argc, argv, "--runs", 3));
  const bool playbook = bench::arg(argc, argv, "--playbook", 1) != 0;
  const std::size_t only = bench::arg(argc, argv, "--query", 0);
  const TimeMs now = *engine::parse_timestamp("2026-11-22T12:00:00Z");
  const TimeMs start = now - 7 * engine::kDayMs;

  test::TempDir dir;
  storage::Database db{storage::Database::Options{dir / "vigil.db"}};
  storage::SqliteEventStore store{db};
  storage::SqliteHuntSource source{db};
  db.write([](storage::Connection& c) {
    c.exec(
        "CREATE TABLE plain_emails (ts INTEGER, NetworkMessageId TEXT, SenderObjectId TEXT, "
        "SenderFromAddress TEXT, SenderMailFromAddress TEXT, SenderFromDomain TEXT, SenderMailFromDomain TEXT, "
        "RecipientEmailAddress TEXT, EmailDirection TEXT, Connectors TEXT)");
  });

  const auto load_start = Clock::now();
  std::vector<engine::EventRecord> batch;
  std::vector<Email> plain;
  const auto flush = [&] {
    store.write_batch(batch);
    if (playbook)
      db.write([&](storage::Connection& c) {
        storage::Transaction tx(c);
        auto& insert = c.prepare("INSERT INTO plain_emails VALUES (?1, ?2, ?3, ?4, ?4, ?5, ?5, ?6, ?7, ?8)");
        for (const auto& e : plain)
          insert.bind(1, e.t)
              .bind(2, e.id)
              .bind(3, e.sender)
              .bind(4, e.from)
              .bind(5, e.domain)
              .bind(6, e.recipient)
              .bind(7, e.direction)
              .bind(8, e.connector)
              .run();
        tx.commit();
      });
    batch.clear();
    plain.clear();
  };
  // One connector change inside the window, so the second query has a connector to count.
  nlohmann::json raw = {{"Parameters", {{{"Name", "Name"}, {"Value", "Relay-0"}}}}};
  batch.push_back(engine::ingest::to_event_record(
      engine::normalize(
          stream_record("CloudAppEvents", {{"Timestamp", engine::format_timestamp(start + engine::kHourMs)},
                                           {"ActionType", "Set-InboundConnector"},
                                           {"Application", "Microsoft Exchange Online"},
                                           {"ActivityType", "Run"},
                                           {"RawEventData", raw}}),
          now),
      "", "connector"));
  for (std::size_t n = 0; n < messages; ++n) {
    Email e = email(n);
    e.t = start + static_cast<TimeMs>((static_cast<double>(n) / static_cast<double>(messages)) * 7 * engine::kDayMs);
    batch.push_back(engine::ingest::to_event_record(
        engine::normalize(stream_record("EmailEvents", {{"Timestamp", engine::format_timestamp(e.t)},
                                                        {"NetworkMessageId", e.id},
                                                        {"SenderObjectId", e.sender},
                                                        {"SenderFromAddress", e.from},
                                                        {"SenderMailFromAddress", e.from},
                                                        {"SenderFromDomain", e.domain},
                                                        {"SenderMailFromDomain", e.domain},
                                                        {"RecipientEmailAddress", e.recipient},
                                                        {"EmailDirection", e.direction},
                                                        {"Connectors", e.connector},
                                                        {"Subject", "Invoice " + std::to_string(n)},
                                                        {"DeliveryAction", "Delivered"}}),
                          now),
        "", "m" + std::to_string(n)));
    plain.push_back(std::move(e));
    if (batch.size() == 10000) flush();
  }
  flush();
  std::cout << "machine: " << std::thread::hardware_concurrency() << " cores\n";
  std::printf("loaded %zu EmailEvents over 7 days in %.1f s\n", messages, seconds_since(load_start));

  struct Timing {
    double wall, cpu;  // medians, seconds
  };
  const auto hunt = [&](const std::string& name, const std::string& query) {
    std::vector<double> times;
    std::vector<double> cpu;
    engine::hunt::HuntResult last;
    for (std::size_t i = 0; i < repeats; ++i) {
      engine::hunt::HuntRequest request{query, std::nullopt, {.timeout_ms = 600000, .max_rows = 1000000}};
      const auto t0 = Clock::now();
      const double cpu0 = cpu_seconds(RUSAGE_SELF);
      auto outcome = engine::hunt::run_hunt(request, source, now, [] { return TimeMs{0}; });
      times.push_back(seconds_since(t0));
      cpu.push_back(cpu_seconds(RUSAGE_SELF) - cpu0);
      if (auto* failure = std::get_if<engine::hunt::HuntFailure>(&outcome)) {
        std::cerr << name << ": " << failure->message << "\n";
        std::exit(1);
      }
      last = std::get<engine::hunt::HuntResult>(std::move(outcome));
    }
    const Timing t{median(times), median(cpu)};
    std::printf("%s (median of %zu): %.3f s (CPU %.3f s), %zu rows, %llu rows scanned, peak held %.1f MB\n",
                name.c_str(), repeats, t.wall, t.cpu, last.rows.size(),
                static_cast<unsigned long long>(last.rows_scanned), static_cast<double>(last.peak_bytes) / (1 << 20));
    return t;
  };
  if (only == 2 || only == 4) {
    hunt(only == 2 ? "query 2 (connector volume)" : "query 4 (similar senders)",
         only == 2 ? engine::hunt::testing::kConnectorVolumeQuery : engine::hunt::testing::kSimilarSendersQuery);
    return 0;
  }
  const double point =
      hunt("point query (one NetworkMessageId)", "EmailEvents | where NetworkMessageId == \"3c7b1317-ac21-4754-" +
                                                     std::to_string(messages / 2) + "\" | take 100")
          .wall;
  std::printf("point query: %.1f ms\n", point * 1000);
  if (!playbook) return 0;
  const Timing q2 = hunt("query 2 (connector volume)", engine::hunt::testing::kConnectorVolumeQuery);
  const Timing q4 = hunt("query 4 (similar senders)", engine::hunt::testing::kSimilarSendersQuery);

  // The fourth query's GROUP BY over the plain table, by the sqlite3 tool.
  const std::string baseline_sql =
      "sqlite3 " + (dir / "vigil.db").string() +
      " \"SELECT count(*) FROM (SELECT SenderObjectId, SenderFromAddress, SenderMailFromAddress, ts / 3600000 AS h, "
      "count(DISTINCT NetworkMessageId) AS n FROM plain_emails WHERE SenderObjectId <> '' AND (SenderFromDomain <> "
      "substr(RecipientEmailAddress, instr(RecipientEmailAddress, '@') + 1) OR SenderMailFromDomain <> "
      "substr(RecipientEmailAddress, instr(RecipientEmailAddress, '@') + 1)) AND EmailDirection NOT IN ('Intra-org', "
      "'Inbound') GROUP BY 1, 2, 3, 4 HAVING n > 100)\" > /dev/null";
  std::vector<double> baseline_times;
  std::vector<double> baseline_cpu;
  for (std::size_t i = 0; i < repeats; ++i) {
    const auto t0 = Clock::now();
    const double cpu0 = cpu_seconds(RUSAGE_CHILDREN);
    if (std::system(baseline_sql.c_str()) != 0) return 1;
    baseline_times.push_back(seconds_since(t0));
    baseline_cpu.push_back(cpu_seconds(RUSAGE_CHILDREN) - cpu0);
  }
  const Timing baseline{median(baseline_times), median(baseline_cpu)};
  std::printf("baseline: %.3f s (CPU %.3f s), sqlite3 GROUP BY over a plain table of the columns read\n", baseline.wall,
              baseline.cpu);
  std::printf("ratio query 2 / baseline: %.2f (CPU %.2f)\nratio query 4 / baseline: %.2f (CPU %.2f)\n",
              q2.wall / baseline.wall, q2.cpu / baseline.cpu, q4.wall / baseline.wall, q4.cpu / baseline.cpu);
  return 0;
}
