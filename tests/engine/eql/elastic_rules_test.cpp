// Elastic's production Windows rules (tests/data/third_party/elastic-detection-rules, Elastic
// License 2.0, copied unmodified) must all compile, and the seed rule must behave as Elasticsearch
// does on the cases its semantics hinge on.

#include <gtest/gtest.h>
#include <toml++/toml.h>

#include <filesystem>
#include <string>
#include <vector>

#include "tests/engine/eql/eql_test_support.hpp"
#include "tests/support/test_data.hpp"

namespace vigil::engine::eql {
namespace {

using nlohmann::json;

std::filesystem::path rules_dir() { return test::third_party_dir("elastic-detection-rules"); }

std::string rule_query(const std::filesystem::path& file) {
  const toml::table rule = toml::parse_file(file.string());
  return rule["rule"]["query"].value_or(std::string());
}

TEST(EqlElasticRules, AllRuleQueriesCompile) {
  int compiled = 0;
  for (const auto& entry : std::filesystem::directory_iterator(rules_dir())) {
    if (entry.path().extension() != ".toml") continue;
    const std::string query = rule_query(entry.path());
    ASSERT_FALSE(query.empty()) << entry.path();
    auto result = CompiledQuery::compile(query);
    if (auto* error = std::get_if<ParseError>(&result)) {
      ADD_FAILURE() << entry.path().filename() << ": " << testing::format(*error);
      continue;
    }
    EXPECT_EQ(std::get<CompiledQuery>(result).category(), "process") << entry.path().filename();
    ++compiled;
  }
  EXPECT_EQ(compiled, 23);
}

json windows_process_start(std::vector<std::string> args, std::string name = "powershell.exe") {
  return {{"event", {{"category", {"process"}}, {"type", {"start", "process_start"}}}},
          {"host", {{"os", {{"type", "windows"}}}}},
          {"process", {{"name", std::move(name)}, {"args", std::move(args)}}}};
}

TEST(EqlElasticRules, SeedRuleMatchesOnlyOneArgumentHoldingBothWords) {
  const auto rule =
      testing::compile_ok(rule_query(rules_dir() / "persistence_powershell_exch_mailbox_activesync_add_device.toml"));

  // Elastic's RTA: powershell.exe /c echo "Set-CASMailbox ActiveSyncAllowedDeviceIDs".
  EXPECT_TRUE(rule.matches(
      windows_process_start({"powershell.exe", "/c", "echo", "Set-CASMailbox ActiveSyncAllowedDeviceIDs"})));
  EXPECT_TRUE(rule.matches(windows_process_start(
      {"pwsh.exe", "-Command", "set-casmailbox -Identity bob -ActiveSyncAllowedDeviceIDs @{Add='X'}"}, "PWSH.EXE")));
  // Words split across argv elements do not match.
  EXPECT_FALSE(
      rule.matches(windows_process_start({"powershell", "Set-CASMailbox", "x", "-ActiveSyncAllowedDeviceIDs", "y"})));
  // The argument must start with Set-CASMailbox.
  EXPECT_FALSE(
      rule.matches(windows_process_start({"powershell.exe", "-c", "echo Set-CASMailbox ActiveSyncAllowedDeviceIDs"})));
  // Wrong process, wrong OS, wrong event type ("start" is case-sensitive).
  EXPECT_FALSE(rule.matches(windows_process_start({"Set-CASMailbox ActiveSyncAllowedDeviceIDs"}, "cmd.exe")));
  auto linux_event = windows_process_start({"Set-CASMailbox ActiveSyncAllowedDeviceIDs"});
  linux_event["host"]["os"]["type"] = "linux";
  EXPECT_FALSE(rule.matches(linux_event));
  auto end_event = windows_process_start({"Set-CASMailbox ActiveSyncAllowedDeviceIDs"});
  end_event["event"]["type"] = {"Start"};
  EXPECT_FALSE(rule.matches(end_event));
}

}  // namespace
}  // namespace vigil::engine::eql
