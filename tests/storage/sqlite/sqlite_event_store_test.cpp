// What is SQLite's own of the event store; the contract every backend
// keeps is tests/storage/event_store_contract_test.cpp and
// rule_match_index_contract_test.cpp.
#include "storage/sqlite/sqlite_event_store.hpp"

#include <gtest/gtest.h>

#include "engine/detect/ingest_matching.hpp"
#include "storage/sqlite/migrations.hpp"
#include "tests/storage/sqlite/sql_number.hpp"
#include "tests/support/temp_dir.hpp"

namespace vigil::storage {
namespace {

engine::EventRecord matched(std::string id, engine::TimeMs ingested) {
  engine::EventRecord r;
  r.index = "winlogbeat-1";
  r.id = std::move(id);
  r.timestamp = ingested - 1000;
  r.ingested = ingested;
  r.dataset = "windows.sysmon_operational";
  r.document = R"({"n":")" + r.id + R"("})";
  r.rule_matches.push_back({"r", engine::TimeField::kTimestamp});
  return r;
}

class SqliteEventStoreTest : public ::testing::Test {
 protected:
  test::TempDir dir;
  Database db{Database::Options{dir / "vigil.db"}};
  SqliteEventStore store{db};
};

TEST(SqliteIndexPatterns, GlobMetacharactersAreEscaped) {
  EXPECT_EQ(index_pattern_to_glob("logs-?[x]-*"), "logs-[?][[]x]-*");
}

// Retention deletes rows; a trigger takes their matches along.
TEST_F(SqliteEventStoreTest, MatchesGoWithTheirEventWhenItIsDeleted) {
  const std::vector<engine::IngestRuleVersion> rules = {{"r", "v1"}};
  engine::detect::begin_ingest_matching(store.rule_matches(), rules);
  std::vector<engine::EventRecord> batch = {matched("a", 3000), matched("b", 3000)};
  store.write_batch(batch);
  db.write([](Connection& c) { c.exec("DELETE FROM events WHERE id = 'b'"); });  // as retention does
  EXPECT_EQ(testing::sql_number(db, "SELECT count(*) FROM rule_matches"), 1);
}

TEST_F(SqliteEventStoreTest, TextDocumentsStoredBeforeCompressionAreReadAsTheyAre) {
  db.write([](Connection& c) {
    c.exec(
        "INSERT INTO events (idx, id, ts, ingested, category, dataset, doc) "
        "VALUES ('winlogbeat-1', 'old', 1, 1, ' process ', 'd', '{\"old\":true}')");
  });
  EXPECT_EQ(store.get("winlogbeat-1", "old")->document, R"({"old":true})");
}

TEST_F(SqliteEventStoreTest, AReopenedDatabaseIsAtTheCurrentSchemaVersion) {
  Database again{Database::Options{dir / "vigil.db"}};
  EXPECT_EQ(again.schema_version(), current_schema_version());
}

}  // namespace
}  // namespace vigil::storage
