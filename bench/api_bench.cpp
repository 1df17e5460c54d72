// Dashboard queries against a database holding --alerts alerts (default
// 1,000,000), under --connections concurrent keep-alive clients (default
// 32), while a shipper ingests gzip _bulk batches as fast as vigild takes
// them. The baseline is GET /healthz in the same mix: the latency of the
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

// --alerts alerts over the last --days days, newest last, through the same
// commit path rule runs use. 80% open, the rest acknowledged or closed.
void seed(const std::filesystem::path& db_path, std::size_t count, TimeMs now, TimeMs days) {
  vigil::storage::Database db({db_path});
  vigil::storage::SqliteRunStore runs(db);
  const auto rules = bench_rules();
  const std::size_t per_run = 10000;
  for (std::size_t first = 0; first < count; first += per_run) {
    std::vector<vigil::engine::Alert> alerts;
    for (std::size_t n = first; n < std::min(count, first + per_run); ++n) {
      const TimeMs at = now - days * vigil::engine::kDayMs + static_cast<TimeMs>(n) * days * vigil::engine::kDayMs /
                                                                  static_cast<TimeMs>(count);
      const auto document = bench_event(n, at);
      vigil::engine::StoredEvent event{"winlogbeat-8.15.0", "ev" + std::to_string(n), at, at, document.dump()};
      auto alert = vigil::engine::detect::build_alert(rules[n % rules.size()], event, document, at);
      alert.status = n % 10 < 8 ? "open" : (n % 10 == 8 ? "acknowledged" : "closed");
      alerts.push_back(std::move(alert));
    }
    vigil::engine::RunRecord run;
    run.rule_id = "bench-seed";
    run.started_at = now;
    runs.commit_run(run, alerts);
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
  const std::size_t connections = vigil::bench::arg(argc, argv, "--connections", 32);
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
  std::thread shipper([&] {
    vigil::test::HttpClient client(daemon.host(), daemon.port());
    for (std::size_t i = 0; !stop; ++i) {
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
      for (std::size_t i = c; !stop; ++i) {
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
  std::printf("load: %zu connections for %.1f s, while ingesting %.0f events/s (gzip _bulk, batches of %zu)\n",
              connections, elapsed, static_cast<double>(ingested) / elapsed, batch);
  std::printf("%-20s %8s %9s %9s %12s\n", "query", "requests", "p50 ms", "p99 ms", "p99/baseline");
  for (const auto& q : queries) {
    auto& v = merged[q.name];
    const double p50 = percentile(v, 0.50), p99 = percentile(v, 0.99);
    std::printf("%-20s %8zu %9.2f %9.2f %12.1f\n", q.name.c_str(), v.size(), p50, p99, p99 / baseline_p99);
  }
  std::printf("baseline /healthz: p50 %.2f ms, p99 %.2f ms\n", baseline_p50, baseline_p99);
  return 0;
}
