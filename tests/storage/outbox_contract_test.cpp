// The Outbox contract (engine/outputs/outbox.hpp), on every storage
// backend: entries written in the transactions that store and triage
// alerts, output positions that survive reopening, pruning, dead letters.
#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>

#include "tests/storage/sqlite/alert_seed.hpp"
#include "tests/storage/store_backend.hpp"

namespace vigil::storage::testing {
namespace {

using engine::outputs::OutboxKind;

class OutboxContract : public ::testing::TestWithParam<BackendFactory> {
 protected:
  void commit(const std::vector<std::string>& ids, OutboxWrites writes = OutboxWrites::kOn) {
    std::vector<engine::Alert> alerts;
    for (const auto& id : ids) alerts.push_back(make_alert({.id = id, .severity = "high"}));
    backend_->open_runs(writes)->commit_run(seed_run(), alerts);
  }
  std::int64_t count(const std::string& table) { return backend_->sql_number("SELECT count(*) FROM " + table); }

  std::unique_ptr<StoreBackend> backend_ = GetParam().make();
};

TEST_P(OutboxContract, EachNewAlertIsQueuedByTheCommitThatStoresIt) {
  auto outbox = backend_->open_outbox({"hook"});
  EXPECT_EQ(outbox->position("hook").cursor, 0);
  commit({"a1", "a2"});
  commit({"a2", "a3"});  // a2 again: a duplicate, not a new entry
  const auto entries = outbox->entries_after(0, 10);
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[0].alert_id, "a1");
  EXPECT_EQ(entries[2].alert_id, "a3");
  EXPECT_EQ(entries[0].kind, OutboxKind::kAlertCreated);
  EXPECT_EQ(entries[0].alert["status"], "open");  // the document with its triage state, as the API returns it
  EXPECT_EQ(entries[0].alert["rule"]["id"], "r1");
  EXPECT_LT(entries[0].seq, entries[1].seq);
  EXPECT_EQ(outbox->pending("hook"), 3u);
}

TEST_P(OutboxContract, StoresWithoutOutputsQueueNothing) {
  commit({"a1"}, OutboxWrites::kOff);
  EXPECT_EQ(count("outbox"), 0);
}

TEST_P(OutboxContract, StatusAndClassificationChangesAreQueuedWithWhoAndWhat) {
  auto outbox = backend_->open_outbox({"hook"});
  commit({"a1", "a2"});
  auto store = backend_->open_alerts(OutboxWrites::kOn);
  auto& alerts = *store;
  engine::AlertChange status;
  status.status = engine::triage::AlertStatus::kAcknowledged;
  alerts.update("a1", status, {"ann", 5000});
  engine::AlertChange note_only;
  note_only.note = "looked at it";
  note_only.assignee = std::optional<std::string>("bob");
  alerts.update("a1", note_only, {"ann", 6000});  // not a change outputs deliver
  engine::AlertChange classification;
  classification.classification = std::optional<std::string>("true_positive");
  EXPECT_EQ(alerts.update_many(std::nullopt, {}, classification, {"bob", 7000}), 2u);

  const auto entries = outbox->entries_after(0, 10);
  ASSERT_EQ(entries.size(), 5u);
  EXPECT_EQ(entries[2].kind, OutboxKind::kAlertTriaged);
  EXPECT_EQ(entries[2].alert_id, "a1");
  EXPECT_EQ(entries[2].change["author"], "ann");
  EXPECT_EQ(entries[2].change["changes"],
            nlohmann::json::parse(R"([{"field":"status","from":"open","to":"acknowledged"}])"));
  EXPECT_EQ(entries[2].at, 5000);
  EXPECT_EQ(entries[3].change["changes"][0]["field"], "classification");
  EXPECT_EQ(entries[4].alert_id, "a2");
  // The alert as it is now, not as it was when the entry was written.
  EXPECT_EQ(entries[2].alert["classification"], "true_positive");
  EXPECT_NE(entries[2].idempotency_key(), entries[0].idempotency_key());
}

TEST_P(OutboxContract, AnOutputSeenFirstStartsAtTheEndOfTheOutbox) {
  auto outbox = backend_->open_outbox({"old", "new"});
  EXPECT_EQ(outbox->position("old").cursor, 0);
  commit({"a1", "a2"});
  const auto last = outbox->entries_after(0, 10).back().seq;
  EXPECT_EQ(outbox->position("new").cursor, last);
  EXPECT_EQ(outbox->pending("new"), 0u);
  EXPECT_EQ(outbox->pending("old"), 2u);
}

TEST_P(OutboxContract, EntriesEveryOutputIsPastAreDeleted) {
  auto outbox = backend_->open_outbox({"a", "b"});
  outbox->position("a");
  outbox->position("b");
  commit({"x1", "x2", "x3"});
  const auto entries = outbox->entries_after(0, 10);
  outbox->advance("a", entries[2].seq);
  EXPECT_EQ(count("outbox"), 3);  // b has delivered none
  outbox->advance("b", entries[1].seq);
  ASSERT_EQ(count("outbox"), 1);
  EXPECT_EQ(outbox->entries_after(0, 10).front().alert_id, "x3");
}

TEST_P(OutboxContract, EntriesWrittenAfterEverythingWasDeletedComeAfterTheCursors) {
  auto outbox = backend_->open_outbox({"a"});
  outbox->position("a");
  commit({"x1", "x2"});
  outbox->advance("a", outbox->entries_after(0, 10).back().seq);
  ASSERT_EQ(count("outbox"), 0);
  commit({"x3"});
  const auto position = outbox->position("a");
  ASSERT_EQ(outbox->pending("a"), 1u);
  EXPECT_EQ(outbox->entries_after(position.cursor, 10).front().alert_id, "x3");
}

TEST_P(OutboxContract, OpeningWithoutOutputsDeletesWhatNobodyWillRead) {
  {
    auto outbox = backend_->open_outbox({"a"});
    outbox->position("a");
    commit({"x1", "x2"});
  }
  auto none = backend_->open_outbox({});
  EXPECT_EQ(count("outbox"), 0);
}

TEST_P(OutboxContract, FailuresAndPositionsSurviveReopening) {
  std::int64_t first = 0;
  {
    auto outbox = backend_->open_outbox({"hook"});
    outbox->position("hook");
    commit({"a1", "a2"});
    first = outbox->entries_after(0, 10).front().seq;
    outbox->advance("hook", first);
    outbox->record_failure("hook", {first, 3, 90000, 10000});
  }
  auto outbox = backend_->open_outbox({"hook"});
  const auto position = outbox->position("hook");
  EXPECT_EQ(position.cursor, first);
  EXPECT_EQ(position.attempts, 3);
  EXPECT_EQ(position.next_attempt_at, 90000);
  EXPECT_EQ(position.first_failure_at, 10000);
  EXPECT_EQ(outbox->entries_after(position.cursor, 10).front().alert_id, "a2");
}

TEST_P(OutboxContract, ADeadLetterIsKeptAndTheCursorMovesPastIt) {
  auto outbox = backend_->open_outbox({"hook"});
  outbox->position("hook");
  commit({"a1", "a2"});
  const auto entry = outbox->entries_after(0, 1).front();
  outbox->record_failure("hook", {0, 4, 1, 1});
  outbox->dead_letter("hook", entry, 5, "the receiver answered HTTP 500", 4242);
  const auto position = outbox->position("hook");
  EXPECT_EQ(position.cursor, entry.seq);
  EXPECT_EQ(position.attempts, 0);
  EXPECT_FALSE(position.next_attempt_at);
  EXPECT_EQ(count("output_dead_letters"), 1);
  EXPECT_EQ(backend_->sql_number("SELECT attempts FROM output_dead_letters WHERE output = 'hook' AND alert_id = 'a1' "
                                 "AND error = 'the receiver answered HTTP 500' AND at = 4242"),
            5);
}

TEST_P(OutboxContract, AnEntryWhoseAlertRetentionDeletedComesWithoutTheAlert) {
  auto outbox = backend_->open_outbox({"hook"});
  outbox->position("hook");
  commit({"a1"});
  backend_->sql("DELETE FROM alerts");
  const auto entries = outbox->entries_after(0, 10);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_TRUE(entries[0].alert.is_null());
}

// Runs committing at once while an output reads and advances: it still
// sees every entry, once. Entries take their seq when written but show
// when committed; had a later seq committed first, the cursor could pass
// the earlier one before it showed.
TEST_P(OutboxContract, AnOutputAdvancingWhileRunsCommitMissesNoEntry) {
  auto outbox = backend_->open_outbox({"hook"});
  auto cursor = outbox->position("hook").cursor;
  constexpr int kWriters = 3;
  constexpr int kRuns = 30;
  std::atomic<int> writing{kWriters};
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w)
    writers.emplace_back([&, w] {
      const auto runs = backend_->open_runs(OutboxWrites::kOn);
      for (int r = 0; r < kRuns; ++r) {
        const auto id = std::to_string(w) + "-" + std::to_string(r);
        runs->commit_run(seed_run(), std::vector{make_alert({.id = id + "a"}), make_alert({.id = id + "b"})});
      }
      --writing;
    });
  std::multiset<std::string> seen;
  for (;;) {
    const bool written = writing == 0;  // before the read: a read after it sees every commit
    const auto entries = outbox->entries_after(cursor, 3);
    for (const auto& entry : entries) seen.insert(entry.alert_id);
    if (!entries.empty()) {
      cursor = entries.back().seq;
      outbox->advance("hook", cursor);
    } else if (written) {
      break;
    }
  }
  for (auto& writer : writers) writer.join();
  EXPECT_EQ(seen.size(), std::size_t{kWriters * kRuns * 2});
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), seen.size()) << "an entry was repeated";
}

INSTANTIATE_TEST_SUITE_P(SQLite, OutboxContract, ::testing::Values(sqlite_backend()), backend_name);
INSTANTIATE_TEST_SUITE_P(PostgreSQL, OutboxContract, ::testing::Values(postgresql_backend()), backend_name);

}  // namespace
}  // namespace vigil::storage::testing
