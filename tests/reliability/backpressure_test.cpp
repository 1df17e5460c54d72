// Back-pressure: with the database writer held up, many clients sending
// large _bulk batches at once get 429 instead of vigild's memory growing
// past server.request_memory_limit; once the writer is free again, their
// retries (with back-off, as Beats do) all land, each event exactly once.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/daemon_fixture.hpp"
#include "tests/support/process_status.hpp"
#include "tests/support/recent_time.hpp"
#include "tests/support/sanitizers.hpp"

namespace vigil::test {
namespace {

constexpr int kClients = 28;
constexpr int kBatchesPerClient = 1;
constexpr std::size_t kBatchBytes = 2u << 20;  // 56 MiB from all clients at once
constexpr long kMemoryLimitKb = 48 * 1024;     // holds one 2 MiB body parsed (about 26 MiB), not two
// What the process holds beyond what requests hold: freed chunks glibc keeps
// in each worker thread's arena, SQLite's page caches, the WAL index. Peaks
// measured 2026-12-02 were 48-66 MB over 16-17 MB idle (30 runs); without
// the limit, 28 clients' bodies parsed at once would need over 600 MiB.
constexpr long kOutsideRequestsKb = 16 * 1024;
const std::map<std::string, std::string> kNdjson = {{"Content-Type", "application/x-ndjson"}};

// The lock is held for less than busy_timeout_ms, so writes wait, never fail.
const std::string kConfig = R"(
[server]
threads = 2
body_limit = 4194304
request_memory_limit = )" + std::to_string(kMemoryLimitKb * 1024) +
                            R"(
read_timeout_seconds = 30

[storage]
busy_timeout_ms = 20000
)";

// Events with one large field: cheap to parse and store, so the test is
// quick, while many of them queued at once would hold a lot of memory.
std::string batch_body(int client, int batch, int& events) {
  std::string body;
  const auto timestamp = recent_rfc3339();
  events = 0;
  while (body.size() < kBatchBytes) {
    const auto id = "c" + std::to_string(client) + "-b" + std::to_string(batch) + "-" + std::to_string(events++);
    body += R"({"create":{"_index":"backpressure","_id":")" + id + "\"}}\n";
    body += R"({"@timestamp":")" + timestamp + R"(","message":"event )" + id + R"(","padding":")" +
            std::string(16 * 1024, 'p') + "\"}\n";
  }
  return body;
}

// Holds the database's write lock, as another writer would.
class WriteLock {
 public:
  explicit WriteLock(const std::filesystem::path& db) {
    EXPECT_EQ(sqlite3_open(db.c_str(), &db_), SQLITE_OK);
    EXPECT_EQ(sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db_);
  }
  ~WriteLock() { release(); }
  void release() {
    if (!db_) return;
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(db_);
    db_ = nullptr;
  }

 private:
  sqlite3* db_ = nullptr;
};

std::pair<long, long> stored_rows(const std::filesystem::path& db) {
  sqlite3* conn = nullptr;
  sqlite3_open_v2(db.c_str(), &conn, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(conn, "SELECT COUNT(*), COUNT(DISTINCT id) FROM events WHERE idx = 'backpressure'", -1, &stmt,
                     nullptr);
  std::pair<long, long> out{-1, -1};
  if (sqlite3_step(stmt) == SQLITE_ROW) out = {sqlite3_column_int64(stmt, 0), sqlite3_column_int64(stmt, 1)};
  sqlite3_finalize(stmt);
  sqlite3_close(conn);
  return out;
}

TEST(Backpressure, ThrottledWriterAnswers429WithinTheMemoryBoundAndRetriesAllLand) {
  TempDir dir;
  std::ofstream(dir / "vigil.toml") << kConfig;
  Daemon daemon({"--config", (dir / "vigil.toml").string()});
  ASSERT_EQ(daemon.client().get("/readyz").status, 200);
  // vigild trains its document dictionary from the first 1,000 documents it
  // stores, once (a few MB while it trains); the test starts after that.
  std::string warm_up;
  for (int n = 0; n < 1000; ++n)
    warm_up += R"({"create":{"_index":"warm-up"}})" "\n" R"({"message":"warm-up event )" + std::to_string(n) + "\"}\n";
  ASSERT_EQ(daemon.client().request("POST", "/_bulk", warm_up, kNdjson).status, 200);
  // Idle footprint (code, SQLite cache, threads, the dictionary): the limit
  // bounds what requests hold on top of it.
  const long idle_kb = status_kb(daemon.pid(), "VmRSS");

  std::atomic<int> rejected{0}, rejected_while_locked{0}, retries{0}, other{0};
  std::atomic<bool> locked{true};
  std::atomic<long> expected{0};
  std::mutex mutex;
  std::vector<std::string> failures;
  auto lock = std::make_unique<WriteLock>(daemon.data_dir() / "vigil.db");
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      HttpClient client(daemon.host(), daemon.port());
      for (int b = 0; b < kBatchesPerClient; ++b) {
        int events = 0;
        const auto body = batch_body(c, b, events);
        expected += events;
        for (int attempt = 0;; ++attempt) {
          HttpResponse res;
          try {
            res = client.request("POST", "/_bulk", body, kNdjson);
          } catch (const std::exception& e) {
            std::lock_guard guard(mutex);
            failures.push_back("client " + std::to_string(c) + ": " + e.what());
            return;
          }
          if (res.status == 429) {
            ++rejected;
            if (locked) ++rejected_while_locked;
            ++retries;
            EXPECT_EQ(res.header("retry-after"), "1");
            EXPECT_EQ(res.json()["error"]["type"], "es_rejected_execution_exception") << res.body;
            // Beats' back-off: doubling from 100 ms, at most 1 s here.
            std::this_thread::sleep_for(std::chrono::milliseconds(std::min(100 << std::min(attempt, 4), 1000)));
            continue;
          }
          std::size_t created = 0;
          if (res.status == 200) {
            const auto answer = res.json();
            for (const auto& item : answer["items"]) created += item["create"]["status"] == 201 ? 1 : 0;
          }
          if (res.status != 200 || created != static_cast<std::size_t>(events)) {
            ++other;
            std::lock_guard guard(mutex);
            failures.push_back(std::to_string(res.status) + ": " + res.body.substr(0, 300));
          }
          break;
        }
      }
    });
  }

  // Hold the writer up while every client has sent at least once.
  long peak_locked_kb = 0;
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  while (std::chrono::steady_clock::now() < until) {
    peak_locked_kb = std::max(peak_locked_kb, status_kb(daemon.pid(), "VmRSS"));
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  locked = false;
  lock->release();
  for (auto& t : clients) t.join();

  const long peak_kb = status_kb(daemon.pid(), "VmHWM");  // the kernel's peak: no sample can miss it
  std::cout << "idle RSS " << idle_kb / 1024 << " MB, peak RSS " << peak_kb / 1024 << " MB (while locked "
            << peak_locked_kb / 1024 << " MB), bound " << (kMemoryLimitKb + kOutsideRequestsKb) / 1024 << " MB + idle; " << rejected
            << " answered 429 (" << rejected_while_locked << " while locked), " << retries << " retries\n";
  EXPECT_TRUE(failures.empty()) << failures.front();
  EXPECT_GT(rejected_while_locked.load(), 0) << "the clients were never pushed back";
  if (!kSanitized) {  // a sanitizer's shadow memory and quarantine are no request's
    EXPECT_LT(peak_kb, idle_kb + kMemoryLimitKb + kOutsideRequestsKb)
        << "requests held more memory than server.request_memory_limit";
  }
  EXPECT_EQ(other.load(), 0);

  ASSERT_EQ(daemon.client().get("/readyz").status, 200);
  ASSERT_EQ(daemon.stop(), 0) << daemon.log();
  const auto [rows, distinct] = stored_rows(daemon.data_dir() / "vigil.db");
  EXPECT_EQ(rows, expected.load()) << "every acknowledged event is stored";
  EXPECT_EQ(distinct, rows) << "an event is stored twice";
}

}  // namespace
}  // namespace vigil::test
