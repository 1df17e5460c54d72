#include "storage/sqlite/sqlite_event_store.hpp"

#include <gtest/gtest.h>

#include "storage/sqlite/migrations.hpp"
#include "tests/support/temp_dir.hpp"

namespace vigil::storage {
namespace {

using engine::EventRecord;
using engine::WriteMode;
using engine::WriteOutcome;

EventRecord record(std::string index, std::string id, engine::TimeMs ingested, WriteMode mode = WriteMode::kCreate,
                   std::vector<std::string> categories = {"process"}) {
  EventRecord r;
  r.index = std::move(index);
  r.id = std::move(id);
  r.mode = mode;
  r.timestamp = ingested - 1000;
  r.ingested = ingested;
  r.categories = std::move(categories);
  r.dataset = "windows.sysmon_operational";
  r.document = R"({"n":")" + r.id + R"("})";
  return r;
}

class SqliteEventStoreTest : public ::testing::Test {
 protected:
  test::TempDir dir;
  Database db{Database::Options{dir / "vigil.db"}};
  SqliteEventStore store{db};

  std::vector<std::string> scan_ids(const engine::EventQuery& q) {
    std::vector<std::string> ids;
    store.scan(q, [&](const engine::StoredEvent& e) {
      ids.push_back(e.id);
      return true;
    });
    return ids;
  }
};

TEST_F(SqliteEventStoreTest, CreateRefusesAnExistingIdAndIndexReplacesIt) {
  std::vector<EventRecord> batch = {record("winlogbeat-8", "a", 1000), record("winlogbeat-8", "a", 2000),
                                    record("winlogbeat-8", "a", 3000, WriteMode::kIndex),
                                    record("other", "a", 1000)};
  const auto outcomes = store.write_batch(batch);
  EXPECT_EQ(outcomes, (std::vector<WriteOutcome>{WriteOutcome::kCreated, WriteOutcome::kConflict,
                                                 WriteOutcome::kUpdated, WriteOutcome::kCreated}));
  const auto stored = store.get("winlogbeat-8", "a");
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->ingested, 3000);
  EXPECT_FALSE(store.get("winlogbeat-8", "missing"));
}

TEST_F(SqliteEventStoreTest, CountsByIndexPattern) {
  std::vector<EventRecord> batch = {record("winlogbeat-8.15", "1", 1), record("winlogbeat-8.16", "2", 1),
                                    record("logs-system.security-default", "3", 1)};
  store.write_batch(batch);
  std::vector<std::string> wlb = {"winlogbeat-*"};
  std::vector<std::string> none;
  std::vector<std::string> both = {"winlogbeat-8.15", "logs-system.security*"};
  EXPECT_EQ(store.count(wlb), 2u);
  EXPECT_EQ(store.count(none), 3u);
  EXPECT_EQ(store.count(both), 2u);
}

TEST_F(SqliteEventStoreTest, ScanSelectsByWindowIndexAndCategoryInTimeOrder) {
  std::vector<EventRecord> batch = {record("winlogbeat-1", "late", 5000), record("winlogbeat-1", "early", 2000),
                                    record("winlogbeat-1", "edge", 6000), record("winlogbeat-1", "out", 6001),
                                    record("other-1", "wrong-index", 3000),
                                    record("winlogbeat-1", "net", 3000, WriteMode::kCreate, {"network"}),
                                    record("winlogbeat-1", "processes", 3000, WriteMode::kCreate, {"processx"})};
  store.write_batch(batch);
  engine::EventQuery q;
  q.index_patterns = {"winlogbeat-*"};
  q.time_field = engine::TimeField::kIngested;
  q.start = 2000;
  q.end = 6000;
  q.category = "process";
  EXPECT_EQ(scan_ids(q), (std::vector<std::string>{"early", "late", "edge"}));
  q.time_field = engine::TimeField::kTimestamp;  // @timestamp is ingested - 1 s in these records
  EXPECT_EQ(scan_ids(q), (std::vector<std::string>{"late", "edge", "out"}));
}

TEST_F(SqliteEventStoreTest, GlobMetacharactersInIndexNamesAreLiteral) {
  EXPECT_EQ(index_pattern_to_glob("logs-?[x]-*"), "logs-[?][[]x]-*");
  std::vector<EventRecord> batch = {record("a?b", "1", 1), record("axb", "2", 1)};
  store.write_batch(batch);
  std::vector<std::string> pattern = {"a?b"};
  EXPECT_EQ(store.count(pattern), 1u);
}

TEST_F(SqliteEventStoreTest, DataSurvivesReopen) {
  std::vector<EventRecord> batch = {record("i", "1", 1)};
  store.write_batch(batch);
  Database again{Database::Options{dir / "vigil.db"}};
  SqliteEventStore reopened{again};
  EXPECT_TRUE(reopened.get("i", "1"));
  EXPECT_EQ(again.schema_version(), current_schema_version());
}

}  // namespace
}  // namespace vigil::storage
