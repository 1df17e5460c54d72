#include "engine/rules/kibana_export_reader.hpp"

#include <gtest/gtest.h>

namespace vigil::engine {
namespace {

constexpr const char* kName = "exports/rules.ndjson";

// A Kibana 8.x export, trimmed to the keys that matter plus some bookkeeping
// Kibana always writes. CRLF on one line on purpose.
constexpr std::string_view kExport =
    R"({"id":"6f1f7a3e-0000-4000-8000-000000000001","rule_id":"ce64d965-6cb0-466d-b74f-8d2c76f47f05","name":"New ActiveSyncAllowedDeviceID Added via PowerShell","description":"Set-CASMailbox adds a device.","type":"eql","language":"eql","query":"process where process.name : \"pwsh.exe\"","index":["winlogbeat-*"],"interval":"5m","from":"now-9m","to":"now","max_signals":100,"risk_score":47,"severity":"medium","timestamp_override":"event.ingested","tags":["OS: Windows"],"references":[],"false_positives":[],"author":["Elastic"],"license":"Elastic License v2","version":318,"enabled":false,"immutable":true,"created_at":"2024-01-01T00:00:00.000Z","actions":[],"threat":[{"framework":"MITRE ATT&CK","tactic":{"id":"TA0003","name":"Persistence","reference":"https://attack.mitre.org/tactics/TA0003/"},"technique":[{"id":"T1098","name":"Account Manipulation","reference":"https://attack.mitre.org/techniques/T1098/","subtechnique":[{"id":"T1098.002","name":"Additional Email Delegate Permissions","reference":"https://attack.mitre.org/techniques/T1098/002/"}]}]}],"exceptions_list":[{"id":"a1","list_id":"exchange-admins","namespace_type":"single","type":"detection"},{"id":"a2","list_id":"endpoint_list","namespace_type":"agnostic","type":"endpoint"}]})"
    "\r\n"
    R"({"rule_id":"kuery-1","name":"A KQL rule","description":"d","type":"query","language":"kuery","query":"process.name:x","risk_score":21,"severity":"low"})"
    "\n"
    R"({"rule_id":"bad-1","name":"Bad risk","description":"d","type":"eql","language":"eql","query":"process where true","risk_score":"high","severity":"low"})"
    "\n"
    R"({"rule_id": "broken", "name": tru})"
    "\n"
    R"({"list_id":"exchange-admins","type":"detection","name":"Exchange admins","namespace_type":"single"})"
    "\n"
    R"({"item_id":"i1","list_id":"exchange-admins","name":"Admin accounts","type":"simple","namespace_type":"single","os_types":["windows"],"entries":[{"field":"user.name","operator":"included","type":"match_any","value":["svc-exchange","exadmin"]},{"field":"process.command_line","operator":"excluded","type":"wildcard","value":"*Remove*"}]})"
    "\n"
    R"({"item_id":"i2","list_id":"exchange-admins","name":"Known hosts","type":"simple","namespace_type":"single","entries":[{"field":"host.name","operator":"included","type":"list","list":{"id":"hosts.txt","type":"keyword"}}]})"
    "\n"
    R"({"item_id":"i3","list_id":"exchange-admins","name":"Signed","type":"simple","namespace_type":"single","entries":[{"field":"process.code_signature.trusted","operator":"included","type":"match","value":"true"},{"field":"process.parent.name","operator":"excluded","type":"exists"}]})"
    "\n"
    "\n"
    R"({"exported_count":3,"exported_rules_count":3,"missing_rules":[],"missing_rules_count":0,"exported_exception_list_count":1,"exported_exception_list_item_count":3,"missing_exception_list_item_count":0})"
    "\n";

TEST(KibanaExportReader, ReadsRulesAndResolvesExceptionLists) {
  LoadResult result;
  const auto rules = read_kibana_export(kExport, kName, result);
  ASSERT_EQ(rules.size(), 1u) << result.to_string();
  const auto& rule = rules[0];
  EXPECT_EQ(rule.rule_id, "ce64d965-6cb0-466d-b74f-8d2c76f47f05");
  EXPECT_EQ(rule.name, "New ActiveSyncAllowedDeviceID Added via PowerShell");
  EXPECT_EQ(rule.type, "eql");
  EXPECT_EQ(rule.query, R"(process where process.name : "pwsh.exe")");
  EXPECT_EQ(rule.index, std::vector<std::string>{"winlogbeat-*"});
  EXPECT_EQ(rule.interval, 5 * kMinuteMs);
  EXPECT_EQ(rule.from, "now-9m");
  EXPECT_EQ(rule.max_signals, 100);
  EXPECT_EQ(rule.risk_score, 47);
  EXPECT_EQ(rule.severity, "medium");
  EXPECT_EQ(rule.timestamp_override, "event.ingested");
  EXPECT_EQ(rule.version, 318);
  EXPECT_FALSE(rule.enabled);
  EXPECT_EQ(rule.license, "Elastic License v2");
  EXPECT_EQ(rule.threat.size(), 1u);
  EXPECT_EQ(rule.location.file, kName);
  EXPECT_EQ(rule.location.line, 1);
  EXPECT_EQ(rule.query_location.line, 1);

  // i1 and i3 convert; i2 (a value list) is skipped with a warning.
  ASSERT_EQ(rule.exceptions.size(), 2u);
  const auto& admins = rule.exceptions[0];
  EXPECT_EQ(admins.name, "Admin accounts");
  ASSERT_EQ(admins.entries.size(), 3u);
  EXPECT_EQ(admins.entries[0].field, "user.name");
  EXPECT_EQ(admins.entries[0].op, ExceptionOperator::kIsOneOf);
  EXPECT_EQ(admins.entries[0].values, (std::vector<std::string>{"svc-exchange", "exadmin"}));
  EXPECT_EQ(admins.entries[1].op, ExceptionOperator::kDoesNotMatch);
  EXPECT_EQ(admins.entries[1].values, std::vector<std::string>{"*Remove*"});
  EXPECT_EQ(admins.entries[2].field, "host.os.type");  // from os_types
  EXPECT_EQ(admins.entries[2].values, std::vector<std::string>{"windows"});
  const auto& signed_item = rule.exceptions[1];
  ASSERT_EQ(signed_item.entries.size(), 2u);
  EXPECT_EQ(signed_item.entries[0].op, ExceptionOperator::kIs);
  EXPECT_EQ(signed_item.entries[1].op, ExceptionOperator::kDoesNotExist);
}

TEST(KibanaExportReader, ReportsEachProblemAtItsLine) {
  LoadResult result;
  read_kibana_export(kExport, kName, result);
  ASSERT_EQ(result.errors().size(), 2u) << result.to_string();
  EXPECT_EQ(result.errors()[0].to_string(),
            R"(exports/rules.ndjson:3: error: 'risk_score' must be an integer, found string "high")");
  EXPECT_EQ(result.errors()[1].code, LoadCode::kJsonSyntax);
  EXPECT_EQ(result.errors()[1].location.line, 4);
  EXPECT_EQ(result.errors()[1].location.column, 34);  // where "tru}" stops being a literal
  const auto json_error = result.errors()[1].to_string();
  EXPECT_TRUE(json_error.starts_with("exports/rules.ndjson:4:34: error: invalid JSON: syntax error")) << json_error;

  ASSERT_EQ(result.warnings().size(), 3u) << result.to_string();
  EXPECT_EQ(result.warnings()[0].to_string(),
            "exports/rules.ndjson:2: warning: rule \"A KQL rule\" has type \"query\", which Vigil does not run; "
            "skipped");
  EXPECT_EQ(result.warnings()[1].to_string(),
            "exports/rules.ndjson:7: warning: exception item \"Known hosts\" skipped: entry type \"list\" on "
            "'host.name' is not supported (value lists and nested entries are not)");
  EXPECT_EQ(result.warnings()[2].to_string(),
            "exports/rules.ndjson:1: warning: rule \"New ActiveSyncAllowedDeviceID Added via PowerShell\" refers to "
            "exception list \"endpoint_list\", which is not in this export; its exceptions are not applied");
}

// Found by tests/fuzz/toml_rule_reader_fuzz: a number beyond double threw
// out_of_range out of the reader, ending vigild instead of reporting the line.
TEST(KibanaExportReader, NumberBeyondDoubleIsAJsonErrorAtItsLine) {
  LoadResult result;
  const auto rules = read_kibana_export(
      "{\"rule_id\":\"r\",\"risk_score\":88E360}\n"
      R"({"rule_id":"ok","name":"n","description":"d","type":"eql","language":"eql","query":"process where true","risk_score":21,"severity":"low"})"
      "\n",
      kName, result);
  ASSERT_EQ(result.errors().size(), 1u) << result.to_string();
  EXPECT_EQ(result.errors()[0].to_string(), "exports/rules.ndjson:1: error: invalid JSON: a number is out of range");
  ASSERT_EQ(rules.size(), 1u);
  EXPECT_EQ(rules[0].rule_id, "ok");
}

TEST(KibanaExportReader, EmptyExportAndSummaryOnlyLoadNothing) {
  LoadResult result;
  EXPECT_TRUE(read_kibana_export("", kName, result).empty());
  EXPECT_TRUE(read_kibana_export(R"({"exported_count":0,"missing_rules":[]})", kName, result).empty());
  EXPECT_TRUE(result.errors().empty());
  EXPECT_TRUE(result.warnings().empty());
}

TEST(KibanaExportReader, LinesThatAreNotObjectsOrNotRulesAreReported) {
  LoadResult result;
  EXPECT_TRUE(read_kibana_export("[1,2]\n{\"type\":\"action\",\"id\":\"x\"}\n", kName, result).empty());
  ASSERT_EQ(result.errors().size(), 1u);
  EXPECT_EQ(result.errors()[0].to_string(), "exports/rules.ndjson:1: error: each line must be a JSON object");
  ASSERT_EQ(result.warnings().size(), 1u);
  EXPECT_EQ(result.warnings()[0].to_string(),
            "exports/rules.ndjson:2: warning: neither a rule nor an exception; skipped");
}

TEST(KibanaExportReader, MalformedExceptionEntriesSkipTheirItem) {
  LoadResult result;
  read_kibana_export(
      R"({"item_id":"a","list_id":"l","name":"No value","entries":[{"field":"x","operator":"included","type":"match"}]})"
      "\n"
      R"({"item_id":"b","list_id":"l","name":"Bad any","entries":[{"field":"y","type":"match_any","value":[1]}]})"
      "\n"
      R"({"item_id":"c","list_id":"l","name":"No entries","entries":[]})",
      kName, result);
  EXPECT_TRUE(result.errors().empty());
  ASSERT_EQ(result.warnings().size(), 3u) << result.to_string();
  EXPECT_EQ(result.warnings()[0].to_string(),
            "exports/rules.ndjson:1: warning: exception item \"No value\" skipped: a match entry on 'x' has no "
            "string value");
  EXPECT_EQ(result.warnings()[1].to_string(),
            "exports/rules.ndjson:2: warning: exception item \"Bad any\" skipped: a match_any entry on 'y' has no "
            "array of strings");
  EXPECT_EQ(result.warnings()[2].to_string(),
            "exports/rules.ndjson:3: warning: exception item \"No entries\" skipped: it has no entries");
}

TEST(KibanaExportReader, MissingRequiredKeyIsReportedAtTheLine) {
  LoadResult result;
  const auto rules = read_kibana_export(
      R"({"rule_id":"r","description":"d","type":"eql","query":"process where true","risk_score":1,"severity":"low"})",
      kName, result);
  EXPECT_TRUE(rules.empty());
  ASSERT_EQ(result.errors().size(), 1u);
  EXPECT_EQ(result.errors()[0].to_string(), "exports/rules.ndjson:1: error: missing required key 'name'");
}

}  // namespace
}  // namespace vigil::engine
