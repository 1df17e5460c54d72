// Storage failures against the real daemon: while another process holds the
// database's write lock, or the disk is full, every write gets 503 with a
// reason naming the condition and commits nothing; reads and readiness go
// on; once the condition clears, the same requests land, each event once.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/compression.hpp"
#include "tests/support/daemon_fixture.hpp"
#include "tests/support/incompressible.hpp"
#include "tests/support/recent_time.hpp"

namespace vigil::test {
namespace {

const std::map<std::string, std::string> kNdjson = {{"Content-Type", "application/x-ndjson"}};
const std::map<std::string, std::string> kGzipNdjson = {{"Content-Type", "application/x-ndjson"},
                                                        {"Content-Encoding", "gzip"}};
// The built-in rule: Set-CASMailbox adding an ActiveSync device, by PowerShell.
const std::string kRuleId = "ce64d965-6cb0-466d-b74f-8d2c76f47f05";

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// Queries the database file directly, as an operator's sqlite3 would.
class Sql {
 public:
  explicit Sql(const std::filesystem::path& path, int flags = SQLITE_OPEN_READONLY) {
    if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK)
      throw std::runtime_error("cannot open " + path.string() + ": " + sqlite3_errmsg(db_));
    sqlite3_busy_timeout(db_, 2000);
  }
  ~Sql() { sqlite3_close(db_); }
  Sql(const Sql&) = delete;
  Sql& operator=(const Sql&) = delete;

  // The first column of the first row, as text ("" when there is none).
  std::string text(const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK)
      throw std::runtime_error(sql + ": " + sqlite3_errmsg(db_));
    std::string out;
    if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_text(stmt, 0))
      out = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    sqlite3_finalize(stmt);
    return out;
  }
  long long number(const std::string& sql) { return std::stoll(text(sql)); }
  int exec(const std::string& sql) { return sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr); }

 private:
  sqlite3* db_ = nullptr;
};

std::string ingest_config(const std::filesystem::path& dir, unsigned busy_timeout_ms) {
  const auto path = dir / "vigil.toml";
  std::ofstream(path) << "[storage]\nbusy_timeout_ms = " << busy_timeout_ms << "\n";
  return path.string();
}

// `count` create items with ids PREFIX-0.., each source padded to `pad` bytes.
std::string bulk_body(const std::string& prefix, int count, std::size_t pad = 100) {
  std::string body;
  for (int i = 0; i < count; ++i) {
    const auto id = prefix + "-" + std::to_string(i);
    body += R"({"create":{"_index":"storage-failure","_id":")" + id + "\"}}\n";
    body += R"({"@timestamp":")" + recent_rfc3339() + R"(","message":")" + id + R"(","padding":")" + std::string(pad, 'p') +
            "\"}\n";
  }
  return body;
}

// Native events carry no id: their batch is found by its event.dataset,
// which ECS-shaped events keep as the stored dataset column.
std::string events_body(const std::string& prefix, int count, std::size_t pad = 100) {
  std::string body;
  for (int i = 0; i < count; ++i)
    body += R"({"@timestamp":")" + recent_rfc3339() + R"(","event":{"category":["host"],"dataset":")" + prefix +
            R"("},"message":")" + prefix + "-" + std::to_string(i) + R"(","padding":")" + std::string(pad, 'p') +
            "\"}\n";
  return body;
}

// A Sysmon process creation the built-in rule matches, ingested now (the
// rule's window is on event.ingested).
std::string matching_event(const std::string& id) {
  return R"({"create":{"_index":"winlogbeat-8.15.0","_id":")" + id + R"("}})" + "\n" +
         R"({"winlog":{"channel":"Microsoft-Windows-Sysmon/Operational","event_id":"1","event_data":{"UtcTime":")" + recent_sysmon_utc_time() + R"(","Image":"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe","CommandLine":"powershell.exe -Command \"Set-CASMailbox -Identity bob -ActiveSyncAllowedDeviceIDs @{Add='DEV1'}\"","User":"CORP\\bob"}}})" +
         "\n";
}

// Stored documents are compressed: bulk events are found by _id, native ones by dataset.
long long rows_with_prefix(const std::filesystem::path& database, const std::string& prefix) {
  return Sql(database).number("SELECT count(*) FROM events WHERE id LIKE '" + prefix + "-%' OR dataset LIKE '" +
                              prefix + "%'");
}

// A request refused for a storage condition: 503, the error type, a reason
// naming the condition, Retry-After, and nothing of the server's files.
void expect_refused(const HttpResponse& res, const std::string& what, const std::string& type,
                    const std::string& condition, const std::filesystem::path& data_dir) {
  EXPECT_EQ(res.status, 503) << what << ": " << res.body.substr(0, 300);
  const auto body = nlohmann::json::parse(res.body, nullptr, false);
  ASSERT_TRUE(body.is_object() && body.contains("error")) << what << ": " << res.body.substr(0, 300);
  EXPECT_EQ(body["error"].value("type", ""), type) << what;
  const auto reason = body["error"].value("reason", "");
  EXPECT_NE(reason.find(condition), std::string::npos) << what << ": " << reason;
  EXPECT_EQ(reason.find(data_dir.string()), std::string::npos) << what << " leaks the data dir: " << reason;
  EXPECT_EQ(reason.find("vigil.db"), std::string::npos) << what << " leaks the file name: " << reason;
  EXPECT_FALSE(res.header("retry-after").empty()) << what;
}

// Every _bulk item created now (201): the retry of a refused batch must not
// meet a half-stored earlier attempt (409).
void expect_all_created(const HttpResponse& res, const std::string& what, int count) {
  ASSERT_EQ(res.status, 200) << what << ": " << res.body.substr(0, 300);
  const auto body = res.json();
  ASSERT_EQ(body["items"].size(), static_cast<std::size_t>(count)) << what;
  for (const auto& item : body["items"]) EXPECT_EQ(item["create"]["status"], 201) << what << ": " << item.dump();
}

// The count a Prometheus exposition gives for `series` (0 when absent).
double metric(Daemon& daemon, const std::string& series) {
  const auto text = daemon.client().get("/metrics").body;
  const auto at = text.find("\n" + series + " ");
  return at == std::string::npos ? 0 : std::stod(text.substr(at + series.size() + 2));
}

std::string first_alert_id(Daemon& daemon) {
  const auto alerts = daemon.client().get("/api/v1/alerts?limit=1").json();
  if (alerts.value("alerts", nlohmann::json::array()).empty()) return {};
  return alerts["alerts"][0]["id"];
}

TEST(StorageFailure, LockedDatabaseAnswers503CommitsNothingAndRecoversOnRelease) {
  TempDir dir;
  const auto data = dir / "data";
  Daemon daemon({"--config", ingest_config(dir.path(), 200)}, data);
  auto& client = daemon.client();
  ASSERT_EQ(client.request("POST", "/_bulk", matching_event("seed-1"), kNdjson).status, 200);
  ASSERT_EQ(client.post("/api/v1/rules/" + kRuleId + "/_run", "{}").json()["alerts_created"], 1) << daemon.log();
  const auto alert = first_alert_id(daemon);
  ASSERT_FALSE(alert.empty());

  const auto plain = bulk_body("plain", 50);
  const auto gzip = compress(bulk_body("gzip", 50));
  const auto native = events_body("native", 20);
  const std::string triage = R"({"status":"acknowledged"})";
  {
    // What a backup tool or an operator's sqlite3 does: BEGIN EXCLUSIVE
    // (in WAL mode the same as IMMEDIATE: the write lock, readers go on).
    Sql holder(data / "vigil.db", SQLITE_OPEN_READWRITE);
    ASSERT_EQ(holder.exec("BEGIN EXCLUSIVE"), SQLITE_OK);
    ASSERT_EQ(holder.exec("INSERT INTO rule_state VALUES ('held-by-test', 0)"), SQLITE_OK);

    const auto started = Clock::now();
    const auto res = client.request("POST", "/_bulk", plain, kNdjson);
    std::cout << "locked: _bulk answered " << res.status << " after " << seconds_since(started) << " s: " << res.body
              << " (Retry-After " << res.header("retry-after") << ")\n";
    expect_refused(res, "_bulk", "unavailable_shards_exception", "database locked", data);
    EXPECT_EQ(res.header("x-elastic-product"), "Elasticsearch");
    expect_refused(client.request("POST", "/_bulk", gzip, kGzipNdjson), "gzip _bulk", "unavailable_shards_exception",
                   "database locked", data);
    expect_refused(client.request("POST", "/api/v1/events", native, kNdjson), "/api/v1/events",
                   "unavailable_shards_exception", "database locked", data);
    const auto patch = client.request("PATCH", "/api/v1/alerts/" + alert, triage);
    std::cout << "locked: PATCH answered " << patch.status << ": " << patch.body << "\n";
    expect_refused(patch, "triage PATCH", "store_unavailable", "database locked", data);

    // The process is fine and reads do not need the write lock (WAL), so it
    // stays in rotation: taking it out would also stop the alert reads.
    EXPECT_EQ(client.get("/healthz").status, 200);
    EXPECT_EQ(client.get("/readyz").status, 200);
    const auto read = client.get("/api/v1/alerts/" + alert);
    EXPECT_EQ(read.status, 200) << read.body;
    EXPECT_EQ(read.json().value("status", ""), "open") << read.body;
    EXPECT_EQ(client.get("/storage-failure/_count").status, 200);
    ASSERT_EQ(holder.exec("ROLLBACK"), SQLITE_OK);
  }

  Sql sql(data / "vigil.db");
  EXPECT_EQ(rows_with_prefix(data / "vigil.db", "plain"), 0);
  EXPECT_EQ(rows_with_prefix(data / "vigil.db", "gzip"), 0);
  EXPECT_EQ(rows_with_prefix(data / "vigil.db", "native"), 0);
  EXPECT_EQ(sql.text("SELECT status FROM alerts WHERE id = '" + alert + "'"), "open");
  EXPECT_EQ(metric(daemon, "vigil_ingest_store_failures_total{reason=\"locked\"}"), 3);

  const auto released = Clock::now();
  expect_all_created(client.request("POST", "/_bulk", plain, kNdjson), "_bulk retry", 50);
  std::cout << "released: first retry landed " << seconds_since(released) << " s after the lock was released\n";
  expect_all_created(client.request("POST", "/_bulk", gzip, kGzipNdjson), "gzip _bulk retry", 50);
  const auto events = client.request("POST", "/api/v1/events", native, kNdjson);
  EXPECT_EQ(events.status, 200) << events.body;
  EXPECT_EQ(events.json().value("accepted", 0), 20) << events.body;
  EXPECT_EQ(client.request("PATCH", "/api/v1/alerts/" + alert, triage).status, 200);

  EXPECT_EQ(rows_with_prefix(data / "vigil.db", "plain"), 50);
  EXPECT_EQ(rows_with_prefix(data / "vigil.db", "gzip"), 50);
  EXPECT_EQ(rows_with_prefix(data / "vigil.db", "native"), 20);
  EXPECT_EQ(sql.number("SELECT count(*) - count(DISTINCT idx || '/' || id) FROM events"), 0);
  EXPECT_EQ(sql.text("SELECT status FROM alerts WHERE id = '" + alert + "'"), "acknowledged");
  EXPECT_EQ(sql.number("SELECT count(*) FROM rule_state WHERE rule_id = 'held-by-test'"), 0);
}

TEST(StorageFailure, ALockShorterThanTheBusyTimeoutIsWaitedOut) {
  TempDir dir;
  const auto data = dir / "data";
  Daemon daemon({"--config", ingest_config(dir.path(), 5000)}, data);
  Sql holder(data / "vigil.db", SQLITE_OPEN_READWRITE);
  ASSERT_EQ(holder.exec("BEGIN EXCLUSIVE"), SQLITE_OK);
  std::thread release([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    holder.exec("COMMIT");
  });
  const auto res = daemon.client().request("POST", "/_bulk", bulk_body("waited", 10), kNdjson);
  release.join();
  expect_all_created(res, "_bulk behind a short lock", 10);
}

// A tmpfs mounted on a fresh directory for as long as it lives: a disk that
// fills in milliseconds and leaves the host's alone.
class Tmpfs {
 public:
  // Null, with the reason in `why`, where mounting is not possible.
  static std::unique_ptr<Tmpfs> mount(const std::filesystem::path& at, const std::string& options, std::string& why) {
    if (geteuid() != 0) {
      why = "mounting a tmpfs needs root (euid " + std::to_string(geteuid()) + "); CI runs this test as root";
      return nullptr;
    }
    std::filesystem::create_directories(at);
    if (::mount("vigil-test", at.c_str(), "tmpfs", MS_NOSUID | MS_NODEV, options.c_str()) != 0) {
      why = "mount -t tmpfs -o " + options + " on " + at.string() + " refused: " + std::strerror(errno) +
            " (a container without CAP_SYS_ADMIN?)";
      return nullptr;
    }
    return std::unique_ptr<Tmpfs>(new Tmpfs(at));
  }
  // Lazily, so a process still holding a file there cannot keep it mounted.
  ~Tmpfs() { umount2(path_.c_str(), MNT_DETACH); }
  Tmpfs(const Tmpfs&) = delete;
  Tmpfs& operator=(const Tmpfs&) = delete;

 private:
  explicit Tmpfs(std::filesystem::path path) : path_(std::move(path)) {}
  std::filesystem::path path_;
};

// Writes `path` until the filesystem has no block left (ENOSPC).
void fill(const std::filesystem::path& path) {
  const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  ASSERT_GE(fd, 0) << path << ": " << std::strerror(errno);
  const std::vector<char> block(64 * 1024, 'f');
  for (std::size_t size = block.size(); size >= 512;) {
    if (write(fd, block.data(), size) < 0) {
      ASSERT_EQ(errno, ENOSPC) << std::strerror(errno);
      size /= 2;  // the last blocks are smaller than a whole 64 KiB
    }
  }
  close(fd);
}

TEST(StorageFailure, FullDiskAnswers503CommitsNothingAndRecoversWhenSpaceIsFreed) {
  TempDir dir;
  std::string why;
  const auto mounted = Tmpfs::mount(dir / "disk", "size=16m", why);
  if (!mounted) GTEST_SKIP() << why;
  const auto data = dir / "disk" / "data";
  auto daemon = std::make_unique<Daemon>(std::vector<std::string>{}, data);
  // The first pass, done before the seed event arrives: had it started
  // later (a slow machine, TSan), it would alert on the seed, which only the
  // run after the disk is freed must do, or record a run after the count
  // below, which would look like one recorded on the full disk.
  ASSERT_TRUE(daemon->wait_for_first_pass()) << "the first pass did not record a run of every rule within 30 s";
  ASSERT_EQ(daemon->client().request("POST", "/_bulk", matching_event("seed-1"), kNdjson).status, 200);
  // A connection per question: one held open would change what vigild's
  // own close does (the last connection checkpoints and removes the WAL).
  const auto number = [&](const std::string& query) { return Sql(data / "vigil.db").number(query); };
  const auto runs_before = number("SELECT count(*) FROM rule_runs");

  fill(dir / "disk" / "filler");
  // The rule run first: the write-ahead log has no room at all yet (a failed
  // batch leaves the frames it managed to write for the next one to reuse).
  const auto run = daemon->client().post("/api/v1/rules/" + kRuleId + "/_run", "{}");
  std::cout << "disk full: manual rule run answered " << run.status << ": " << run.body << "\n";
  EXPECT_EQ(run.status, 200) << run.body;
  EXPECT_EQ(run.json().value("status", ""), "failed") << run.body;

  const auto plain = bulk_body("full-plain", 200, 2000);
  const auto gzip = compress(bulk_body("full-gzip", 200, 2000));
  const auto native = events_body("full-native", 200, 2000);
  const auto refuse_all = [&](Daemon& d, const std::string& when) {
    auto& client = d.client();
    const auto res = client.request("POST", "/_bulk", plain, kNdjson);
    std::cout << when << ": _bulk answered " << res.status << ": " << res.body << " (Retry-After "
              << res.header("retry-after") << ")\n";
    expect_refused(res, when + " _bulk", "unavailable_shards_exception", "disk full", data);
    expect_refused(client.request("POST", "/_bulk", gzip, kGzipNdjson), when + " gzip _bulk",
                   "unavailable_shards_exception", "disk full", data);
    expect_refused(client.request("POST", "/api/v1/events", native, kNdjson), when + " /api/v1/events",
                   "unavailable_shards_exception", "disk full", data);
    EXPECT_EQ(client.get("/healthz").status, 200) << when;
    EXPECT_EQ(client.get("/readyz").status, 200) << when;
    EXPECT_EQ(client.get("/api/v1/alerts").status, 200) << when;
    EXPECT_EQ(metric(d, "vigil_ingest_store_failures_total{reason=\"disk_full\"}"), 3) << when;
  };
  refuse_all(*daemon, "disk full");

  // Still full when vigild restarts: it opens the database it has, serves
  // reads and says why each write fails, as it did before the restart.
  const auto stopped = daemon->stop();
  std::cout << "disk full: vigild stopped with exit code " << stopped << "\n" << daemon->log();
  EXPECT_EQ(stopped, 0);
  daemon = std::make_unique<Daemon>(std::vector<std::string>{}, data);
  refuse_all(*daemon, "restarted on a full disk");
  EXPECT_EQ(rows_with_prefix(data / "vigil.db", "full"), 0);
  EXPECT_EQ(number("SELECT count(*) FROM alerts"), 0);
  EXPECT_EQ(number("SELECT count(*) FROM rule_runs"), runs_before) << "a run was recorded on a full disk";

  // A new data dir on a full disk cannot even hold an empty database.
  try {
    Daemon fresh({}, dir / "disk" / "fresh");
    ADD_FAILURE() << "vigild started without room for its database:\n" << fresh.log();
  } catch (const std::exception& e) {
    std::cout << "disk full, fresh data dir: " << e.what() << "\n";
    EXPECT_NE(std::string(e.what()).find("disk is full"), std::string::npos) << e.what();
  }

  std::filesystem::remove(dir / "disk" / "filler");
  const auto freed = Clock::now();
  auto& client = daemon->client();
  expect_all_created(client.request("POST", "/_bulk", plain, kNdjson), "_bulk retry", 200);
  std::cout << "space freed: first retry landed " << seconds_since(freed) << " s later\n";
  expect_all_created(client.request("POST", "/_bulk", gzip, kGzipNdjson), "gzip _bulk retry", 200);
  const auto events = client.request("POST", "/api/v1/events", native, kNdjson);
  EXPECT_EQ(events.json().value("accepted", 0), 200) << events.body.substr(0, 300);
  const auto rerun = client.post("/api/v1/rules/" + kRuleId + "/_run", "{}").json();
  EXPECT_EQ(rerun.value("status", ""), "succeeded") << rerun.dump();
  EXPECT_EQ(rerun.value("alerts_created", 0), 1) << rerun.dump();
  ASSERT_EQ(daemon->stop(), 0) << daemon->log();

  EXPECT_EQ(rows_with_prefix(data / "vigil.db", "full-plain"), 200);
  EXPECT_EQ(rows_with_prefix(data / "vigil.db", "full-gzip"), 200);
  EXPECT_EQ(rows_with_prefix(data / "vigil.db", "full-native"), 200);
  EXPECT_EQ(number("SELECT count(*) - count(DISTINCT idx || '/' || id) FROM events"), 0);
  EXPECT_EQ(number("SELECT count(*) FROM alerts"), 1);
  EXPECT_EQ(number("SELECT count(*) FROM rule_runs WHERE status = 'failed'"), 0);
  EXPECT_EQ(Sql(data / "vigil.db").text("PRAGMA integrity_check"), "ok");
}

// A _bulk goes to the database in chunks (2,048 items): when the disk fills
// after the first chunks are committed, their items keep their 201 and the
// rest are answered 503 per item, for the shipper to retry; nothing is
// stored that is not answered 201.
TEST(StorageFailure, TheDiskFillingMidBatchFailsOnlyTheItemsNotYetCommitted) {
  TempDir dir;
  std::string why;
  const auto mounted = Tmpfs::mount(dir / "disk", "size=16m", why);
  if (!mounted) GTEST_SKIP() << why;
  const auto data = dir / "disk" / "data";
  Daemon daemon({}, data);
  const auto filler = dir / "disk" / "filler";
  fill(filler);
  // Room for the first chunks, not for five of 2 MB each.
  std::filesystem::resize_file(filler, std::filesystem::file_size(filler) - 6 * 1024 * 1024);
  std::string body;
  for (int i = 0; i < 5 * 2048; ++i) {
    const auto id = "mid-" + std::to_string(i);
    body += R"({"create":{"_index":"storage-failure","_id":")" + id + "\"}}\n";
    body += R"({"@timestamp":")" + recent_rfc3339() + R"(","message":")" + id + R"(","padding":")" +
            incompressible(1000, static_cast<std::uint64_t>(i)) + "\"}\n";
  }
  const auto res = daemon.client().request("POST", "/_bulk", body, kNdjson);
  ASSERT_EQ(res.status, 200) << res.body.substr(0, 500);
  const auto items = res.json()["items"];
  ASSERT_EQ(items.size(), 5u * 2048);
  std::size_t created = 0;
  while (created < items.size() && items[created]["create"]["status"] == 201) ++created;
  std::cout << "disk filling mid-batch: " << created << " items created, then "
            << items[created]["create"].dump().substr(0, 300) << "\n";
  EXPECT_GE(created, 2048u);
  EXPECT_LT(created, items.size());
  for (std::size_t i = created; i < items.size(); ++i) {
    ASSERT_EQ(items[i]["create"]["status"], 503) << i;
    ASSERT_EQ(items[i]["create"]["error"]["type"], "unavailable_shards_exception") << i;
  }
  EXPECT_EQ(res.json()["errors"], true);
  EXPECT_EQ(rows_with_prefix(data / "vigil.db", "mid"), static_cast<long long>(created));
}

}  // namespace
}  // namespace vigil::test
