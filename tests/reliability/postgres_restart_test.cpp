// PostgreSQL restarted under a vigild that is ingesting: crashed twice and
// then down for seconds while several _bulk writers post. Every answer is
// 200 with per-item results or a refusal (503/429) whose JSON body names
// the problem; every acknowledged id, and every id retried after a
// refusal, is stored exactly once; vigild heals without a restart of its own.
// A Kafka input over the same outage pauses, commits nothing it has not
// stored, and resumes when the server is back.
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "storage/postgresql/connection.hpp"
#include "tests/support/daemon_fixture.hpp"
#include "tests/support/kafka_mock.hpp"
#include "tests/support/postgres_server.hpp"
#include "tests/support/recent_time.hpp"
#include "tests/support/sysmon_bulk.hpp"
#include "tests/support/winlogbeat_sysmon.hpp"

namespace vigil::test {
namespace {

using Clock = std::chrono::steady_clock;

const std::map<std::string, std::string> kNdjson = {{"Content-Type", "application/x-ndjson"}};
constexpr const char* kIndex = "pg-restart";
constexpr const char* kActiveSyncRule = "ce64d965-6cb0-466d-b74f-8d2c76f47f05";
constexpr int kWriters = 4;
constexpr int kBatchSize = 25;

// The count of events `index` holds, through the API.
long long stored_in(Daemon& daemon, const std::string& index) {
  const auto res = daemon.client().get("/" + index + "/_count");
  return res.status == 200 ? res.json()["count"].get<long long>() : -1;
}

// The number of events in `index` and of distinct ids among them, as the
// database holds them.
std::pair<std::int64_t, std::int64_t> rows_and_ids(const std::string& url, const std::string& index) {
  storage::postgresql::Connection sql(url);
  const auto rows =
      sql.query("SELECT count(*), count(DISTINCT id) FROM events WHERE idx = '" + index + "' AND version = 0");
  return {rows.int8(0, 0), rows.int8(0, 1)};
}

// Polls `done` every 50 ms until it holds or `within` passes.
template <class Done>
bool within(std::chrono::seconds limit, Done done) {
  for (const auto until = Clock::now() + limit; !done();) {
    if (Clock::now() > until) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return true;
}

double seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

std::string batch_body(const std::vector<std::string>& ids) {
  std::string body;
  for (const auto& id : ids)
    body += std::string(R"({"create":{"_index":")") + kIndex + R"(","_id":")" + id + "\"}}\n" + R"({"@timestamp":")" +
            recent_rfc3339() + R"(","message":")" + id + "\"}\n";
  return body;
}

// What one writer saw. Touched by its own thread only until joined.
struct WriterLog {
  std::vector<std::string> acknowledged;  // ids answered 201
  std::vector<std::string> retried;       // ids of batches refused at least once
  std::vector<std::string> problems;      // answers outside the contract
  std::vector<Clock::time_point> refused_at;
  int batches = 0;
  int refusals = 0;
  double slowest_answer_s = 0;
  double longest_refusal_s = 0;  // from a batch's first refusal to its acceptance
};

// Posts batches of fresh ids until `stop`, retrying each refused batch
// until it is accepted (or 60 s pass). An id answered 409 on a retry was
// committed by an attempt whose answer was lost with the connection.
void write_batches(const Daemon& daemon, int writer, const std::atomic<bool>& stop, WriterLog& log) {
  HttpClient client(daemon.host(), daemon.port());
  for (int batch = 0; !stop.load(); ++batch) {
    std::vector<std::string> ids;
    for (int i = 0; i < kBatchSize; ++i)
      ids.push_back("w" + std::to_string(writer) + "-b" + std::to_string(batch) + "-" + std::to_string(i));
    const auto body = batch_body(ids);
    const auto first_try = Clock::now();
    bool refused = false;
    for (;;) {
      const auto sent = Clock::now();
      const auto res = client.request("POST", "/_bulk", body, kNdjson);
      log.slowest_answer_s = std::max(log.slowest_answer_s, seconds(Clock::now() - sent));
      if (res.status == 503 || res.status == 429) {
        const auto error = nlohmann::json::parse(res.body, nullptr, false);
        const auto reason = error.is_object() && error.contains("error") ? error["error"].value("reason", "") : "";
        // 503 names the lost server; 429 (too many writes waiting) its own cause.
        if (res.status == 503 ? !reason.starts_with("database unreachable") : reason.empty())
          log.problems.push_back(std::to_string(res.status) + " without the reason: " + res.body);
        if (res.status == 503 && res.header("retry-after").empty()) log.problems.push_back("503 without Retry-After");
        ++log.refusals;
        log.refused_at.push_back(sent);
        refused = true;
        if (Clock::now() - first_try > std::chrono::seconds(60)) {
          log.problems.push_back("batch " + ids.front() + " still refused after 60 s: " + res.body);
          return;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        continue;
      }
      if (res.status != 200) {
        log.problems.push_back("answered " + std::to_string(res.status) + ": " + res.body.substr(0, 300));
        return;
      }
      const auto items = res.json()["items"];
      if (items.size() != ids.size()) log.problems.push_back("a 200 with " + std::to_string(items.size()) + " items");
      for (std::size_t i = 0; i < items.size() && i < ids.size(); ++i) {
        const int status = items[i]["create"]["status"];
        if (status == 201)
          log.acknowledged.push_back(ids[i]);
        else if (status != 409 || !refused)
          log.problems.push_back(ids[i] + " answered " + items[i].dump());
      }
      break;
    }
    ++log.batches;
    if (refused) {
      log.retried.insert(log.retried.end(), ids.begin(), ids.end());
      log.longest_refusal_s = std::max(log.longest_refusal_s, seconds(Clock::now() - first_try));
    }
  }
}

TEST(PostgresRestart, CrashesAndAnOutageMidIngestAreRefusedNotLostAndHealWithoutAVigildRestart) {
  // A server of its own: crashing the process's shared one would cut the
  // other cases' connections.
  PostgresServer server;
  const auto url = server.create_database();
  TempDir dir;
  const auto config = dir / "vigil.toml";
  std::ofstream(config) << "[storage]\nbackend = \"postgresql\"\nurl = \"" << url << "\"\npool_size = 4\n";
  Daemon daemon({"--config", config.string()}, dir / "data");
  ASSERT_TRUE(daemon.wait_for_first_pass()) << daemon.log();
  const pid_t pid = daemon.pid();

  std::atomic<bool> stop{false};
  std::vector<WriterLog> logs(kWriters);
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) writers.emplace_back([&, w] { write_batches(daemon, w, stop, logs[w]); });
  const auto pause = [] { std::this_thread::sleep_for(std::chrono::milliseconds(1500)); };
  pause();
  server.crash_and_restart();
  pause();
  server.crash_and_restart();
  pause();
  const auto down = Clock::now();
  server.stop();
  std::this_thread::sleep_for(std::chrono::seconds(4));
  server.start();
  const auto up = Clock::now();
  const double outage_s = seconds(up - down);
  pause();
  stop = true;
  for (auto& t : writers) t.join();

  std::vector<std::string> acknowledged, retried;
  int batches = 0, refusals = 0, refusals_once_up = 0;
  double slowest = 0, longest_refusal = 0;
  for (const auto& log : logs) {
    for (const auto& problem : log.problems) ADD_FAILURE() << problem;
    acknowledged.insert(acknowledged.end(), log.acknowledged.begin(), log.acknowledged.end());
    retried.insert(retried.end(), log.retried.begin(), log.retried.end());
    batches += log.batches;
    refusals += log.refusals;
    refusals_once_up += static_cast<int>(
        std::count_if(log.refused_at.begin(), log.refused_at.end(), [&](Clock::time_point t) { return t > up; }));
    slowest = std::max(slowest, log.slowest_answer_s);
    longest_refusal = std::max(longest_refusal, log.longest_refusal_s);
  }
  std::cout << "postgres restart: " << batches << " batches of " << kBatchSize << " by " << kWriters << " writers, "
            << refusals << " refusals (" << refusals_once_up << " sent after the server was back), "
            << retried.size() / kBatchSize << " batches retried, " << acknowledged.size()
            << " ids acknowledged; longest refusal " << longest_refusal << " s (server down " << outage_s
            << " s), slowest answer " << slowest << " s\n";
  EXPECT_GT(refusals, 0) << "the restarts were never seen: the test proved nothing";
  EXPECT_LT(slowest, 15.0) << "an answer took longer than a client waits";
  EXPECT_EQ(kill(pid, 0), 0) << "vigild died: " << daemon.log();

  // Every id sent was accepted in the end, each stored once: the retries
  // of refused batches did not double what an earlier attempt committed.
  const std::size_t sent = static_cast<std::size_t>(batches) * kBatchSize;
  const auto [rows, ids] = rows_and_ids(url, kIndex);
  EXPECT_EQ(rows, static_cast<std::int64_t>(sent));
  EXPECT_EQ(ids, static_cast<std::int64_t>(sent));
  auto& client = daemon.client();
  const auto metrics = client.get("/metrics").body;
  EXPECT_NE(metrics.find("vigil_ingest_store_failures_total{reason=\"unreachable\"}"), std::string::npos) << metrics;
  EXPECT_EQ(stored_in(daemon, kIndex), static_cast<long long>(sent));
  for (const auto* ids : {&acknowledged, &retried})
    for (std::size_t i = 0; i < ids->size(); i += 97) {
      const auto doc = client.get(std::string("/") + kIndex + "/_doc/" + (*ids)[i]);
      EXPECT_EQ(doc.status, 200) << (*ids)[i] << ": " << doc.body;
    }

  // Healed: ready, and detection runs on the restarted server.
  EXPECT_EQ(client.get("/readyz").status, 200);
  const auto bulk = client.request(
      "POST", "/_bulk",
      sysmon_bulk_lines({"after-restart", "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
                         "powershell.exe -Command \"Set-CASMailbox -Identity bob -ActiveSyncAllowedDeviceIDs "
                         "@{Add='ID1'}\""}),
      kNdjson);
  ASSERT_EQ(bulk.status, 200) << bulk.body;
  const auto run = client.post(std::string("/api/v1/rules/") + kActiveSyncRule + "/_run", "{}");
  ASSERT_EQ(run.status, 200) << run.body;
  EXPECT_EQ(run.json()["alerts_created"], 1) << run.body;
  EXPECT_EQ(daemon.pid(), pid);
  EXPECT_EQ(daemon.stop(), 0) << daemon.log();
}

TEST(PostgresRestart, AKafkaInputPausesWhileTheServerIsDownAndStoresEveryMessageOnceWhenItIsBack) {
  PostgresServer server;
  const auto url = server.create_database();
  KafkaMock kafka(1);
  kafka.create_topic("winlogbeat", 1);
  const std::string index = "pg-restart-kafka";
  TempDir dir;
  const auto config = dir / "vigil.toml";
  std::ofstream(config) << "[storage]\nbackend = \"postgresql\"\nurl = \"" << url
                        << "\"\n[[inputs.kafka]]\nname = \"shippers\"\nbrokers = [\"" << kafka.bootstrap()
                        << "\"]\ntopics = [\"winlogbeat\"]\nindex = \"" << index
                        << "\"\nbatch_wait_ms = 20\nmax_batch_messages = 50\ninitial_backoff_ms = 50\n"
                        << "max_backoff_ms = 500\n";
  Daemon daemon({"--config", config.string()}, dir / "data");
  const pid_t pid = daemon.pid();
  const auto produce = [&](int from) {
    std::vector<std::string> payloads;
    for (int i = from; i < from + 100; ++i)
      payloads.push_back(winlogbeat_sysmon("WS01", "cmd /c echo " + std::to_string(i), 100));
    kafka.produce("winlogbeat", payloads, 0);
  };
  produce(0);
  ASSERT_TRUE(within(std::chrono::seconds(30), [&] { return stored_in(daemon, index) == 100; })) << daemon.log();

  server.stop();
  produce(100);
  // Paused, and saying why; the offsets stay at what was stored.
  ASSERT_TRUE(within(std::chrono::seconds(15), [&] {
    return daemon.client().get("/readyz").json().value("status", "") == "degraded";
  })) << daemon.log();
  const auto degraded = daemon.client().get("/readyz");
  EXPECT_NE(degraded.json()["inputs"].dump().find("the database refused the batch"), std::string::npos)
      << degraded.body;
  std::this_thread::sleep_for(std::chrono::seconds(2));
  EXPECT_EQ(kafka.committed("vigil", "winlogbeat", 0).value_or(0), 100);
  const auto down_since = Clock::now();
  server.start();

  ASSERT_TRUE(within(std::chrono::seconds(30), [&] { return stored_in(daemon, index) == 200; })) << daemon.log();
  std::cout << "postgres restart: the Kafka input stored the outage's messages " << seconds(Clock::now() - down_since)
            << " s after the server was back\n";
  EXPECT_TRUE(within(std::chrono::seconds(15), [&] { return kafka.committed("vigil", "winlogbeat", 0) == 200; }));
  EXPECT_TRUE(within(std::chrono::seconds(15),
                     [&] { return daemon.client().get("/readyz").json().value("status", "") == "ready"; }));
  EXPECT_EQ(rows_and_ids(url, index), std::make_pair(std::int64_t{200}, std::int64_t{200}));
  EXPECT_EQ(kill(pid, 0), 0);
  EXPECT_EQ(daemon.stop(), 0) << daemon.log();
}

}  // namespace
}  // namespace vigil::test
