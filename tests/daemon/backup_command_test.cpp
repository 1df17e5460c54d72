// `vigild backup` and `vigild restore` against the real daemon: a backup
// taken while shippers ingest restores to a sound database holding every
// event acknowledged before the backup began.
#include <gtest/gtest.h>

#include <fstream>
#include <sqlite3.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "tests/support/daemon_fixture.hpp"
#include "tests/support/recent_time.hpp"

namespace vigil::test {
namespace {

const std::map<std::string, std::string> kNdjson = {{"Content-Type", "application/x-ndjson"}};

std::string batch_body(int client, int batch) {
  std::string body;
  const auto timestamp = recent_rfc3339();
  for (int n = 0; n < 100; ++n) {
    const auto id = "c" + std::to_string(client) + "-b" + std::to_string(batch) + "-" + std::to_string(n);
    body += R"({"create":{"_index":"backup","_id":")" + id + "\"}}\n";
    body += R"({"@timestamp":")" + timestamp + R"(","message":"event )" + id + "\"}\n";
  }
  return body;
}

// The first column of every row `sql` returns from the database file.
std::vector<std::string> column(const std::filesystem::path& path, const char* sql) {
  std::vector<std::string> out;
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr), SQLITE_OK) << sql;
  while (sqlite3_step(stmt) == SQLITE_ROW) out.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)));
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return out;
}

// Shippers posting _bulk without pause until stopped, recording what was acknowledged.
class Ingest {
 public:
  explicit Ingest(const Daemon& daemon) {
    for (int c = 0; c < 2; ++c)
      threads_.emplace_back([this, &daemon, c] {
        HttpClient client(daemon.host(), daemon.port());
        for (int b = 0; !stop_; ++b) {
          const auto res = client.request("POST", "/_bulk", batch_body(c, b), kNdjson);
          if (res.status != 200) continue;
          const auto body = res.json();
          std::lock_guard lock(mutex_);
          for (const auto& item : body["items"])
            if (item["create"]["status"] == 201) acked_.insert(item["create"]["_id"].get<std::string>());
        }
      });
  }
  ~Ingest() { stop(); }
  void stop() {
    stop_ = true;
    for (auto& t : threads_) t.join();
    threads_.clear();
  }
  std::set<std::string> acked() {
    std::lock_guard lock(mutex_);
    return acked_;
  }

 private:
  std::atomic<bool> stop_{false};
  std::mutex mutex_;
  std::set<std::string> acked_;
  std::vector<std::thread> threads_;
};

TEST(BackupCommand, ABackupDuringIngestRestoresEveryEventAcknowledgedBeforeItBegan) {
  TempDir dir;
  Daemon daemon;
  Ingest ingest(daemon);
  for (int waited = 0; ingest.acked().size() < 3000 && waited < 3000; ++waited)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  ASSERT_GE(ingest.acked().size(), 3000u);
  const auto before = ingest.acked();
  const auto backup = run_vigild({"backup", "--to", (dir / "vigil.backup").string(), "--data-dir",
                                  daemon.data_dir().string()});
  const auto after = ingest.acked();
  ingest.stop();
  ASSERT_EQ(backup.exit_code, 0) << backup.output;
  EXPECT_GT(after.size(), before.size()) << "ingest stopped during the backup";
  EXPECT_EQ(daemon.stop(), 0) << daemon.log();

  const auto restore = run_vigild({"restore", "--from", (dir / "vigil.backup").string(), "--data-dir",
                                   (dir / "restored").string()});
  ASSERT_EQ(restore.exit_code, 0) << restore.output;
  const auto restored = dir / "restored/vigil.db";
  EXPECT_EQ(column(restored, "PRAGMA integrity_check"), std::vector<std::string>{"ok"});
  const auto ids = column(restored, "SELECT id FROM events WHERE idx = 'backup'");
  const std::set<std::string> stored(ids.begin(), ids.end());
  std::size_t missing = 0;
  for (const auto& id : before) missing += stored.count(id) ? 0 : 1;
  EXPECT_EQ(missing, 0u) << "of " << before.size() << " acknowledged before the backup began";

  // The restored directory is a working data directory.
  Daemon restarted({}, dir / "restored");
  EXPECT_EQ(restarted.client().post("/backup/_refresh", "").status, 200);
  const auto count = restarted.client().get("/backup/_count");
  ASSERT_EQ(count.status, 200) << count.body;
  EXPECT_EQ(count.json()["count"].get<std::size_t>(), stored.size());
}

TEST(BackupCommand, RestoreIsRefusedWhileTheDaemonRuns) {
  TempDir dir;
  Daemon daemon;
  ASSERT_EQ(run_vigild({"backup", "--to", (dir / "b.db").string(), "--data-dir", daemon.data_dir().string()})
                .exit_code,
            0);
  const auto restore =
      run_vigild({"restore", "--from", (dir / "b.db").string(), "--data-dir", daemon.data_dir().string()});
  EXPECT_EQ(restore.exit_code, 1);
  EXPECT_NE(restore.output.find("in use by another vigild"), std::string::npos) << restore.output;
  EXPECT_NE(restore.output.find("must be stopped"), std::string::npos) << restore.output;
  EXPECT_EQ(daemon.client().get("/readyz").status, 200);
}

TEST(BackupCommand, BackupNeverOverwritesAFileAndSaysSo) {
  TempDir dir;
  Daemon daemon;
  const auto args = std::vector<std::string>{"backup", "--to", (dir / "b.db").string(), "--data-dir",
                                             daemon.data_dir().string()};
  ASSERT_EQ(run_vigild(args).exit_code, 0);
  const auto again = run_vigild(args);
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.output.find("never overwrites"), std::string::npos) << again.output;
}

TEST(BackupCommand, OnPostgresqlBothPointToTheServersToolsAndTouchNothing) {
  TempDir dir;
  std::ofstream(dir / "vigil.toml") << "[storage]\nbackend = \"postgresql\"\nurl = \"host=db.invalid dbname=vigil\"\n";
  for (const std::string command : {"backup", "restore"}) {
    const auto result = run_vigild({command, command == "backup" ? "--to" : "--from", (dir / "b.db").string(),
                                    "--config", (dir / "vigil.toml").string(), "--data-dir", (dir / "data").string()});
    EXPECT_EQ(result.exit_code, 2) << result.output;
    EXPECT_NE(result.output.find("storage.backend is \"postgresql\": " + command +
                                 " the database with the server's tools (pg_dump"),
              std::string::npos)
        << result.output;
  }
  EXPECT_FALSE(std::filesystem::exists(dir / "data"));
  EXPECT_FALSE(std::filesystem::exists(dir / "b.db"));
}

}  // namespace
}  // namespace vigil::test
