// Elastic's production Windows rules (tests/data/third_party/elastic-detection-rules, Elastic
// License 2.0, copied unmodified) must all compile, and must behave as Elasticsearch does on the
// cases their semantics hinge on, on events built here and on OTRF's real ones.

#include <gtest/gtest.h>
#include <toml++/toml.h>

#include <filesystem>
#include <string>
#include <vector>

#include "engine/event/field_lookup.hpp"
#include "engine/normalize/normalizer.hpp"
#include "tests/engine/eql/eql_test_support.hpp"
#include "tests/support/otrf_dataset.hpp"
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

// "Windows Script Executing PowerShell" excludes an Intune helper with
//   not (process.parent.name : "wscript.exe" and process.parent.args : "...VBSHelper.vbs" and ...)
// OTRF's Security 4688 event of wscript.exe starting `powershell.exe -noP -sta -w 1 -enc ...` has
// no parent command line, hence no process.parent.args: Elasticsearch's must_not over the
// exclusion's bool query matches it and the rule alerts, as it does on the Sysmon twin (whose
// parent args are present and are not the helper's).
TEST(EqlElasticRules, ScriptExecutingPowerShellAlertsOnA4688EventWithoutParentArgs) {
  const auto rule = testing::compile_ok(rule_query(rules_dir() / "initial_access_script_executing_powershell.toml"));
  std::vector<std::string> alerted;  // the channel of each matching event
  for (const auto& otrf : test::otrf_dataset::read_process_creations()) {
    const auto document = normalize(test::otrf_dataset::to_winlogbeat(otrf), 1'700'000'000'000).document;
    const auto text = [&](std::string_view path) {
      const auto* field = find_field(document, path);
      return field != nullptr && field->is_string() ? field->get<std::string>() : std::string();
    };
    if (text("process.command_line").find("powershell.exe\" -noP -sta -w 1 -enc ") == std::string::npos ||
        text("process.parent.name") != "wscript.exe") {
      continue;
    }
    if (otrf["Channel"] == "Security") {
      EXPECT_EQ(find_field(document, "process.parent.args"), nullptr);
    }
    if (rule.matches(document)) alerted.push_back(otrf["Channel"].get<std::string>());
  }
  EXPECT_EQ(alerted, (std::vector<std::string>{"Microsoft-Windows-Sysmon/Operational", "Security"}));
}

}  // namespace
}  // namespace vigil::engine::eql
