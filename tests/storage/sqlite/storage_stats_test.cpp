#include "storage/sqlite/storage_stats.hpp"

#include <gtest/gtest.h>

#include "storage/sqlite/sqlite_event_store.hpp"
#include "storage/sqlite/sqlite_run_store.hpp"
#include "tests/storage/sqlite/alert_seed.hpp"
#include "tests/support/incompressible.hpp"
#include "tests/support/temp_dir.hpp"

namespace vigil::storage {
namespace {

class StorageStatsTest : public ::testing::Test {
 protected:
  test::TempDir dir;
  Database db{Database::Options{dir / "vigil.db"}};
  SqliteEventStore events{db};
  SqliteRunStore runs{db};

  void write_events(int first, int count, std::size_t document_bytes) {
    std::vector<engine::EventRecord> batch;
    for (int i = first; i < first + count; ++i) {
      engine::EventRecord r;
      r.index = "logs-x";
      r.id = "e" + std::to_string(i);
      r.ingested = 1000;
      r.dataset = "x";
      r.document = R"({"pad":")" + test::incompressible(document_bytes, static_cast<std::uint64_t>(i)) + R"("})";
      batch.push_back(std::move(r));
    }
    events.write_batch(batch);
  }
};

TEST_F(StorageStatsTest, CountsEventsAndAlertsAndMeasuresTheFileWithItsLog) {
  const auto empty = measure_storage(db);
  EXPECT_EQ(empty.events, 0u);
  EXPECT_EQ(empty.alerts, 0u);
  EXPECT_GT(empty.database_bytes, 0u);

  write_events(0, 1000, 1400);
  runs.commit_run(testing::seed_run(),
                  std::vector<engine::Alert>{testing::make_alert({"a1"}), testing::make_alert({"a2"})});
  const auto full = measure_storage(db);
  EXPECT_EQ(full.events, 1000u);
  EXPECT_EQ(full.alerts, 2u);
  // A megabyte of documents (1,400 random characters of 6 bits each compress
  // to no less than 1,050 bytes), whether in the main file or still in the WAL.
  EXPECT_GE(full.database_bytes, empty.database_bytes + 1000u * 1000u);
  EXPECT_TRUE(std::filesystem::exists(dir / "vigil.db-wal"));
  EXPECT_GE(full.database_bytes, std::filesystem::file_size(dir / "vigil.db-wal"));
}

}  // namespace
}  // namespace vigil::storage
