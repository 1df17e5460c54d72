#include "engine/rules/index_patterns.hpp"

#include <gtest/gtest.h>

namespace vigil::engine {
namespace {

TEST(IndexPatterns, EmptyListSelectsEveryIndex) {
  EXPECT_TRUE(IndexPatterns().selects("winlogbeat-8.11.0"));
  EXPECT_TRUE(IndexPatterns(std::vector<std::string>{}).selects(""));
}

TEST(IndexPatterns, WildcardsSelectDataStreamsAndIndices) {
  const IndexPatterns patterns({"logs-windows.sysmon_operational-*", "winlogbeat-*", "logs-system.security*"});
  EXPECT_TRUE(patterns.selects("logs-windows.sysmon_operational-default"));
  EXPECT_FALSE(patterns.selects(".ds-logs-system.security-default-2024.01.01-000001"));
  EXPECT_TRUE(patterns.selects("logs-system.security-default"));
  EXPECT_TRUE(patterns.selects("winlogbeat-8.11.0-2024.01.01"));
  EXPECT_FALSE(patterns.selects("Winlogbeat-8"));  // index names are case-sensitive
  EXPECT_FALSE(patterns.selects("filebeat-8.11.0"));
}

TEST(IndexPatterns, DashPrefixExcludes) {
  const IndexPatterns patterns({"logs-*", "-logs-test*"});
  EXPECT_TRUE(patterns.selects("logs-windows.forwarded-default"));
  EXPECT_FALSE(patterns.selects("logs-test-1"));
  EXPECT_FALSE(IndexPatterns({"-logs-test*"}).selects("logs-test-1"));
  EXPECT_TRUE(IndexPatterns({"-logs-test*"}).selects("winlogbeat-1"));
}

// _count and _search name indices with '*' as the only wildcard.
TEST(IndexPatterns, OfARequestTakeAQuestionMarkForItself) {
  const std::vector<std::string> requested = {"a?c", "logs-*"};
  const auto patterns = IndexPatterns::of_request(requested);
  EXPECT_TRUE(patterns.selects("a?c"));
  EXPECT_FALSE(patterns.selects("abc"));
  EXPECT_TRUE(patterns.selects("logs-x"));
}

}  // namespace
}  // namespace vigil::engine
