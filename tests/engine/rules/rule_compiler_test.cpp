#include "engine/rules/rule_compiler.hpp"

#include <gtest/gtest.h>

#include "engine/rules/kibana_export_reader.hpp"
#include "engine/rules/toml_rule_reader.hpp"

namespace vigil::engine {
namespace {

std::optional<CompiledRule> compile_toml(std::string_view text, LoadResult& result) {
  auto definition = read_toml_rule(text, "rules/test.toml", result);
  if (!definition) return std::nullopt;
  return compile_rule(std::move(*definition), result);
}

TEST(RuleCompiler, CompilesQueryExceptionsIndicesAndLookback) {
  LoadResult result;
  const auto rule = compile_toml(R"([rule]
rule_id = "r-1"
name = "PowerShell"
description = "d"
type = "eql"
risk_score = 21
severity = "low"
from = "now-9m"
index = ["winlogbeat-*", "-winlogbeat-test-*"]
query = '''
process where process.name : "powershell.exe"
'''

[[rule.exceptions]]
[[rule.exceptions.entries]]
field = "user.name"
operator = "is"
value = "svc"
)",
                                 result);
  ASSERT_TRUE(rule) << result.to_string();
  EXPECT_TRUE(result.ok());
  EXPECT_EQ(rule->lookback_ms, 9 * kMinuteMs);
  ASSERT_TRUE(rule->query);
  EXPECT_EQ(rule->query->category(), "process");

  const nlohmann::json event = {{"event", {{"category", "process"}}},
                                {"process", {{"name", "POWERSHELL.EXE"}}},
                                {"user", {{"name", "svc"}}}};
  EXPECT_TRUE(rule->query->matches(event));
  EXPECT_TRUE(rule->exceptions.excepts(event));
  EXPECT_TRUE(rule->indices.selects("winlogbeat-8.11.0-2024.01.01"));
  EXPECT_FALSE(rule->indices.selects("winlogbeat-test-1"));
  EXPECT_FALSE(rule->indices.selects("logs-endpoint.events.process-default"));
}

TEST(RuleCompiler, DefaultLookbackIsSixMinutes) {
  LoadResult result;
  const auto rule = compile_toml(R"([rule]
rule_id = "r-2"
name = "Defaults"
description = "d"
type = "eql"
risk_score = 21
severity = "low"
query = "any where true"
)",
                                 result);
  ASSERT_TRUE(rule) << result.to_string();
  EXPECT_EQ(rule->lookback_ms, 6 * kMinuteMs);
  EXPECT_TRUE(rule->indices.selects("anything"));  // no index list: every index
}

TEST(RuleCompiler, EqlErrorOnALaterQueryLineMapsToTheFileLine) {
  LoadResult result;
  const auto rule = compile_toml(R"([rule]
rule_id = "r-3"
name = "Broken query"
description = "d"
type = "eql"
risk_score = 21
severity = "low"
query = '''
process where process.name == "cmd.exe" and
  process.args == ^
'''
)",
                                 result);
  EXPECT_FALSE(rule);
  ASSERT_EQ(result.errors().size(), 1u) << result.to_string();
  const auto& error = result.errors()[0];
  EXPECT_EQ(error.code, LoadCode::kQuerySyntax);
  EXPECT_EQ(error.location.file, "rules/test.toml");
  EXPECT_EQ(error.location.line, 10);
  EXPECT_EQ(error.location.column, 19);
  EXPECT_TRUE(error.message.starts_with("invalid EQL query in rule \"Broken query\": ")) << error.message;
}

TEST(RuleCompiler, EqlErrorOnTheFirstQueryLineIsShiftedByTheQuoteColumn) {
  LoadResult result;
  const auto rule = compile_toml(R"([rule]
rule_id = "r-4"
name = "Broken query"
description = "d"
type = "eql"
risk_score = 21
severity = "low"
query = "process where ^"
)",
                                 result);
  EXPECT_FALSE(rule);
  ASSERT_EQ(result.errors().size(), 1u) << result.to_string();
  EXPECT_EQ(result.errors()[0].location.line, 8);
  EXPECT_EQ(result.errors()[0].location.column, 24);
}

TEST(RuleCompiler, EqlErrorInAKibanaExportNamesThePositionInTheQuery) {
  LoadResult result;
  auto definitions = read_kibana_export(
      R"({"rule_id":"k","name":"K","description":"d","type":"eql","query":"process where\n  ^","risk_score":1,"severity":"low"})",
      "export.ndjson", result);
  ASSERT_EQ(definitions.size(), 1u) << result.to_string();
  EXPECT_FALSE(compile_rule(std::move(definitions[0]), result));
  ASSERT_EQ(result.errors().size(), 1u);
  const auto text = result.errors()[0].to_string();
  EXPECT_TRUE(text.starts_with("export.ndjson:1: error: invalid EQL query in rule \"K\": ")) << text;
  EXPECT_TRUE(text.ends_with(" (query line 2, column 3)")) << text;
}

TEST(RuleCompiler, AggregationRuleCompilesItsQueryAsACondition) {
  LoadResult result;
  const auto with_filter = compile_toml(R"([rule]
rule_id = "r-5"
name = "Aggregate"
description = "d"
type = "aggregation"
risk_score = 21
severity = "low"
query = 'user.name == "alice"'
)",
                                        result);
  ASSERT_TRUE(with_filter) << result.to_string();
  ASSERT_TRUE(with_filter->query);
  EXPECT_FALSE(with_filter->query->category());
  EXPECT_TRUE(with_filter->query->matches({{"user", {{"name", "alice"}}}}));

  const auto without = compile_toml(R"([rule]
rule_id = "r-6"
name = "Aggregate"
description = "d"
type = "aggregation"
risk_score = 21
severity = "low"
)",
                                    result);
  ASSERT_TRUE(without) << result.to_string();
  EXPECT_FALSE(without->query);
}

}  // namespace
}  // namespace vigil::engine
