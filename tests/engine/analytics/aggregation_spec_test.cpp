#include "engine/analytics/aggregation_spec.hpp"

#include <gtest/gtest.h>

namespace vigil::engine::analytics {
namespace {

nlohmann::json minimal() {
  return {{"dataset", "m365_defender.EmailEvents"},
          {"group_by", {"Connectors"}},
          {"bin", "1h"},
          {"metric", "distinct_count(NetworkMessageId)"},
          {"threshold", 10}};
}

std::string error_of(const nlohmann::json& extra) {
  const auto read = read_aggregation_spec(extra, {});
  const auto* error = std::get_if<std::string>(&read);
  return error ? *error : "";
}

TEST(AggregationSpec, DefaultsFollowTheDocumentation) {
  const auto read = read_aggregation_spec(minimal(), {});
  ASSERT_TRUE(std::holds_alternative<AggregationSpec>(read)) << std::get<std::string>(read);
  const auto& spec = std::get<AggregationSpec>(read);
  EXPECT_EQ(spec.metric_name(), "distinct_count(NetworkMessageId)");
  EXPECT_EQ(spec.settle, 5 * kMinuteMs);
  EXPECT_EQ(spec.bins_back, 3);
  EXPECT_EQ(spec.lookback, 7 * kDayMs);
  EXPECT_TRUE(spec.meets_threshold(10));
  EXPECT_FALSE(spec.meets_threshold(9));
}

TEST(AggregationSpec, GreaterThanIsStrict) {
  auto extra = minimal();
  extra["comparison"] = ">";
  const auto spec = std::get<AggregationSpec>(read_aggregation_spec(extra, {}));
  EXPECT_FALSE(spec.meets_threshold(10));
  EXPECT_TRUE(spec.meets_threshold(11));
}

bool any_row(const ColumnRow&) { return true; }

// Content adds the names `checks` and `evidence` may use; the error lists them.
TEST(AggregationSpec, ChecksAndEvidenceResolveAgainstTheExtensions) {
  AggregationExtensions extensions;
  extensions.row_checks.add("any_row", RowCheck{any_row, {"A"}});
  auto extra = minimal();
  extra["checks"] = {"any_row"};
  const auto read = read_aggregation_spec(extra, extensions);
  ASSERT_TRUE(std::holds_alternative<AggregationSpec>(read)) << std::get<std::string>(read);
  ASSERT_EQ(std::get<AggregationSpec>(read).checks.size(), 1u);
  EXPECT_EQ(std::get<AggregationSpec>(read).checks[0].passes, &any_row);
  extra["checks"] = {"nonsense"};
  EXPECT_EQ(std::get<std::string>(read_aggregation_spec(extra, extensions)),
            "'checks' has unknown check \"nonsense\" (known: \"any_row\")");
  extra = minimal();
  extra["evidence"] = "mail";
  EXPECT_EQ(std::get<std::string>(read_aggregation_spec(extra, extensions)),
            "'evidence' names no known kind of evidence (none are registered)");
}

std::optional<std::string> no_owner_key(const nlohmann::json& extra, const AggregationSpec& spec) {
  if (extra.contains("owner") && spec.group_by.size() > 1) return "'owner' needs a single group_by field";
  return std::nullopt;
}

// A module's own keys are checked with the spec read from the rest.
TEST(AggregationSpec, SettingsChecksSeeTheRuleAndItsSpec) {
  AggregationExtensions extensions;
  extensions.settings_checks.add("owner", no_owner_key);
  auto extra = minimal();
  extra["owner"] = "x";
  EXPECT_TRUE(std::holds_alternative<AggregationSpec>(read_aggregation_spec(extra, extensions)));
  extra["group_by"] = {"Connectors", "SenderObjectId"};
  EXPECT_EQ(error_of(extra), "");  // no module registered: the key is not the core's
  EXPECT_EQ(std::get<std::string>(read_aggregation_spec(extra, extensions)), "'owner' needs a single group_by field");
}

TEST(AggregationSpec, ErrorsNameTheKey) {
  auto extra = minimal();
  extra["metric"] = "sum(Size)";
  EXPECT_NE(error_of(extra).find("'metric'"), std::string::npos);
  extra = minimal();
  extra["bin"] = "7m";
  EXPECT_NE(error_of(extra).find("'bin'"), std::string::npos);
  extra = minimal();
  extra["filter"] = "ActionType ==";
  EXPECT_NE(error_of(extra).find("'filter'"), std::string::npos);
  extra = minimal();
  extra["checks"] = {"nonsense"};
  EXPECT_NE(error_of(extra).find("'checks'"), std::string::npos);
  extra = minimal();
  extra["lookback"] = "30m";  // shorter than the 1h bin
  EXPECT_NE(error_of(extra).find("'lookback'"), std::string::npos);
  extra = minimal();
  extra.erase("threshold");
  EXPECT_NE(error_of(extra).find("'threshold'"), std::string::npos);
}

}  // namespace
}  // namespace vigil::engine::analytics
