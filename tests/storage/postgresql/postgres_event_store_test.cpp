// What is PostgreSQL's own of the event store; the contract every backend
// keeps is tests/storage/event_store_contract_test.cpp and
// rule_match_index_contract_test.cpp.
#include "storage/postgresql/postgres_event_store.hpp"

#include <gtest/gtest.h>

#include "engine/store/store_error.hpp"
#include "storage/postgresql/migrations.hpp"
#include "tests/storage/postgresql/migrated_database.hpp"
#include "tests/storage/sqlite/alert_seed.hpp"
#include "tests/support/postgres_server.hpp"

namespace vigil::storage::postgresql {
namespace {

engine::EventRecord record(std::string id, engine::TimeMs ingested,
                           engine::WriteMode mode = engine::WriteMode::kCreate) {
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

class PostgresEventStoreTest : public testing::MigratedDatabase {
 protected:
  PostgresEventStore store{pool};
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

// A dictionary another process trained is read from the database when a
// frame needs it, in a scan (on a connection apart: the scan's own is busy)
// as in a get.
TEST_F(PostgresEventStoreTest, DictionariesAnotherStoreTrainedAreLoadedWhenAFrameNeedsThem) {
  StoredDocumentOptions options;
  options.dictionary_samples = 200;
  options.dictionary_bytes = 16 * 1024;
  PostgresEventStore trainer{pool, options};
  // As other vigild nodes would be: opened before the dictionary existed.
  PostgresEventStore scanner{pool, options};
  PostgresEventStore getter{pool, options};
  std::vector<engine::EventRecord> batch;
  for (int n = 0; n < 300; ++n) batch.push_back(storage::testing::sysmon_like_event(n));
  trainer.write_batch(std::span(batch).first(200));  // completes the samples: trained before compressing
  trainer.write_batch(std::span(batch).subspan(200));
  EXPECT_EQ(number("SELECT count(*) FROM doc_dictionaries"), 1);

  engine::EventQuery q;
  q.time_field = engine::TimeField::kIngested;
  q.end = 1'000'000;
  int read = 0;
  scanner.scan(q, [&](const engine::StoredEvent& e) {
    EXPECT_EQ(e.document, batch[static_cast<std::size_t>(read)].document) << e.id;
    return ++read > 0;
  });
  EXPECT_EQ(read, 300);
  EXPECT_EQ(getter.get("winlogbeat-1", "s299")->document, batch[299].document);
}

// PostgreSQL crashes and comes back while vigild runs: the batches meeting
// the lost sessions fail as transient (the API answers 503, Kafka pauses),
// the store reconnects by itself, and nothing acknowledged is lost.
TEST_F(PostgresEventStoreTest, AServerCrashFailsBatchesAsTransientLosesNothingAcknowledgedAndIsRecoveredFrom) {
  std::vector<engine::EventRecord> batch = {record("before", 1000)};
  store.write_batch(batch);
  test::PostgresServer::shared().crash_and_restart();
  batch = {record("after", 2000)};
  int failures = 0;
  for (;;) {
    try {
      store.write_batch(batch);
      break;
    } catch (const engine::StoreError& e) {
      EXPECT_TRUE(e.transient()) << e.what();
      ASSERT_LE(++failures, 2) << "every pooled session is lost once, then the pool reconnects: " << e.what();
    }
  }
  EXPECT_TRUE(store.get("winlogbeat-1", "before"));
  EXPECT_TRUE(store.get("winlogbeat-1", "after"));
}

}  // namespace
}  // namespace vigil::storage::postgresql
