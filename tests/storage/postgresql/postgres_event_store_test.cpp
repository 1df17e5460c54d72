// What is PostgreSQL's own of the event store; the contract every backend
// keeps is tests/storage/event_store_contract_test.cpp and
// rule_match_index_contract_test.cpp.
#include "storage/postgresql/postgres_event_store.hpp"

#include <gtest/gtest.h>

#include "engine/store/store_error.hpp"
#include "storage/postgresql/migrations.hpp"
#include "tests/support/postgres_server.hpp"

namespace vigil::storage::postgresql {
namespace {

engine::EventRecord record(std::string id, engine::TimeMs ingested, engine::WriteMode mode = engine::WriteMode::kCreate) {
  engine::EventRecord r;
  r.index = "winlogbeat-1";
  r.id = std::move(id);
  r.mode = mode;
  r.timestamp = ingested;
  r.ingested = ingested;
  r.dataset = "windows.sysmon_operational";
  r.document = R"({"n":")" + r.id + R"("})";
  return r;
}

class PostgresEventStoreTest : public ::testing::Test {
 protected:
  ConnectionPool pool{test::PostgresServer::shared().create_database(), 2};
  bool migrated = pool.with([](Connection& c) {
    migrate(c);
    return true;
  });
  PostgresEventStore store{pool};

  std::int64_t number(const std::string& sql) {
    return pool.with([&](Connection& c) { return c.query(sql).int8(0, 0); });
  }
};

TEST(PostgresIndexPatterns, LikeMetacharactersAreEscapedAndStarsBecomePercent) {
  EXPECT_EQ(index_pattern_to_like("logs-*"), "logs-%");
  EXPECT_EQ(index_pattern_to_like("a_b%c\\d?"), "a\\_b\\%c\\\\d?");
}

// Each event's partition is its arrival day, and event_ids holds one row per
// current id, pointing at the day its current version arrived.
TEST_F(PostgresEventStoreTest, EventsLandInTheirArrivalDaysPartitionAndIdsInEventIds) {
  constexpr std::int64_t kDec7 = 1'796'601'600'000;  // 2026-12-07 00:00 UTC
  std::vector<engine::EventRecord> batch = {record("a", kDec7 - 1), record("b", kDec7)};
  store.write_batch(batch);
  batch = {record("a", kDec7 + 10, engine::WriteMode::kIndex)};
  store.write_batch(batch);
  EXPECT_EQ(number("SELECT count(*) FROM events_p20261206"), 1);  // a, version 1
  EXPECT_EQ(number("SELECT count(*) FROM events_p20261207"), 2);  // b, and a's current version
  EXPECT_EQ(number("SELECT count(*) FROM event_ids"), 2);
  EXPECT_EQ(number("SELECT ingested FROM event_ids WHERE id = 'a'"), kDec7 + 10);
  EXPECT_EQ(number("SELECT version FROM events_p20261206 WHERE id = 'a'"), 1);
}

// A batch is one transaction: a statement failing after its new events were
// inserted takes them back too.
TEST_F(PostgresEventStoreTest, ABatchThatFailsStoresNothing) {
  std::vector<engine::EventRecord> batch = {record("a", 1000)};
  store.write_batch(batch);
  auto bad = record("a", 2000, engine::WriteMode::kIndex);
  bad.dataset = "\xff not UTF-8";  // refused by the server, in the replacement's statement
  batch = {record("new", 2000), bad};
  EXPECT_THROW(store.write_batch(batch), engine::StoreError);
  EXPECT_FALSE(store.get("winlogbeat-1", "new"));
  EXPECT_EQ(store.get("winlogbeat-1", "a")->version, 1u);
  EXPECT_EQ(number("SELECT count(*) FROM event_ids"), 1);
  batch = {record("new", 2000)};
  EXPECT_EQ(store.write_batch(batch).front().outcome, engine::WriteOutcome::kCreated);
}

}  // namespace
}  // namespace vigil::storage::postgresql
