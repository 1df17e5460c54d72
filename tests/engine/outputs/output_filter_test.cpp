#include "engine/outputs/output_filter.hpp"

#include <gtest/gtest.h>

namespace vigil::engine::outputs {
namespace {

OutboxEntry entry(const std::string& rule, const std::string& severity, std::vector<std::string> mitre,
                  const std::string& status = "open", OutboxKind kind = OutboxKind::kAlertCreated) {
  OutboxEntry e;
  e.kind = kind;
  e.alert_id = "a1";
  e.alert = {{"rule", {{"id", rule}, {"severity", severity}}}, {"mitre", mitre}, {"status", status}};
  return e;
}

TEST(OutputFilter, AnEmptyFilterSelectsEveryNewAlertButNoTriageChange) {
  const OutputFilter all;
  EXPECT_TRUE(all.matches(entry("r1", "low", {})));
  EXPECT_FALSE(all.matches(entry("r1", "low", {}, "open", OutboxKind::kAlertTriaged)));
  OutputFilter triage;
  triage.triage_changes = true;
  EXPECT_TRUE(triage.matches(entry("r1", "low", {}, "open", OutboxKind::kAlertTriaged)));
}

TEST(OutputFilter, RuleIdsSelectTheirRules) {
  OutputFilter f;
  f.rule_ids = {"r1", "r2"};
  EXPECT_TRUE(f.matches(entry("r2", "low", {})));
  EXPECT_FALSE(f.matches(entry("r3", "low", {})));
}

TEST(OutputFilter, MinimumSeveritySelectsThatSeverityAndAbove) {
  OutputFilter f;
  f.min_severity = "high";
  EXPECT_FALSE(f.matches(entry("r", "low", {})));
  EXPECT_FALSE(f.matches(entry("r", "medium", {})));
  EXPECT_TRUE(f.matches(entry("r", "high", {})));
  EXPECT_TRUE(f.matches(entry("r", "critical", {})));
  EXPECT_FALSE(f.matches(entry("r", "bogus", {})));
}

TEST(OutputFilter, ATechniqueSelectsItsSubTechniquesButNotItsNamesakes) {
  OutputFilter f;
  f.techniques = {"T1098"};
  EXPECT_TRUE(f.matches(entry("r", "low", {"T1098"})));
  EXPECT_TRUE(f.matches(entry("r", "low", {"T1059.001", "T1098.002"})));
  EXPECT_FALSE(f.matches(entry("r", "low", {"T10980"})));
  EXPECT_FALSE(f.matches(entry("r", "low", {})));
  f.techniques = {"T1098.002"};
  EXPECT_FALSE(f.matches(entry("r", "low", {"T1098"})));
}

TEST(OutputFilter, StatusesAndOtherMembersCombineWithAnd) {
  OutputFilter f;
  f.statuses = {"open"};
  f.min_severity = "medium";
  EXPECT_TRUE(f.matches(entry("r", "medium", {}, "open")));
  EXPECT_FALSE(f.matches(entry("r", "medium", {}, "closed")));
  EXPECT_FALSE(f.matches(entry("r", "low", {}, "open")));
}

TEST(OutputFilter, AnEntryWhoseAlertIsGoneIsSkipped) {
  auto e = entry("r", "high", {});
  e.alert = nullptr;
  EXPECT_FALSE(OutputFilter{}.matches(e));
}

}  // namespace
}  // namespace vigil::engine::outputs
