// GET /metrics against the real daemon after known traffic.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "tests/api/metrics/exposition.hpp"
#include "tests/support/daemon_fixture.hpp"

namespace vigil::test {
namespace {

const std::string kSysmon =
    R"({"@timestamp":"2026-11-22T10:00:00Z","winlog":{"channel":"Microsoft-Windows-Sysmon/Operational","event_id":"1",)"
    R"("event_data":{"UtcTime":"2026-11-22 10:00:00.123","Image":"C:\\Windows\\System32\\cmd.exe","CommandLine":"cmd.exe /c dir"}}})";
const std::string kActiveSyncRule = "ce64d965-6cb0-466d-b74f-8d2c76f47f05";
const std::map<std::string, std::string> kNdjson = {{"Content-Type", "application/x-ndjson"}};

Exposition scrape(Daemon& d) {
  const auto res = d.client().get("/metrics");
  EXPECT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(res.header("content-type"), "text/plain; version=0.0.4; charset=utf-8");
  auto text = parse_exposition(res.body);
  EXPECT_TRUE(text.errors.empty()) << text.errors.front() << "\n" << res.body;
  return text;
}

// Scrapes until `ready` holds: the scheduler's first tick runs on its own
// thread, at start-up.
Exposition scrape_until(Daemon& d, const std::function<bool(const Exposition&)>& ready) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  auto text = scrape(d);
  while (!ready(text) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    text = scrape(d);
  }
  return text;
}

TEST(MetricsApi, CountsKnownTrafficExactly) {
  Daemon d;
  std::string bulk;
  for (int i = 0; i < 3; ++i) bulk += "{\"create\":{\"_index\":\"winlogbeat-8.15.0\"}}\n" + kSysmon + "\n";
  bulk += "{\"create\":{\"_index\":\"winlogbeat-8.15.0\"}}\n{not json\n";
  bulk += "{\"create\":{\"_index\":\"winlogbeat-8.15.0\"}}\n[1,2]\n";
  bulk += "{\"delete\":{\"_index\":\"winlogbeat-8.15.0\",\"_id\":\"x\"}}\n";
  const auto bulk_res = d.client().post("/_bulk", bulk, kNdjson);
  ASSERT_EQ(bulk_res.status, 200) << bulk_res.body;
  EXPECT_EQ(d.client().get("/no/such/route").status, 404);
  const auto events = d.client().post("/api/v1/events", R"([{"hello":"world"},{"n":2}])");
  ASSERT_EQ(events.status, 200) << events.body;

  const auto text = scrape_until(d, [](const Exposition& t) { return t.types.count("vigil_rule_runs_total") > 0; });

  EXPECT_EQ(text.value(R"(vigil_http_requests_total{method="POST",route="/_bulk",status="200"})"), 1);
  EXPECT_EQ(text.value(R"(vigil_http_requests_total{method="GET",route="unmatched",status="404"})"), 1);
  EXPECT_EQ(text.value(R"(vigil_http_requests_total{method="POST",route="/api/v1/events",status="200"})"), 1);
  EXPECT_EQ(text.value(R"(vigil_http_request_duration_seconds_count{route="/_bulk"})"), 1);
  EXPECT_EQ(text.value(R"(vigil_http_request_duration_seconds_bucket{route="/_bulk",le="+Inf"})"), 1);
  EXPECT_EQ(text.types.at("vigil_http_request_duration_seconds"), "histogram");

  EXPECT_EQ(text.value(R"(vigil_ingest_events_total{index="winlogbeat-8.15.0",source="sysmon_process_create"})"), 3);
  EXPECT_GT(text.value(R"(vigil_ingest_event_bytes_total{index="winlogbeat-8.15.0",source="sysmon_process_create"})"),
            3.0 * kSysmon.size());  // normalization only adds fields
  EXPECT_EQ(text.value(R"(vigil_ingest_events_total{index="logs-vigil.unknown-vigil",source="unknown"})"), 2);
  EXPECT_EQ(text.value("vigil_ingest_unrecognised_events_total"), 2);
  EXPECT_EQ(text.value(R"(vigil_bulk_item_errors_total{type="document_parsing_exception"})"), 2);
  EXPECT_EQ(text.value(R"(vigil_bulk_item_errors_total{type="illegal_argument_exception"})"), 1);
  EXPECT_EQ(text.value("vigil_ingest_rejections_total"), 0);
  EXPECT_EQ(text.value("vigil_write_queue_depth"), 0);
  // The scrape has no body; every body before it was released with its answer.
  EXPECT_EQ(text.value("vigil_request_memory_bytes"), 0);
  EXPECT_GT(text.value("vigil_request_memory_peak_bytes"), 256 * 1024);  // a body and its read buffer

  EXPECT_EQ(text.value("vigil_events_stored"), 5);
  EXPECT_EQ(text.value("vigil_alerts_stored"), 0);
  EXPECT_GT(text.value("vigil_database_size_bytes"), 0);
  for (const auto* gauge :
       {"vigil_events_stored", "vigil_alerts_stored", "vigil_database_size_bytes", "vigil_write_queue_depth",
        "vigil_request_memory_bytes", "vigil_request_memory_peak_bytes"})
    EXPECT_EQ(text.types.at(gauge), "gauge") << gauge;

  // Every scheduled run of the rule so far, as its run history has them.
  const auto runs = d.client().get("/api/v1/rules/" + kActiveSyncRule + "/runs").json();
  ASSERT_TRUE(runs.contains("runs")) << runs.dump();
  EXPECT_EQ(text.value(R"(vigil_rule_runs_total{rule=")" + kActiveSyncRule + R"(",status="succeeded"})"),
            static_cast<double>(runs["runs"].size()));
  EXPECT_EQ(text.value(R"(vigil_rule_run_duration_seconds_count{rule=")" + kActiveSyncRule + R"("})"),
            static_cast<double>(runs["runs"].size()));
}

// Issue 33: every new index name added series to /metrics forever. Over
// real HTTP, 300 names leave 100 index series and "other".
TEST(MetricsApi, IndexNamesBeyondAHundredCountAsOther) {
  Daemon d;
  std::string bulk;
  constexpr int kIndices = 300;
  for (int i = 0; i < kIndices; ++i) bulk += "{\"create\":{\"_index\":\"idx-" + std::to_string(i) + "\"}}\n" + kSysmon + "\n";
  const auto res = d.client().post("/_bulk", bulk, kNdjson);
  ASSERT_EQ(res.status, 200) << res.body;
  ASSERT_EQ(res.json()["errors"], false) << res.body;

  const auto text = scrape(d);
  std::size_t series = 0;
  double events = 0;
  for (const auto& [name, value] : text.samples)
    if (name.starts_with("vigil_ingest_events_total{")) {
      ++series;
      events += value;
    }
  EXPECT_EQ(series, 101u);
  EXPECT_EQ(events, kIndices);
  EXPECT_EQ(text.value(R"(vigil_ingest_events_total{index="other",source="sysmon_process_create"})"), kIndices - 100);
}

TEST(MetricsApi, ManualRunsAreCountedWithTheAlertsTheyCreate) {
  Daemon d;
  const auto succeeded = R"(vigil_rule_runs_total{rule=")" + kActiveSyncRule + R"(",status="succeeded"})";
  const auto alerts = R"(vigil_alerts_created_total{rule=")" + kActiveSyncRule + R"(",severity="medium"})";
  const auto before = scrape_until(d, [&](const Exposition& t) { return t.value(succeeded) > 0; });
  const std::string powershell =
      R"({"@timestamp":"2026-11-22T10:00:00Z","winlog":{"channel":"Microsoft-Windows-Sysmon/Operational","event_id":"1",)"
      R"("event_data":{"UtcTime":"2026-11-22 10:00:00.123","Image":"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",)"
      R"("CommandLine":"powershell.exe -Command \"Set-CASMailbox -Identity bob -ActiveSyncAllowedDeviceIDs DEV1\""}}})";
  ASSERT_EQ(d.client().post("/_bulk", "{\"create\":{\"_index\":\"winlogbeat-8.15.0\"}}\n" + powershell + "\n", kNdjson).status,
            200);
  // The rule windows on event.ingested, so its usual window holds the event just sent.
  const auto run = d.client().post("/api/v1/rules/" + kActiveSyncRule + "/_run", "");
  ASSERT_EQ(run.status, 200) << run.body;
  ASSERT_EQ(run.json()["alerts_created"], 1) << run.body;

  const auto after = scrape_until(d, [&](const Exposition& t) { return t.value(succeeded) > before.value(succeeded); });
  EXPECT_EQ(after.value(succeeded), before.value(succeeded) + 1);
  EXPECT_EQ(after.value(alerts), std::max(0.0, before.value(alerts)) + 1);
}

}  // namespace
}  // namespace vigil::test
