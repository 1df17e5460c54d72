// Rule reloads against the real daemon: POST /api/v1/rules/_reload and
// SIGHUP swap the rule set under ingest, with no alert lost or doubled; an
// invalid set is refused with file:line:column and the old one keeps running.
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>

#include <atomic>
#include <fstream>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "tests/support/daemon_fixture.hpp"
#include "tests/support/recent_time.hpp"

namespace vigil::test {
namespace {

const std::map<std::string, std::string> kNdjson = {{"Content-Type", "application/x-ndjson"}};

// An EQL rule over reload-* on arrival time, so a run now sees every event
// ingested in the last 10 minutes; `query` varies its version.
std::string rule_toml(const std::string& rule_id, const std::string& query) {
  return "[metadata]\nmaturity = \"production\"\n\n[rule]\nrule_id = \"" + rule_id + "\"\nname = \"" + rule_id +
         "\"\ndescription = \"d\"\ntype = \"eql\"\nlanguage = \"eql\"\nrisk_score = 10\nseverity = \"low\"\n"
         "interval = \"1m\"\nfrom = \"now-10m\"\nmax_signals = 100000\ntimestamp_override = \"event.ingested\"\n"
         "index = [\"reload-*\"]\nquery = '''\n" +
         query + "\n'''\n";
}

void write_file(const std::filesystem::path& file, const std::string& text) {
  std::filesystem::create_directories(file.parent_path());
  std::ofstream(file) << text;
}

std::int64_t alert_count(const std::filesystem::path& db, const std::string& rule_id) {
  sqlite3* handle = nullptr;
  sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(handle, "SELECT count(*) FROM alerts WHERE rule_id = ?1", -1, &stmt, nullptr);
  sqlite3_bind_text(stmt, 1, rule_id.c_str(), -1, SQLITE_TRANSIENT);
  const auto count = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : -1;
  sqlite3_finalize(stmt);
  sqlite3_close(handle);
  return count;
}

// One event per line of `ids`, each a match for the rules above.
std::string bulk(const std::vector<std::string>& ids) {
  std::string body;
  const auto timestamp = recent_rfc3339();
  for (const auto& id : ids) {
    body += R"({"create":{"_index":"reload-1","_id":")" + id + "\"}}\n";
    body += R"({"@timestamp":")" + timestamp + R"(","message":"hit )" + id + "\"}\n";
  }
  return body;
}

// Each reload adds a rule, which starts matching at ingest afresh, and
// changes rule-a's version, so it starts afresh too, while four shippers keep
// batches queued for the database: a batch matched before a reload but
// written after it would leave those rules blind to its events.
TEST(RuleReload, SwapsTheRuleSetUnderIngestWithNoAlertLostOrDoubled) {
  TempDir dir;
  // Two spellings of one condition: each reload changes rule-a's fingerprint.
  const std::string spellings[] = {R"(any where message : "hit *")", R"(any where message : "hit*")"};
  write_file(dir / "rules/a.toml", rule_toml("rule-a", spellings[0]));
  Daemon daemon({"--rules-dir", (dir / "rules").string()});

  std::atomic<bool> stop{false};
  std::mutex mutex;
  std::set<std::string> acked;
  std::vector<std::thread> shippers;
  for (int c = 0; c < 4; ++c)
    shippers.emplace_back([&, c] {
      HttpClient client(daemon.host(), daemon.port());
      // Bounded, so the runs at the end read a few thousand events, not a flood.
      for (int b = 0; !stop && b < 150; ++b) {
        std::vector<std::string> ids;
        for (int n = 0; n < 20; ++n) ids.push_back("c" + std::to_string(c) + "b" + std::to_string(b) + "-" + std::to_string(n));
        const auto res = client.request("POST", "/_bulk", bulk(ids), kNdjson);
        if (res.status != 200) continue;
        const auto body = res.json();
        std::lock_guard lock(mutex);
        for (const auto& item : body["items"])
          if (item["create"]["status"] == 201) acked.insert(item["create"]["_id"].get<std::string>());
      }
    });
  constexpr int kReloads = 5;
  for (int reload = 1; reload <= kReloads; ++reload) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    write_file(dir / "rules/a.toml", rule_toml("rule-a", spellings[reload % 2]));
    write_file(dir / ("rules/b" + std::to_string(reload) + ".toml"),
               rule_toml("rule-b" + std::to_string(reload), spellings[0]));
    const auto res = daemon.client().post("/api/v1/rules/_reload", "");
    ASSERT_EQ(res.status, 200) << res.body;
    EXPECT_EQ(res.json()["rules"], reload + 1);
  }
  stop = true;
  for (auto& t : shippers) t.join();
  ASSERT_GT(acked.size(), 200u);

  // A run now covers the last 10 minutes of arrivals: every event, once per rule.
  std::vector<std::string> rule_ids = {"rule-a"};
  for (int reload = 1; reload <= kReloads; ++reload) rule_ids.push_back("rule-b" + std::to_string(reload));
  for (const auto& id : rule_ids) {
    const auto run = daemon.client().post("/api/v1/rules/" + id + "/_run", "");
    ASSERT_EQ(run.status, 200) << run.body;
  }
  EXPECT_EQ(daemon.stop(), 0);
  for (const auto& id : rule_ids)
    EXPECT_EQ(alert_count(daemon.data_dir() / "vigil.db", id), static_cast<std::int64_t>(acked.size())) << id;
}

TEST(RuleReload, AnInvalidSetIsRefusedWithFileLineAndColumnAndTheOldKeepsRunning) {
  TempDir dir;
  write_file(dir / "rules/a.toml", rule_toml("rule-a", R"(any where message : "hit*")"));
  Daemon daemon({"--rules-dir", (dir / "rules").string()});
  write_file(dir / "rules/b.toml", rule_toml("rule-b", "any where message == "));
  const auto res = daemon.client().post("/api/v1/rules/_reload", "");
  ASSERT_EQ(res.status, 422) << res.body;
  const auto error = res.json()["error"];
  EXPECT_EQ(error["type"], "rule_load_exception");
  ASSERT_EQ(error["errors"].size(), 1u) << res.body;
  EXPECT_EQ(error["errors"][0]["file"], (dir / "rules/b.toml").string());
  EXPECT_EQ(error["errors"][0]["line"], 19);
  EXPECT_EQ(error["errors"][0]["column"], 1);
  EXPECT_EQ(error["errors"][0]["code"], "query_syntax");

  // rule-a still runs; the half-good set (rule-a without rule-b) was not taken either.
  EXPECT_EQ(daemon.client().get("/api/v1/rules").json()["rules"].size(), 1u);
  ASSERT_EQ(daemon.client().request("POST", "/_bulk", bulk({"after"}), kNdjson).status, 200);
  const auto run = daemon.client().post("/api/v1/rules/rule-a/_run", "");
  ASSERT_EQ(run.status, 200) << run.body;
  EXPECT_EQ(run.json()["alerts_created"], 1);
}

TEST(RuleReload, SighupReloadsTheRules) {
  TempDir dir;
  write_file(dir / "rules/a.toml", rule_toml("rule-a", R"(any where message : "hit*")"));
  Daemon daemon({"--rules-dir", (dir / "rules").string()});
  EXPECT_EQ(daemon.client().get("/api/v1/rules/rule-b").status, 404);
  write_file(dir / "rules/b.toml", rule_toml("rule-b", R"(any where message : "hit*")"));
  ASSERT_EQ(kill(daemon.pid(), SIGHUP), 0);
  int status = 404;
  for (int i = 0; i < 200 && status == 404; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    status = daemon.client().get("/api/v1/rules/rule-b").status;
  }
  EXPECT_EQ(status, 200) << daemon.log();
  EXPECT_EQ(daemon.stop(), 0);
  EXPECT_NE(daemon.log().find("received SIGHUP, reloading rules"), std::string::npos);
}

}  // namespace
}  // namespace vigil::test
