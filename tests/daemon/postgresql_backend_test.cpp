// One vigild run entirely on PostgreSQL ([storage] backend = "postgresql"),
// through the real binary and a real server: what a user configuring it
// sees, from start-up errors to alerts that outlive a restart.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <functional>
#include <string>
#include <thread>

#include "storage/postgresql/connection.hpp"
#include "tests/support/daemon_fixture.hpp"
#include "tests/support/postgres_server.hpp"
#include "tests/support/sysmon_bulk.hpp"

namespace vigil::test {
namespace {

constexpr const char* kActiveSyncRule = "ce64d965-6cb0-466d-b74f-8d2c76f47f05";

// A schema of its own on the shared server and a login role that must give
// its password, which only the password file holds.
struct PostgresDatabase {
  explicit PostgresDatabase(const TempDir& dir) {
    auto& server = PostgresServer::shared();
    const auto conninfo = server.create_database();
    schema = conninfo.substr(conninfo.rfind("search_path=") + 12);
    schema.pop_back();  // the closing quote
    role = "vigild_" + schema + "_" + std::to_string(getpid());
    storage::postgresql::Connection admin(server.conninfo());
    admin.exec("CREATE ROLE " + role + " LOGIN PASSWORD 'pw-" + role + "' IN ROLE " + PostgresServer::kPasswordGroup +
               "; GRANT ALL ON SCHEMA " + schema + " TO " + role);
    url = "host=127.0.0.1 port=" + std::to_string(server.port()) + " dbname=postgres user=" + role +
          " connect_timeout=10 options='-c search_path=" + schema + "'";
    password_file = dir / "pgpassword";
    std::ofstream(password_file) << "pw-" << role << "\n";
  }

  // A config file selecting it, with `extra` lines of [storage] after.
  std::filesystem::path config(const TempDir& dir, const std::string& extra = "") const {
    const auto path = dir / "vigil.toml";
    std::ofstream(path) << "[storage]\nbackend = \"postgresql\"\nurl = \"" << url << "\"\npassword_file = \""
                        << password_file.string() << "\"\n"
                        << extra;
    return path;
  }

  std::string schema, role, url;
  std::filesystem::path password_file;
};

std::string activesync_bulk(const std::string& id) {
  return sysmon_bulk_lines(
      {id, "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
       "powershell.exe -Command \"Set-CASMailbox -Identity bob -ActiveSyncAllowedDeviceIDs @{Add='ID1'}\""});
}

TEST(PostgresBackend, VigildStoresDetectsAndTriagesOnPostgresqlAndKeepsItAcrossARestart) {
  TempDir dir;
  const PostgresDatabase db(dir);
  const auto config = db.config(dir);
  std::string alert_id;
  {
    Daemon d({"--config", config.string()}, dir / "data");
    ASSERT_TRUE(d.wait_for_first_pass());
    const auto bulk = d.client().request("POST", "/_bulk", activesync_bulk("pg-1"),
                                         {{"Content-Type", "application/x-ndjson"}});
    ASSERT_EQ(bulk.status, 200) << bulk.body;
    ASSERT_EQ(bulk.json()["errors"], false) << bulk.body;
    const auto run = d.client().post(std::string("/api/v1/rules/") + kActiveSyncRule + "/_run", "{}");
    ASSERT_EQ(run.status, 200) << run.body;
    EXPECT_EQ(run.json()["alerts_created"], 1) << run.body;
    const auto alerts = d.client().get("/api/v1/alerts");
    ASSERT_EQ(alerts.json()["total"], 1) << alerts.body;
    alert_id = alerts.json()["alerts"][0]["id"];
    const auto closed = d.client().request("PATCH", "/api/v1/alerts/" + alert_id,
                                           R"({"status":"closed","classification":"true_positive"})",
                                           {{"Content-Type", "application/json"}});
    ASSERT_EQ(closed.status, 200) << closed.body;
    const auto hunted =
        d.client().post("/api/v1/hunt", R"({"query":"DeviceProcessEvents | where ProcessCommandLine has 'Set-CASMailbox' | count"})");
    EXPECT_EQ(hunted.status, 200) << hunted.body;
    EXPECT_NE(d.log().find("storage: postgresql 127.0.0.1:"), std::string::npos) << d.log();
    EXPECT_EQ(d.log().find("pw-" + db.role), std::string::npos) << "the password reached the log";
    EXPECT_EQ(d.stop(), 0) << d.log();
  }
  // The data directory holds no database: everything is on the server.
  EXPECT_FALSE(std::filesystem::exists(dir / "data" / "vigil.db"));

  Daemon again({"--config", config.string()}, dir / "data");
  const auto alert = again.client().get("/api/v1/alerts/" + alert_id);
  ASSERT_EQ(alert.status, 200) << alert.body;
  EXPECT_EQ(alert.json()["status"], "closed") << alert.body;
  // The id is still claimed after the restart: a create of it is a conflict.
  const auto again_bulk = again.client().request("POST", "/_bulk", activesync_bulk("pg-1"),
                                                 {{"Content-Type", "application/x-ndjson"}});
  ASSERT_EQ(again_bulk.status, 200) << again_bulk.body;
  EXPECT_EQ(again_bulk.json()["items"][0]["create"]["status"], 409) << again_bulk.body;
  const auto metrics = again.client().get("/metrics");
  EXPECT_NE(metrics.body.find("\nvigil_events_stored 1\n"), std::string::npos) << metrics.body;
  EXPECT_NE(metrics.body.find("\nvigil_alerts_stored 1\n"), std::string::npos) << metrics.body;
  EXPECT_EQ(again.stop(), 0) << again.log();
}

// Two vigild on one database (docs/CLUSTER.md): the first to start takes
// every rule's lease and runs them, the second runs none and says why when
// asked to, both list each other, and the first hands its rules back on a
// clean stop.
TEST(PostgresBackend, TwoVigildOnOneDatabaseRunEachRuleOnceAndListEachOther) {
  TempDir dir_a, dir_b;
  const PostgresDatabase db(dir_a);
  const std::string cluster = "[cluster]\nlease_ttl_ms = 5000\nheartbeat_interval_ms = 100\nnode_timeout_ms = 1000\n";
  Daemon a({"--config", db.config(dir_a, cluster + "node_id = \"node-a\"\n").string()}, dir_a / "data");
  ASSERT_TRUE(a.wait_for_first_pass());
  Daemon b({"--config", db.config(dir_b, cluster + "node_id = \"node-b\"\n").string()}, dir_b / "data");

  std::vector<std::string> enabled;
  const auto rules = b.client().get("/api/v1/rules").json();
  for (const auto& rule : rules["rules"])
    if (rule["enabled"] == true) enabled.push_back(rule["id"]);
  std::sort(enabled.begin(), enabled.end());
  nlohmann::json nodes;
  const auto listed = [&](const std::function<bool(const nlohmann::json&)>& done) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    do {
      const auto res = b.client().get("/api/v1/cluster");
      EXPECT_EQ(res.status, 200) << res.body;
      nodes = res.json()["nodes"];
      if (done(nodes)) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    } while (std::chrono::steady_clock::now() < deadline);
    return false;
  };
  ASSERT_TRUE(listed([](const nlohmann::json& n) { return n.size() == 2 && n[1]["id"] == "node-b"; })) << nodes.dump();
  EXPECT_EQ(nodes[0]["id"], "node-a");
  EXPECT_EQ(nodes[0]["alive"], true);
  EXPECT_EQ(nodes[1]["alive"], true);
  EXPECT_EQ(nodes[0]["leases"].get<std::vector<std::string>>(), enabled);
  EXPECT_TRUE(nodes[1]["leases"].empty()) << nodes.dump();

  // b's first pass found every lease held: each rule ran once, on a.
  const auto runs_path = std::string("/api/v1/rules/") + kActiveSyncRule + "/runs";
  EXPECT_EQ(b.client().get(runs_path).json()["runs"].size(), 1u);
  const auto refused = b.client().post(std::string("/api/v1/rules/") + kActiveSyncRule + "/_run", "{}");
  EXPECT_EQ(refused.status, 409) << refused.body;
  EXPECT_EQ(refused.json()["error"]["type"], "lease_held_elsewhere") << refused.body;
  // A window of the caller's own needs no lease.
  const auto windowed = b.client().post(std::string("/api/v1/rules/") + kActiveSyncRule + "/_run",
                                        R"({"start":"2026-11-22T09:00:00Z","end":"2026-11-22T10:00:00Z"})");
  EXPECT_EQ(windowed.status, 200) << windowed.body;

  // a stops cleanly: its leases are released at once, and it is soon no longer alive.
  EXPECT_EQ(a.stop(), 0) << a.log();
  EXPECT_TRUE(listed([](const nlohmann::json& n) { return n[0]["alive"] == false; })) << nodes.dump();
  EXPECT_TRUE(nodes[0]["leases"].empty()) << nodes.dump();
  EXPECT_EQ(b.stop(), 0) << b.log();
}

TEST(PostgresBackend, AServerThatRefusesStopsStartUpNamingItButNeverThePassword) {
  TempDir dir;
  const PostgresDatabase db(dir);
  std::ofstream(db.password_file) << "not-the-password\n";
  const auto refused = run_vigild({"--config", db.config(dir).string(), "--data-dir", (dir / "data").string(),
                                   "--listen", "127.0.0.1:0"});
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_NE(refused.output.find("postgresql 127.0.0.1:" + std::to_string(PostgresServer::shared().port()) +
                                "/postgres as " + db.role + ": cannot connect"),
            std::string::npos)
      << refused.output;
  EXPECT_EQ(refused.output.find("not-the-password"), std::string::npos) << refused.output;

  // A password in the connection string is refused before any connection.
  const auto path = dir / "inline.toml";
  std::ofstream(path) << "[storage]\nbackend = \"postgresql\"\nurl = \"" << db.url << " password=hunter2\"\n";
  const auto inline_password =
      run_vigild({"--config", path.string(), "--data-dir", (dir / "data").string(), "--listen", "127.0.0.1:0"});
  EXPECT_NE(inline_password.exit_code, 0);
  EXPECT_NE(inline_password.output.find("carries a password: put it in storage.password_file"), std::string::npos)
      << inline_password.output;
  EXPECT_EQ(inline_password.output.find("hunter2"), std::string::npos) << inline_password.output;
}

}  // namespace
}  // namespace vigil::test
