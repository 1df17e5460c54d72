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

}  // namespace
}  // namespace vigil::engine::analytics
