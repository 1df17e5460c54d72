#include "engine/detect/maintenance_window.hpp"

#include <gtest/gtest.h>

namespace vigil::engine::detect {
namespace {

TimeMs at(const char* text) { return parse_timestamp(text).value(); }

TEST(MaintenanceWindowTest, AbsoluteBoundsStartInclusiveEndExclusive) {
  const MaintenanceWindow w{"upgrade", at("2024-03-04T10:00:00Z"), at("2024-03-04T12:00:00Z"), std::nullopt, {}};
  EXPECT_FALSE(w.active(at("2024-03-04T09:59:59.999Z"), "r"));
  EXPECT_TRUE(w.active(at("2024-03-04T10:00:00Z"), "r"));
  EXPECT_TRUE(w.active(at("2024-03-04T11:59:59.999Z"), "r"));
  EXPECT_FALSE(w.active(at("2024-03-04T12:00:00Z"), "r"));
}

TEST(MaintenanceWindowTest, OpenBoundsAndNoConstraint) {
  const MaintenanceWindow from{"from", at("2024-03-04T10:00:00Z"), std::nullopt, std::nullopt, {}};
  EXPECT_TRUE(from.active(at("2030-01-01T00:00:00Z"), "r"));
  EXPECT_FALSE(from.active(at("2024-03-04T09:00:00Z"), "r"));
  const MaintenanceWindow muted{"mute r", std::nullopt, std::nullopt, std::nullopt, {"r"}};
  EXPECT_TRUE(muted.active(at("1999-01-01T00:00:00Z"), "r"));
  EXPECT_FALSE(muted.active(at("1999-01-01T00:00:00Z"), "other"));
}

TEST(MaintenanceWindowTest, RuleIdsLimitTheWindow) {
  const MaintenanceWindow w{"w", std::nullopt, std::nullopt, std::nullopt, {"a", "b"}};
  EXPECT_TRUE(w.active(0, "a"));
  EXPECT_TRUE(w.active(0, "b"));
  EXPECT_FALSE(w.active(0, "c"));
}

TEST(MaintenanceWindowTest, WeeklyRecurrenceRunsPastMidnight) {
  // Sundays 22:00 UTC for 4 hours; 2024-03-03 is a Sunday.
  const MaintenanceWindow w{
      "sunday night", std::nullopt, std::nullopt, WeeklyRecurrence{{0}, 22 * 60, 4 * kHourMs}, {}};
  EXPECT_FALSE(w.active(at("2024-03-03T21:59:59Z"), "r"));
  EXPECT_TRUE(w.active(at("2024-03-03T22:00:00Z"), "r"));
  EXPECT_TRUE(w.active(at("2024-03-04T01:59:59Z"), "r"));  // Monday, still Sunday's occurrence
  EXPECT_FALSE(w.active(at("2024-03-04T02:00:00Z"), "r"));
  EXPECT_FALSE(w.active(at("2024-03-04T22:30:00Z"), "r"));  // Monday night is not listed
  EXPECT_FALSE(w.active(at("2024-03-09T23:00:00Z"), "r"));  // Saturday
  EXPECT_TRUE(w.active(at("2024-03-10T23:00:00Z"), "r"));   // the next Sunday
  EXPECT_TRUE(w.active(at("1969-12-28T23:00:00Z"), "r"));   // a Sunday before the epoch
}

TEST(MaintenanceWindowTest, WeeklyRecurrenceWithinAbsoluteBounds) {
  const MaintenanceWindow w{"weekdays at noon",
                            at("2024-03-05T00:00:00Z"),
                            std::nullopt,
                            WeeklyRecurrence{{1, 2, 3, 4, 5}, 12 * 60, 30 * kMinuteMs},
                            {}};
  EXPECT_FALSE(w.active(at("2024-03-04T12:10:00Z"), "r"));  // Monday, before the window starts
  EXPECT_TRUE(w.active(at("2024-03-05T12:10:00Z"), "r"));   // Tuesday
  EXPECT_FALSE(w.active(at("2024-03-05T12:30:00Z"), "r"));
  EXPECT_FALSE(w.active(at("2024-03-09T12:10:00Z"), "r"));  // Saturday
}

TEST(MaintenanceWindowTest, ActiveWindowFindsTheFirstMatch) {
  const std::vector<MaintenanceWindow> windows = {
      {"only b", std::nullopt, std::nullopt, std::nullopt, {"b"}},
      {"all", at("2024-03-04T00:00:00Z"), at("2024-03-05T00:00:00Z"), std::nullopt, {}},
  };
  EXPECT_EQ(active_window(windows, at("2024-03-04T06:00:00Z"), "a")->name, "all");
  EXPECT_EQ(active_window(windows, at("2024-03-04T06:00:00Z"), "b")->name, "only b");
  EXPECT_EQ(active_window(windows, at("2024-03-06T06:00:00Z"), "a"), nullptr);
}

}  // namespace
}  // namespace vigil::engine::detect
