#include "engine/detect/ingest_matching.hpp"

#include <gtest/gtest.h>

namespace vigil::engine::detect {
namespace {

TEST(PlanMatchingChange, NewAndChangedRulesRestartInTheOrderWanted) {
  const std::vector<IngestRuleVersion> recorded{{"kept", "f1"}, {"edited", "f1"}};
  const std::vector<IngestRuleVersion> wanted{{"new", "f1"}, {"edited", "f2"}, {"kept", "f1"}};

  const auto change = plan_matching_change(recorded, wanted);

  EXPECT_EQ(change.restarted, (std::vector<IngestRuleVersion>{{"new", "f1"}, {"edited", "f2"}}));
  EXPECT_TRUE(change.stopped.empty());
}

TEST(PlanMatchingChange, RulesNoLongerWantedStop) {
  const std::vector<IngestRuleVersion> recorded{{"gone", "f1"}, {"kept", "f1"}};
  const std::vector<IngestRuleVersion> wanted{{"kept", "f1"}};

  const auto change = plan_matching_change(recorded, wanted);

  EXPECT_TRUE(change.restarted.empty());
  EXPECT_EQ(change.stopped, std::vector<std::string>{"gone"});
}

TEST(PlanMatchingChange, TheSameRulesChangeNothing) {
  const std::vector<IngestRuleVersion> rules{{"a", "f1"}, {"b", "f2"}};

  const auto change = plan_matching_change(rules, rules);

  EXPECT_TRUE(change.restarted.empty());
  EXPECT_TRUE(change.stopped.empty());
}

}  // namespace
}  // namespace vigil::engine::detect
