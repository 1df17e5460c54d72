#include "storage/postgresql/day_partitions.hpp"

#include <gtest/gtest.h>

#include "storage/postgresql/migrations.hpp"
#include "tests/support/postgres_server.hpp"

namespace vigil::storage::postgresql {
namespace {

constexpr std::int64_t kDay = DayPartitions::kDayMs;

TEST(PostgresDayPartitions, DaysAreUtcDaysNamedByDate) {
  EXPECT_EQ(DayPartitions::day_of(0), 0);
  EXPECT_EQ(DayPartitions::day_of(kDay - 1), 0);
  EXPECT_EQ(DayPartitions::day_of(kDay), 1);
  EXPECT_EQ(DayPartitions::day_of(-1), -1);
  EXPECT_EQ(DayPartitions::name("events", 0), "events_p19700101");
  EXPECT_EQ(DayPartitions::name("events", DayPartitions::day_of(1'796'601'600'000)), "events_p20261207");
}

TEST(PostgresDayPartitions, ABatchGetsItsDaysAndTheNextOnesOnce) {
  const auto conninfo = test::PostgresServer::shared().create_database();
  Connection c(conninfo);
  migrate(c);
  DayPartitions partitions;
  DayPartitions other_node;
  std::vector<engine::EventRecord> batch(2);
  batch[0].ingested = 1'796'601'600'000;      // 2026-12-07 00:00 UTC
  batch[1].ingested = 1'796'601'600'000 + 5;  // the same day
  partitions.ensure(c, batch);
  Connection other(conninfo);
  other_node.ensure(other, batch);  // finds them made
  const auto tables = c.query(
      "SELECT string_agg(c.relname, ' ' ORDER BY c.relname) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
      "WHERE c.relkind = 'r'");
  EXPECT_EQ(tables.bytes(0, 0), "events_p20261207 events_p20261208 rule_matches_p20261207 rule_matches_p20261208");
}

}  // namespace
}  // namespace vigil::storage::postgresql
