// PostgreSQL restarted under a vigild that is ingesting: crashed twice and
// then down for seconds while several _bulk writers post. Every answer is
// 200 with per-item results or a refusal (503/429) whose JSON body names
// the problem; every acknowledged id, and every id retried after a
// refusal, is stored exactly once; vigild heals without a restart of its own.
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
#include "tests/support/postgres_server.hpp"
#include "tests/support/recent_time.hpp"
#include "tests/support/sysmon_bulk.hpp"

namespace vigil::test {
namespace {

using Clock = std::chrono::steady_clock;

const std::map<std::string, std::string> kNdjson = {{"Content-Type", "application/x-ndjson"}};
constexpr const char* kIndex = "pg-restart";
constexpr const char* kActiveSyncRule = "ce64d965-6cb0-466d-b74f-8d2c76f47f05";
constexpr int kWriters = 4;
constexpr int kBatchSize = 25;

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
        if (!error.is_object() || !error.contains("error") || error["error"].value("reason", "").empty())
          log.problems.push_back(std::to_string(res.status) + " without a reason: " + res.body);
        ++log.refusals;
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
  for (int w = 0; w < kWriters; ++w)
    writers.emplace_back([&, w] { write_batches(daemon, w, stop, logs[w]); });
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
  const double outage_s = seconds(Clock::now() - down);
  pause();
  stop = true;
  for (auto& t : writers) t.join();

  std::vector<std::string> acknowledged, retried;
  int batches = 0, refusals = 0;
  double slowest = 0, longest_refusal = 0;
  for (const auto& log : logs) {
    for (const auto& problem : log.problems) ADD_FAILURE() << problem;
    acknowledged.insert(acknowledged.end(), log.acknowledged.begin(), log.acknowledged.end());
    retried.insert(retried.end(), log.retried.begin(), log.retried.end());
    batches += log.batches;
    refusals += log.refusals;
    slowest = std::max(slowest, log.slowest_answer_s);
    longest_refusal = std::max(longest_refusal, log.longest_refusal_s);
  }
  std::cout << "postgres restart: " << batches << " batches of " << kBatchSize << " by " << kWriters << " writers, "
            << refusals << " refusals, " << retried.size() / kBatchSize << " batches retried, "
            << acknowledged.size() << " ids acknowledged; longest refusal " << longest_refusal
            << " s (server down " << outage_s << " s), slowest answer " << slowest << " s\n";
  EXPECT_GT(refusals, 0) << "the restarts were never seen: the test proved nothing";
  EXPECT_LT(slowest, 15.0) << "an answer took longer than a client waits";
  EXPECT_EQ(kill(pid, 0), 0) << "vigild died: " << daemon.log();

  // Every id sent was accepted in the end, each stored once: the retries
  // of refused batches did not double what an earlier attempt committed.
  const std::size_t sent = static_cast<std::size_t>(batches) * kBatchSize;
  storage::postgresql::Connection sql(url);
  const auto stored = sql.query(std::string("SELECT count(*), count(DISTINCT id) FROM events WHERE idx = '") + kIndex +
                                "' AND version = 0");
  EXPECT_EQ(stored.int8(0, 0), static_cast<std::int64_t>(sent));
  EXPECT_EQ(stored.int8(0, 1), static_cast<std::int64_t>(sent));
  auto& client = daemon.client();
  const auto count = client.get(std::string("/") + kIndex + "/_count");
  ASSERT_EQ(count.status, 200) << count.body;
  EXPECT_EQ(count.json()["count"], sent) << count.body;
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

}  // namespace
}  // namespace vigil::test
