// Migration 6 on a database of schema version 5: the outbox starts empty,
// alerts stored before it are not queued, and new ones are.
#include <gtest/gtest.h>

#include "storage/sqlite/migrations.hpp"
#include "storage/sqlite/sqlite_outbox.hpp"
#include "storage/sqlite/sqlite_run_store.hpp"
#include "tests/storage/sqlite/alert_seed.hpp"
#include "tests/support/temp_dir.hpp"

namespace vigil::storage {
namespace {

TEST(SqliteOutboxMigration, AlertsStoredBeforeTheOutboxAreNotQueued) {
  test::TempDir dir;
  {
    Connection c(dir / "old.db", {});
    migrate(c, 5);
    c.exec(R"sql(INSERT INTO alerts (id, rule_id, created_at, severity, risk_score, status, host, user, mitre, doc)
      VALUES ('v5', 'r', 1, 'low', 21, 'open', 'WS9', 'eve', '', '{"id":"v5"}'))sql");
  }
  Database db{Database::Options{dir / "old.db"}};
  EXPECT_EQ(db.schema_version(), current_schema_version());
  SqliteOutbox outbox(db, {"hook"});
  EXPECT_EQ(outbox.pending("hook"), 0u);
  outbox.position("hook");
  std::vector<engine::Alert> alerts = {testing::make_alert({.id = "v6"})};
  SqliteRunStore(db, OutboxWrites::kOn).commit_run(testing::seed_run(), alerts);
  const auto entries = outbox.entries_after(0, 10);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].alert_id, "v6");
}

}  // namespace
}  // namespace vigil::storage
