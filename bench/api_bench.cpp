// Dashboard queries against a database holding --alerts alerts (default
// 1,000,000), under --connections concurrent keep-alive clients (default
// 4), while a shipper ingests gzip _bulk batches at --ingest-rate events/s
// (default 10,000: half the rate bench/ingest measures here), each client
// sending a request every --query-interval-ms (default 100). The baseline is GET /healthz in the same mix: the latency of the
// HTTP path and the queueing under that load, with no storage work.
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <iostream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "bench/bench_events.hpp"
#include "bench/bench_support.hpp"
#include "engine/content/register_all.hpp"
#include "engine/detect/alert_builder.hpp"
#include "engine/rules/rule.hpp"
#include "storage/sqlite/database.hpp"
#include "storage/sqlite/sqlite_run_store.hpp"
#include "tests/support/compression.hpp"
#include "tests/support/daemon_fixture.hpp"

namespace {

using vigil::engine::TimeMs;

std::vector<vigil::engine::RuleDefinition> bench_rules() {
  const std::vector<std::tuple<const char*, const char*, int, const char*, const char*, const char*>> specs = {
      {"bench-activesync", "high", 73, "TA0003", "T1098", "T1098.002"},
      {"bench-powershell", "medium", 47, "TA0002", "T1059", "T1059.001"},
      {"bench-connector", "high", 73, "TA0003", "T1098", ""},
      {"bench-spray", "medium", 47, "TA0001", "T1566", "T1566.001"},
      {"bench-bruteforce", "critical", 99, "TA0006", "T1110", "T1110.003"},
      {"bench-discovery", "low", 21, "TA0007", "T1087", "T1087.002"},
  };
  std::vector<vigil::engine::RuleDefinition> rules;
  for (const auto& [id, severity, risk, tactic, technique, sub] : specs) {
    vigil::engine::RuleDefinition rule;
    rule.rule_id = id;
    rule.name = std::string("Bench rule ") + id;
    rule.severity = severity;
    rule.risk_score = risk;
    nlohmann::json t = {{"id", technique}, {"name", technique}};
    if (*sub) t["subtechnique"] = {{{"id", sub}, {"name", sub}}};
    rule.threat = {{{"framework", "MITRE ATT&CK"}, {"tactic", {{"id", tactic}, {"name", tactic}}}, {"technique", {t}}}};
    rules.push_back(std::move(rule));
  }
  return rules;
}

// An ECS process-start event of about 1 KB, as normalization leaves it.
nlohmann::json bench_event(std::uint64_t n, TimeMs at) {
  const std::string user = "user" + std::to_string(n % 500);
  return {{"@timestamp", vigil::engine::format_timestamp(at)},
          {"host", {{"name", "WS-" + std::to_string(n % 2000)}, {"os", {{"family", "windows"}}}}},
          {"user", {{"name", user}, {"domain", "CONTOSO"}}},
          {"event", {{"category", {"process"}}, {"type", {"start"}}, {"code", "1"}}},
          {"process",
           {{"name", "powershell.exe"},
            {"executable", "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe"},
            {"command_line", "powershell.exe -NoProfile -Command Set-CASMailbox -Identity " + user +
                                 " -ActiveSyncAllowedDeviceIDs @{Add='DEV" + std::to_string(n) + "'}"},
            {"pid", 4000 + n % 60000},
            {"parent", {{"name", "explorer.exe"}}}}},
          {"winlog",
           {{"channel", "Microsoft-Windows-Sysmon/Operational"},
            {"computer_name", "WS-" + std::to_string(n % 2000) + ".contoso.com"},
            {"event_id", "1"},
            {"provider_name", "Microsoft-Windows-Sysmon"},
            {"event_data",
             {{"ProcessGuid", "{5770385f-c22a-43e0-bf4c-06f5698ffbd9}"},
              {"IntegrityLevel", "High"},
              {"Hashes", "SHA256=9F914D42706FE215501044ACD85A32D58AAEF1419D404FDDFA5D3B48F66CCD9F"},
              {"ParentCommandLine", "C:\\Windows\\explorer.exe"}}}}}};
}

// `count` alerts over the last `days` days, oldest first, 80% open, the
// rest acknowledged or closed. The first kTemplates go through the commit
// path rule runs use; the rest are SQL copies of them (rows and MITRE tags)
// with their own seq, id and times: only the documents inside still carry
// the template's id and times, which no dashboard query reads.
void seed(const std::filesystem::path& db_path, std::size_t count, TimeMs now, TimeMs days) {
  constexpr std::size_t kTemplates = 6000;  // a multiple of 6 rules and of 10 statuses
  vigil::storage::Database db({db_path});
  vigil::storage::SqliteRunStore runs(db);
  const auto rules = bench_rules();
  vigil::engine::content::register_all(vigil::engine::detect::content_registry());  // alerts as vigild builds them
  const auto at = [&](std::size_t n) {
    return now - days * vigil::engine::kDayMs +
           static_cast<TimeMs>(n) * days * vigil::engine::kDayMs / static_cast<TimeMs>(count);
  };
  std::vector<vigil::engine::Alert> alerts;
  for (std::size_t n = 0; n < std::min(count, kTemplates); ++n) {
    const auto document = bench_event(n, at(n));
    vigil::engine::StoredEvent event{"winlogbeat-8.15.0", "ev" + std::to_string(n), at(n), at(n), document.dump(), std::nullopt};
    auto alert = vigil::engine::detect::build_alert(rules[n % rules.size()], event, document, at(n));
    using vigil::engine::triage::AlertStatus;
    alert.status = n % 10 < 8 ? AlertStatus::kOpen : (n % 10 == 8 ? AlertStatus::kAcknowledged : AlertStatus::kClosed);
    alerts.push_back(std::move(alert));
  }
  vigil::engine::RunRecord run;
  run.rule_id = "bench-seed";
  run.started_at = now;
  runs.commit_run(run, alerts);
  const std::size_t per_copy = 100000;
  for (std::size_t first = kTemplates; first < count; first += per_copy) {
    const auto last = static_cast<std::int64_t>(std::min(count, first + per_copy) - 1);
    db.write([&](vigil::storage::Connection& c) {
      vigil::storage::Transaction tx(c);
      const std::string numbers = "WITH RECURSIVE n(i) AS (SELECT ?1 UNION ALL SELECT i + 1 FROM n WHERE i < ?2) ";
      c.prepare(numbers +
                "INSERT INTO alerts (seq, id, rule_id, created_at, original_time, severity, risk_score, status, host, "
                "user, mitre, tactics, search, doc) SELECT n.i + 1, 'bench-' || n.i, t.rule_id, ?3 + n.i * ?4 / ?5, "
                "?3 + n.i * ?4 / ?5, t.severity, t.risk_score, t.status, t.host, t.user, t.mitre, t.tactics, t.search, "
                "t.doc FROM n JOIN alerts AS t ON t.seq = n.i % ?6 + 1")
          .bind(1, static_cast<std::int64_t>(first))
          .bind(2, last)
          .bind(3, now - days * vigil::engine::kDayMs)
          .bind(4, days * vigil::engine::kDayMs)
          .bind(5, static_cast<std::int64_t>(count))
          .bind(6, static_cast<std::int64_t>(kTemplates))
          .run();
      c.prepare(numbers +
                "INSERT INTO alert_tags (tag, alert_seq, at) SELECT g.tag, n.i + 1, ?4 + n.i * ?5 / ?6 FROM n JOIN "
                "alert_tags AS g ON g.alert_seq = n.i % ?3 + 1")
          .bind(1, static_cast<std::int64_t>(first))
          .bind(2, last)
          .bind(3, static_cast<std::int64_t>(kTemplates))
          .bind(4, now - days * vigil::engine::kDayMs)
          .bind(5, days * vigil::engine::kDayMs)
          .bind(6, static_cast<std::int64_t>(count))
          .run();
      tx.commit();
    });
  }
}

struct Query {
  std::string name;
  std::string target;
};

double percentile(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(static_cast<double>(v.size()) * p))];
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t alert_count = vigil::bench::arg(argc, argv, "--alerts", 1000000);
  const std::size_t connections = vigil::bench::arg(argc, argv, "--connections", 4);
  const std::size_t ingest_rate = vigil::bench::arg(argc, argv, "--ingest-rate", 10000);
  // Each connection sends a request every this many ms (0: the next as soon
  // as the last is answered, which measures vigild's queue, not a dashboard).
  const std::size_t query_interval_ms = vigil::bench::arg(argc, argv, "--query-interval-ms", 100);
  const std::size_t seconds = vigil::bench::arg(argc, argv, "--seconds", 20);
  const std::size_t days = vigil::bench::arg(argc, argv, "--days", 30);
  const std::size_t batch = 1600;

  vigil::test::TempDir data;
  const TimeMs now = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
  const auto seed_start = vigil::bench::SteadyClock::now();
  seed(data / "vigil.db", alert_count, now, static_cast<TimeMs>(days));
  std::printf("machine: %u cores\nseeded %zu alerts over %zu days in %.1f s (%.0f MB)\n",
              std::thread::hardware_concurrency(), alert_count, days, vigil::bench::seconds_since(seed_start),
              static_cast<double>(std::filesystem::file_size(data / "vigil.db")) / 1e6);

  std::vector<std::string> bodies;
  for (std::size_t b = 0; b < 16; ++b) {
    std::string body;
    for (std::size_t n = 0; n < batch; ++n) {
      body += "{\"create\":{\"_index\":\"winlogbeat-8.15.0\"}}\n";
      body += vigil::bench::sysmon_event(b * batch + n, 100, 0, vigil::engine::format_timestamp(now));
      body += "\n";
    }
    bodies.push_back(vigil::test::compress(body));
  }

  vigil::test::Daemon daemon({}, data.path());
  const std::vector<Query> queries = {
      {"newest 100 open", "/api/v1/alerts?status=open&limit=100"},
      {"technique T1098", "/api/v1/alerts?technique=T1098&limit=100"},
      {"_summary 24h", "/api/v1/alerts/_summary?since=now-24h"},
      {"baseline /healthz", "/healthz"},
  };
  std::atomic<bool> stop{false};
  std::atomic<std::size_t> ingested{0};
  std::atomic<bool> failed{false};
  // Batches start on a fixed schedule (ingest_rate events/s), as a fleet of
  // shippers would send them, whatever the answers' latency.
  std::thread shipper([&] {
    vigil::test::HttpClient client(daemon.host(), daemon.port());
    const auto begin = vigil::bench::SteadyClock::now();
    for (std::size_t i = 0; !stop; ++i) {
      const auto due = begin + std::chrono::duration_cast<vigil::bench::SteadyClock::duration>(
                                   std::chrono::duration<double>(static_cast<double>(i * batch) / ingest_rate));
      while (!stop && vigil::bench::SteadyClock::now() < due)
        std::this_thread::sleep_for(std::min<vigil::bench::SteadyClock::duration>(
            due - vigil::bench::SteadyClock::now(), std::chrono::milliseconds(50)));
      if (stop) break;
      const auto res = client.request("POST", "/_bulk?filter_path=errors", bodies[i % bodies.size()],
                                      {{"Content-Type", "application/json"}, {"Content-Encoding", "gzip"}});
      if (res.status == 200) ingested += batch;
      else if (res.status != 429) failed = true;
    }
  });
  std::vector<std::map<std::string, std::vector<double>>> latencies(connections);
  std::vector<std::thread> clients;
  const auto start = vigil::bench::SteadyClock::now();
  for (std::size_t c = 0; c < connections; ++c) {
    clients.emplace_back([&, c] {
      vigil::test::HttpClient client(daemon.host(), daemon.port());
      const auto interval = std::chrono::milliseconds(query_interval_ms);
      auto due = start + interval * c / connections;
      for (std::size_t i = c; !stop; ++i, due += interval) {
        std::this_thread::sleep_until(due);
        const auto& q = queries[i % queries.size()];
        const auto sent = vigil::bench::SteadyClock::now();
        const auto res = client.get(q.target);
        latencies[c][q.name].push_back(vigil::bench::seconds_since(sent) * 1000);
        if (res.status != 200) {
          std::cerr << q.target << ": " << res.status << " " << res.body.substr(0, 200) << "\n";
          failed = true;
        }
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::seconds(seconds));
  stop = true;
  for (auto& t : clients) t.join();
  shipper.join();
  const double elapsed = vigil::bench::seconds_since(start);
  if (failed || daemon.stop() != 0) return 1;

  std::map<std::string, std::vector<double>> merged;
  for (auto& per_client : latencies)
    for (auto& [name, values] : per_client) merged[name].insert(merged[name].end(), values.begin(), values.end());
  auto& baseline = merged["baseline /healthz"];
  const double baseline_p50 = percentile(baseline, 0.50), baseline_p99 = percentile(baseline, 0.99);
  std::printf(
      "load: %zu connections, a request every %zu ms each, for %.1f s, while ingesting %.0f events/s (%zu offered; "
      "gzip _bulk, batches of %zu)\n",
      connections, query_interval_ms, elapsed, static_cast<double>(ingested) / elapsed, ingest_rate, batch);
  std::printf("%-20s %8s %9s %9s %12s\n", "query", "requests", "p50 ms", "p99 ms", "p99/baseline");
  for (const auto& q : queries) {
    auto& v = merged[q.name];
    const double p50 = percentile(v, 0.50), p99 = percentile(v, 0.99);
    std::printf("%-20s %8zu %9.2f %9.2f %12.1f\n", q.name.c_str(), v.size(), p50, p99, p99 / baseline_p99);
  }
  std::printf("baseline /healthz: p50 %.2f ms, p99 %.2f ms\n", baseline_p50, baseline_p99);
  return 0;
}
