#include "engine/content/m365/connector_settings.hpp"

#include <gtest/gtest.h>

namespace vigil::engine::content::m365 {
namespace {

analytics::AggregationSpec spec_grouping_by(std::vector<std::string> group_by) {
  analytics::AggregationSpec spec;
  spec.group_by = std::move(group_by);
  return spec;
}

TEST(ConnectorSettings, DefaultsFollowTheDocumentation) {
  const auto read = read_connector_changes({{"connector_changes", nlohmann::json::object()}},
                                           spec_grouping_by({"Connectors", "SenderObjectId"}));
  const auto& settings = std::get<std::optional<ConnectorChanges>>(read);
  ASSERT_TRUE(settings);
  EXPECT_EQ(settings->field, "Connectors");
  EXPECT_EQ(settings->dataset, "m365_defender.CloudAppEvents");
  EXPECT_EQ(settings->lookback, 7 * kDayMs);
  EXPECT_TRUE(settings->required);
}

TEST(ConnectorSettings, AbsentIsNoSettingsAndNoError) {
  const auto read = read_connector_changes(nlohmann::json::object(), spec_grouping_by({"Connectors"}));
  EXPECT_EQ(std::get<std::optional<ConnectorChanges>>(read), std::nullopt);
  EXPECT_EQ(check_connector_changes(nlohmann::json::object(), spec_grouping_by({"Connectors"})), std::nullopt);
}

TEST(ConnectorSettings, ErrorsNameTheKey) {
  const auto spec = spec_grouping_by({"Connectors"});
  EXPECT_EQ(check_connector_changes({{"connector_changes", {{"field", "SenderObjectId"}}}}, spec),
            "'connector_changes.field' must be one of the group_by fields");
  EXPECT_EQ(check_connector_changes({{"connector_changes", {{"lookback", "soon"}}}}, spec),
            "'connector_changes.lookback' must be a duration such as \"1h\" or \"60s\"");
  EXPECT_EQ(check_connector_changes({{"connector_changes", {{"required", "yes"}}}}, spec),
            "'connector_changes.required' must be a boolean");
  EXPECT_EQ(check_connector_changes({{"connector_changes", "Connectors"}}, spec), "'connector_changes' must be a table");
}

}  // namespace
}  // namespace vigil::engine::content::m365
