// What is PostgreSQL's own of retention: whole days dropped as partitions.
// The behaviour both backends share is tests/storage/retention_store_contract_test.cpp.
#include "storage/postgresql/postgres_retention_store.hpp"

#include <gtest/gtest.h>

#include "storage/postgresql/postgres_event_store.hpp"
#include "tests/storage/postgresql/migrated_database.hpp"
#include "tests/storage/sqlite/alert_seed.hpp"

namespace vigil::storage::postgresql {
namespace {

constexpr std::int64_t kDec7 = 1'796'601'600'000;  // 2026-12-07 00:00 UTC
constexpr std::int64_t kDay = DayPartitions::kDayMs;

class PostgresRetentionStoreTest : public testing::MigratedDatabase {
 protected:
  PostgresEventStore events{pool};
  PostgresRetentionStore retention{pool};

  void store(const std::string& id, std::optional<engine::TimeMs> ts, engine::TimeMs ingested) {
    const std::vector<engine::EventRecord> batch = {storage::testing::make_event(id, ts, ingested, 100)};
    ASSERT_EQ(events.write_batch(batch).front().outcome, engine::WriteOutcome::kCreated) << id;
  }
  bool table_exists(const std::string& name) {
    return number("SELECT (to_regclass('" + name + "') IS NOT NULL)::int::int8") == 1;
  }
};

TEST_F(PostgresRetentionStoreTest, ADayThatEndedBeforeTheCutoffIsDroppedAndItsIdsAreFreeAgain) {
  store("dec5-a", kDec7 - 2 * kDay, kDec7 - 2 * kDay + 5);
  store("dec5-b", std::nullopt, kDec7 - kDay - 1);
  store("dec6-early", kDec7 - kDay, kDec7 - kDay + 10);
  store("dec6-late", kDec7 - kDay, kDec7 - 100);
  store("dec7", kDec7, kDec7 + 10);
  ASSERT_TRUE(table_exists("events_p20261205"));

  // The cutoff falls in Dec 6: Dec 5 goes whole (2 events, more than the
  // batch of 1), then Dec 6's rows before the cutoff, a batch at a time.
  const auto cutoff = kDec7 - kDay + 20;
  EXPECT_EQ(retention.delete_events_before(cutoff, engine::RetentionBasis::kIngested, 1), 2u + 1u);
  EXPECT_EQ(retention.delete_events_before(cutoff, engine::RetentionBasis::kIngested, 1), 0u);
  EXPECT_FALSE(table_exists("events_p20261205"));
  EXPECT_FALSE(table_exists("rule_matches_p20261205"));
  EXPECT_TRUE(table_exists("events_p20261206"));
  for (const char* gone : {"dec5-a", "dec5-b", "dec6-early"}) EXPECT_FALSE(events.get("winlogbeat-8", gone)) << gone;
  for (const char* kept : {"dec6-late", "dec7"}) EXPECT_TRUE(events.get("winlogbeat-8", kept)) << kept;
  EXPECT_EQ(number("SELECT count(*) FROM event_ids"), 2);
  // A create of a deleted event's id is a new event, not a conflict.
  store("dec5-a", kDec7, kDec7 + 20);
  store("dec6-early", kDec7, kDec7 + 20);
}

TEST_F(PostgresRetentionStoreTest, DaysEmptiedByTimestampAreDroppedAndADayStillHoldingAnEventIsNot) {
  store("old-stamp", kDec7 - 3 * kDay, kDec7 - 2 * kDay + 5);
  store("backlog-kept", kDec7 + 5, kDec7 - kDay + 5);  // stamped ahead by its host's clock
  store("old-too", kDec7 - 3 * kDay, kDec7 - kDay + 6);
  // Dec 6 ended before the cutoff, but holds an event stamped after it.
  const auto cutoff = kDec7 + 1;
  EXPECT_EQ(retention.delete_events_before(cutoff, engine::RetentionBasis::kTimestamp, 10), 2u);
  EXPECT_FALSE(table_exists("events_p20261205"));
  EXPECT_TRUE(table_exists("events_p20261206"));
  EXPECT_TRUE(events.get("winlogbeat-8", "backlog-kept"));
  EXPECT_EQ(number("SELECT count(*) FROM event_ids"), 1);
}

TEST_F(PostgresRetentionStoreTest, AReplacedVersionGoesWithItsDayButLeavesTheCurrentOnesClaim) {
  store("a", kDec7 - kDay, kDec7 - kDay + 5);
  auto replacement = storage::testing::make_event("a", kDec7, kDec7 + 5, 100);
  replacement.mode = engine::WriteMode::kIndex;
  events.write_batch(std::span(&replacement, 1));
  EXPECT_EQ(retention.delete_events_before(kDec7, engine::RetentionBasis::kIngested, 10), 1u);
  const auto current = events.get("winlogbeat-8", "a");
  ASSERT_TRUE(current);
  EXPECT_EQ(current->ingested, kDec7 + 5);
  EXPECT_EQ(number("SELECT count(*) FROM event_ids WHERE id = 'a'"), 1);
}

// Hunting's column copy goes with its events, whether their day is dropped
// or their rows are deleted.
TEST_F(PostgresRetentionStoreTest, TheColumnCopyGoesWithItsEvents) {
  const auto email = [&](const std::string& id, engine::TimeMs ts, engine::TimeMs ingested) {
    engine::EventRecord r{"logs-m365_defender.event-vigil", id, engine::WriteMode::kCreate, ts, ingested};
    r.dataset = "m365_defender.EmailEvents";
    r.document = R"({"NetworkMessageId":")" + id + R"("})";
    const std::vector batch = {r};
    events.write_batch(batch);
  };
  email("dec5", kDec7 - 2 * kDay, kDec7 - 2 * kDay + 5);
  email("dec6-early", kDec7 - kDay, kDec7 - kDay + 10);
  email("dec6-old", kDec7 - 3 * kDay, kDec7 - 100);
  email("dec6-late", kDec7 - kDay, kDec7 - 50);
  ASSERT_TRUE(table_exists("hunt_emailevents_p20261205"));
  retention.delete_events_before(kDec7 - kDay + 20, engine::RetentionBasis::kIngested, 100);
  EXPECT_FALSE(table_exists("hunt_emailevents_p20261205"));
  EXPECT_EQ(number("SELECT count(*) FROM hunt_emailevents_p20261206"), 2);
  // By @timestamp, row by row.
  retention.delete_events_before(kDec7 - 2 * kDay, engine::RetentionBasis::kTimestamp, 100);
  EXPECT_EQ(number("SELECT count(*) FROM hunt_emailevents_p20261206"), 1);
  EXPECT_EQ(number("SELECT count(*) FROM hunt_emailevents"), number("SELECT count(*) FROM events"));
}

}  // namespace
}  // namespace vigil::storage::postgresql
