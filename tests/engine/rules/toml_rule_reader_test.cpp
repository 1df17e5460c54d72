#include "engine/rules/toml_rule_reader.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "tests/engine/rules/toml_rule_reader_test_support.hpp"
#include "tests/support/test_data.hpp"

namespace vigil::engine {
namespace {

TEST(TomlRuleReader, MinimalRuleGetsKibanaDefaults) {
  const auto r = read(R"([rule]
rule_id = "r-1"
name = "Minimal"
description = "Smallest valid rule."
type = "eql"
risk_score = 21
severity = "low"
query = 'process where true'
)");
  ASSERT_TRUE(r.rule) << r.result.to_string();
  EXPECT_TRUE(r.result.ok());
  EXPECT_TRUE(r.result.warnings().empty());
  EXPECT_EQ(r.rule->interval, 5 * kMinuteMs);
  EXPECT_EQ(r.rule->max_signals, 100);
  EXPECT_EQ(r.rule->from, "now-6m");
  EXPECT_EQ(r.rule->to, "now");
  EXPECT_EQ(r.rule->version, 1);
  EXPECT_EQ(r.rule->language, "eql");
  EXPECT_FALSE(r.rule->timestamp_override.has_value());
  EXPECT_TRUE(r.rule->enabled);
  EXPECT_TRUE(r.rule->exceptions.empty());
  EXPECT_EQ(r.rule->location.file, kName);
  EXPECT_EQ(r.rule->location.line, 1);
}

TEST(TomlRuleReader, ReadsEveryKey) {
  const auto r = read(R"([metadata]
maturity = "production"

[rule]
rule_id = "r-2"
name = "Everything"
description = "All keys."
type = "eql"
language = "eql"
query = 'process where process.name == "a.exe"'
index = ["winlogbeat-*", "logs-windows.sysmon_operational-*"]
from = "now-9m"
to = "now-1m"
interval = "10m"
max_signals = 50
timestamp_override = "event.ingested"
risk_score = 73
severity = "high"
tags = ["OS: Windows"]
references = ["https://example.com"]
false_positives = ["Admins."]
note = "Guide."
setup = "Setup."
author = ["Vigil"]
license = "Apache-2.0"
version = 3
enabled = false

[[rule.threat]]
framework = "MITRE ATT&CK"
[rule.threat.tactic]
id = "TA0002"
name = "Execution"
)");
  ASSERT_TRUE(r.rule) << r.result.to_string();
  const auto& rule = *r.rule;
  EXPECT_EQ(rule.rule_id, "r-2");
  EXPECT_EQ(rule.name, "Everything");
  EXPECT_EQ(rule.description, "All keys.");
  EXPECT_EQ(rule.query, R"(process where process.name == "a.exe")");
  EXPECT_EQ(rule.index, (std::vector<std::string>{"winlogbeat-*", "logs-windows.sysmon_operational-*"}));
  EXPECT_EQ(rule.from, "now-9m");
  EXPECT_EQ(rule.to, "now-1m");
  EXPECT_EQ(rule.interval, 10 * kMinuteMs);
  EXPECT_EQ(rule.max_signals, 50);
  EXPECT_EQ(rule.timestamp_override, "event.ingested");
  EXPECT_EQ(rule.risk_score, 73);
  EXPECT_EQ(rule.severity, "high");
  EXPECT_EQ(rule.tags, std::vector<std::string>{"OS: Windows"});
  EXPECT_EQ(rule.references, std::vector<std::string>{"https://example.com"});
  EXPECT_EQ(rule.false_positives, std::vector<std::string>{"Admins."});
  EXPECT_EQ(rule.note, "Guide.");
  EXPECT_EQ(rule.setup, "Setup.");
  EXPECT_EQ(rule.author, std::vector<std::string>{"Vigil"});
  EXPECT_EQ(rule.license, "Apache-2.0");
  EXPECT_EQ(rule.version, 3);
  EXPECT_FALSE(rule.enabled);
  EXPECT_EQ(rule.threat, nlohmann::json::parse(R"([{"framework":"MITRE ATT&CK",
                                                    "tactic":{"id":"TA0002","name":"Execution"}}])"));
  EXPECT_EQ(rule.location.line, 4);
}

TEST(TomlRuleReader, IgnoresElasticKeysVigilDoesNotUse) {
  const auto r = read(R"([metadata]
integration = ["windows"]

[rule]
rule_id = "r-3"
name = "Elastic extras"
description = "Keys Kibana knows and Vigil ignores."
type = "eql"
risk_score = 21
severity = "low"
query = 'process where true'
building_block_type = "default"
timeline_id = "e70679c2-6cde-4510-9764-4823df18f7db"
timeline_title = "Comprehensive Process Timeline"
rule_name_override = "process.name"
required_fields = [{name = "process.name", type = "keyword"}]
related_integrations = [{package = "endpoint", version = "^8.2.0"}]
risk_score_mapping = [{field = "x", operator = "equals", value = ""}]
severity_mapping = []
filters = []
[rule.investigation_fields]
field_names = ["process.name"]
[rule.alert_suppression]
group_by = ["host.name"]

[transform]
[[transform.osquery]]
label = "x"
)");
  ASSERT_TRUE(r.rule) << r.result.to_string();
  EXPECT_TRUE(r.result.errors().empty());
  EXPECT_TRUE(r.result.warnings().empty());
  EXPECT_TRUE(r.rule->extra.empty());
}

TEST(TomlRuleReader, RuleTypesVigilCannotRunAreSkippedWithAWarning) {
  for (const std::string type : {"query", "threshold", "machine_learning", "new_terms", "esql"}) {
    const auto r = read(R"([rule]
rule_id = "r-4"
name = "Kuery rule"
description = "Not EQL."
type = ")" + type + R"("
language = "kuery"
query = 'process.name : "a.exe"'
risk_score = 21
severity = "low"
threshold = {field = ["host.name"], value = 25}
)");
    EXPECT_FALSE(r.rule) << type;
    EXPECT_TRUE(r.result.ok()) << r.result.to_string();
    ASSERT_EQ(r.result.warnings().size(), 1u) << type;
    EXPECT_EQ(r.result.warnings()[0].to_string(), "rules/test.toml:5:1: warning: rule \"Kuery rule\" has type \"" +
                                                      type + "\", which Vigil does not run; skipped");
    EXPECT_EQ(r.result.warnings()[0].code, LoadCode::kUnsupportedRuleType);
  }
}

TEST(TomlRuleReader, AggregationRuleKeepsItsOwnKeysInExtra) {
  const auto r = read(R"([rule]
rule_id = "r-5"
name = "Aggregate"
description = "Counts events."
type = "aggregation"
risk_score = 21
severity = "low"
group_by = ["user.name"]
threshold = 10
window = "10m"
)");
  ASSERT_TRUE(r.rule) << r.result.to_string();
  EXPECT_EQ(r.rule->type, "aggregation");
  EXPECT_TRUE(r.rule->query.empty());
  EXPECT_EQ(r.rule->extra, nlohmann::json::parse(R"({"group_by":["user.name"],"threshold":10,"window":"10m"})"));
}

TEST(TomlRuleReader, QueryLocationOfMultiLineLiteralIsTheNextLine) {
  const auto r = read(R"([rule]
rule_id = "r-6"
name = "Multi-line"
description = "Query on its own lines."
type = "eql"
risk_score = 21
severity = "low"
query = '''
process where
  process.name == "a.exe"
'''
)");
  ASSERT_TRUE(r.rule) << r.result.to_string();
  EXPECT_EQ(r.rule->query, "process where\n  process.name == \"a.exe\"\n");
  EXPECT_EQ(r.rule->query_location.file, kName);
  EXPECT_EQ(r.rule->query_location.line, 9);
  EXPECT_EQ(r.rule->query_location.column, 1);
}

TEST(TomlRuleReader, QueryLocationOfSingleLineStringIsAfterTheQuote) {
  const auto r = read(R"([rule]
rule_id = "r-7"
name = "One line"
description = "Query on the key's line."
type = "eql"
risk_score = 21
severity = "low"
  query   = "process where true"
)");
  ASSERT_TRUE(r.rule) << r.result.to_string();
  EXPECT_EQ(r.rule->query_location.line, 8);
  EXPECT_EQ(r.rule->query_location.column, 14);
}

TEST(TomlRuleReader, QueryLocationOfMultiLineStringStartingOnTheKeyLine) {
  const auto r = read(R"([rule]
rule_id = "r-8"
name = "Same line"
description = "Query starts right after the quotes."
type = "eql"
risk_score = 21
severity = "low"
query = """process where
  true"""
)");
  ASSERT_TRUE(r.rule) << r.result.to_string();
  EXPECT_EQ(r.rule->query_location.line, 8);
  EXPECT_EQ(r.rule->query_location.column, 12);
}

TEST(TomlRuleReader, MissingRequiredKeyIsReportedAtTheRuleTable) {
  const auto r = read(R"([metadata]
maturity = "production"

[rule]
name = "No id"
description = "Lacks rule_id."
type = "eql"
risk_score = 21
severity = "low"
query = 'process where true'
)");
  EXPECT_EQ(only_error(r), "rules/test.toml:4:1: error: missing required key 'rule_id'");
  EXPECT_EQ(r.result.errors()[0].code, LoadCode::kMissingKey);
}

TEST(TomlRuleReader, EqlRuleWithoutQueryIsAnError) {
  const auto r = read(R"([rule]
rule_id = "r-9"
name = "No query"
description = "Lacks query."
type = "eql"
risk_score = 21
severity = "low"
)");
  EXPECT_EQ(only_error(r), "rules/test.toml:1:1: error: missing required key 'query'");
}

TEST(TomlRuleReader, WrongTypeIsReportedAtTheKey) {
  const auto r = read(R"([rule]
rule_id = "r-10"
name = "Wrong type"
description = "risk_score is a word."
type = "eql"
query = 'process where true'
severity = "high"
  risk_score = "high"
)");
  EXPECT_EQ(only_error(r), R"(rules/test.toml:8:3: error: 'risk_score' must be an integer, found string "high")");
  EXPECT_EQ(r.result.errors()[0].code, LoadCode::kWrongType);
}

TEST(TomlRuleReader, WrongTypeInsideAnArrayIsReportedAtTheElement) {
  const auto r = read(R"([rule]
rule_id = "r-11"
name = "Bad tag"
description = "A tag that is a number."
type = "eql"
query = 'process where true'
risk_score = 21
severity = "low"
tags = ["OS: Windows", 7]
)");
  EXPECT_EQ(only_error(r),
            "rules/test.toml:9:24: error: 'tags' must be an array of strings, element 1 is integer 7");
}

TEST(TomlRuleReader, InvalidValuesAreReportedAtTheirKeys) {
  struct Case {
    std::string line;
    std::string error;
  };
  const Case cases[] = {
      {R"(interval = "5x")",
       R"(rules/test.toml:8:1: error: 'interval' must be a positive duration such as "5m" (units ms, s, m, h, d), found "5x")"},
      {R"(interval = "0m")",
       R"(rules/test.toml:8:1: error: 'interval' must be a positive duration such as "5m" (units ms, s, m, h, d), found "0m")"},
      {R"(from = "now-9x")",
       R"(rules/test.toml:8:1: error: 'from' must be date math at or before now, such as "now-9m", found "now-9x")"},
      {R"(from = "2024-01-01T00:00:00Z")",
       R"(rules/test.toml:8:1: error: 'from' must be date math at or before now, such as "now-9m", found "2024-01-01T00:00:00Z")"},
      {R"(to = "now+5m")",
       R"(rules/test.toml:8:1: error: 'to' must be date math at or before now, such as "now-9m", found "now+5m")"},
      {R"(from = "now")", R"(rules/test.toml:8:1: error: 'from' must be earlier than 'to' ("now"), found "now")"},
      {R"(max_signals = 0)", R"(rules/test.toml:8:1: error: 'max_signals' must be between 1 and 2147483647, found 0)"},
      {R"(language = "kuery")", R"(rules/test.toml:8:1: error: 'language' must be "eql", found "kuery")"},
      {R"(name = "")", R"(rules/test.toml:8:1: error: 'name' must not be empty)"},
      // '#' separates a rule's id from the suffixes of the ingest matches Vigil keeps for it.
      {R"(rule_id = "r#connector_changes")", R"(rules/test.toml:8:1: error: 'rule_id' must not contain '#')"},
  };
  for (const auto& c : cases) {
    // The case's line is line 8; the defaults for name and rule_id follow it unless it sets them.
    const auto defaulted = [&](std::string_view key, std::string_view line) {
      return c.line.starts_with(key) ? std::string() : "\n" + std::string(line);
    };
    const auto r = read(R"([rule]
description = "One bad value."
type = "eql"
query = 'process where true'
risk_score = 21
severity = "low"
tags = []
)" + c.line + defaulted("name", R"(name = "Bad value")") + defaulted("rule_id", R"(rule_id = "r-12")") + "\n");
    EXPECT_EQ(only_error(r), c.error) << c.line;
    EXPECT_EQ(r.result.errors().front().code, LoadCode::kInvalidValue) << c.line;
  }
}

TEST(TomlRuleReader, SeverityAndRiskScoreMustBeInRange) {
  const auto r = read(R"([rule]
rule_id = "r-13"
name = "Out of range"
description = "Severity and risk score both wrong."
type = "eql"
query = 'process where true'
risk_score = 101
severity = "severe"
)");
  EXPECT_FALSE(r.rule);
  ASSERT_EQ(r.result.errors().size(), 2u) << r.result.to_string();
  EXPECT_EQ(r.result.errors()[0].to_string(),
            "rules/test.toml:7:1: error: 'risk_score' must be between 0 and 100, found 101");
  EXPECT_EQ(r.result.errors()[1].to_string(),
            R"(rules/test.toml:8:1: error: 'severity' must be one of low, medium, high, critical, found "severe")");
}

TEST(TomlRuleReader, UnknownRuleTypeIsAnError) {
  const auto r = read(R"([rule]
rule_id = "r-14"
name = "Unknown type"
description = "A type nobody has."
type = "sigma"
risk_score = 21
severity = "low"
)");
  EXPECT_EQ(only_error(r), R"(rules/test.toml:5:1: error: 'type' must be "eql" or "aggregation", found "sigma")");
}

TEST(TomlRuleReader, TomlSyntaxErrorCarriesItsPosition) {
  const auto r = read(R"([rule]
rule_id = "r-15"
name = "Broken
)");
  ASSERT_EQ(r.result.errors().size(), 1u);
  const auto& error = r.result.errors()[0];
  EXPECT_EQ(error.code, LoadCode::kTomlSyntax);
  EXPECT_EQ(error.location.file, kName);
  EXPECT_EQ(error.location.line, 3);
  EXPECT_GT(error.location.column, 0);
}

TEST(TomlRuleReader, MissingRuleTableIsAnError) {
  const auto r = read("[metadata]\nmaturity = \"production\"\n");
  EXPECT_EQ(only_error(r), "rules/test.toml:1:1: error: missing required table [rule]");
}

// The project's own rule: every field as the rule's specification gives it.
TEST(TomlRuleReader, ShippedActiveSyncRuleLoadsAsSpecified) {
  const auto path =
      test::source_dir() / "rules/windows/persistence_new_activesync_allowed_device_id_via_powershell.toml";
  LoadResult result;
  const auto rule = read_toml_rule(test::read_file(path), path.string(), result);
  ASSERT_TRUE(rule) << result.to_string();
  EXPECT_TRUE(result.errors().empty());
  EXPECT_TRUE(result.warnings().empty());

  EXPECT_EQ(rule->rule_id, "ce64d965-6cb0-466d-b74f-8d2c76f47f05");
  EXPECT_EQ(rule->name, "New ActiveSyncAllowedDeviceID Added via PowerShell");
  EXPECT_FALSE(rule->description.empty());
  EXPECT_EQ(rule->type, "eql");
  EXPECT_EQ(rule->language, "eql");
  EXPECT_EQ(rule->severity, "medium");
  EXPECT_EQ(rule->risk_score, 47);
  EXPECT_EQ(rule->interval, 5 * kMinuteMs);
  EXPECT_EQ(rule->from, "now-9m");
  EXPECT_EQ(rule->to, "now");
  EXPECT_EQ(rule->max_signals, 100);
  EXPECT_EQ(rule->timestamp_override, "event.ingested");
  EXPECT_EQ(rule->index, (std::vector<std::string>{
                             "endgame-*", "logs-crowdstrike.fdr*", "logs-endpoint.events.process-*",
                             "logs-m365_defender.event-*", "logs-sentinel_one_cloud_funnel.*",
                             "logs-system.security*", "logs-windows.forwarded*",
                             "logs-windows.sysmon_operational-*", "winlogbeat-*"}));
  EXPECT_EQ(rule->query,
            "process where host.os.type == \"windows\" and event.type == \"start\" and "
            "process.name : (\"powershell.exe\", \"pwsh.exe\", \"powershell_ise.exe\") and "
            "process.args : \"Set-CASMailbox*ActiveSyncAllowedDeviceIDs*\"\n");
  EXPECT_EQ(rule->references,
            (std::vector<std::string>{
                "https://www.volexity.com/blog/2020/12/14/dark-halo-leverages-solarwinds-compromise-to-breach-"
                "organizations/",
                "https://learn.microsoft.com/en-us/powershell/module/exchange/set-casmailbox"}));
  EXPECT_FALSE(rule->false_positives.empty());
  EXPECT_FALSE(rule->tags.empty());
  EXPECT_EQ(rule->author, std::vector<std::string>{"Vigil"});
  EXPECT_EQ(rule->license, "Apache-2.0");
  EXPECT_EQ(rule->version, 1);
  for (const char* topic : {"## Triage", "device ID", "False positives", "exception", "Response", "multi-factor"}) {
    EXPECT_NE(rule->note.find(topic), std::string::npos) << topic;
  }
  EXPECT_TRUE(rule->exceptions.empty());
  EXPECT_TRUE(rule->enabled);

  const auto threat = nlohmann::json::parse(R"([
    {"framework": "MITRE ATT&CK",
     "tactic": {"id": "TA0003", "name": "Persistence", "reference": "https://attack.mitre.org/tactics/TA0003/"},
     "technique": [{"id": "T1098", "name": "Account Manipulation",
                    "reference": "https://attack.mitre.org/techniques/T1098/",
                    "subtechnique": [{"id": "T1098.002", "name": "Additional Email Delegate Permissions",
                                      "reference": "https://attack.mitre.org/techniques/T1098/002/"}]}]},
    {"framework": "MITRE ATT&CK",
     "tactic": {"id": "TA0002", "name": "Execution", "reference": "https://attack.mitre.org/tactics/TA0002/"},
     "technique": [{"id": "T1059", "name": "Command and Scripting Interpreter",
                    "reference": "https://attack.mitre.org/techniques/T1059/",
                    "subtechnique": [{"id": "T1059.001", "name": "PowerShell",
                                      "reference": "https://attack.mitre.org/techniques/T1059/001/"}]}]},
    {"framework": "MITRE ATT&CK",
     "tactic": {"id": "TA0009", "name": "Collection", "reference": "https://attack.mitre.org/tactics/TA0009/"},
     "technique": [{"id": "T1114", "name": "Email Collection",
                    "reference": "https://attack.mitre.org/techniques/T1114/",
                    "subtechnique": [{"id": "T1114.002", "name": "Remote Email Collection",
                                      "reference": "https://attack.mitre.org/techniques/T1114/002/"}]}]}
  ])");
  EXPECT_EQ(rule->threat, threat);
}

// Real production rules, copied unmodified into tests/data/third_party
// (Elastic License 2.0, see SOURCES.md there).
TEST(TomlRuleReader, RealElasticRulesReadWithoutErrorsOrWarnings) {
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(test::third_party_dir("elastic-detection-rules"))) {
    if (entry.path().extension() != ".toml") continue;
    ++files;
    LoadResult result;
    const auto rule = read_toml_rule(test::read_file(entry.path()), entry.path().filename().string(), result);
    ASSERT_TRUE(rule) << result.to_string();
    EXPECT_TRUE(result.errors().empty()) << result.to_string();
    EXPECT_TRUE(result.warnings().empty()) << result.to_string();
    EXPECT_EQ(rule->type, "eql");
    EXPECT_EQ(rule->license, "Elastic License v2");
    EXPECT_TRUE(rule->query.starts_with("process where")) << entry.path();
    EXPECT_GT(rule->query_location.line, 1);
    EXPECT_EQ(rule->query_location.column, 1);
    EXPECT_FALSE(rule->threat.empty());
  }
  EXPECT_EQ(files, 23);
}

TEST(TomlRuleReader, RealSeedRuleQueryStartsOnTheLineAfterTheKey) {
  const auto path =
      test::third_party_dir("elastic-detection-rules") / "persistence_powershell_exch_mailbox_activesync_add_device.toml";
  LoadResult result;
  const auto rule = read_toml_rule(test::read_file(path), "seed.toml", result);
  ASSERT_TRUE(rule) << result.to_string();
  EXPECT_EQ(rule->query_location.line, 90);  // `query = '''` is on line 89
  EXPECT_EQ(rule->from, "now-9m");
  EXPECT_EQ(rule->interval, 5 * kMinuteMs);  // the file sets none: Kibana's default
  EXPECT_EQ(rule->threat.size(), 3u);
}

}  // namespace
}  // namespace vigil::engine
