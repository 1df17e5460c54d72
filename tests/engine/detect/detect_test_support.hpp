#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/rules/compiled_rule.hpp"
#include "engine/rules/rule_compiler.hpp"
#include "engine/rules/rule_set.hpp"
#include "engine/store/event_record.hpp"
#include "engine/time/timestamp.hpp"
#include "storage/sqlite/database.hpp"
#include "storage/sqlite/sqlite_alert_store.hpp"
#include "storage/sqlite/sqlite_event_store.hpp"
#include "storage/sqlite/sqlite_run_store.hpp"

// Helpers shared by the detection tests: real SQLite stores, rules built in
// code, and process-start documents as the normalizer leaves them.
namespace vigil::engine::detect::testing {

// 2024-03-04T00:00:00Z, a Monday: the start of simulated time.
inline constexpr TimeMs kT0 = 1709510400000;

// The real stores on one SQLite file. Opening a second Stores on the same
// path is what a daemon restart does.
struct Stores {
  explicit Stores(const std::filesystem::path& path) : db(storage::Database::Options{path}) {}

  storage::Database db;
  storage::SqliteEventStore events{db};
  storage::SqliteRunStore runs{db};
  storage::SqliteAlertStore alerts{db};

  std::uint64_t alert_count(const std::string& rule_id) {
    AlertQuery query;
    query.filter.rule_ids = {rule_id};
    query.limit = 1;
    return alerts.list(query).total;
  }
};

// The stored alerts of `rule_id` (up to 1000), as documents.
inline std::vector<nlohmann::json> alerts_of(AlertStore& alerts, const std::string& rule_id) {
  AlertQuery query;
  query.filter.rule_ids = {rule_id};
  query.limit = 1000;
  std::vector<nlohmann::json> found;
  for (const auto& text : alerts.list(query).alerts) found.push_back(nlohmann::json::parse(text));
  return found;
}

// An EQL rule over winlogbeat-* for PowerShell starts: interval 5m, now-9m,
// windowed on @timestamp.
inline RuleDefinition powershell_rule(std::string rule_id = "rule-1") {
  RuleDefinition rule;
  rule.rule_id = std::move(rule_id);
  rule.name = "PowerShell started";
  rule.description = "test rule";
  rule.query = R"(process where event.type == "start" and process.name : "powershell.exe")";
  rule.index = {"winlogbeat-*"};
  rule.from = "now-9m";
  rule.interval = 5 * kMinuteMs;
  rule.severity = "medium";
  rule.risk_score = 47;
  return rule;
}

inline CompiledRule compile(RuleDefinition definition) {
  LoadResult result;
  auto rule = compile_rule(std::move(definition), result);
  if (!rule) throw std::runtime_error("test rule failed to compile: " + result.to_string());
  return std::move(*rule);
}

inline RuleSet rule_set(std::vector<RuleDefinition> definitions) {
  RuleSet rules;
  for (auto& d : definitions) rules.add(compile(std::move(d)));
  return rules;
}

// A normalized process-start document.
inline nlohmann::json process_doc(TimeMs timestamp, const std::string& process_name = "powershell.exe",
                                  const std::string& user = "bob") {
  return {
      {"@timestamp", format_timestamp(timestamp)},
      {"event", {{"category", {"process"}}, {"type", {"start"}}, {"kind", "event"}}},
      {"host", {{"name", "WS01"}, {"os", {{"type", "windows"}}}}},
      {"user", {{"name", user}}},
      {"process",
       {{"name", process_name},
        {"executable", "C:\\Windows\\System32\\" + process_name},
        {"args", {process_name, "-NoProfile"}},
        {"command_line", process_name + " -NoProfile"},
        {"pid", 4242},
        {"parent", {{"name", "explorer.exe"}}}}},
  };
}

// A record of `document` for the store; `ingested` is the arrival time.
inline EventRecord record(const std::string& index, const std::string& id, nlohmann::json document, TimeMs ingested) {
  document["event"]["ingested"] = format_timestamp(ingested);
  EventRecord r;
  r.index = index;
  r.id = id;
  r.timestamp = parse_timestamp(document.value("@timestamp", ""));
  r.ingested = ingested;
  for (const auto& category : document["event"].value("category", nlohmann::json::array())) {
    r.categories.push_back(category.get<std::string>());
  }
  r.dataset = "windows.sysmon_operational";
  r.document = document.dump();
  return r;
}

}  // namespace vigil::engine::detect::testing
