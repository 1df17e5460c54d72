#include "storage/sqlite/alert_counts.hpp"

#include <gtest/gtest.h>

#include "storage/sqlite/migrations.hpp"
#include "storage/sqlite/sqlite_alert_store.hpp"
#include "storage/sqlite/sqlite_retention_store.hpp"
#include "storage/sqlite/sqlite_run_store.hpp"
#include "tests/storage/sqlite/alert_seed.hpp"
#include "tests/support/temp_dir.hpp"

namespace vigil::storage {
namespace {

using engine::AlertFilter;
using engine::TimeMs;
constexpr TimeMs kBucket = kAlertCountBucketMs;
constexpr TimeMs kBase = 1'700'000'000'000;  // a bucket boundary: 1,700,000,000,000 / 600,000 is whole

void expect_same(const engine::AlertSummary& got, const engine::AlertSummary& want) {
  EXPECT_EQ(got.total, want.total);
  EXPECT_EQ(got.by_rule, want.by_rule);
  EXPECT_EQ(got.by_severity, want.by_severity);
  EXPECT_EQ(got.by_status, want.by_status);
  EXPECT_EQ(got.by_classification, want.by_classification);
  EXPECT_EQ(got.by_technique, want.by_technique);
}

// Alerts every 7 minutes over 20 buckets, then triage, a replacement and a
// retention pass: the kept counts must follow each.
class AlertCountsTest : public ::testing::Test {
 protected:
  test::TempDir dir;
  Database db{Database::Options{dir / "vigil.db"}};
  SqliteRunStore runs{db};
  SqliteAlertStore alerts{db};

  void SetUp() override {
    std::vector<engine::Alert> batch;
    for (int i = 0; i < 20 * 10 / 7; ++i) {
      const auto n = std::to_string(i);
      batch.push_back(testing::make_alert({.id = "a" + n,
                                           .rule = "r" + std::to_string(i % 3),
                                           .created_at = kBase + i * 7 * engine::kMinuteMs,
                                           .severity = i % 2 ? "high" : "low",
                                           .mitre = i % 4 ? std::vector<std::string>{"T1098.002"}
                                                          : std::vector<std::string>{"T1059"},
                                           .tactics = {"TA0003"}}));
    }
    runs.commit_run(testing::seed_run(), batch);
    engine::AlertChange close;
    close.status = engine::triage::AlertStatus::kClosed;
    close.classification = std::optional<std::string>("false_positive");
    alerts.update("a3", close, {"analyst", kBase});
    alerts.update_many(std::nullopt, [] {
      AlertFilter f;
      f.rule_ids = {"r1"};
      return f;
    }(), close, {"analyst", kBase});
    auto replaced = testing::make_alert({.id = "a5", .rule = "r2", .severity = "critical", .mitre = {"T1110"}});
    replaced.replace_existing = true;
    runs.commit_run(testing::seed_run(2), std::vector{replaced});
  }

  // The same selection by grouping its alerts: a status filter naming every
  // status takes the grouping path.
  engine::AlertSummary grouped(AlertFilter filter) {
    filter.statuses = {"open", "acknowledged", "closed"};
    return alerts.summarize(filter);
  }
};

TEST_F(AlertCountsTest, EveryCreationTimeRangeSumsToWhatGroupingCounts) {
  const std::vector<std::optional<TimeMs>> bounds = {
      std::nullopt, kBase - 1, kBase, kBase + 1, kBase + kBucket, kBase + 3 * kBucket + 12345,
      kBase + 7 * kBucket, kBase + 20 * kBucket - 1, kBase + 30 * kBucket};
  for (const auto& since : bounds)
    for (const auto& until : bounds) {
      AlertFilter filter;
      filter.since = since;
      filter.until = until;
      SCOPED_TRACE("since " + (since ? std::to_string(*since - kBase) : "-") + ", until " +
                   (until ? std::to_string(*until - kBase) : "-"));
      expect_same(alerts.summarize(filter), grouped(filter));
    }
  EXPECT_EQ(alerts.summarize({}).total, 28u);
  EXPECT_EQ(alerts.summarize({}).by_technique.at("T1110"), 1u);
  EXPECT_EQ(alerts.summarize({}).by_status.at("closed"), 10u);  // a3 and r1's nine
}

TEST_F(AlertCountsTest, CountsFollowRetentionDeletes) {
  SqliteRetentionStore retention(db);
  retention.delete_alerts_before(kBase + 5 * kBucket + 1, 1000);
  AlertFilter last_day;
  last_day.since = kBase - engine::kDayMs;
  expect_same(alerts.summarize(last_day), grouped(last_day));
  EXPECT_EQ(alerts.summarize(last_day).total, 28u - 8);  // created at 0, 7, ..., 49 minutes: gone
}

// Migration 4 fills the counts and the tags' times from the rows already stored.
TEST(AlertCountsMigration, BackfillsCountsAndTagTimesFromVersionThreeRows) {
  test::TempDir dir;
  {
    Connection c(dir / "old.db", {});
    migrate(c, 3);
    for (int i = 0; i < 30; ++i)
      c.exec("INSERT INTO alerts (id, rule_id, created_at, severity, risk_score, status, host, user, mitre, doc) "
             "VALUES ('v" + std::to_string(i) + "', 'r', " + std::to_string(kBase + i * 3 * engine::kMinuteMs) +
             ", 'low', 21, 'open', 'h', 'u', ' T1098 ', '{}'); "
             "INSERT INTO alert_tags (tag, alert_seq) VALUES ('T1098', last_insert_rowid());");
  }
  Database db{Database::Options{dir / "old.db"}};
  SqliteAlertStore alerts{db};
  AlertFilter filter;
  filter.since = kBase + 2 * kBucket;
  const auto summary = alerts.summarize(filter);
  EXPECT_EQ(summary.total, 30u - 7);  // created at 0, 3, ..., 18 minutes: before it
  EXPECT_EQ(summary.by_technique.at("T1098"), 30u - 7);
  engine::AlertQuery tagged;
  tagged.filter.technique = "T1098";
  tagged.filter.since = filter.since;
  EXPECT_EQ(alerts.list(tagged).total, 30u - 7);
}

}  // namespace
}  // namespace vigil::storage
