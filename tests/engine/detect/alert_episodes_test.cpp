#include "engine/detect/alert_episodes.hpp"

#include <gtest/gtest.h>

#include "storage/sqlite/sqlite_run_store.hpp"
#include "tests/support/temp_dir.hpp"

namespace vigil::engine::detect {
namespace {

constexpr TimeMs kTen = 1709546400000;  // 2024-03-04T10:00:00Z

analytics::AggregationSpec spec() {
  analytics::AggregationSpec s;
  s.group_by = {"AccountObjectId", "ISP"};
  s.alert_per = {"AccountObjectId"};
  s.lookback = kDayMs;
  return s;
}

// A finding's alert as the executor builds it: one group and one-minute bin, followed up 15 s in.
Alert part(const std::string& account, TimeMs bin_start) {
  Alert a;
  a.id = account + std::to_string(bin_start);
  a.rule_id = "r";
  a.replace_existing = true;
  a.document = {{"group", {{"AccountObjectId", account}, {"ISP", "Evil ISP"}}},
                {"bin", {{"start", format_timestamp(bin_start)}, {"end", format_timestamp(bin_start + kMinuteMs)}}},
                {"metric", {{"value", 101}}},
                {"first_event", format_timestamp(bin_start)},
                {"last_event", format_timestamp(bin_start + 10 * kSecondMs)},
                {"followed_by", {{"time", format_timestamp(bin_start + 15 * kSecondMs)}, {"event", {{"ReportId", "x"}}}}}};
  return a;
}

RunRecord run(TimeMs at) {
  RunRecord r;
  r.rule_id = "r";
  r.started_at = at;
  r.window_end = at;
  return r;
}

class AlertEpisodesTest : public ::testing::Test {
 protected:
  test::TempDir dir;
  storage::Database db{storage::Database::Options{dir / "vigil.db"}};
  storage::SqliteRunStore runs{db};
  RuleDefinition rule = [] {
    RuleDefinition r;
    r.rule_id = "r";
    return r;
  }();
};

TEST_F(AlertEpisodesTest, OneAlertPerKeyWhateverTheBinsAndTheIdComesFromTheFirstFollowUp) {
  const auto alerts = fold_into_episodes(
      rule, spec(), {part("b", kTen), part("a", kTen + kMinuteMs), part("a", kTen - kMinuteMs)}, {1, 1, 2}, runs);
  ASSERT_EQ(alerts.size(), 2u);
  EXPECT_EQ(alerts[0].document["group"], (nlohmann::json{{"AccountObjectId", "a"}}));
  EXPECT_EQ(alerts[0].document["bursts"].size(), 2u);
  EXPECT_EQ(alerts[0].original_time, kTen - kMinuteMs + 15 * kSecondMs);
  EXPECT_EQ(alerts[0].id, fold_into_episodes(rule, spec(), {part("a", kTen - kMinuteMs)}, {1}, runs)[0].id);
  EXPECT_NE(alerts[0].id, alerts[1].id);
}

TEST_F(AlertEpisodesTest, AStoredAlertTakesLaterBurstsWithinTheLookbackAndNotBeyond) {
  const auto first = fold_into_episodes(rule, spec(), {part("a", kTen)}, {1}, runs);
  runs.commit_run(run(kTen + kHourMs), first);

  const auto later = fold_into_episodes(rule, spec(), {part("a", kTen + 23 * kHourMs)}, {1}, runs);
  ASSERT_EQ(later.size(), 1u);
  EXPECT_EQ(later[0].id, first[0].id);
  EXPECT_EQ(later[0].document["bursts"].size(), 2u);
  EXPECT_EQ(later[0].document["counts"]["failed"], 202);

  const auto next_day = fold_into_episodes(rule, spec(), {part("a", kTen + 25 * kHourMs)}, {1}, runs);
  ASSERT_EQ(next_day.size(), 1u);
  EXPECT_NE(next_day[0].id, first[0].id);
  EXPECT_EQ(next_day[0].document["bursts"].size(), 1u);
}

}  // namespace
}  // namespace vigil::engine::detect
