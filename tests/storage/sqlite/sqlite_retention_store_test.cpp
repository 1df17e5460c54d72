#include "storage/sqlite/sqlite_retention_store.hpp"

#include <gtest/gtest.h>

#include "storage/sqlite/sqlite_alert_store.hpp"
#include "storage/sqlite/sqlite_event_store.hpp"
#include "storage/sqlite/sqlite_run_store.hpp"
#include "tests/storage/sqlite/alert_seed.hpp"
#include "tests/storage/sqlite/sql_number.hpp"
#include "tests/support/temp_dir.hpp"

namespace vigil::storage {
namespace {

using testing::make_alert;
using testing::seed_run;

engine::EventRecord event(const std::string& id, std::optional<engine::TimeMs> ts, engine::TimeMs ingested) {
  return testing::make_event(id, ts, ingested);
}

std::int64_t count_rows(Database& db, const std::string& table) {
  return testing::sql_number(db, "SELECT count(*) FROM " + table);
}

class SqliteRetentionStoreTest : public ::testing::Test {
 protected:
  test::TempDir dir;
  Database db{Database::Options{dir / "vigil.db"}};
  SqliteEventStore events{db};
  SqliteRunStore runs{db};
  SqliteAlertStore alerts{db};
  SqliteRetentionStore retention{db};
};

TEST_F(SqliteRetentionStoreTest, DeletesEventsByArrivalTimeInBatches) {
  const std::vector<engine::EventRecord> batch = {
      event("arrived-old1", 5000, 100),  // stamped recently, stored long ago
      event("arrived-old2", std::nullopt, 900),
      event("arrived-old3", 200, 300),
      event("backlog", 100, 1500),  // stamped long ago, stored recently
      event("arrived-new", 1200, 1100)};
  events.write_batch(batch);

  EXPECT_EQ(retention.delete_events_before(1000, engine::RetentionBasis::kIngested, 2), 2u);
  EXPECT_EQ(retention.delete_events_before(1000, engine::RetentionBasis::kIngested, 2), 1u);
  EXPECT_EQ(retention.delete_events_before(1000, engine::RetentionBasis::kIngested, 2), 0u);
  for (const char* id : {"arrived-old1", "arrived-old2", "arrived-old3"})
    EXPECT_FALSE(events.get("winlogbeat-8", id)) << id;
  for (const char* id : {"backlog", "arrived-new"}) EXPECT_TRUE(events.get("winlogbeat-8", id)) << id;
}

TEST_F(SqliteRetentionStoreTest, TheArrivalDeleteReadsTheIngestedIndex) {
  const auto plan = db.read([](Connection& c) {
    std::string detail;
    auto& stmt = c.prepare("EXPLAIN QUERY PLAN SELECT seq FROM events WHERE ingested < 1000 LIMIT 10");
    while (stmt.step()) detail += stmt.column_text(3) + "\n";
    stmt.reset();
    return detail;
  });
  EXPECT_NE(plan.find("USING COVERING INDEX events_ingested"), std::string::npos) << plan;
}

TEST_F(SqliteRetentionStoreTest, DeletesEventsByTimestampOrIngestionTimeInBatches) {
  const std::vector<engine::EventRecord> batch = {
      event("old1", 100, 5000),
      event("old2", 200, 5000),
      event("old3", 300, 5000),
      event("new", 1500, 100),  // ingested long ago, but its @timestamp is recent
      event("undated-old", std::nullopt, 900),
      event("undated-new", std::nullopt, 1100)};
  events.write_batch(batch);

  EXPECT_EQ(retention.delete_events_before(1000, engine::RetentionBasis::kTimestamp, 2), 2u);
  EXPECT_EQ(retention.delete_events_before(1000, engine::RetentionBasis::kTimestamp, 2), 2u);
  EXPECT_EQ(retention.delete_events_before(1000, engine::RetentionBasis::kTimestamp, 2), 0u);
  for (const char* id : {"old1", "old2", "old3", "undated-old"}) EXPECT_FALSE(events.get("winlogbeat-8", id)) << id;
  for (const char* id : {"new", "undated-new"}) EXPECT_TRUE(events.get("winlogbeat-8", id)) << id;
}

TEST_F(SqliteRetentionStoreTest, DeletesAlertsWithTagsHistoryAndOldRuns) {
  std::vector<engine::Alert> batch;
  for (int i = 0; i < 5; ++i)
    batch.push_back(make_alert(
        {.id = "a" + std::to_string(i), .created_at = 1000 * (i + 1), .mitre = {"T1098.002"}, .tactics = {"TA0003"}}));
  runs.commit_run(seed_run(500), batch);
  runs.commit_run(seed_run(4500), {});
  engine::AlertChange note;
  note.note = "seen";
  alerts.update_many(std::nullopt, {}, note, {"analyst", 6000});

  EXPECT_EQ(retention.delete_alerts_before(3500, 2), 2u);  // a0, a1; the run started at 500
  EXPECT_EQ(retention.delete_alerts_before(3500, 2), 1u);  // a2
  EXPECT_EQ(retention.delete_alerts_before(3500, 2), 0u);
  EXPECT_FALSE(alerts.get("a2"));
  EXPECT_TRUE(alerts.get("a3"));
  EXPECT_EQ(count_rows(db, "alerts"), 2);
  EXPECT_EQ(count_rows(db, "alert_tags"), 2 * 3);  // T1098.002, T1098, TA0003 each
  EXPECT_EQ(count_rows(db, "alert_history"), 2);
  EXPECT_EQ(runs.recent_runs("seed", 10).size(), 1u);
  engine::AlertQuery query;
  query.filter.technique = "T1098";
  EXPECT_EQ(alerts.list(query).total, 2u);
}

TEST_F(SqliteRetentionStoreTest, NewDatabaseReclaimsFreedPagesIncrementally) {
  ASSERT_TRUE(db.incremental_vacuum());
  std::vector<engine::EventRecord> batch;
  for (int i = 0; i < 400; ++i) batch.push_back(event("e" + std::to_string(i), 100, 100));
  events.write_batch(batch);
  const auto size_full =
      std::filesystem::file_size(dir / "vigil.db") + std::filesystem::file_size(dir / "vigil.db-wal");
  EXPECT_EQ(retention.delete_events_before(1000, engine::RetentionBasis::kIngested, 1000), 400u);

  EXPECT_EQ(retention.reclaim_space(0), 0u);
  const auto first = retention.reclaim_space(10);
  EXPECT_EQ(first, 10u);
  std::uint64_t total = first;
  for (std::uint64_t n = first; n == 10;) total += n = retention.reclaim_space(10);
  EXPECT_GT(total, 100u);  // 400 events of 2 kB
  EXPECT_EQ(retention.reclaim_space(10), 0u);
  db.write([](Connection& c) { c.exec("PRAGMA wal_checkpoint(TRUNCATE)"); });
  EXPECT_LT(std::filesystem::file_size(dir / "vigil.db"), size_full / 2);
}

TEST(SqliteDatabaseVacuum, AFileCreatedWithoutIncrementalVacuumReportsIt) {
  test::TempDir dir;
  {
    Connection old(dir / "old.db", {});
    old.exec("CREATE TABLE t (x)");  // a table before auto_vacuum was ever set
  }
  Database db{Database::Options{dir / "old.db"}};
  EXPECT_FALSE(db.incremental_vacuum());
  SqliteRetentionStore retention{db};
  EXPECT_EQ(retention.reclaim_space(100), 0u);
}

}  // namespace
}  // namespace vigil::storage
