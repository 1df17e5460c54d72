#include <gtest/gtest.h>

#include "engine/rules/rule.hpp"
#include "engine/rules/toml_rule_reader.hpp"
#include "tests/support/test_data.hpp"

namespace vigil::engine {
namespace {

TEST(Mitre, ShippedRuleFlattensTechniquesThenSubtechniques) {
  const auto path =
      test::source_dir() / "rules/windows/persistence_new_activesync_allowed_device_id_via_powershell.toml";
  LoadResult result;
  const auto rule = read_toml_rule(test::read_file(path), path.string(), result);
  ASSERT_TRUE(rule) << result.to_string();
  EXPECT_EQ(mitre_technique_ids(rule->threat),
            (std::vector<std::string>{"T1098", "T1098.002", "T1059", "T1059.001", "T1114", "T1114.002"}));
}

TEST(Mitre, DuplicatesAreListedOnce) {
  const auto threat = nlohmann::json::parse(R"([
    {"technique": [{"id": "T1059", "subtechnique": [{"id": "T1059.001"}]}, {"id": "T1105"}]},
    {"technique": [{"id": "T1059", "subtechnique": [{"id": "T1059.003"}, {"id": "T1059.001"}]}]}
  ])");
  EXPECT_EQ(mitre_technique_ids(threat),
            (std::vector<std::string>{"T1059", "T1059.001", "T1105", "T1059.003"}));
}

TEST(Mitre, TacticOnlyAndMalformedMappingsGiveNoIds) {
  EXPECT_TRUE(mitre_technique_ids(nlohmann::json::array()).empty());
  EXPECT_TRUE(mitre_technique_ids(nlohmann::json::parse(R"([{"tactic": {"id": "TA0002"}}])")).empty());
  EXPECT_TRUE(mitre_technique_ids(nlohmann::json::parse(R"({"technique": [{"id": "T1"}]})")).empty());
  EXPECT_EQ(mitre_technique_ids(nlohmann::json::parse(R"([{"technique": [{"name": "no id"}, {"id": 7}, {"id": "T2"}]},
                                                           "junk", {"technique": "junk"}])")),
            std::vector<std::string>{"T2"});
}

}  // namespace
}  // namespace vigil::engine
