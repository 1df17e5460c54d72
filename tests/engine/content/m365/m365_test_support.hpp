#pragma once

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "engine/content/register_all.hpp"
#include "engine/normalize/normalizer.hpp"
#include "engine/rules/rule_loader.hpp"
#include "engine/store/event_record.hpp"
#include "engine/time/timestamp.hpp"
#include "tests/support/test_data.hpp"

// Defender rows for the m365 rule tests, built from the project's own
// streaming-API records in tests/data/defender (written from Microsoft's
// table schemas, values invented): each test row is such a record with only
// the columns under test replaced, stored the way ingest stores it (through
// normalize()).
namespace vigil::engine::detect::testing {

inline constexpr const char* kStreamRecords = "defender/streaming_api_records.ndjson";

// The first streaming record of `table` ("EmailEvents", ...).
inline nlohmann::json stream_record(const std::string& table) {
  for (auto& record : test::read_json_lines(test::data_dir() / kStreamRecords)) {
    if (record.value("category", "") == "AdvancedHunting-" + table) return record;
  }
  throw std::runtime_error("no " + table + " record in " + std::string(kStreamRecords));
}

// `record` with `columns` replacing its row's columns and Timestamp = t.
inline nlohmann::json with_columns(nlohmann::json record, TimeMs t, const nlohmann::json& columns) {
  auto& row = record["properties"];
  row["Timestamp"] = format_timestamp(t);
  for (const auto& [key, value] : columns.items()) row[key] = value;
  return record;
}

// The Exchange admin audit record (RawEventData) of a connector cmdlet,
// as the Office 365 Management Activity schema shapes it.
inline nlohmann::json exchange_admin_raw(const std::string& operation, const nlohmann::json& parameters) {
  auto list = nlohmann::json::array();
  for (const auto& [name, value] : parameters.items()) list.push_back({{"Name", name}, {"Value", value}});
  return {{"RecordType", 1},
          {"Operation", operation},
          {"Workload", "Exchange"},
          {"ResultStatus", "True"},
          {"Parameters", list}};
}

// The rules of rules/m365, with the content they report through registered.
inline RuleSet m365_rules() {
  content::register_all(content_registry());
  RuleLoader loader;
  loader.add_directory(test::source_dir() / "rules" / "m365");
  auto loaded = std::move(loader).finish();
  if (!loaded.result.ok()) throw std::runtime_error("rules/m365 failed to load: " + loaded.result.to_string());
  return std::move(loaded.rules);
}

}  // namespace vigil::engine::detect::testing
