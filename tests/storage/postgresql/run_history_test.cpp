// The run-and-window half of a PostgreSQL RunStore::commit_run, on the
// caller's connection; the whole commit is tests/storage/run_store_contract_test.cpp's.
#include "storage/postgresql/run_history.hpp"

#include <gtest/gtest.h>

#include "storage/postgresql/migrations.hpp"
#include "tests/support/postgres_server.hpp"

namespace vigil::storage::postgresql {
namespace {

engine::RunRecord run_ending(engine::TimeMs end, engine::RunStatus status = engine::RunStatus::kSucceeded) {
  engine::RunRecord r;
  r.rule_id = "r";
  r.started_at = end;
  r.window_start = end - 5 * engine::kMinuteMs;
  r.window_end = end;
  r.status = status;
  return r;
}

class PostgresRunHistoryTest : public ::testing::Test {
 protected:
  Connection c{test::PostgresServer::shared().create_database()};
  bool migrated = [this] {
    migrate(c);
    return true;
  }();
};

TEST_F(PostgresRunHistoryTest, TheWindowEndMovesOnlyForwardAndOnlyForScheduledRunsThatDidNotFail) {
  EXPECT_FALSE(last_window_end(c, "r"));
  record_run(c, run_ending(600000), engine::ScheduleUpdate::kAdvance);
  EXPECT_EQ(last_window_end(c, "r"), 600000);
  record_run(c, run_ending(900000, engine::RunStatus::kFailed), engine::ScheduleUpdate::kAdvance);
  EXPECT_EQ(last_window_end(c, "r"), 600000);
  record_run(c, run_ending(1200000), engine::ScheduleUpdate::kLeave);  // a manual run's explicit window
  EXPECT_EQ(last_window_end(c, "r"), 600000);
  record_run(c, run_ending(300000), engine::ScheduleUpdate::kAdvance);
  EXPECT_EQ(last_window_end(c, "r"), 600000);
  EXPECT_FALSE(last_window_end(c, "other"));
}

TEST_F(PostgresRunHistoryTest, RunsComeBackNewestFirstWithTheirWarningKinds) {
  auto first = run_ending(600000);
  first.alerts_created = 3;
  first.warnings = {{engine::RunWarningKind::kMaxSignals, "capped"}};
  record_run(c, first, engine::ScheduleUpdate::kAdvance);
  auto failed = run_ending(900000, engine::RunStatus::kFailed);
  failed.error = "boom";
  record_run(c, failed, engine::ScheduleUpdate::kAdvance);
  auto elsewhere = run_ending(900000);
  elsewhere.rule_id = "other";
  record_run(c, elsewhere, engine::ScheduleUpdate::kAdvance);

  const auto runs = recent_runs(c, "r", 10);
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0].to_json(), failed.to_json());
  EXPECT_EQ(runs[1].to_json(), first.to_json());
  ASSERT_EQ(runs[1].warnings.size(), 1u);
  EXPECT_EQ(runs[1].warnings[0].kind, engine::RunWarningKind::kMaxSignals);
  EXPECT_EQ(recent_runs(c, "r", 1).size(), 1u);
}

// A commit records its run inside the transaction that writes its alerts:
// rolled back, neither the run nor the window end remains.
TEST_F(PostgresRunHistoryTest, ARolledBackCommitLeavesNoRunAndNoWindowEnd) {
  {
    Transaction tx(c);
    record_run(c, run_ending(600000), engine::ScheduleUpdate::kAdvance);
  }
  EXPECT_TRUE(recent_runs(c, "r", 10).empty());
  EXPECT_FALSE(last_window_end(c, "r"));
}

}  // namespace
}  // namespace vigil::storage::postgresql
