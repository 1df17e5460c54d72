#include "engine/ingest/record_builder.hpp"
#include "engine/maintenance/retention_task.hpp"

#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>

#include "engine/normalize/normalizer.hpp"
#include "engine/schedule/clocked_thread.hpp"
#include "storage/sqlite/sqlite_alert_store.hpp"
#include "storage/sqlite/sqlite_event_store.hpp"
#include "storage/sqlite/sqlite_retention_store.hpp"
#include "storage/sqlite/sqlite_run_store.hpp"
#include "tests/storage/sqlite/alert_seed.hpp"
#include "tests/support/temp_dir.hpp"

namespace vigil::engine::maintenance {
namespace {

constexpr TimeMs kT0 = 1709510400000;  // 2024-03-04T00:00:00Z

EventRecord event(const std::string& id, TimeMs ts) { return storage::testing::make_event(id, ts, ts, 3000); }

Alert alert(const std::string& id, TimeMs created_at) {
  return storage::testing::make_alert({.id = id, .rule = "r", .created_at = created_at});
}

RunRecord run(TimeMs at) { return storage::testing::seed_run(at, "r"); }

class RetentionTaskTest : public ::testing::Test {
 protected:
  test::TempDir dir;
  storage::Database db{storage::Database::Options{dir / "vigil.db"}};
  storage::SqliteEventStore events{db};
  storage::SqliteRunStore runs{db};
  storage::SqliteAlertStore alerts{db};
  storage::SqliteRetentionStore retention{db};
  ManualClock clock{kT0};
  RetentionTask task{retention, clock, {8 * kDayMs, 365 * kDayMs, 2}};

  void SetUp() override {
    std::vector<EventRecord> batch;
    for (int i = 0; i < 5; ++i) batch.push_back(event("old" + std::to_string(i), kT0 - 10 * kDayMs + i));
    batch.push_back(event("recent", kT0 - kDayMs));
    events.write_batch(batch);
    runs.commit_run(run(kT0 - 400 * kDayMs),
                    std::vector{alert("a-old1", kT0 - 400 * kDayMs), alert("a-old2", kT0 - 366 * kDayMs),
                                alert("a-old3", kT0 - 365 * kDayMs - 1)});
    runs.commit_run(run(kT0 - 10 * kDayMs), std::vector{alert("a-kept", kT0 - 10 * kDayMs)});
  }

  std::uint64_t alert_total() { return alerts.list({}).total; }
};

TEST_F(RetentionTaskTest, AnEventDatedFarInTheFutureIsRemovedAsItsArrivalAges) {
  const nlohmann::json raw = {{"@timestamp", "9999-12-31T23:59:59Z"},
                              {"event", {{"ingested", "9999-12-31T23:59:59Z"}}}};
  std::vector<EventRecord> batch = {ingest::to_event_record(normalize(raw, kT0 - 9 * kDayMs), "logs-x", "future"),
                                    ingest::to_event_record(normalize(raw, kT0 - 7 * kDayMs), "logs-x", "future-young")};
  events.write_batch(batch);
  task.run_pass();
  EXPECT_FALSE(events.get("logs-x", "future"));
  EXPECT_TRUE(events.get("logs-x", "future-young"));
}

// A shipper catching up, or last month's logs loaded to hunt in: stored
// now, so kept for the whole retention period (issue 27, section 3).
TEST_F(RetentionTaskTest, EventsStampedAMonthAgoButIngestedNowSurviveAPass) {
  events.write_batch(std::vector{storage::testing::make_event("backlog", kT0 - 30 * kDayMs, kT0, 3000)});
  task.run_pass();
  EXPECT_TRUE(events.get("winlogbeat-8", "backlog"));
  clock.set(kT0 + 8 * kDayMs - 1);
  task.run_pass();
  EXPECT_TRUE(events.get("winlogbeat-8", "backlog"));
  clock.set(kT0 + 8 * kDayMs + 1);
  task.run_pass();
  EXPECT_FALSE(events.get("winlogbeat-8", "backlog"));
}

TEST_F(RetentionTaskTest, TheTimestampBasisAgesEventsFromTheirTimestamp) {
  RetentionTask by_timestamp{retention, clock, {8 * kDayMs, 365 * kDayMs, 2, RetentionBasis::kTimestamp}};
  events.write_batch(std::vector{storage::testing::make_event("backlog", kT0 - 30 * kDayMs, kT0, 3000)});
  by_timestamp.run_pass();
  EXPECT_FALSE(events.get("winlogbeat-8", "backlog"));
}

TEST_F(RetentionTaskTest, PassDeletesInBatchesUntilShortThenReclaimsSpace) {
  const auto counts = task.run_pass();
  EXPECT_EQ(counts.events, 5u);  // batches of 2, 2, 1
  EXPECT_EQ(counts.alerts, 3u);  // batches of 2, 1
  EXPECT_GT(counts.pages_reclaimed, 0u);
  EXPECT_TRUE(counts.deleted_any());
  EXPECT_TRUE(events.get("winlogbeat-8", "recent"));
  EXPECT_FALSE(events.get("winlogbeat-8", "old4"));
  EXPECT_EQ(alert_total(), 1u);
  EXPECT_EQ(runs.recent_runs("r", 10).size(), 1u);

  const auto again = task.run_pass();
  EXPECT_FALSE(again.deleted_any());
  EXPECT_EQ(again.pages_reclaimed, 0u);
}

TEST_F(RetentionTaskTest, AgesAreMeasuredFromTheInjectedClock) {
  clock.set(kT0 - 30 * kDayMs);  // only a-old1 is older than 365 days from there
  const auto early = task.run_pass();
  EXPECT_EQ(early.events, 0u);
  EXPECT_EQ(early.alerts, 1u);
  clock.set(kT0 + 8 * kDayMs);  // "recent" is now 9 days old
  const auto counts = task.run_pass();
  EXPECT_EQ(counts.events, 6u);
  EXPECT_EQ(counts.alerts, 2u);
  clock.set(kT0 + 356 * kDayMs);
  EXPECT_EQ(task.run_pass().alerts, 1u);
  EXPECT_EQ(alert_total(), 0u);
}

// The daemon's driver: a ClockedThread running a pass, then waiting an
// interval of the injected clock.
TEST_F(RetentionTaskTest, ClockedThreadRunsAPassEachTimeTheIntervalElapses) {
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<RetentionCounts> passes;
  ClockedThread thread(clock, [&]() -> std::optional<TimeMs> {
    const auto counts = task.run_pass();
    {
      std::lock_guard lock(mutex);
      passes.push_back(counts);
    }
    changed.notify_all();
    return clock.now() + kDayMs;
  });
  const auto wait_for = [&](std::size_t n) {
    std::unique_lock lock(mutex);
    return changed.wait_for(lock, std::chrono::seconds(30), [&] { return passes.size() >= n; });
  };
  thread.start();
  ASSERT_TRUE(wait_for(1));
  clock.advance(8 * kDayMs);
  thread.wake();
  ASSERT_TRUE(wait_for(2));
  thread.stop();
  std::lock_guard lock(mutex);
  EXPECT_EQ(passes[0].events, 5u);
  EXPECT_EQ(passes[1].events, 1u);
}

}  // namespace
}  // namespace vigil::engine::maintenance
