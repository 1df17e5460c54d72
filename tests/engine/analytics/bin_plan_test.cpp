#include "engine/analytics/bin_plan.hpp"

#include <gtest/gtest.h>

namespace vigil::engine::analytics {
namespace {

constexpr TimeMs kTen = 1709546400000;  // 2024-03-04T10:00:00Z

AggregationSpec hourly() {
  AggregationSpec spec;
  spec.bin = kHourMs;
  return spec;
}

TEST(BinPlan, BinsAreAlignedToTheClockHour) {
  EXPECT_EQ(bin_of(kTen + kHourMs - 1, kHourMs).start, kTen);        // 10:59:59.999
  EXPECT_EQ(bin_of(kTen + kHourMs, kHourMs).start, kTen + kHourMs);  // 11:00:00.000
  EXPECT_EQ(bin_of(kTen + 61 * kSecondMs, kMinuteMs).start, kTen + kMinuteMs);
}

TEST(BinPlan, ARunJudgesTheLastCompleteBinsOnlyOnceSettled) {
  const auto spec = hourly();
  // At 11:04 the 10:00 bin has not settled: the last complete one is 09:00.
  auto bins = bins_to_evaluate(kTen, kTen + kHourMs + 4 * kMinuteMs, kTen + kHourMs + 4 * kMinuteMs, spec);
  ASSERT_EQ(bins.size(), 3u);
  EXPECT_EQ(bins.back().start, kTen - kHourMs);
  // At 11:05 it has.
  bins = bins_to_evaluate(kTen + 5 * kMinuteMs, kTen + kHourMs + 5 * kMinuteMs, kTen + kHourMs + 5 * kMinuteMs, spec);
  ASSERT_EQ(bins.size(), 3u);
  EXPECT_EQ(bins.front().start, kTen - 2 * kHourMs);
  EXPECT_EQ(bins.back().start, kTen);
  EXPECT_EQ(bins.back().end, kTen + kHourMs);
}

TEST(BinPlan, ALongerWindowCoversEveryCompleteBinInIt) {
  const auto spec = hourly();
  const TimeMs now = kTen + 5 * kMinuteMs;
  const auto bins = bins_to_evaluate(kTen - 24 * kHourMs, now, now, spec);
  ASSERT_EQ(bins.size(), 24u);
  EXPECT_EQ(bins.front().start, kTen - 24 * kHourMs);
}

TEST(BinPlan, AFollowUpWindowDelaysTheBin) {
  AggregationSpec spec;
  spec.bin = kMinuteMs;
  spec.settle = 0;
  spec.bins_back = 1;
  spec.followed_by = FollowedBy{std::nullopt, {}, 10 * kSecondMs};
  auto bins = bins_to_evaluate(kTen, kTen + kMinuteMs + 9 * kSecondMs, kTen + kMinuteMs + 9 * kSecondMs, spec);
  ASSERT_EQ(bins.size(), 1u);
  EXPECT_EQ(bins[0].start, kTen - kMinuteMs);
  bins = bins_to_evaluate(kTen, kTen + kMinuteMs + 10 * kSecondMs, kTen + kMinuteMs + 10 * kSecondMs, spec);
  EXPECT_EQ(bins[0].start, kTen);
}

TEST(BinPlan, BinsThatReceivedLateEventsAreAddedOnceWithinTheLookback) {
  auto spec = hourly();
  spec.lookback = kDayMs;
  const TimeMs now = kTen + 5 * kMinuteMs;
  const auto planned = bins_to_evaluate(now - kHourMs, now, now, spec);  // 07:00, 08:00, 09:00
  const std::vector<TimeMs> late = {kTen - 5 * kHourMs + 1,  // 05:00
                                    kTen - 5 * kHourMs + 2,  // the same bin
                                    kTen - kHourMs,          // already planned
                                    kTen + kMinuteMs,        // 10:00: not complete yet
                                    kTen - 25 * kHourMs,     // yesterday's 09:00 bin ended before now - lookback
                                    kTen - 24 * kHourMs};    // yesterday's 10:00 bin ends after it
  const auto bins = with_late_bins(planned, late, now, now, spec);
  std::vector<TimeMs> starts;
  for (const auto& bin : bins) starts.push_back(bin.start);
  EXPECT_EQ(starts, (std::vector<TimeMs>{kTen - 24 * kHourMs, kTen - 5 * kHourMs, kTen - 3 * kHourMs,
                                         kTen - 2 * kHourMs, kTen - kHourMs}));
}

TEST(BinPlan, ScanSpansJoinConsecutiveBinsOnly) {
  const std::vector<Bin> bins = {{0, 60}, {60, 120}, {300, 360}};
  const auto spans = scan_spans(bins, 10);
  ASSERT_EQ(spans.size(), 2u);
  EXPECT_EQ(spans[0].start, 0);
  EXPECT_EQ(spans[0].end, 120);
  EXPECT_EQ(spans[1].start, 300);
  // A follow-up window reaching the next bin joins them: no row is read twice.
  EXPECT_EQ(scan_spans(bins, 180).size(), 1u);
}

}  // namespace
}  // namespace vigil::engine::analytics
