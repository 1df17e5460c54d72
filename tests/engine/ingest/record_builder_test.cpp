#include "engine/ingest/record_builder.hpp"

#include <gtest/gtest.h>

#include "tests/engine/detect/detect_test_support.hpp"

namespace vigil::engine::ingest {
namespace {

using detect::IngestMatcher;
using detect::testing::powershell_rule;

// An aggregation rule over the rows of dataset test.rows in logs-* indices.
RuleDefinition rows_rule() {
  auto rule = powershell_rule("per-user");
  rule.type = "aggregation";
  rule.language.clear();
  rule.query.clear();
  rule.index = {"logs-*"};
  rule.extra = {{"dataset", "test.rows"}, {"group_by", {"User"}}, {"bin", "1h"}, {"metric", "count"}, {"threshold", 3}};
  return rule;
}

// An ECS row of dataset test.rows: stored under logs-test.rows-vigil when no index is named.
Normalized row() {
  return normalize({{"event", {{"category", {"iam"}}, {"dataset", "test.rows"}}}, {"user", "alice"}},
                   1'700'000'000'000);
}

TEST(RecordBuilder, TheIndexIsTheSourcesConventionalOneUnlessOneIsNamed) {
  EXPECT_EQ(to_event_record(row(), "", "a").index, "logs-test.rows-vigil");
  EXPECT_EQ(to_event_record(row(), "winlogbeat-1", "a").index, "winlogbeat-1");
}

TEST(RecordBuilder, RulesAreMatchedOnTheIndexTheRecordNames) {
  const auto rules = detect::testing::rule_set({rows_rule()});
  const IngestMatcher matcher(rules);
  // The conventional index (logs-...) is the one the rule's patterns select.
  const auto conventional = to_event_record(row(), "", "a", WriteMode::kCreate, &matcher);
  ASSERT_EQ(conventional.rule_matches.size(), 1u);
  EXPECT_EQ(conventional.rule_matches[0].rule_id, "per-user");
  EXPECT_TRUE(to_event_record(row(), "winlogbeat-1", "a", WriteMode::kCreate, &matcher).rule_matches.empty());
  EXPECT_TRUE(to_event_record(row(), "", "a").rule_matches.empty());  // no matcher
}

TEST(RecordBuilder, TheRecordCarriesTheNormalizedColumnsAndDocument) {
  auto normalized = normalize(detect::testing::process_doc(1'700'000'000'000), 1'700'000'100'000);
  const auto record = to_event_record(std::move(normalized), "winlogbeat-1", "id-1", WriteMode::kIndex);
  EXPECT_EQ(record.id, "id-1");
  EXPECT_EQ(record.mode, WriteMode::kIndex);
  EXPECT_EQ(record.timestamp, 1'700'000'000'000);
  EXPECT_EQ(record.ingested, 1'700'000'100'000);
  EXPECT_EQ(record.categories, std::vector<std::string>{"process"});
  EXPECT_EQ(nlohmann::json::parse(record.document)["process"]["name"], "powershell.exe");
}

}  // namespace
}  // namespace vigil::engine::ingest
