#include "config/config_loader.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <map>

#include "tests/config/config_error.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/test_data.hpp"

namespace vigil::config {
namespace {

using testing::error_of;

TEST(ConfigLoader, DefaultsWhenEmpty) {
  const auto c = load_config_text("", "vigil.toml");
  EXPECT_EQ(c.server.listen.host, "127.0.0.1");
  EXPECT_EQ(c.server.listen.port, 8720);
  EXPECT_EQ(c.storage.data_dir, "data");
  EXPECT_EQ(c.storage.database_path(), std::filesystem::path("data/vigil.db"));
  EXPECT_EQ(c.server.body_limit, 100u * 1024 * 1024);
  EXPECT_EQ(c.server.ingest_nice, 5);
  EXPECT_EQ(c.server.ingest_heap_warmup, 32u * 1024 * 1024);
  EXPECT_EQ(c.log.format, "text");
}

TEST(ConfigLoader, FileValuesOverrideDefaults) {
  const auto c = load_config_text(R"(
[server]
listen = "0.0.0.0:9200"
threads = 3
ingest_nice = 0
ingest_heap_warmup = 0
[storage]
data_dir = "/var/lib/vigil"
synchronous = "full"
[log]
level = "debug"
format = "json"
[rules]
dirs = ["/etc/vigil/rules", "/opt/rules"]
disabled = ["abc"]
)", "vigil.toml");
  EXPECT_EQ(c.server.listen.to_string(), "0.0.0.0:9200");
  EXPECT_EQ(c.server.threads, 3u);
  EXPECT_EQ(c.server.ingest_nice, 0);
  EXPECT_EQ(c.server.ingest_heap_warmup, 0u);
  EXPECT_EQ(c.storage.data_dir, "/var/lib/vigil");
  EXPECT_EQ(c.storage.synchronous, "full");
  EXPECT_EQ(c.log.level, "debug");
  EXPECT_EQ(c.rules.dirs.size(), 2u);
  EXPECT_EQ(c.rules.disabled, std::vector<std::string>{"abc"});
}

TEST(ConfigLoader, UnknownKeyNamesFileLineAndKey) {
  EXPECT_EQ(error_of("[server]\nlisten = \"127.0.0.1:1\"\nthreadz = 4\n"), "vigil.toml:3:1: server.threadz: unknown key");
}

TEST(ConfigLoader, UnknownSectionIsAnError) {
  EXPECT_EQ(error_of("\n[serverr]\nx = 1\n"), "vigil.toml:2:2: serverr: unknown section");
}

TEST(ConfigLoader, WrongTypeNamesTheKeyAndLine) {
  EXPECT_EQ(error_of("[server]\n\nthreads = \"four\"\n"),
            "vigil.toml:3:11: server.threads: expected an integer, found a string");
}

TEST(ConfigLoader, BadValuesAreRejectedWithTheAllowedOnes) {
  EXPECT_EQ(error_of("[log]\nformat = \"xml\"\n"), "vigil.toml:2:10: log.format: 'xml' is not one of: json, text");
  EXPECT_EQ(error_of("[server]\nlisten = \"nowhere\"\n"), "vigil.toml:2:10: server.listen: 'nowhere' is not HOST:PORT");
  EXPECT_EQ(error_of("[server]\nthreads = 100000\n"), "vigil.toml:2:11: server.threads: value 100000 is outside 0..256");
  EXPECT_EQ(error_of("[server]\ningest_nice = -5\n"), "vigil.toml:2:15: server.ingest_nice: value -5 is outside 0..19");
  EXPECT_EQ(error_of("[server]\ningest_heap_warmup = 2147483648\n"),
            "vigil.toml:2:22: server.ingest_heap_warmup: value 2147483648 is outside 0..1073741824");
}

TEST(ConfigLoader, TomlSyntaxErrorsCarryPosition) {
  const auto message = error_of("[server\nlisten = 1\n");
  EXPECT_EQ(message.rfind("vigil.toml:1:", 0), 0u) << message;
}

TEST(ConfigLoader, MaxResponseBytesBoundsAPageOfAlertsAndFitsTheLargestAlert) {
  EXPECT_EQ(load_config_text("", "vigil.toml").server.max_response_bytes, 32u << 20);
  EXPECT_EQ(load_config_text("[server]\nmax_response_bytes = 4194304\n", "vigil.toml").server.max_response_bytes,
            4u << 20);
  // Below 2 MiB, a page's one alert (up to 1 MiB, see api/handlers/alert_bounds.hpp) might not fit.
  EXPECT_EQ(error_of("[server]\nmax_response_bytes = 1048576\n"),
            "vigil.toml:2:22: server.max_response_bytes: value 1048576 is outside 2097152..4294967296");
}

TEST(ConfigLoader, ExampleConfigLoadsCleanly) {
  const auto c = load_config_file(test::source_dir() / "config/vigil.example.toml");
  EXPECT_EQ(c.server.listen.port, 8720);
}

TEST(ConfigLoader, HuntLimits) {
  const auto defaults = load_config_text("", "vigil.toml");
  EXPECT_EQ(defaults.hunt.timeout_ms, 30000u);
  EXPECT_EQ(defaults.hunt.max_rows, 10000u);
  EXPECT_EQ(defaults.hunt.memory_mb, 256u);
  const auto c = load_config_text("[hunt]\ntimeout_ms = 5000\nmax_rows = 10\nmemory_mb = 64\ngraph_timespan_days = 7\n",
                                  "vigil.toml");
  EXPECT_EQ(c.hunt.timeout_ms, 5000u);
  EXPECT_EQ(c.hunt.max_rows, 10u);
  EXPECT_EQ(c.hunt.memory_mb, 64u);
  EXPECT_EQ(c.hunt.graph_timespan_days, 7u);
  EXPECT_THROW(load_config_text("[hunt]\nmax_rows = 0\n", "vigil.toml"), ConfigError);
}

// Applies `env` as the process environment over `config`.
void apply(Config& config, const std::map<std::string, std::string>& env) {
  apply_environment(config, [&](const char* name) -> const char* {
    const auto it = env.find(name);
    return it == env.end() ? nullptr : it->second.c_str();
  });
}

// The message apply_environment() refuses `env` with over `file`, or "no error".
std::string environment_error(const std::string& file, const std::map<std::string, std::string>& env) {
  auto c = load_config_text(file, "vigil.toml");
  try {
    apply(c, env);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "no error";
}

TEST(ConfigLoader, EnvironmentOverridesFile) {
  auto c = load_config_text("[server]\nlisten = \"127.0.0.1:1111\"\n[storage]\ndata_dir = \"/a\"\n", "vigil.toml");
  apply(c, {{"VIGIL_LISTEN", "127.0.0.1:2222"}, {"VIGIL_DATA_DIR", "/b"}});
  EXPECT_EQ(c.server.listen.port, 2222);
  EXPECT_EQ(c.storage.data_dir, "/b");
}

TEST(ConfigLoader, EnvironmentSelectsTheStorageBackendAndItsUrl) {
  auto c = load_config_text("[storage]\nsynchronous = \"full\"\n", "vigil.toml");
  apply(c, {{"VIGIL_STORAGE_BACKEND", "postgresql"}, {"VIGIL_STORAGE_URL", "host=db dbname=vigil"}});
  EXPECT_EQ(c.storage.backend, "postgresql");
  EXPECT_EQ(c.storage.url, "host=db dbname=vigil");

  // The file's database, reached through the environment's switch alone.
  auto file = load_config_text("[storage]\nbackend = \"postgresql\"\nurl = \"host=a\"\n", "vigil.toml");
  apply(file, {{"VIGIL_STORAGE_URL", "host=b"}});
  EXPECT_EQ(file.storage.url, "host=b");
  apply(file, {{"VIGIL_STORAGE_BACKEND", "sqlite"}});
  EXPECT_EQ(file.storage.backend, "sqlite");
}

TEST(ConfigLoader, EnvironmentStorageMistakesNameTheVariableAndNeverTheUrl) {
  EXPECT_EQ(environment_error("", {{"VIGIL_STORAGE_BACKEND", "mysql"}}),
            "VIGIL_STORAGE_BACKEND: 'mysql' is not one of: sqlite, postgresql");
  EXPECT_EQ(environment_error("", {{"VIGIL_STORAGE_BACKEND", "postgresql"}}),
            "VIGIL_STORAGE_BACKEND: \"postgresql\" needs the database's connection string "
            "(VIGIL_STORAGE_URL or storage.url)");
  const auto url_alone = environment_error("", {{"VIGIL_STORAGE_URL", "host=db password=hunter2"}});
  EXPECT_EQ(url_alone,
            "VIGIL_STORAGE_URL: is read only with backend \"postgresql\" (storage.backend or VIGIL_STORAGE_BACKEND)");
  EXPECT_EQ(url_alone.find("hunter2"), std::string::npos);
}

TEST(ListenAddress, ParsesHostPortAndBracketedIpv6) {
  EXPECT_EQ(parse_listen_address("127.0.0.1:0")->port, 0);
  EXPECT_EQ(parse_listen_address("[::1]:8720")->host, "::1");
  EXPECT_EQ(parse_listen_address("[::1]:8720")->to_string(), "[::1]:8720");
  EXPECT_FALSE(parse_listen_address("::1:8720"));
  EXPECT_FALSE(parse_listen_address("host:99999"));
  EXPECT_FALSE(parse_listen_address("host:"));
  EXPECT_FALSE(parse_listen_address(":80"));
}

}  // namespace
}  // namespace vigil::config

namespace vigil::config {
namespace {

TEST(ConfigLoader, MaintenanceWindows) {
  const auto c = load_config_text(R"(
[[maintenance_windows]]
name = "patching"
weekdays = ["sat", "sun"]
start_time = "22:00"
duration_minutes = 180
rule_ids = ["r1"]

[[maintenance_windows]]
name = "migration"
start = "2026-12-01T00:00:00Z"
end = "2026-12-02T00:00:00Z"
)", "vigil.toml");
  ASSERT_EQ(c.maintenance_windows.size(), 2u);
  EXPECT_EQ(c.maintenance_windows[0].weekdays, (std::vector<std::string>{"sat", "sun"}));
  EXPECT_EQ(c.maintenance_windows[0].duration_minutes, 180u);
  EXPECT_EQ(c.maintenance_windows[1].end, "2026-12-02T00:00:00Z");
  EXPECT_EQ(error_of("[[maintenance_windows]]\nname = \"x\"\nweekdays = [\"funday\"]\nduration_minutes = 5\n"),
            "vigil.toml:3:12: maintenance_windows[0].weekdays: 'funday' is not one of: sun, mon, tue, wed, thu, fri, sat");
  EXPECT_EQ(error_of("[[maintenance_windows]]\nname = \"x\"\nstart_time = \"25:00\"\n"),
            "vigil.toml:3:14: maintenance_windows[0].start_time: '25:00' is not HH:MM (UTC)");
}

}  // namespace
}  // namespace vigil::config

namespace vigil::config {
namespace {

TEST(ConfigLoader, RuleOverridesBecomeJsonSettings) {
  const auto c = load_config_text(R"(
[rules.overrides."m365-connector-mail-volume"]
threshold = 250
group_by = ["Connectors"]
)", "vigil.toml");
  ASSERT_EQ(c.rules.overrides.size(), 1u);
  EXPECT_EQ(c.rules.overrides.at("m365-connector-mail-volume"),
            nlohmann::json::parse(R"({"threshold":250,"group_by":["Connectors"]})"));
  EXPECT_EQ(error_of("[rules]\noverrides = 3\n"),
            "vigil.toml:2:13: rules.overrides: expected a table of [rules.overrides.\"<rule_id>\"] tables");
}

TEST(ConfigLoader, RetentionDefaultsKeepEightDaysOfEventsAndAYearOfAlerts) {
  const auto c = load_config_text("", "vigil.toml");
  EXPECT_EQ(c.retention.events_days, 8u);
  EXPECT_EQ(c.retention.basis, "ingested");
  EXPECT_EQ(c.retention.alerts_days, 365u);
  EXPECT_EQ(c.retention.interval_seconds, 60u);
  EXPECT_EQ(c.retention.batch_size, 1000u);
}

TEST(ConfigLoader, RetentionReadsEveryKey) {
  const auto c = load_config_text(
      "[retention]\nevents_days = 30\nbasis = \"timestamp\"\nalerts_days = 90\ninterval_seconds = 600\nbatch_size = "
      "250\n",
      "vigil.toml");
  EXPECT_EQ(c.retention.events_days, 30u);
  EXPECT_EQ(c.retention.basis, "timestamp");
  EXPECT_EQ(c.retention.alerts_days, 90u);
  EXPECT_EQ(c.retention.interval_seconds, 600u);
  EXPECT_EQ(c.retention.batch_size, 250u);
}

TEST(ConfigLoader, RetentionRejectsBadValuesNamingTheKey) {
  EXPECT_EQ(error_of("[retention]\nevents_days = 0\n"),
            "vigil.toml:2:15: retention.events_days: value 0 is outside 1..36500");
  EXPECT_EQ(error_of("[retention]\nbatch_size = \"big\"\n"),
            "vigil.toml:2:14: retention.batch_size: expected an integer, found a string");
  EXPECT_EQ(error_of("[retention]\nevents = 8\n"), "vigil.toml:2:1: retention.events: unknown key");
  EXPECT_EQ(error_of("[retention]\nbasis = \"arrival\"\n"),
            "vigil.toml:2:9: retention.basis: 'arrival' is not one of: ingested, timestamp");
}

TEST(ConfigLoader, StorageIsTheEmbeddedSqliteFileByDefault) {
  const auto c = load_config_text("", "vigil.toml");
  EXPECT_EQ(c.storage.backend, "sqlite");
  EXPECT_TRUE(c.storage.url.empty());
  EXPECT_TRUE(c.storage.password.empty());
  EXPECT_EQ(c.storage.pool_size, 8u);
}

TEST(ConfigLoader, PostgresqlReadsItsConnectionAndThePasswordFromItsFile) {
  const test::TempDir dir;
  std::ofstream(dir / "pgpass") << "s3cret\n";
  const auto c = load_config_text("[storage]\nbackend = \"postgresql\"\nurl = \"host=db.example user=vigil dbname=vigil\"\n"
                                  "password_file = \"" + (dir / "pgpass").string() + "\"\npool_size = 16\n",
                                  "vigil.toml");
  EXPECT_EQ(c.storage.backend, "postgresql");
  EXPECT_EQ(c.storage.url, "host=db.example user=vigil dbname=vigil");
  EXPECT_EQ(c.storage.password, "s3cret");  // without the line break echo wrote
  EXPECT_EQ(c.storage.pool_size, 16u);
}

TEST(ConfigLoader, PostgresqlSettingsAreRefusedWhereTheyWouldBeIgnored) {
  EXPECT_EQ(error_of("[storage]\nbackend = \"postgresql\"\n"),
            "vigil.toml:1:1: storage.url: backend = \"postgresql\" needs the database's connection string");
  EXPECT_EQ(error_of("[storage]\nurl = \"dbname=vigil\"\n"),
            "vigil.toml:2:7: storage.url: is read only with backend = \"postgresql\"");
  EXPECT_EQ(error_of("[storage]\nbackend = \"sqlite\"\npool_size = 4\n"),
            "vigil.toml:3:13: storage.pool_size: is read only with backend = \"postgresql\"");
  EXPECT_EQ(error_of("[storage]\nbackend = \"mysql\"\n"),
            "vigil.toml:2:11: storage.backend: 'mysql' is not one of: postgresql, sqlite");
  EXPECT_EQ(error_of("[storage]\nbackend = \"postgresql\"\nurl = \"dbname=vigil\"\npool_size = 1\n"),
            "vigil.toml:4:13: storage.pool_size: value 1 is outside 2..256");
}

TEST(ConfigLoader, IngestIsAppendOnlyByDefaultAndReadsEveryKey) {
  const auto defaults = load_config_text("", "vigil.toml");
  EXPECT_TRUE(defaults.ingest.overwrite_indices.empty());
  EXPECT_EQ(defaults.ingest.max_items_per_request, 100000u);
  const auto c = load_config_text(
      "[ingest]\noverwrite_indices = [\"logs-corrected-*\"]\nmax_items_per_request = 5000\n", "vigil.toml");
  EXPECT_EQ(c.ingest.overwrite_indices, std::vector<std::string>{"logs-corrected-*"});
  EXPECT_EQ(c.ingest.max_items_per_request, 5000u);
  EXPECT_EQ(error_of("[ingest]\noverwrite_indices = [\"\"]\n"),
            "vigil.toml:2:21: ingest.overwrite_indices: an index pattern must not be empty");
  EXPECT_EQ(error_of("[ingest]\nmax_items_per_request = 0\n"),
            "vigil.toml:2:25: ingest.max_items_per_request: value 0 is outside 1..10000000");
}

constexpr const char* kDigest = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
constexpr const char* kOtherDigest = "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752";

TEST(ConfigLoader, ApiKeysInTheDocumentedForm) {
  const auto c = load_config_text(std::string(R"([[auth.api_keys]]
name = "soc-dashboard"
roles = ["read"]
sha256 = ")") + kDigest + R"("

[[auth.api_keys]]
name = "winlogbeat"
roles = ["ingest", "read"]
sha256 = ")" + kOtherDigest + "\"\n",
                                  "vigil.toml");
  ASSERT_EQ(c.auth.api_keys.size(), 2u);
  EXPECT_EQ(c.auth.api_keys[0].name, "soc-dashboard");
  EXPECT_EQ(c.auth.api_keys[0].roles, std::vector<std::string>{"read"});
  EXPECT_EQ(c.auth.api_keys[0].sha256, kDigest);
  EXPECT_EQ(c.auth.api_keys[1].roles, (std::vector<std::string>{"ingest", "read"}));
  EXPECT_TRUE(load_config_text("", "vigil.toml").auth.api_keys.empty());
}

TEST(ConfigLoader, ApiKeyErrorsNameFileLineAndKey) {
  const auto key = [](const std::string& body) { return "[[auth.api_keys]]\n" + body; };
  const std::string sha = std::string("sha256 = \"") + kDigest + "\"\n";
  EXPECT_EQ(error_of(key("name = \"a\"\nroles = [\"reader\"]\n" + sha)),
            "vigil.toml:3:10: auth.api_keys[0].roles: 'reader' is not one of: admin, ingest, read, write");
  EXPECT_EQ(error_of(key("name = \"a\"\nroles = [\"read\"]\nsha256 = \"ABC\"\n")),
            "vigil.toml:4:10: auth.api_keys[0].sha256: must be the key's SHA-256 as 64 lowercase hex digits "
            "(vigild keys generate prints it)");
  EXPECT_EQ(error_of(key("name = \"a:b\"\nroles = [\"read\"]\n" + sha)),
            "vigil.toml:2:8: auth.api_keys[0].name: 'a:b' must be printable ASCII without spaces or ':'");
  EXPECT_EQ(error_of(key("roles = [\"read\"]\n" + sha)),
            "vigil.toml:1:1: auth.api_keys[0].name: every API key needs a name");
  EXPECT_EQ(error_of(key("name = \"a\"\nroles = []\n" + sha)),
            "vigil.toml:1:1: auth.api_keys[0].roles: every API key needs at least one of: admin, ingest, read, write");
  EXPECT_EQ(error_of(key("name = \"a\"\nroles = [\"read\"]\n")),
            "vigil.toml:1:1: auth.api_keys[0].sha256: every API key needs the SHA-256 of its secret");
  EXPECT_EQ(error_of(key("name = \"a\"\nroles = [\"read\"]\nkey = \"x\"\n")),
            "vigil.toml:4:1: auth.api_keys[0].key: unknown key");
  EXPECT_EQ(error_of("[auth]\napi_keys = \"x\"\n"),
            "vigil.toml:2:12: auth.api_keys: expected [[auth.api_keys]] tables");
}

TEST(ConfigLoader, DuplicateApiKeyNamesAreRejected) {
  const std::string one =
      std::string("[[auth.api_keys]]\nname = \"a\"\nroles = [\"read\"]\nsha256 = \"") + kDigest + "\"\n";
  EXPECT_EQ(error_of(one + one), "vigil.toml:6:8: auth.api_keys[1].name: 'a' names another key already");
}

TEST(ConfigLoader, TheEmptySecretsDigestIsRejected) {
  EXPECT_EQ(error_of("[[auth.api_keys]]\nname = \"a\"\nroles = [\"admin\"]\n"
                     "sha256 = \"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\"\n"),
            "vigil.toml:4:10: auth.api_keys[0].sha256: is the SHA-256 of the empty string: an empty key would "
            "authenticate; make a key with vigild keys generate");
}

TEST(ConfigLoader, TwoKeysWithOneDigestAreRejectedWhateverTheirRoles) {
  const auto key = [](const std::string& name, const std::string& role) {
    return "[[auth.api_keys]]\nname = \"" + name + "\"\nroles = [\"" + role + "\"]\nsha256 = \"" + kDigest + "\"\n";
  };
  EXPECT_EQ(error_of(key("reader", "read") + key("boss", "admin")),
            "vigil.toml:8:10: auth.api_keys[1].sha256: key 'boss' has the same digest as key 'reader': each key "
            "needs its own secret (vigild keys generate)");
}

TEST(ConfigLoader, TlsFilesMustExistAndComeInPairs) {
  const test::TempDir dir;
  for (const auto* name : {"cert.pem", "key.pem", "ca.pem"}) std::ofstream(dir / name) << "x";
  const auto path = [&](const char* name) { return "\"" + (dir / name).string() + "\""; };
  const auto c = load_config_text("[tls]\ncert_file = " + path("cert.pem") + "\nkey_file = " + path("key.pem") +
                                      "\nclient_ca_file = " + path("ca.pem") + "\n",
                                  "vigil.toml");
  EXPECT_TRUE(c.tls.enabled());
  EXPECT_EQ(c.tls.key_file, dir / "key.pem");
  EXPECT_EQ(c.tls.client_ca_file, dir / "ca.pem");
  EXPECT_FALSE(load_config_text("", "vigil.toml").tls.enabled());

  EXPECT_EQ(error_of("[tls]\nkey_file = " + path("key.pem") + "\n"),
            "vigil.toml:1:1: tls.cert_file: HTTPS needs both cert_file and key_file");
  EXPECT_EQ(error_of("[tls]\ncert_file = " + path("cert.pem") + "\n"),
            "vigil.toml:1:1: tls.key_file: HTTPS needs both cert_file and key_file");
  EXPECT_EQ(error_of("[tls]\nclient_ca_file = " + path("ca.pem") + "\n"),
            "vigil.toml:1:1: tls.client_ca_file: client certificates need HTTPS: set cert_file and key_file too");
  EXPECT_EQ(error_of("[tls]\ncert_file = \"/no/such.pem\"\n"),
            "vigil.toml:2:13: tls.cert_file: '/no/such.pem' is not a file");
}

TEST(ConfigLoader, MetricsOpenOnLoopback) {
  EXPECT_FALSE(load_config_text("", "vigil.toml").metrics.open_on_loopback);
  EXPECT_TRUE(load_config_text("[metrics]\nopen_on_loopback = true\n", "vigil.toml").metrics.open_on_loopback);
  EXPECT_EQ(error_of("[metrics]\nopen_on_loopback = \"no\"\n"),
            "vigil.toml:2:20: metrics.open_on_loopback: expected true or false, found a string");
}

TEST(ConfigLoader, M365AcceptedDomains) {
  EXPECT_TRUE(load_config_text("", "vigil.toml").m365.accepted_domains.empty());
  EXPECT_EQ(load_config_text("[m365]\naccepted_domains = [\"contoso.com\", \"Fabrikam.example\"]\n", "vigil.toml")
                .m365.accepted_domains,
            (std::vector<std::string>{"contoso.com", "Fabrikam.example"}));
  EXPECT_EQ(error_of("[m365]\naccepted_domains = [\"bob@contoso.com\"]\n"),
            "vigil.toml:2:20: m365.accepted_domains: 'bob@contoso.com' is not a domain name (write contoso.com, not an "
            "address)");
  EXPECT_EQ(error_of("[m365]\naccepted = []\n"), "vigil.toml:2:1: m365.accepted: unknown key");
}

TEST(ConfigLoader, HealthSilentSources) {
  const auto c = load_config_text(R"(
[health]
ingest_refused_minutes = 10
[[health.silent_sources]]
pattern = "winlogbeat-*"
after_minutes = 30
[[health.silent_sources]]
pattern = "logs-*"
after_minutes = 15
per_host = true
)",
                                  "vigil.toml");
  EXPECT_TRUE(c.health.enabled);
  EXPECT_EQ(c.health.ingest_refused_minutes, 10u);
  EXPECT_EQ(c.health.disk_limit_mb, 0u);
  EXPECT_EQ(load_config_text("[health]\ndisk_limit_mb = 2048\n", "vigil.toml").health.disk_limit_mb, 2048u);
  ASSERT_EQ(c.health.silent_sources.size(), 2u);
  EXPECT_EQ(c.health.silent_sources[0].pattern, "winlogbeat-*");
  EXPECT_EQ(c.health.silent_sources[0].after_minutes, 30u);
  EXPECT_FALSE(c.health.silent_sources[0].per_host);
  EXPECT_TRUE(c.health.silent_sources[1].per_host);
  EXPECT_NE(error_of("[[health.silent_sources]]\nafter_minutes = 5\n").find("needs an index pattern"), std::string::npos);
  EXPECT_NE(error_of("[[health.silent_sources]]\npattern = \"a-*\"\nafter = 5\n").find("health.silent_sources[0].after"),
            std::string::npos);
}

TEST(ConfigLoader, Cluster) {
  const auto defaults = load_config_text("", "vigil.toml").cluster;
  EXPECT_EQ(defaults.node_id, "");
  EXPECT_EQ(defaults.lease_ttl_ms, 30000u);
  EXPECT_EQ(defaults.heartbeat_interval_ms, 10000u);
  EXPECT_EQ(defaults.node_timeout_ms, 30000u);
  const auto c = load_config_text(
      "[cluster]\nnode_id = \"vigil-1\"\nlease_ttl_ms = 6000\nheartbeat_interval_ms = 3000\nnode_timeout_ms = 9000\n",
      "vigil.toml");
  EXPECT_EQ(c.cluster.node_id, "vigil-1");
  EXPECT_EQ(c.cluster.lease_ttl_ms, 6000u);
  EXPECT_EQ(c.cluster.heartbeat_interval_ms, 3000u);
  EXPECT_EQ(c.cluster.node_timeout_ms, 9000u);
  EXPECT_EQ(error_of("[cluster]\nlease_ttl_ms = 5000\n"),
            "vigil.toml:1:1: cluster.heartbeat_interval_ms: must be at most half of lease_ttl_ms (5000), so that "
            "leases are renewed before they expire");
  EXPECT_EQ(error_of("[cluster]\nnode_id = \"\"\n"), "vigil.toml:2:11: cluster.node_id: must be 1 to 200 characters");
  EXPECT_EQ(error_of("[cluster]\nleader = true\n"), "vigil.toml:2:1: cluster.leader: unknown key");
}

}  // namespace
}  // namespace vigil::config
