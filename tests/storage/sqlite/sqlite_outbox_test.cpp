// The outbox: entries written in the transactions that store and triage
// alerts, output positions that survive reopening, pruning, dead letters.
#include "storage/sqlite/sqlite_outbox.hpp"

#include <gtest/gtest.h>

#include "storage/sqlite/sqlite_alert_store.hpp"
#include "storage/sqlite/sqlite_run_store.hpp"
#include "tests/storage/sqlite/alert_seed.hpp"
#include "tests/support/temp_dir.hpp"

namespace vigil::storage {
namespace {

using engine::outputs::OutboxKind;
using testing::make_alert;
using testing::seed_run;

class SqliteOutboxTest : public ::testing::Test {
 protected:
  void commit(const std::vector<std::string>& ids, OutboxWrites writes = OutboxWrites::kOn) {
    std::vector<engine::Alert> alerts;
    for (const auto& id : ids) alerts.push_back(make_alert({.id = id, .severity = "high"}));
    SqliteRunStore(db_, writes).commit_run(seed_run(), alerts);
  }
  std::int64_t count(const std::string& table) {
    return db_.read([&](Connection& c) {
      Statement stmt(c.handle(), "SELECT count(*) FROM " + table);
      stmt.step();
      return stmt.column_int(0);
    });
  }

  test::TempDir dir_;
  Database db_{Database::Options{dir_ / "vigil.db"}};
};

TEST_F(SqliteOutboxTest, EachNewAlertIsQueuedByTheCommitThatStoresIt) {
  SqliteOutbox outbox(db_, {"hook"});
  EXPECT_EQ(outbox.position("hook").cursor, 0);
  commit({"a1", "a2"});
  commit({"a2", "a3"});  // a2 again: a duplicate, not a new entry
  const auto entries = outbox.entries_after(0, 10);
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[0].alert_id, "a1");
  EXPECT_EQ(entries[2].alert_id, "a3");
  EXPECT_EQ(entries[0].kind, OutboxKind::kAlertCreated);
  EXPECT_EQ(entries[0].alert["status"], "open");  // the document with its triage state, as the API returns it
  EXPECT_EQ(entries[0].alert["rule"]["id"], "r1");
  EXPECT_LT(entries[0].seq, entries[1].seq);
  EXPECT_EQ(outbox.pending("hook"), 3u);
}

TEST_F(SqliteOutboxTest, StoresWithoutOutputsQueueNothing) {
  commit({"a1"}, OutboxWrites::kOff);
  EXPECT_EQ(count("outbox"), 0);
}

TEST_F(SqliteOutboxTest, StatusAndClassificationChangesAreQueuedWithWhoAndWhat) {
  SqliteOutbox outbox(db_, {"hook"});
  commit({"a1", "a2"});
  SqliteAlertStore alerts(db_, OutboxWrites::kOn);
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

  const auto entries = outbox.entries_after(0, 10);
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

TEST_F(SqliteOutboxTest, AnOutputSeenFirstStartsAtTheEndOfTheOutbox) {
  SqliteOutbox outbox(db_, {"old", "new"});
  EXPECT_EQ(outbox.position("old").cursor, 0);
  commit({"a1", "a2"});
  const auto last = outbox.entries_after(0, 10).back().seq;
  EXPECT_EQ(outbox.position("new").cursor, last);
  EXPECT_EQ(outbox.pending("new"), 0u);
  EXPECT_EQ(outbox.pending("old"), 2u);
}

TEST_F(SqliteOutboxTest, EntriesEveryOutputIsPastAreDeleted) {
  SqliteOutbox outbox(db_, {"a", "b"});
  outbox.position("a");
  outbox.position("b");
  commit({"x1", "x2", "x3"});
  const auto entries = outbox.entries_after(0, 10);
  outbox.advance("a", entries[2].seq);
  EXPECT_EQ(count("outbox"), 3);  // b has delivered none
  outbox.advance("b", entries[1].seq);
  ASSERT_EQ(count("outbox"), 1);
  EXPECT_EQ(outbox.entries_after(0, 10).front().alert_id, "x3");
}

TEST_F(SqliteOutboxTest, EntriesWrittenAfterEverythingWasDeletedComeAfterTheCursors) {
  SqliteOutbox outbox(db_, {"a"});
  outbox.position("a");
  commit({"x1", "x2"});
  outbox.advance("a", outbox.entries_after(0, 10).back().seq);
  ASSERT_EQ(count("outbox"), 0);
  commit({"x3"});
  const auto position = outbox.position("a");
  ASSERT_EQ(outbox.pending("a"), 1u);
  EXPECT_EQ(outbox.entries_after(position.cursor, 10).front().alert_id, "x3");
}

TEST_F(SqliteOutboxTest, OpeningWithoutOutputsDeletesWhatNobodyWillRead) {
  {
    SqliteOutbox outbox(db_, {"a"});
    outbox.position("a");
    commit({"x1", "x2"});
  }
  SqliteOutbox none(db_, {});
  EXPECT_EQ(count("outbox"), 0);
}

TEST_F(SqliteOutboxTest, FailuresAndPositionsSurviveReopening) {
  const auto path = dir_ / "reopened.db";
  std::int64_t first = 0;
  {
    Database db{Database::Options{path}};
    SqliteOutbox outbox(db, {"hook"});
    outbox.position("hook");
    std::vector<engine::Alert> alerts = {make_alert({.id = "a1"}), make_alert({.id = "a2"})};
    SqliteRunStore(db, OutboxWrites::kOn).commit_run(seed_run(), alerts);
    first = outbox.entries_after(0, 10).front().seq;
    outbox.advance("hook", first);
    outbox.record_failure("hook", {first, 3, 90000, 10000});
  }
  Database db{Database::Options{path}};
  SqliteOutbox outbox(db, {"hook"});
  const auto position = outbox.position("hook");
  EXPECT_EQ(position.cursor, first);
  EXPECT_EQ(position.attempts, 3);
  EXPECT_EQ(position.next_attempt_at, 90000);
  EXPECT_EQ(position.first_failure_at, 10000);
  EXPECT_EQ(outbox.entries_after(position.cursor, 10).front().alert_id, "a2");
}

TEST_F(SqliteOutboxTest, ADeadLetterIsKeptAndTheCursorMovesPastIt) {
  SqliteOutbox outbox(db_, {"hook"});
  outbox.position("hook");
  commit({"a1", "a2"});
  const auto entry = outbox.entries_after(0, 1).front();
  outbox.record_failure("hook", {0, 4, 1, 1});
  outbox.dead_letter("hook", entry, 5, "the receiver answered HTTP 500", 4242);
  const auto position = outbox.position("hook");
  EXPECT_EQ(position.cursor, entry.seq);
  EXPECT_EQ(position.attempts, 0);
  EXPECT_FALSE(position.next_attempt_at);
  db_.read([&](Connection& c) {
    Statement stmt(c.handle(), "SELECT output, alert_id, attempts, error, at FROM output_dead_letters");
    ASSERT_TRUE(stmt.step());
    EXPECT_EQ(stmt.column_text(0), "hook");
    EXPECT_EQ(stmt.column_text(1), "a1");
    EXPECT_EQ(stmt.column_int(2), 5);
    EXPECT_EQ(stmt.column_text(3), "the receiver answered HTTP 500");
    EXPECT_EQ(stmt.column_int(4), 4242);
  });
}

TEST_F(SqliteOutboxTest, AnEntryWhoseAlertRetentionDeletedComesWithoutTheAlert) {
  SqliteOutbox outbox(db_, {"hook"});
  outbox.position("hook");
  commit({"a1"});
  db_.write([](Connection& c) { c.exec("DELETE FROM alerts"); });
  const auto entries = outbox.entries_after(0, 10);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_TRUE(entries[0].alert.is_null());
}

}  // namespace
}  // namespace vigil::storage
