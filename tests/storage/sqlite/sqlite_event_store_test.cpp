#include "storage/sqlite/sqlite_event_store.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "engine/detect/ingest_matching.hpp"
#include "storage/sqlite/migrations.hpp"
#include "tests/storage/sqlite/alert_seed.hpp"
#include "tests/storage/sqlite/sql_number.hpp"
#include "tests/support/temp_dir.hpp"

namespace vigil::storage {
namespace {

using engine::EventRecord;
using engine::WriteMode;
using engine::WriteOutcome;
using engine::WriteResult;

EventRecord record(std::string index, std::string id, engine::TimeMs ingested, WriteMode mode = WriteMode::kCreate,
                   std::vector<std::string> categories = {"process"}) {
  EventRecord r;
  r.index = std::move(index);
  r.id = std::move(id);
  r.mode = mode;
  r.timestamp = ingested - 1000;
  r.ingested = ingested;
  r.categories = std::move(categories);
  r.dataset = "windows.sysmon_operational";
  r.document = R"({"n":")" + r.id + R"("})";
  return r;
}

class SqliteEventStoreTest : public ::testing::Test {
 protected:
  test::TempDir dir;
  Database db{Database::Options{dir / "vigil.db"}};
  SqliteEventStore store{db};

  std::vector<std::string> scan_ids(const engine::EventQuery& q) {
    std::vector<std::string> ids;
    store.scan(q, [&](const engine::StoredEvent& e) {
      ids.push_back(e.id);
      return true;
    });
    return ids;
  }
};

TEST_F(SqliteEventStoreTest, CreateRefusesAnExistingIdAndIndexReplacesIt) {
  std::vector<EventRecord> batch = {record("winlogbeat-8", "a", 1000), record("winlogbeat-8", "a", 2000),
                                    record("winlogbeat-8", "a", 3000, WriteMode::kIndex), record("other", "a", 1000),
                                    record("winlogbeat-8", "a", 4000)};
  const auto results = store.write_batch(batch);
  EXPECT_EQ(results, (std::vector<WriteResult>{{WriteOutcome::kCreated, 1},
                                               {WriteOutcome::kConflict, 1},
                                               {WriteOutcome::kUpdated, 2},
                                               {WriteOutcome::kCreated, 1},
                                               {WriteOutcome::kConflict, 2}}));
  const auto stored = store.get("winlogbeat-8", "a");
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->ingested, 3000);
  EXPECT_EQ(stored->version, 2u);
  EXPECT_FALSE(store.get("winlogbeat-8", "missing"));
  // The replaced version is no event of its own to GET or _count.
  std::vector<std::string> all;
  EXPECT_EQ(store.count(all), 2u);
  EXPECT_FALSE(store.get("winlogbeat-8", std::string("\0a\0", 3) + std::string(19, '0') + "1"));
}

TEST_F(SqliteEventStoreTest, EveryReplacedVersionStaysForRuleScansUnderItsOwnId) {
  std::vector<EventRecord> batch = {record("winlogbeat-8", "a", 1000)};
  store.write_batch(batch);
  for (engine::TimeMs at : {2000, 3000}) {
    batch = {record("winlogbeat-8", "a", at, WriteMode::kIndex)};
    EXPECT_EQ(store.write_batch(batch).front().version, static_cast<std::uint64_t>(at / 1000));
  }
  engine::EventQuery q;
  q.time_field = engine::TimeField::kIngested;
  q.start = 0;
  q.end = 10000;
  std::vector<std::pair<std::uint64_t, engine::TimeMs>> read;
  store.scan(q, [&](const engine::StoredEvent& e) {
    EXPECT_EQ(e.id, "a");
    read.emplace_back(e.version, e.ingested);
    return true;
  });
  // Version 0 is the current one.
  EXPECT_EQ(read, (std::vector<std::pair<std::uint64_t, engine::TimeMs>>{{1, 1000}, {2, 2000}, {0, 3000}}));
  EXPECT_EQ(store.get("winlogbeat-8", "a")->version, 3u);
  EXPECT_EQ(store.get_version("winlogbeat-8", "a", 1)->ingested, 1000);
  EXPECT_EQ(store.get_version("winlogbeat-8", "a", 0)->ingested, 3000);
  EXPECT_EQ(store.get_version("winlogbeat-8", "a", 3)->ingested, 3000);
  EXPECT_FALSE(store.get_version("winlogbeat-8", "a", 4));
}

TEST_F(SqliteEventStoreTest, GetManyReadsEachKeysVersionInOrder) {
  std::vector<EventRecord> batch = {record("winlogbeat-8", "a", 1000), record("winlogbeat-8", "b", 1500)};
  store.write_batch(batch);
  batch = {record("winlogbeat-8", "a", 2000, WriteMode::kIndex)};
  store.write_batch(batch);

  const std::vector<engine::EventStore::EventKey> keys = {
      {"winlogbeat-8", "b", 0}, {"winlogbeat-8", "a", 1}, {"winlogbeat-8", "missing", 0}, {"winlogbeat-8", "a", 0}};
  const auto events = store.get_many(keys);

  ASSERT_EQ(events.size(), 4u);
  ASSERT_TRUE(events[0] && events[1] && events[3]);
  EXPECT_EQ(events[0]->ingested, 1500);
  EXPECT_EQ(events[1]->ingested, 1000);
  EXPECT_EQ(events[1]->version, 1u);
  EXPECT_FALSE(events[2]);
  EXPECT_EQ(events[3]->ingested, 2000);
  EXPECT_EQ(events[3]->version, 2u);
  EXPECT_TRUE(store.get_many({}).empty());
}

TEST_F(SqliteEventStoreTest, CountsByIndexPattern) {
  std::vector<EventRecord> batch = {record("winlogbeat-8.15", "1", 1), record("winlogbeat-8.16", "2", 1),
                                    record("logs-system.security-default", "3", 1)};
  store.write_batch(batch);
  std::vector<std::string> wlb = {"winlogbeat-*"};
  std::vector<std::string> none;
  std::vector<std::string> both = {"winlogbeat-8.15", "logs-system.security*"};
  EXPECT_EQ(store.count(wlb), 2u);
  EXPECT_EQ(store.count(none), 3u);
  EXPECT_EQ(store.count(both), 2u);
}

TEST_F(SqliteEventStoreTest, ScanSelectsByWindowIndexAndCategoryInTimeOrder) {
  std::vector<EventRecord> batch = {record("winlogbeat-1", "late", 5000),
                                    record("winlogbeat-1", "early", 2000),
                                    record("winlogbeat-1", "edge", 6000),
                                    record("winlogbeat-1", "out", 6001),
                                    record("other-1", "wrong-index", 3000),
                                    record("winlogbeat-1", "net", 3000, WriteMode::kCreate, {"network"}),
                                    record("winlogbeat-1", "processes", 3000, WriteMode::kCreate, {"processx"})};
  store.write_batch(batch);
  engine::EventQuery q;
  q.index_patterns = {"winlogbeat-*"};
  q.time_field = engine::TimeField::kIngested;
  q.start = 2000;
  q.end = 6000;
  q.category = "process";
  EXPECT_EQ(scan_ids(q), (std::vector<std::string>{"early", "late", "edge"}));
  q.time_field = engine::TimeField::kTimestamp;  // @timestamp is ingested - 1 s in these records
  EXPECT_EQ(scan_ids(q), (std::vector<std::string>{"late", "edge", "out"}));
}

TEST_F(SqliteEventStoreTest, ScanTimesGivesTheTimestampsOfWhatArrivedInTheWindow) {
  auto backlog = record("winlogbeat-1", "backlog", 5000);
  backlog.timestamp = 100;  // stamped long before it arrived
  auto undated = record("winlogbeat-1", "undated", 5000);
  undated.timestamp.reset();
  std::vector<EventRecord> batch = {backlog, undated, record("winlogbeat-1", "on-time", 4000),
                                    record("winlogbeat-1", "earlier", 1000), record("other-1", "wrong-index", 4000)};
  store.write_batch(batch);
  std::vector<engine::TimeMs> times;
  store.scan_times({.index_patterns = {"winlogbeat-*"},
                    .time_field = engine::TimeField::kIngested,
                    .start = 2000,
                    .end = 6000,
                    .dataset = "windows.sysmon_operational"},
                   [&](engine::TimeMs t) {
    times.push_back(t);
    return true;
  });
  std::sort(times.begin(), times.end());
  EXPECT_EQ(times, (std::vector<engine::TimeMs>{100, 3000}));
}

TEST_F(SqliteEventStoreTest, GlobMetacharactersInIndexNamesAreLiteral) {
  EXPECT_EQ(index_pattern_to_glob("logs-?[x]-*"), "logs-[?][[]x]-*");
  std::vector<EventRecord> batch = {record("a?b", "1", 1), record("axb", "2", 1)};
  store.write_batch(batch);
  std::vector<std::string> pattern = {"a?b"};
  EXPECT_EQ(store.count(pattern), 1u);
}

// _count matches its patterns against the index names, not the rows, with
// Elasticsearch's exclusions.
TEST_F(SqliteEventStoreTest, CountSelectsIndicesByPatternWithExclusions) {
  std::vector<EventRecord> batch = {record("logs-a", "1", 1), record("logs-a", "2", 1), record("logs-b", "1", 1),
                                    record("other", "1", 1)};
  store.write_batch(batch);
  const auto count = [&](std::vector<std::string> patterns) { return store.count(patterns); };
  EXPECT_EQ(count({}), 4u);
  EXPECT_EQ(count({"logs-*"}), 3u);
  EXPECT_EQ(count({"logs-*", "-logs-b"}), 2u);
  EXPECT_EQ(count({"*", "-logs-*"}), 1u);
  EXPECT_EQ(count({"logs-a", "other"}), 3u);
  EXPECT_EQ(count({"nothing-*"}), 0u);
}

// --- ingest matching: what a rule run reads -------------------------------

class IngestMatchingTest : public SqliteEventStoreTest {
 protected:
  // Records for the rule "r" matched at ingest (windowed on @timestamp).
  EventRecord matched(std::string id, engine::TimeMs ingested, std::string rule = "r") {
    auto r = record("winlogbeat-1", std::move(id), ingested);
    r.rule_matches.push_back({std::move(rule), engine::TimeField::kTimestamp});
    return r;
  }
  EventRecord unmatched(std::string id, engine::TimeMs ingested) {
    return record("winlogbeat-1", std::move(id), ingested);
  }

  void write(std::vector<EventRecord> batch) { store.write_batch(batch); }

  std::vector<std::string> begin(std::vector<engine::IngestRuleVersion> versions) {
    return engine::detect::begin_ingest_matching(store.rule_matches(), versions);
  }

  // Candidate ids for rule "r" in @timestamp window [start, end], sorted.
  std::vector<std::string> candidates(engine::TimeMs start, engine::TimeMs end, std::string rule = "r") {
    engine::EventQuery q;
    q.index_patterns = {"winlogbeat-*"};
    q.start = start;
    q.end = end;
    std::vector<std::string> ids;
    store.scan_rule_candidates(rule, q, [&](const engine::StoredEvent& e) {
      ids.push_back(e.id);
      return true;
    });
    std::sort(ids.begin(), ids.end());
    return ids;
  }

  std::int64_t match_rows() { return testing::sql_number(db, "SELECT count(*) FROM rule_matches"); }
};

TEST_F(IngestMatchingTest, UntilMatchingBeginsEveryEventInTheWindowIsACandidate) {
  write({unmatched("a", 2000), matched("b", 3000), unmatched("late", 9000)});
  EXPECT_EQ(candidates(0, 5000), (std::vector<std::string>{"a", "b"}));
}

TEST_F(IngestMatchingTest, AfterBeginOnlyMatchesAndEventsStoredBeforeAreCandidates) {
  write({unmatched("old", 2000)});
  EXPECT_EQ(begin({{"r", "v1"}}), (std::vector<std::string>{"r"}));
  // A writer that did not match "r" would be wrong after begin; it shows
  // that candidates come from the matches, not from the window.
  write({matched("new-match", 3000), unmatched("new-other", 3000), matched("other-rule", 3000, "q")});
  EXPECT_EQ(candidates(0, 10000), (std::vector<std::string>{"new-match", "old"}));
  EXPECT_EQ(candidates(0, 2000), (std::vector<std::string>{"new-match", "old"}));  // ts = ingested - 1 s
  EXPECT_EQ(candidates(1500, 10000), (std::vector<std::string>{"new-match"}));     // past "old"
}

TEST_F(IngestMatchingTest, AnUnchangedVersionKeepsItsMatchesAndAChangedOneStartsAfresh) {
  EXPECT_EQ(begin({{"r", "v1"}, {"s", "v1"}}), (std::vector<std::string>{"r", "s"}));
  write({matched("m", 3000), unmatched("u", 3000)});
  EXPECT_TRUE(begin({{"r", "v1"}, {"s", "v1"}}).empty());  // a restart with the same rules
  EXPECT_EQ(candidates(0, 10000), (std::vector<std::string>{"m"}));

  EXPECT_EQ(begin({{"r", "v2"}, {"s", "v1"}}), (std::vector<std::string>{"r"}));
  // Everything stored before v2 is unmatched for it, so the run scans it.
  EXPECT_EQ(candidates(0, 10000), (std::vector<std::string>{"m", "u"}));
  EXPECT_EQ(match_rows(), 0);  // v1's match is gone
  write({matched("m2", 20000), unmatched("u2", 20000)});
  EXPECT_EQ(candidates(0, 30000), (std::vector<std::string>{"m", "m2", "u"}));
  EXPECT_EQ(candidates(5000, 30000), (std::vector<std::string>{"m2"}));  // past what was stored before v2
}

TEST_F(IngestMatchingTest, ARuleNoLongerMatchedIsScannedAgainAndItsMatchesDropped) {
  begin({{"r", "v1"}});
  write({matched("m", 3000), unmatched("u", 3000)});
  EXPECT_TRUE(begin({}).empty());
  EXPECT_EQ(match_rows(), 0);
  EXPECT_EQ(candidates(0, 10000), (std::vector<std::string>{"m", "u"}));
}

TEST_F(IngestMatchingTest, AReplacedEventKeepsItsMatchesAndMatchesGoWithTheirEvent) {
  begin({{"r", "v1"}});
  write({matched("a", 3000), matched("b", 3000)});
  auto replaced = unmatched("a", 4000);
  replaced.mode = WriteMode::kIndex;
  replaced.document = R"({"n":"a, corrected"})";
  write({replaced});  // the new a no longer matches, the one replaced still does
  EXPECT_EQ(candidates(0, 10000), (std::vector<std::string>{"a", "b"}));
  std::string document;
  engine::EventQuery q;
  q.index_patterns = {"winlogbeat-*"};
  q.end = 10000;
  store.scan_rule_candidates("r", q, [&](const engine::StoredEvent& e) {
    if (e.id == "a") document = e.document;
    return true;
  });
  EXPECT_EQ(document, R"({"n":"a"})");
  EXPECT_EQ(store.get("winlogbeat-1", "a")->ingested, 4000);
  db.write([](Connection& c) { c.exec("DELETE FROM events WHERE id = 'b'"); });  // as retention does
  EXPECT_EQ(match_rows(), 1);
  EXPECT_EQ(candidates(0, 10000), (std::vector<std::string>{"a"}));
}

TEST_F(IngestMatchingTest, AnEventWithoutTimestampIsInNoTimestampWindow) {
  begin({{"r", "v1"}});
  auto r = matched("no-ts", 3000);
  r.timestamp.reset();
  write({r});
  EXPECT_EQ(match_rows(), 0);
}

TEST_F(IngestMatchingTest, ValueMatchesAreReadAsTheirValuesAndEarlierEventsAsDocuments) {
  write({unmatched("old", 2000)});
  begin({{"r", "v1"}});
  const std::string values("\x03" "ab" "\x00", 4);  // binary: a NUL inside
  auto with_values = matched("new", 4000);
  with_values.rule_matches[0].values = values;
  write({with_values, unmatched("other", 4000)});

  engine::EventQuery q;
  q.start = 0;
  q.end = 10000;
  std::vector<std::string> read;
  store.scan_rule_values("r", q, [&](const engine::StoredEvent& e) {
    read.push_back(e.values ? "values " + *e.values + " at " + std::to_string(*e.timestamp) : "document " + e.id);
    return true;
  });
  EXPECT_EQ(read, (std::vector<std::string>{"values " + values + " at 3000", "document old"}));
  EXPECT_EQ(testing::sql_number(db, "SELECT count(*) FROM rule_matches WHERE vals IS NULL"), 0);
}

// --- compressed documents ---------------------------------------------------

TEST_F(SqliteEventStoreTest, DocumentsAreStoredCompressedAndReadBackAsWritten) {
  const auto r = testing::sysmon_like_event(1);
  std::vector<EventRecord> batch = {r};
  store.write_batch(batch);
  EXPECT_EQ(testing::sql_number(db, "SELECT count(*) FROM events WHERE typeof(doc) = 'blob'"), 1);
  EXPECT_EQ(store.get(r.index, r.id)->document, r.document);
}

TEST_F(SqliteEventStoreTest, TextDocumentsStoredBeforeCompressionAreReadAsTheyAre) {
  db.write([](Connection& c) {
    c.exec(
        "INSERT INTO events (idx, id, ts, ingested, category, dataset, doc) "
        "VALUES ('winlogbeat-1', 'old', 1, 1, ' process ', 'd', '{\"old\":true}')");
  });
  EXPECT_EQ(store.get("winlogbeat-1", "old")->document, R"({"old":true})");
}

TEST_F(SqliteEventStoreTest, DataSurvivesReopen) {
  std::vector<EventRecord> batch = {record("i", "1", 1)};
  store.write_batch(batch);
  Database again{Database::Options{dir / "vigil.db"}};
  SqliteEventStore reopened{again};
  EXPECT_TRUE(reopened.get("i", "1"));
  EXPECT_EQ(again.schema_version(), current_schema_version());
}

}  // namespace
}  // namespace vigil::storage
