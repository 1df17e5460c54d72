// What is PostgreSQL's own of hunting's column copy: its rows are
// partitioned by the arrival day of their events, so retention drops them
// together, and a NetworkMessageId equality is served by an index. What
// every backend reads from it is tests/storage/hunt_source_contract_test.cpp.
#include "storage/postgresql/hunt_copy_writes.hpp"

#include <gtest/gtest.h>

#include "storage/postgresql/postgres_event_store.hpp"
#include "storage/postgresql/postgres_hunt_source.hpp"
#include "tests/storage/postgresql/migrated_database.hpp"

namespace vigil::storage::postgresql {
namespace {

constexpr std::int64_t kDec7 = 1'796'601'600'000;  // 2026-12-07 00:00 UTC

// An EmailEvents row that arrived at `ingested`, its NetworkMessageId its id.
engine::EventRecord email(const std::string& id, engine::TimeMs ingested,
                          engine::WriteMode mode = engine::WriteMode::kCreate) {
  engine::EventRecord r{"logs-m365_defender.event-vigil", id, mode, ingested, ingested};
  r.dataset = "m365_defender.EmailEvents";
  r.document = R"({"NetworkMessageId":")" + id + R"(","Subject":"s"})";
  return r;
}

class PostgresHuntCopyTest : public testing::MigratedDatabase {
 protected:
  PostgresEventStore store{pool};
};

TEST_F(PostgresHuntCopyTest, RowsLandInTheirEventsArrivalDayAndGoWhenTheDayIsDropped) {
  std::vector<engine::EventRecord> batch = {email("a", kDec7 - 1), email("b", kDec7), email("c", kDec7 + 1)};
  store.write_batch(batch);
  // a replaced the next day: its row moves to the day its current version arrived.
  batch = {email("a", kDec7 + 2, engine::WriteMode::kIndex)};
  store.write_batch(batch);
  EXPECT_EQ(number("SELECT count(*) FROM hunt_emailevents_p20261206"), 0);
  EXPECT_EQ(number("SELECT count(*) FROM hunt_emailevents_p20261207"), 3);
  // Each day's partition of the copy has the bounds of the events' own.
  EXPECT_EQ(number("SELECT count(*) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class e ON "
                   "e.relnamespace = c.relnamespace AND e.relname = replace(c.relname, 'hunt_emailevents', 'events') "
                   "WHERE i.inhparent = "
                   "'hunt_emailevents'::regclass AND pg_get_expr(c.relpartbound, c.oid) = "
                   "pg_get_expr(e.relpartbound, e.oid)"),
            3);  // the 6th, the 7th, and the 8th made ahead

  // Retention drops a day: the copy's partition goes with the events'.
  pool.with([](Connection& c) {
    c.exec(
        "DROP TABLE events_p20261207, rule_matches_p20261207, hunt_emailevents_p20261207; DELETE FROM event_ids WHERE "
        "ingested >= 1796601600000");
  });
  PostgresHuntSource source(pool);
  const std::vector<std::string> fields = {"NetworkMessageId"};
  int rows = 0;
  EXPECT_TRUE(source.scan_fields({{{"m365_defender.EmailEvents", {}}}, 0, kDec7 * 2, {}}, fields,
                                 [&](const engine::FieldRow&) { return ++rows > 0; }));
  EXPECT_EQ(rows, 0);
}

TEST_F(PostgresHuntCopyTest, ANetworkMessageIdEqualityIsServedByTheCopysIndex) {
  std::vector<engine::EventRecord> batch;
  for (int n = 0; n < 2000; ++n) batch.push_back(email("m" + std::to_string(n), kDec7 + n));
  store.write_batch(batch);
  const auto plan = pool.with([](Connection& c) {
    c.exec("ANALYZE hunt_emailevents");
    const auto rows = c.query(
        "EXPLAIN SELECT h.ts FROM hunt_emailevents h WHERE h.ts BETWEEN 0 AND 9000000000000 AND "
        "h.\"NetworkMessageId\" = ANY(ARRAY['m7'::bytea]) ORDER BY h.ts, h.seq");
    std::string text;
    for (int r = 0; r < rows.rows(); ++r) text += std::string(rows.bytes(r, 0)) + "\n";
    return text;
  });
  EXPECT_NE(plan.find("NetworkMessageId_idx"), std::string::npos) << plan;
}

}  // namespace
}  // namespace vigil::storage::postgresql
