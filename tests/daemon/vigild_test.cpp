// The real vigild binary: start-up, configuration precedence, readiness,
// routing errors, shutdown, and the database it creates.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fstream>

#include "tests/support/daemon_fixture.hpp"
#include "tests/support/test_data.hpp"

namespace vigil::test {
namespace {

std::string sqlite_text(const std::filesystem::path& db, const char* sql) {
  sqlite3* handle = nullptr;
  sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(handle, sql, -1, &stmt, nullptr);
  std::string out;
  if (sqlite3_step(stmt) == SQLITE_ROW) out = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  sqlite3_finalize(stmt);
  sqlite3_close(handle);
  return out;
}

TEST(Vigild, ServesHealthOnAnEphemeralPortAndStopsWithExitZero) {
  Daemon d;
  EXPECT_NE(d.port(), 0);
  EXPECT_EQ(d.host(), "127.0.0.1");
  auto res = d.client().get("/healthz");
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(res.json(), nlohmann::json({{"status", "ok"}}));
  EXPECT_EQ(d.client().get("/readyz").status, 200);
  EXPECT_EQ(d.stop(), 0);
}

TEST(Vigild, UnknownRouteIs404Json) {
  Daemon d;
  auto res = d.client().get("/no/such/route");
  EXPECT_EQ(res.status, 404);
  EXPECT_EQ(res.header("content-type"), "application/json");
  EXPECT_EQ(res.json()["error"]["type"], "not_found");
  EXPECT_NE(res.json()["error"]["reason"].get<std::string>().find("/no/such/route"), std::string::npos);
}

TEST(Vigild, WrongMethodIs405WithAllow) {
  Daemon d;
  auto res = d.client().request("DELETE", "/healthz");
  EXPECT_EQ(res.status, 405);
  EXPECT_EQ(res.header("allow"), "GET, HEAD");
  EXPECT_EQ(res.json()["error"]["type"], "method_not_allowed");
}

TEST(Vigild, CreatesTheDatabaseInWalModeWithTheSchema) {
  Daemon d;
  const auto db = d.data_dir() / "vigil.db";
  ASSERT_TRUE(std::filesystem::exists(db));
  EXPECT_EQ(sqlite_text(db, "PRAGMA journal_mode"), "wal");
  EXPECT_EQ(sqlite_text(db, "PRAGMA user_version"), "8");  // 7: inputs' dead letters, 8: hunting's column copy
  EXPECT_EQ(sqlite_text(db, "PRAGMA auto_vacuum"), "2");  // incremental: retention gives space back
  EXPECT_EQ(sqlite_text(db, "SELECT name FROM sqlite_master WHERE name = 'events'"), "events");
  EXPECT_EQ(d.stop(), 0);
}

TEST(Vigild, VersionAndHelp) {
  auto version = run_vigild({"--version"});
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_NE(version.output.find("vigild 0."), std::string::npos) << version.output;
  auto help = run_vigild({"--help"});
  EXPECT_EQ(help.exit_code, 0);
  for (const char* flag : {"--config", "--listen", "--data-dir", "--log-level", "--log-format", "--port-file"})
    EXPECT_NE(help.output.find(flag), std::string::npos) << flag;
}

TEST(Vigild, BadConfigStopsStartupNamingFileKeyAndLine) {
  TempDir dir;
  const auto file = dir / "bad.toml";
  std::ofstream(file) << "[server]\nlisten = \"127.0.0.1:0\"\nbogus = 1\n";
  auto result = run_vigild({"--config", file.string(), "--data-dir", (dir / "data").string()});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.output.find(file.string() + ":3:1: server.bogus: unknown key"), std::string::npos) << result.output;
}

// default < file < env < flag, observed through where the daemon listens
// and where it puts its database.
TEST(Vigild, ConfigPrecedenceDefaultFileEnvFlag) {
  TempDir dir;
  const auto file = dir / "vigil.toml";
  std::ofstream(file) << "[storage]\ndata_dir = \"" << (dir / "from-file").string() << "\"\n[log]\nlevel = \"debug\"\n";

  // --check-rules reports the database it would open (and opens none).
  const auto database = [&](const char* data_dir) { return "database " + (dir / data_dir / "vigil.db").string() + ")"; };
  {  // the file beats the default; the fixture's --data-dir is a flag, so pass the env and flag ourselves
    auto r = run_vigild({"--config", file.string(), "--check-rules"});
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find(database("from-file")), std::string::npos) << r.output;
  }
  {  // env beats the file; VIGIL_CONFIG names the file
    auto r = run_vigild({"--check-rules"}, {"VIGIL_CONFIG=" + file.string(), "VIGIL_DATA_DIR=" + (dir / "from-env").string()});
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find(database("from-env")), std::string::npos) << r.output;
  }
  {  // the flag beats env
    auto r = run_vigild({"--check-rules", "--data-dir", (dir / "from-flag").string()},
                        {"VIGIL_CONFIG=" + file.string(), "VIGIL_DATA_DIR=" + (dir / "from-env2").string()});
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find(database("from-flag")), std::string::npos) << r.output;
  }
  {  // VIGIL_LISTEN applies when no flag is given: the fixture passes --listen, so a bad env value is ignored...
    Daemon d({}, {}, {"VIGIL_LISTEN=not-an-address"});
    EXPECT_EQ(d.client().get("/healthz").status, 200);
  }
  {  // ...and is reported when it is in force.
    auto r = run_vigild({"--check-rules", "--data-dir", (dir / "x").string()}, {"VIGIL_LISTEN=not-an-address"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.output.find("VIGIL_LISTEN"), std::string::npos) << r.output;
  }
}

// Issue 33: --print-routes and --check-rules created ./data/vigil.db.
TEST(Vigild, ValidationRunsWriteNothing) {
  TempDir cwd;
  const auto check = run_vigild({"--check-rules"}, {}, cwd.path());
  EXPECT_EQ(check.exit_code, 0) << check.output;
  EXPECT_NE(check.output.find("configuration and rules are valid"), std::string::npos) << check.output;
  const auto routes = run_vigild({"--print-routes"}, {}, cwd.path());
  EXPECT_EQ(routes.exit_code, 0) << routes.output;
  EXPECT_NE(routes.output.find(R"({"method":"POST","path":"/_bulk")"), std::string::npos) << routes.output;
  EXPECT_TRUE(std::filesystem::is_empty(cwd.path())) << "found " << std::filesystem::directory_iterator(cwd.path())->path();
}

// Issue 33: --check-rules said "valid" for what a real start refuses.
TEST(Vigild, CheckRulesRefusesANonLoopbackAddressWithoutKeysAsAStartDoes) {
  TempDir dir;
  const std::vector<std::string> args = {"--listen", "0.0.0.0:0", "--data-dir", (dir / "data").string()};
  auto check_args = args;
  check_args.push_back("--check-rules");
  const auto check = run_vigild(check_args);
  const auto start = run_vigild(args);
  EXPECT_EQ(check.exit_code, start.exit_code);
  EXPECT_NE(check.exit_code, 0);
  const std::string refusal = "start-up failed: protected mode: no API keys are configured";
  EXPECT_NE(check.output.find(refusal), std::string::npos) << check.output;
  EXPECT_NE(start.output.find(refusal), std::string::npos) << start.output;
  EXPECT_EQ(check.output.find("valid"), std::string::npos) << check.output;
}

// Issue 33: "::1:8720" in the port file and the log could not be split or pasted into a URL.
TEST(Vigild, IPv6AddressesAreBracketedInThePortFileAndTheLog) {
  Daemon d({"--listen", "[::1]:0"});
  EXPECT_EQ(d.host(), "::1");
  const auto address = "[::1]:" + std::to_string(d.port());
  EXPECT_EQ(read_file(d.port_file()), address + "\n");
  EXPECT_NE(d.log().find("listening on http://" + address), std::string::npos) << d.log();
  EXPECT_EQ(d.client().get("/healthz").status, 200);
}

// Issue 33: a second vigild on the same data directory started and ran every rule again.
TEST(Vigild, ASecondDaemonOnTheSameDataDirIsRefusedNamingTheHolder) {
  TempDir dir;
  Daemon first({}, dir / "data");
  std::string refusal = "(the second vigild started)";
  try {
    Daemon second({}, dir / "data");
  } catch (const std::runtime_error& e) {
    refusal = e.what();
  }
  EXPECT_NE(refusal.find("data directory " + (dir / "data").string() + " is in use by another vigild (pid " +
                         std::to_string(first.pid()) + ")"),
            std::string::npos)
      << refusal;
  EXPECT_EQ(first.client().get("/readyz").status, 200) << "the first one runs on";
  EXPECT_EQ(first.stop(), 0);
  Daemon next({}, dir / "data");  // the lock went with its process
  EXPECT_EQ(next.client().get("/readyz").status, 200);
}

TEST(Vigild, JsonLogFormatWritesOneObjectPerLine) {
  Daemon d({"--log-format", "json"});
  d.client().get("/healthz");
  ASSERT_EQ(d.stop(), 0);
  std::istringstream lines(d.log());
  std::string line;
  int parsed = 0;
  while (std::getline(lines, line)) {
    const auto j = nlohmann::json::parse(line);
    EXPECT_TRUE(j.contains("level"));
    EXPECT_TRUE(j.contains("message"));
    ++parsed;
  }
  EXPECT_GE(parsed, 2);
}

TEST(Vigild, RestartsOnTheSameDataDir) {
  TempDir dir;
  {
    Daemon d({}, dir / "data");
    EXPECT_EQ(d.stop(), 0);
  }
  Daemon again({}, dir / "data");
  EXPECT_EQ(again.client().get("/readyz").status, 200);
  EXPECT_EQ(again.stop(), 0);
}

}  // namespace
}  // namespace vigil::test
