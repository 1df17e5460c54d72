// What is SQLite's own of retention: its index use and incremental vacuum.
// The behaviour both backends share is tests/storage/retention_store_contract_test.cpp.
#include "storage/sqlite/sqlite_retention_store.hpp"

#include <gtest/gtest.h>

#include "storage/sqlite/sqlite_event_store.hpp"
#include "tests/storage/sqlite/alert_seed.hpp"
#include "tests/support/temp_dir.hpp"

namespace vigil::storage {
namespace {

engine::EventRecord event(const std::string& id, std::optional<engine::TimeMs> ts, engine::TimeMs ingested) {
  return testing::make_event(id, ts, ingested);
}

class SqliteRetentionStoreTest : public ::testing::Test {
 protected:
  test::TempDir dir;
  Database db{Database::Options{dir / "vigil.db"}};
  SqliteEventStore events{db};
  SqliteRetentionStore retention{db};
};

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
