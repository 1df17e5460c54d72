#include "config/config_loader.hpp"

#include <gtest/gtest.h>

#include <map>

namespace vigil::config {
namespace {

std::string error_of(const std::string& text) {
  try {
    load_config_text(text, "vigil.toml");
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "no error";
}

TEST(ConfigLoader, DefaultsWhenEmpty) {
  const auto c = load_config_text("", "vigil.toml");
  EXPECT_EQ(c.server.listen.host, "127.0.0.1");
  EXPECT_EQ(c.server.listen.port, 8720);
  EXPECT_EQ(c.storage.data_dir, "data");
  EXPECT_EQ(c.storage.database_path(), std::filesystem::path("data/vigil.db"));
  EXPECT_EQ(c.server.body_limit, 100u * 1024 * 1024);
  EXPECT_EQ(c.log.format, "text");
}

TEST(ConfigLoader, FileValuesOverrideDefaults) {
  const auto c = load_config_text(R"(
[server]
listen = "0.0.0.0:9200"
threads = 3
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
}

TEST(ConfigLoader, TomlSyntaxErrorsCarryPosition) {
  const auto message = error_of("[server\nlisten = 1\n");
  EXPECT_EQ(message.rfind("vigil.toml:1:", 0), 0u) << message;
}

TEST(ConfigLoader, ExampleConfigLoadsCleanly) {
  const auto c = load_config_file(std::filesystem::path(VIGIL_SOURCE_DIR) / "config/vigil.example.toml");
  EXPECT_EQ(c.server.listen.port, 8720);
}

TEST(ConfigLoader, EnvironmentOverridesFile) {
  auto c = load_config_text("[server]\nlisten = \"127.0.0.1:1111\"\n[storage]\ndata_dir = \"/a\"\n", "vigil.toml");
  std::map<std::string, std::string> env = {{"VIGIL_LISTEN", "127.0.0.1:2222"}, {"VIGIL_DATA_DIR", "/b"}};
  apply_environment(c, [&](const char* name) -> const char* {
    const auto it = env.find(name);
    return it == env.end() ? nullptr : it->second.c_str();
  });
  EXPECT_EQ(c.server.listen.port, 2222);
  EXPECT_EQ(c.storage.data_dir, "/b");
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

}  // namespace
}  // namespace vigil::config
