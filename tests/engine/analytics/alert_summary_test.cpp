#include "engine/analytics/alert_summary.hpp"

#include <gtest/gtest.h>

namespace vigil::engine::analytics {
namespace {

constexpr TimeMs kTen = 1709546400000;  // 2024-03-04T10:00:00Z

AggregationSpec logon_spec() {
  AggregationSpec spec;
  spec.group_by = {"AccountObjectId", "Application", "ISP"};
  spec.alert_per = {"AccountObjectId", "AccountUpn"};
  spec.threshold = 100;
  spec.strictly_greater = true;
  return spec;
}

// A finding's alert document as build_aggregation_alert shapes it.
nlohmann::json part(TimeMs bin_start, const std::string& isp, int failed, const std::string& report_id) {
  return {{"group", {{"AccountObjectId", "acct"}, {"Application", "Microsoft 365"}, {"ISP", isp}}},
          {"bin", {{"start", format_timestamp(bin_start)}, {"end", format_timestamp(bin_start + kMinuteMs)}}},
          {"metric", {{"name", "count"}, {"value", failed}, {"threshold", 100}, {"comparison", ">"}}},
          {"first_event", format_timestamp(bin_start)},
          {"last_event", format_timestamp(bin_start + 10 * kSecondMs)},
          {"followed_by",
           {{"time", format_timestamp(bin_start + 15 * kSecondMs)},
            {"event", {{"AccountUpn", "lee.gu@contoso.com"}, {"ISP", isp}, {"Location", "NL"}, {"ReportId", report_id}}}}}};
}

TEST(AlertSummary, TheKeyTakesGroupValuesThenTheFollowUpsThenEmpty) {
  auto spec = logon_spec();
  spec.alert_per.push_back("DeviceName");
  EXPECT_EQ(summary_key(spec, part(kTen, "Evil ISP", 101, "r1")),
            (nlohmann::json{{"AccountObjectId", "acct"}, {"AccountUpn", "lee.gu@contoso.com"}, {"DeviceName", ""}}));
}

TEST(AlertSummary, FreshBurstsReplaceStoredOnesOfTheSameGroupAndBinInSuccessOrder) {
  const auto stored = nlohmann::json::array({burst_of(part(kTen, "Evil ISP", 101, "r1"), 1),
                                             burst_of(part(kTen + 5 * kMinuteMs, "Evil ISP", 150, "r2"), 1)});
  const auto merged = merge_bursts(stored, {burst_of(part(kTen, "Evil ISP", 120, "r1"), 2),
                                            burst_of(part(kTen - kMinuteMs, "Other ISP", 101, "r0"), 1)});
  ASSERT_EQ(merged.size(), 3u);
  EXPECT_EQ(merged[0]["success"]["ReportId"], "r0");
  EXPECT_EQ(merged[1]["failed"], 120);
  EXPECT_EQ(merged[2]["success"]["ReportId"], "r2");
}

TEST(AlertSummary, TheSummaryRecomputesItsFiguresFromItsBursts) {
  const auto spec = logon_spec();
  const std::vector<nlohmann::json> bursts = {burst_of(part(kTen, "Evil ISP", 101, "r1"), 1),
                                              burst_of(part(kTen + 5 * kMinuteMs, "Other ISP", 150, "r2"), 2)};
  Alert first;
  first.document = part(kTen, "Evil ISP", 101, "r1");
  const auto key = summary_key(spec, first.document);
  RuleDefinition rule;
  rule.name = "Logon failures followed by success";
  rule.severity = "high";
  const auto alert = summary_alert(rule, spec, key, bursts, first, "the-id");
  const auto& doc = alert.document;
  EXPECT_EQ(alert.id, "the-id");
  EXPECT_EQ(doc["id"], "the-id");
  EXPECT_EQ(alert.original_time, kTen + 15 * kSecondMs);
  EXPECT_EQ(doc["group"], key);
  EXPECT_EQ(doc["first_success"], (nlohmann::json{{"time", format_timestamp(kTen + 15 * kSecondMs)}, {"ReportId", "r1"}}));
  EXPECT_EQ(doc["counts"], (nlohmann::json{{"failed", 251}, {"success", 3}}));
  EXPECT_EQ(doc["metric"]["value"], 251);
  EXPECT_EQ(doc["bin"]["end"], format_timestamp(kTen + 6 * kMinuteMs));
  EXPECT_EQ(doc["last_event"], format_timestamp(kTen + 5 * kMinuteMs + 10 * kSecondMs));
  EXPECT_EQ(doc["sets"], (nlohmann::json{{"Application", {"Microsoft 365"}}, {"ISP", {"Evil ISP", "Other ISP"}}}));
  EXPECT_EQ(doc["reason"],
            "count 251 in 2 bins over threshold (> 100 per bin), followed by 3 matching events, for AccountObjectId "
            "acct, AccountUpn lee.gu@contoso.com, first at 2024-03-04T10:00:15.000Z created high alert Logon "
            "failures followed by success.");
}

}  // namespace
}  // namespace vigil::engine::analytics
