// Crash safety of ingest: vigild killed with SIGKILL in the middle of
// sustained _bulk ingestion keeps every event it acknowledged, its database
// passes integrity_check, and resending what was not acknowledged, with the
// same _ids, stores each event exactly once.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <iostream>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/daemon_fixture.hpp"
#include "tests/support/recent_time.hpp"

namespace vigil::test {
namespace {

constexpr int kClients = 4;
constexpr int kBatch = 200;
constexpr int kKillRounds = 10;
const std::map<std::string, std::string> kNdjson = {{"Content-Type", "application/x-ndjson"}};

std::string batch_body(int round, int client, int batch) {
  std::string body;
  const auto timestamp = recent_rfc3339();
  for (int n = 0; n < kBatch; ++n) {
    const auto id = "r" + std::to_string(round) + "-c" + std::to_string(client) + "-b" + std::to_string(batch) + "-" +
                    std::to_string(n);
    body += R"({"create":{"_index":"kill9","_id":")" + id + "\"}}\n";
    body += R"({"@timestamp":")" + timestamp + R"(","message":"event )" + id + R"(","padding":")" +
            std::string(600, 'p') + "\"}\n";
  }
  return body;
}

// The ids a _bulk response acknowledged: created now (201) or already there (409).
std::vector<std::string> acknowledged(const HttpResponse& res) {
  std::vector<std::string> ids;
  if (res.status != 200) return ids;
  const auto body = nlohmann::json::parse(res.body, nullptr, false);
  if (body.is_discarded()) return ids;
  for (const auto& item : body["items"]) {
    const auto& result = item["create"];
    if (result["status"] == 201 || result["status"] == 409) ids.push_back(result["_id"]);
  }
  return ids;
}

struct Stored {
  std::set<std::string> ids;
  std::size_t rows = 0;
  std::string integrity;
};

Stored read_database(const std::filesystem::path& path) {
  Stored out;
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db, "SELECT id FROM events WHERE idx = 'kill9'", -1, &stmt, nullptr);
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    out.ids.insert(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)));
    ++out.rows;
  }
  sqlite3_finalize(stmt);
  sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &stmt, nullptr);
  if (sqlite3_step(stmt) == SQLITE_ROW) out.integrity = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return out;
}

TEST(Kill9, AcknowledgedEventsSurviveSigkillAndResendsNeverDuplicate) {
  TempDir dir;
  const auto data = dir / "data";
  std::mt19937 random(20261122);
  std::set<std::string> acked;
  std::map<std::string, std::string> unacked;  // batch key -> body, to resend
  std::size_t survived = 0;

  for (int round = 0; round < kKillRounds; ++round) {
    Daemon daemon({}, data);
    std::atomic<bool> stop{false};
    std::mutex mutex;
    std::vector<std::thread> clients;
    for (int c = 0; c < kClients; ++c) {
      clients.emplace_back([&, c] {
        HttpClient client(daemon.host(), daemon.port());
        for (int b = 0; !stop; ++b) {
          const auto body = batch_body(round, c, b);
          const auto key = std::to_string(round) + "/" + std::to_string(c) + "/" + std::to_string(b);
          {
            std::lock_guard lock(mutex);
            unacked[key] = body;  // until its answer arrives
          }
          std::vector<std::string> ids;
          try {
            ids = acknowledged(client.request("POST", "/_bulk", body, kNdjson));
          } catch (const std::exception&) {
            return;  // the daemon died mid-request: this batch stays unacknowledged
          }
          std::lock_guard lock(mutex);
          if (ids.size() == static_cast<std::size_t>(kBatch)) unacked.erase(key);
          acked.insert(ids.begin(), ids.end());
        }
      });
    }
    // A different moment each round: some kills land mid-commit.
    std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(150, 900)(random)));
    daemon.kill_hard();
    stop = true;
    for (auto& t : clients) t.join();

    Daemon restarted({}, data);  // starts on the crashed database
    ASSERT_EQ(restarted.client().get("/readyz").status, 200) << restarted.log();
    ASSERT_EQ(restarted.stop(), 0) << restarted.log();
    const auto stored = read_database(data / "vigil.db");
    EXPECT_EQ(stored.integrity, "ok") << "round " << round;
    std::size_t missing = 0;
    for (const auto& id : acked) missing += stored.ids.count(id) ? 0 : 1;
    EXPECT_EQ(missing, 0u) << "round " << round << ": acknowledged events lost after SIGKILL";
    survived += missing == 0 ? 1 : 0;
  }
  EXPECT_EQ(survived, static_cast<std::size_t>(kKillRounds));
  ASSERT_FALSE(acked.empty());
  // Four clients ingest without pause, so every kill leaves batches in flight.
  ASSERT_FALSE(unacked.empty());
  std::cout << acked.size() << " events acknowledged over " << kKillRounds << " kills; resending " << unacked.size()
            << " unacknowledged batches\n";

  // Resend every batch that was not acknowledged, with its _ids: what was
  // stored before the crash answers 409, the rest is created, nothing twice.
  Daemon daemon({}, data);
  std::set<std::string> expected = acked;
  for (const auto& [key, body] : unacked) {
    const auto res = daemon.client().request("POST", "/_bulk", body, kNdjson);
    ASSERT_EQ(res.status, 200) << res.body.substr(0, 300);
    const auto ids = acknowledged(res);
    EXPECT_EQ(ids.size(), static_cast<std::size_t>(kBatch)) << key << ": " << res.body.substr(0, 300);
    expected.insert(ids.begin(), ids.end());
  }
  const auto count = daemon.client().get("/kill9/_count").json()["count"].get<std::size_t>();
  ASSERT_EQ(daemon.stop(), 0);
  const auto stored = read_database(data / "vigil.db");
  EXPECT_EQ(stored.rows, stored.ids.size()) << "an event is stored twice";
  EXPECT_EQ(stored.ids, expected);
  EXPECT_EQ(count, expected.size());
}

}  // namespace
}  // namespace vigil::test
